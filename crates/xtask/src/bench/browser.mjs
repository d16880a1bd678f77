// The in-browser half of `cargo xtask bench` (load and keystroke timings), run by
// crates/xtask/src/bench/browser.rs with node. Headless Debian Chromium via the e2e
// suite's playwright-core. Prints `bench\t<key>\t<value>` lines that xtask reads; no
// assertions on time, only readiness waits.
//
// Env: BENCH_APP_URL, BENCH_HELLO_URL (countersign serve of each bundle; without it, the
// app alone), CHROMIUM,
// BENCH_PLAYWRIGHT_FROM (a package.json whose node_modules has playwright-core),
// BENCH_CATALOG (catalog/kingdee.material.save.json), BENCH_LOADS, BENCH_KEYS, BENCH_ROWS.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(process.env.BENCH_PLAYWRIGHT_FROM);
const { chromium } = require('playwright-core');

const APP = process.env.BENCH_APP_URL;
const HELLO = process.env.BENCH_HELLO_URL;
const LOADS = Number(process.env.BENCH_LOADS || 10);
const KEYS = Number(process.env.BENCH_KEYS || 50);
const ROWS = Number(process.env.BENCH_ROWS || 100);
/** A readiness wait: long enough for a loaded 2-core machine, never a measured limit. */
const WAIT_MS = 60_000;

function out(key, value) {
  console.log(`bench\t${key}\t${typeof value === 'number' ? value.toFixed(2) : value}`);
}

function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
}

function summary(key, xs) {
  out(`${key}.median`, quantile(xs, 0.5));
  out(`${key}.p95`, quantile(xs, 0.95));
  out(`${key}.n`, xs.length);
}

async function newContext(browser) {
  // A fresh context has an empty HTTP cache: every load is cold.
  return browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
}

// --- load ---------------------------------------------------------------------------------

/**
 * Recorded from the document's start, in the page's own clock (ms since navigation start):
 * `ready` at the frame after every selector of `readiness` matches an element with text
 * (or is an input).
 */
function watchReadiness(readiness) {
  window.__bench = {};
  const check = () => {
    if (window.__bench.ready) return;
    const ok = readiness.every((sel) => {
      const el = document.querySelector(sel);
      return el && (el.textContent.trim() !== '' || el.tagName === 'INPUT');
    });
    if (ok) {
      window.__bench.ready = -1;
      // In the DOM: what the frame below then styles, lays out and paints.
      window.__bench.dom = performance.now();
      // Interactive once the frame that shows it has been produced (rAF, then a task).
      requestAnimationFrame(() =>
        setTimeout(() => {
          window.__bench.ready = performance.now();
          performance.mark('bench-interactive');
        }, 0),
      );
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
}

async function coldLoads(browser, name, url, readiness) {
  const fcp = [];
  const ready = [];
  const dom = [];
  const wasm = [];
  // One unrecorded load first: it warms the server's and the OS's file caches (not the
  // browser's: every load has a fresh context).
  for (let i = -1; i < LOADS; i++) {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.addInitScript(watchReadiness, readiness);
    await page.goto(url, { waitUntil: 'load', timeout: WAIT_MS });
    await page.waitForFunction(() => window.__bench && window.__bench.ready > 0, null, { timeout: WAIT_MS });
    // First contentful paint can be reported a frame after the DOM is ready.
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, { timeout: WAIT_MS });
    const t = await page.evaluate(() => ({
      fcp: performance.getEntriesByName('first-contentful-paint')[0].startTime,
      ready: window.__bench.ready,
      dom: window.__bench.dom,
      wasm: (performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm')) || {}).responseEnd || 0,
    }));
    await context.close();
    if (i < 0) continue;
    fcp.push(t.fcp);
    ready.push(t.ready);
    dom.push(t.dom);
    wasm.push(t.wasm);
  }
  summary(`load.${name}.fcp`, fcp);
  summary(`load.${name}.interactive`, ready);
  summary(`load.${name}.dom`, dom);
  summary(`load.${name}.wasm_fetched`, wasm);
}

// --- keystrokes ---------------------------------------------------------------------------

/**
 * In the page: from each keydown (its event timestamp) to the first DOM change of `target`
 * whose text contains `window.__expect`, then to the next frame (rAF, then a task: the
 * frame that shows it has been produced).
 */
function watchKeystrokes(target) {
  window.__keys = [];
  window.__target = target;
  if (window.__watching) return;
  window.__watching = true;
  let pending = null;
  document.addEventListener(
    'keydown',
    (e) => {
      pending = { t0: e.timeStamp };
      performance.mark('bench-key');
    },
    true,
  );
  // The moment the observer is called is when the page changed: it is read first, so the
  // bench's own look-up (a selector over ~33 000 elements, an 80 KB textContent) is not
  // counted as the app's time. The element is kept until it leaves the document.
  let el = null;
  const check = () => {
    const now = performance.now();
    if (!pending || pending.dom) return;
    if (!el || !el.isConnected || !el.matches(window.__target)) el = document.querySelector(window.__target);
    if (!el || !el.textContent.includes(window.__expect)) return;
    const p = pending;
    p.dom = now;
    performance.mark('bench-updated', { startTime: now });
    performance.measure('bench-keystroke', 'bench-key', 'bench-updated');
    requestAnimationFrame(() =>
      setTimeout(() => {
        p.frame = performance.now();
        window.__keys.push({ dom: p.dom - p.t0, frame: p.frame - p.t0 });
      }, 0),
    );
  };
  new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true });
}

