// countersign's browser suite: real Chromium (Debian's, through playwright-core) drives the
// real app served by `countersign serve` with its mock vendors.
//
//   COUNTERSIGN_URL=http://127.0.0.1:8080 node tests/e2e/run.mjs [filter]
//
// Each scenario runs in a fresh browser context with a hard time limit; one line per
// scenario, then `e2e: N passed, N failed`. On failure: what the page showed, console and
// page errors, and a screenshot under COUNTERSIGN_E2E_OUT (target/e2e).

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from './lib/app.mjs';
import {
  BASE_URL,
  OUT_DIR,
  SCENARIO_TIMEOUT_MS,
  collectErrors,
  describePage,
  ensureOutDir,
  fileSafe,
  indent,
  launch,
  newContext,
  withTimeout,
} from './lib/harness.mjs';
import { scenarios as apis } from './scenarios/apis.mjs';
import { scenarios as errors } from './scenarios/errors.mjs';
import { scenarios as builder } from './scenarios/builder.mjs';
import { scenarios as support } from './scenarios/support.mjs';
import { scenarios as importDoc } from './scenarios/import_doc.mjs';
import { scenarios as custom } from './scenarios/custom.mjs';
import { scenarios as workbench } from './scenarios/workbench.mjs';
import { scenarios as saved } from './scenarios/saved.mjs';

const all = [...apis, ...errors, ...builder, ...support, ...importDoc, ...custom, ...workbench, ...saved];
/** Scenarios at once; COUNTERSIGN_E2E_WORKERS=1 runs them strictly one after another. */
const WORKERS = Math.max(1, Number(process.env.COUNTERSIGN_E2E_WORKERS || 3));
/** One line per failed scenario (name: first line of its error); absent when all passed. */
const FAILED_LIST = join(OUT_DIR, 'failed.txt');

async function main() {
  const filter = process.argv[2];
  const chosen = filter ? all.filter((s) => s.name.includes(filter)) : all;
  if (chosen.length === 0) {
    console.error(`no scenario matches "${filter}"; there are:\n${all.map((s) => `  ${s.name}`).join('\n')}`);
    process.exit(2);
  }
  ensureOutDir();
  rmSync(FAILED_LIST, { force: true });
  await checkServer();

  const started = Date.now();
  const browser = await launch();
  let passed = 0;
  const failed = [];
  try {
    // Scenarios are independent (a context each), so a few run at once; their reports
    // are printed in the suite's order all the same.
    const results = new Array(chosen.length);
    const printed = { next: 0 };
    const flush = () => {
      while (printed.next < chosen.length && results[printed.next]) {
        const i = printed.next++;
        const r = results[i];
        console.log(r.lines.join('\n'));
        if (r.ok) passed++;
        else failed.push(`${chosen[i].name}: ${r.reason}`);
      }
    };
    let cursor = 0;
    const worker = async () => {
      while (cursor < chosen.length) {
        const i = cursor++;
        results[i] = await runOne(browser, chosen[i]);
        flush();
      }
    };
    await Promise.all(Array.from({ length: Math.min(WORKERS, chosen.length) }, worker));
  } finally {
    await browser.close().catch(() => {});
  }
  console.log(`(${chosen.length} scenarios in ${((Date.now() - started) / 1000).toFixed(1)} s, ${WORKERS} at a time, against ${BASE_URL}; screenshots in ${OUT_DIR})`);
  // The failures again, last: a CI log is often read from its tail, where the server's log
  // and the step summary would otherwise bury them. `cargo xtask test` repeats this file.
  if (failed.length) {
    console.log(`e2e: failed:\n${indent(failed.join('\n'), 2)}`);
    writeFileSync(FAILED_LIST, `${failed.join('\n')}\n`);
  }
  console.log(`e2e: ${passed} passed, ${failed.length} failed`);
  process.exitCode = failed.length > 0 ? 1 : 0;
}

/** Fails fast, in words, when nothing serves the app at COUNTERSIGN_URL. */
async function checkServer() {
  try {
    const res = await fetch(new URL('healthz', BASE_URL), { signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`GET /healthz answered ${res.status}`);
  } catch (e) {
    console.error(`e2e: no countersign server at ${BASE_URL} (${e.message}).\nStart one: cargo run --release -p countersign-server --bin countersign -- serve --port 8080 --dist dist`);
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  }
}

async function runOne(browser, scenario) {
  const t0 = Date.now();
  const contexts = [];
  const errors = [];
  const fresh = async (opts) => {
    const c = await newContext(browser, opts);
    contexts.push(c);
    const list = collectErrors(c);
    // One list for the report; each context adds to it.
    const push = list.push.bind(list);
    list.push = (...xs) => {
      errors.push(...xs);
      return push(...xs);
    };
    const page = await c.newPage();
    return { context: c, page, app: new App(page) };
  };
  let main;
  let failure = null;
  try {
    main = await fresh(scenario.context);
    await withTimeout(
      SCENARIO_TIMEOUT_MS,
      () => scenario.run({ ...main, fresh, errors }),
      `scenario "${scenario.name}"`,
    );
    // A panic or an uncaught exception fails the scenario even if the steps went through.
    // So does a CSP violation: the app must run whole under the server's policy.
    const fatal = errors.find(
      (e) => e.startsWith('page error') || e.startsWith('csp violation') || e.includes('panicked') || e === 'page crashed',
    );
    if (fatal) throw new Error(`the page reported: ${fatal}`);
  } catch (e) {
    failure = e;
  }
  const ms = Date.now() - t0;
  const lines = [];
  if (!failure) {
    lines.push(`✓ ${scenario.name} (${ms} ms)`);
  } else {
    lines.push(`✗ ${scenario.name} (${ms} ms)`);
    lines.push(indent(String(failure.stack || failure).split('\n').slice(0, 6).join('\n'), 2));
    // The page the scenario last worked on: the newest open one.
    const pages = contexts.flatMap((c) => c.pages()).filter((p) => !p.isClosed());
    const page = pages[pages.length - 1];
    lines.push(await withTimeout(10_000, () => describePage(page), 'describing the page').catch((e) => `  (${e.message})`));
    if (errors.length) lines.push(`  console and page errors:\n${indent(errors.slice(0, 20).join('\n'), 4)}`);
    if (page) {
      const shot = join(OUT_DIR, `FAILED-${fileSafe(scenario.name)}.png`);
      await page.screenshot({ path: shot, timeout: 5000 }).then(
        () => lines.push(`  screenshot: ${shot}`),
        () => {},
      );
    }
  }
  for (const c of contexts) await c.close().catch(() => {});
  const reason = failure ? String(failure.message || failure).split('\n')[0].slice(0, 200) : '';
  return { ok: !failure, lines, reason };
}

main().catch((e) => {
  console.error(e);
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
});
