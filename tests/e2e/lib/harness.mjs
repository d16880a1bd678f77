// The runner's machinery: one Chromium, a fresh context per scenario, a hard time limit per
// scenario, and on failure what the page showed (inspector, signature panel, visible errors,
// console) plus a screenshot — so a red run says why without a rerun.

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BASE_URL = (process.env.COUNTERSIGN_URL || 'http://127.0.0.1:8080/').replace(/\/?$/, '/');
export const OUT_DIR = process.env.COUNTERSIGN_E2E_OUT || fileURLToPath(new URL('../../../target/e2e/', import.meta.url));
export const SCENARIO_TIMEOUT_MS = Number(process.env.COUNTERSIGN_E2E_TIMEOUT_MS || 60_000);
/** How long one wait for the page may take; the app answers mocks in milliseconds. */
export const STEP_TIMEOUT_MS = 10_000;

export const VIEWPORT = { width: 1280, height: 800 };

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A fresh, English-speaking context (the app picks its language from the browser). Every
 * page reports CSP violations to the console, where `collectErrors` finds them: the app
 * must run whole under the server's Content-Security-Policy.
 */
export async function newContext(browser, opts = {}) {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    locale: 'en-US',
    ...opts,
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`csp violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
    });
  });
  return context;
}

/**
 * Records console errors and page errors of every page of `context`, for the failure report.
 * Returns the live list.
 */
export function collectErrors(context) {
  const errors = [];
  const watch = (page) => {
    page.on('console', (m) => {
      const text = m.text();
      // Chromium's own report ("Refused to … violates the following Content Security
      // Policy directive") and the init script's event report both count.
      if (text.startsWith('csp violation') || /Content Security Policy/i.test(text)) {
        errors.push(`csp violation: ${text}`);
      } else if (m.type() === 'error') errors.push(`console: ${text}`);
    });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    page.on('crash', () => errors.push('page crashed'));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return errors;
}

/** Polls `fn` until it returns a truthy value; fails with `what` and the last value seen. */
export async function until(what, fn, timeout = STEP_TIMEOUT_MS) {
  const deadline = Date.now() + timeout;
  let last;
  let lastError;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const seen = lastError ? `error: ${lastError.message.split('\n')[0]}` : `last value: ${short(last)}`;
      throw new Error(`timed out after ${timeout} ms waiting for ${what} (${seen})`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

export function short(v, n = 300) {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  if (s === undefined) return 'undefined';
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

export function ensureOutDir() {
  mkdirSync(OUT_DIR, { recursive: true });
}

export function fileSafe(name) {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
}

/** The text of one element, if it is there; never waits long. */
async function textOf(page, selector) {
  try {
    const loc = page.locator(selector);
    const n = await loc.count();
    if (n === 0) return null;
    const parts = [];
    for (let i = 0; i < n && i < 5; i++) {
      if (await loc.nth(i).isVisible()) parts.push((await loc.nth(i).innerText({ timeout: 1000 })).trim());
    }
    return parts.filter(Boolean).join('\n---\n') || null;
  } catch {
    return null;
  }
}

/** What the page showed when a scenario failed, as indented text. */
export async function describePage(page) {
  if (!page || page.isClosed()) return '  (no page)';
  const sections = [
    ['url', async () => page.url()],
    ['inspector', () => textOf(page, '[data-testid="inspector"]')],
    ['signature panel', () => textOf(page, '[data-testid="signature-panel"]')],
    ['dialog', () => textOf(page, '[role="dialog"], [role="alertdialog"]')],
    ['visible errors', () => textOf(page, '[role="alert"], .field-msgs, .sign-error, .stray-findings, [data-testid="raw-json-error"]')],
    ['notice', () => textOf(page, '[data-testid="support-notice"]')],
  ];
  const out = [];
  for (const [label, get] of sections) {
    const t = await get().catch(() => null);
    if (t) out.push(`  ${label}:\n${indent(clip(t, 1500), 4)}`);
  }
  if (out.length <= 1) {
    const body = await textOf(page, 'body');
    if (body) out.push(`  page text:\n${indent(clip(body, 1500), 4)}`);
  }
  return out.join('\n');
}

function clip(s, n) {
  return s.length > n ? `${s.slice(0, n)}\n…(${s.length - n} more characters)` : s;
}

export function indent(s, n) {
  const pad = ' '.repeat(n);
  return s
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}

/** Runs `work` but gives up after `ms`, so no scenario can hang the suite. */
export async function withTimeout(ms, work, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work(), limit]);
  } finally {
    clearTimeout(timer);
  }
}