/**
 * Types KEYS digits, one at a time, where the caret is (after `prefix`); after each, waits
 * for the page to record it. `target` must come to contain `"<prefix><typed>"` (without
 * the quotes when `quoted` is false).
 */
async function typeAndTime(page, key, target, prefix, quoted = true) {
  await page.evaluate(watchKeystrokes, target);
  let typed = '';
  for (let i = 0; i < KEYS; i++) {
    const ch = String(i % 10);
    typed += ch;
    const expect = quoted ? `"${prefix}${typed}"` : `${prefix}${typed}`;
    await page.evaluate((e) => (window.__expect = e), expect);
    await page.keyboard.press(ch);
    await page.waitForFunction((n) => window.__keys.length >= n, i + 1, { timeout: WAIT_MS });
  }
  const keys = await page.evaluate(() => window.__keys);
  summary(`${key}.dom`, keys.map((k) => k.dom));
  summary(`${key}.frame`, keys.map((k) => k.frame));
}

/** The catalog's example with `price_entity` repeated to ROWS rows, named "bench". */
function materialDocument() {
  const api = JSON.parse(readFileSync(process.env.BENCH_CATALOG, 'utf8'));
  const doc = structuredClone(api.example);
  const row = doc.price_entity[0];
  doc.price_entity = Array.from({ length: ROWS }, (_, i) => ({ ...row, id: String(i + 1) }));
  doc.name = 'bench';
  return doc;
}

async function appTyping(browser) {
  const context = await newContext(browser);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  const id = (t) => page.getByTestId(t);
  await page.goto(APP, { waitUntil: 'load' });
  await id('api-kingdee.material.save').click();
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="api-kingdee.material.save"]');
    return el && el.getAttribute('aria-selected') === 'true';
  });
  // The document goes in as a person would: pasted into the raw JSON tab (Ctrl+A, Ctrl+V).
  const text = JSON.stringify(materialDocument(), null, 2);
  await id('tab-json').click();
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await id('raw-json').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="raw-json"]').value.length === n,
    text.length,
  );
  await id('tab-form').click();
  await page.waitForFunction(
    (rows) => [...document.querySelectorAll('[data-testid^="row-price_entity["]')].filter((e) => /^row-price_entity\[\d+\]$/.test(e.dataset.testid)).length === rows,
    ROWS,
  );
  // The body is not part of Kingdee's signature, but it is part of the signed request
  // the panel shows: the wire body is where each keystroke must land.
  const body = '[data-testid="signature-panel"] [data-testid="wire-body"]';
  await page.waitForFunction((sel) => (document.querySelector(sel)?.textContent || '').includes('"bench"'), body);
  const rows = await page.evaluate(() => [...document.querySelectorAll('[data-testid^="row-price_entity["]')].filter((e) => /^row-price_entity\[\d+\]$/.test(e.dataset.testid)).length);
  const inputs = await page.evaluate(() => document.querySelectorAll('[data-testid="builder"] input').length);
  out('typing.app.rows', rows);
  out('typing.app.form_inputs', inputs);

  // In the form: the name field.
  const name = id('input-name');
  await name.click();
  await name.press('End');
  await typeAndTime(page, 'typing.app.form', body, 'bench');

  // In the raw JSON tab: right after "bench… in the same document.
  await id('tab-json').click();
  const raw = id('raw-json');
  const current = await raw.inputValue();
  const mark = '"name": "bench';
  if (!current.includes(mark)) throw new Error(`the raw JSON tab has no ${mark}…`);
  const at = current.indexOf(mark) + mark.length;
  const typedSoFar = current.slice(at).match(/^\d*/)[0];
  await raw.evaluate((el, pos) => {
    el.focus();
    el.setSelectionRange(pos, pos);
  }, at + typedSoFar.length);
  await typeAndTime(page, 'typing.app.raw_json', body, `bench${typedSoFar}`);

  // The browser's own floor for that keystroke: the same text in a bare textarea of the
  // same size and font (no app, no framework), whose input listener reads the value, as
  // the app does, and echoes the caret's line into a paragraph.
  const text2 = await raw.inputValue();
  const style = await raw.evaluate((el) => {
    const s = getComputedStyle(el);
    return `width:${s.width};height:${s.height};font:${s.font};padding:${s.padding};white-space:${s.whiteSpace}`;
  });
  const bare = await context.newPage();
  bare.setDefaultTimeout(WAIT_MS);
  await bare.setContent(`<textarea id="t" spellcheck="false" style="${style}"></textarea><p id="echo"></p>`);
  await bare.evaluate((t) => {
    const area = document.getElementById('t');
    area.value = t;
    area.addEventListener('input', () => {
      const v = area.value;
      const at = area.selectionStart;
      document.getElementById('echo').textContent = v.slice(v.lastIndexOf('\n', at - 1) + 1, v.indexOf('\n', at));
    });
  }, text2);
  const bareAt = text2.indexOf(mark) + mark.length;
  const bareSoFar = text2.slice(bareAt).match(/^\d*/)[0];
  await bare.evaluate((pos) => {
    const area = document.getElementById('t');
    area.focus();
    area.setSelectionRange(pos, pos);
  }, bareAt + bareSoFar.length);
  await typeAndTime(bare, 'typing.textarea', '#echo', `bench${bareSoFar}`);
  out('typing.textarea.bytes', text2.length);
  await context.close();
}

async function helloTyping(browser) {
  const context = await newContext(browser);
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  await page.goto(HELLO, { waitUntil: 'load' });
  await page.getByTestId('hello-input').click();
  await typeAndTime(page, 'typing.hello', '[data-testid="hello-echo"]', '', false);
  await context.close();
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const parts = (process.env.BENCH_PARTS || 'load,typing').split(',');
    if (parts.includes('load')) {
      if (HELLO) await coldLoads(browser, 'hello', HELLO, ['[data-testid="hello"]', '[data-testid="hello-input"]']);
      await coldLoads(browser, 'app', APP, [
        '[data-testid="sidebar"] button[data-testid^="api-"]',
        '[data-testid="signature-panel"] [data-testid="signature"]',
      ]);
    }
    if (parts.includes('typing')) {
      if (HELLO) await helloTyping(browser);
      await appTyping(browser);
    }
    out('chromium', browser.version());
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  // Playwright's messages can quote a whole pasted document: keep the start.
  const text = String(e.stack || e);
  console.error(`bench: ${text.length > 3000 ? `${text.slice(0, 3000)} …` : text}`);
  process.exit(1);
});
