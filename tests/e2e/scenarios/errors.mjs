// The mistakes people make, and that the inspector explains in the vendor's terms:
// a wrong secret (Taobao 25, 旺店通 status 1, Kingdee 4008) and a clock 20 minutes off
// (Taobao 31, 旺店通 status 7, Kingdee 4006). Also a field the validator rejects.

import { prepare } from './apis.mjs';
import { BASE_URL, assert, until } from '../lib/harness.mjs';

const VENDORS = [
  { vendor: 'Taobao', api: 'taobao.imbalance.create', search: 'imbalance', secret: 'app_secret', badSign: 25, badTime: 31 },
  { vendor: '旺店通', api: 'wdt.stockpd.sync', search: 'stockSyncByPd', secret: 'app_secret', badSign: 1, badTime: 7 },
  { vendor: 'Kingdee', api: 'kingdee.inv_synchronous.list', search: 'inv_synchronous', secret: 'client_secret', badSign: 4008, badTime: 4006, token: true },
];

const TWENTY_MINUTES_MS = 20 * 60 * 1000;

/** The pinned "now", moved 20 minutes back, in whatever form the vendor's timestamp has. */
export function twentyMinutesBefore(pinned) {
  const t = pinned.trim();
  const date = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(t);
  if (date) {
    // Taobao: GMT+8 wall-clock time.
    const [, y, mo, d, h, mi, s] = date.map(Number);
    const ms = Date.UTC(y, mo - 1, d, h - 8, mi, s) - TWENTY_MINUTES_MS;
    const b = new Date(ms + 8 * 3600 * 1000);
    const p = (n) => String(n).padStart(2, '0');
    return `${b.getUTCFullYear()}-${p(b.getUTCMonth() + 1)}-${p(b.getUTCDate())} ${p(b.getUTCHours())}:${p(b.getUTCMinutes())}:${p(b.getUTCSeconds())}`;
  }
  assert(/^\d+$/.test(t), `unexpected timestamp form: ${t}`);
  const n = BigInt(t);
  // Kingdee counts milliseconds, 旺店通 seconds (since 2012).
  return String(t.length >= 13 ? n - BigInt(TWENTY_MINUTES_MS) : n - 1200n);
}

const wrongSecret = VENDORS.map(({ vendor, api, search, secret, badSign, token }) => ({
  name: `${vendor}: a wrong secret gives the signature error ${badSign}, explained`,
  async run({ app }) {
    await prepare(app, api, search);
    if (token) await app.getAppToken();
    const before = await app.signature();
    await app.openCredentials();
    const good = await app.credential(secret);
    // One character off, as when a secret is copied badly.
    const bad = good.slice(0, -1) + (good.endsWith('0') ? '1' : '0');
    await app.setCredential(secret, bad);
    if (vendor === 'Kingdee') await app.shot('credentials-dialog');
    await app.closeDialog();
    await app.signatureChangedFrom(before, 'changing the secret');
    await app.send();
    const { explanation } = await app.expectFailure(badSign);
    assert(/cause/i.test(explanation) && /fix/i.test(explanation), `no cause and fix in: ${explanation}`);
    // In Mock the app built the request itself: the cause said first is the secret that is
    // not the mock's demo value (not the encodings the code means at the real gateway).
    const first = (await app.id('insp-advice-about').allInnerTexts())[0] || '';
    assert(/In Mock/.test(first) && /published demo value/.test(explanation),
      `the mock's demo secret is not the first cause: ${first} / ${explanation}`);
    // By name: Kingdee has two secrets (and an app-token the mock issued, which signs nothing).
    assert(new RegExp(`published demo value in the credentials: ${secret}\\.`).test(explanation),
      `the cause does not name ${secret} alone: ${explanation}`);
    // What the code means at the real gateway is folded under one line, one click away.
    const realGateway = app.id('insp-real-gateway');
    assert((await realGateway.count()) === 1 && !(await realGateway.evaluate((d) => d.open)),
      'the real gateway\'s causes are not folded under their own line');
    await realGateway.locator('summary').click();
    await until('the real gateway\'s causes to open', async () => realGateway.evaluate((d) => d.open));
    assert((await realGateway.innerText()).includes('Cause'), 'the folded causes have no cause');
    // Taobao and 旺店通 refuse with HTTP 200: the status must not read as success.
    const status = app.id('insp-status');
    const [statusText, statusClass] = [await status.innerText(), await status.getAttribute('class')];
    if (statusText.startsWith('200')) {
      assert(/\bplain\b/.test(statusClass) && !/成功/.test(statusText), `a refused call's status reads as success: ${statusText} (${statusClass})`);
    }
    if (vendor === 'Kingdee') {
      // Kingdee's message and its code each explain: each pair says which it is about.
      const about = await app.id('insp-advice-about').allInnerTexts();
      assert(about.length >= 2 && about.some((t) => t.includes(String(badSign))), `the cause/fix pairs are not labelled: ${about}`);
      await app.shot('inspector-error-explained');
    }
  },
}));

const oldClock = VENDORS.map(({ vendor, api, search, badTime, token }) => ({
  name: `${vendor}: a timestamp pinned 20 minutes back gives the timestamp error ${badTime}`,
  async run({ app }) {
    await prepare(app, api, search);
    if (token) await app.getAppToken();
    const now = await app.pinNow();
    const old = twentyMinutesBefore(now);
    await app.pinTimestamp(old);
    await app.send();
    await app.expectFailure(badTime);
    // The clock next to the allowed window, for the timestamp errors.
    const clock = app.id('insp-clock');
    if (await clock.count()) {
      assert((await clock.getAttribute('data-state')) === 'outside', 'the clock check says the timestamp is inside the window');
    }
    if (vendor === 'Taobao') await app.shot('inspector-timestamp-error');
  },
}));

/** A date typed where 旺店通 wants its number: the first cause names the format and
 * the number that date is, not the code's usual "milliseconds". */
const wdtDatePinned = {
  name: '旺店通: a date pinned as the timestamp is named as a date, with the number it should be',
  async run({ app }) {
    await prepare(app, 'wdt.stockpd.sync', 'stockSyncByPd');
    await app.pinTimestamp('2026-12-06 03:40:00');
    await app.send();
    await app.expectFailure(7);
    const first = (await app.id('insp-explanation').innerText()).trim();
    // 2026-12-06 03:40:00 Beijing time is 1796499600 Unix seconds; less 1325347200:
    assert(first.includes('2026-12-06 03:40:00') && first.includes('471152400'),
      `the explanation does not name the date and its number: ${first}`);
    assert(!/usually milliseconds/.test(first.split('\n').slice(0, 3).join(' ')),
      `the first cause still says milliseconds: ${first}`);
    // Milliseconds, which overflow 旺店通's number: named as that unit, not as a format.
    await app.pinTimestamp('1796499600000');
    await app.send();
    await app.expectFailure(7);
    await until('the milliseconds named', async () =>
      /1796499600000 looks like milliseconds/.test(await app.id('insp-explanation').innerText()));
  },
};

const invalidField = {
  name: 'an invalid field: inline message at its JSON path, counted on Send, send anyway asks first',
  async run({ app }) {
    await prepare(app, 'taobao.imbalance.create', 'imbalance');
    const path = 'req_dto.items[0].lock_quantity';
    await app.id(`input-${path}`).fill('12x');
    const msgs = app.id(`findings-${path}`);
    await msgs.waitFor({ state: 'visible' });
    // The message names the full JSON path, so the JSON can be fixed by hand.
    const text = (await msgs.innerText()).trim();
    assert(text.includes(path) && text.length > path.length + 3, `the inline message: ${text}`);
    const errors = Number(await app.id('send').getAttribute('data-errors'));
    assert(errors >= 1, `Send counts ${errors} errors`);
    const summary = await app.id('validation-summary').innerText();
    assert(/(^|\D)1 (error|个错误)(?!s)/i.test(summary), `validation summary: ${summary}`);
    // The JSON tab shows the same path holding the text as typed.
    await app.tab('json');
    const raw = await app.id('raw-json').inputValue();
    assert(/"lock_quantity":\s*"12x"/.test(raw), `the raw JSON does not hold the typed text: ${raw}`);
    // The summary lists every finding by path; a click goes back to the field.
    await app.id('validation-summary').click();
    const list = app.id('findings-list');
    await list.waitFor({ state: 'visible' });
    const listed = await list.innerText();
    assert(listed.includes(path), `the findings list: ${listed}`);
    await list.getByText(path).click();
    await until('the field focused from the list', async () =>
      (await app.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === `input-${path}`);
    await app.id(`field-${path}`).scrollIntoViewIfNeeded();
    await app.shot('builder-invalid-field');
    await app.id('send').click();
    await app.id('send-anyway-dialog').waitFor({ state: 'visible' });
    // The dialog names the error it asks to send with.
    const named = await app.id('send-anyway-list').innerText();
    assert(named.includes(path), `"Send anyway?" does not name ${path}: ${named}`);
    await app.page.keyboard.press('Escape');
    await app.id('send-anyway-dialog').waitFor({ state: 'hidden' });
    // Fixing it clears the message.
    await app.id(`input-${path}`).fill('12');
    await msgs.waitFor({ state: 'hidden' });

    // A right-to-left override pasted with a value: named beside the field, and marked
    // in the string-to-sign instead of reversing what follows it.
    const code = 'req_dto.warehouse_code';
    await app.id(`input-${code}`).fill('STA\u202E12');
    await until('the invisible character named', async () => /U\+202E/.test(await app.id(`findings-${code}`).innerText().catch(() => '')));
    await until('the string-to-sign marking it', async () => (await app.stringToSign()).includes('STA⟦U+202E⟧12'));
    await app.id(`input-${code}`).fill('STA');
    await app.id(`findings-${code}`).waitFor({ state: 'hidden' });
  },
};

// The catalog arrives after the first paint: a file that does not arrive is named on the
// page, in the language the app would open in, instead of an empty screen.
const catalogMissing = {
  name: 'a catalog file that does not arrive: the page names it, in 中文 too',
  async run({ app }) {
    await app.page.route('**/catalog/vendors/kingdee.json', (route) =>
      route.fulfill({ status: 404, contentType: 'text/plain', body: 'gone' }));
    await app.page.goto(BASE_URL, { waitUntil: 'load' });
    const error = app.id('boot-error');
    await error.waitFor({ state: 'visible' });
    const text = await error.innerText();
    assert(/API catalog could not be loaded/.test(text) && text.includes('catalog/vendors/kingdee.json') && /404/.test(text),
      `the boot error: ${text}`);
    await app.page.evaluate(() => localStorage.setItem('countersign.prefs.v1', JSON.stringify({ lang: 'Zh' })));
    await app.page.reload({ waitUntil: 'load' });
    await error.waitFor({ state: 'visible' });
    await until('the error in 中文', async () => /接口目录无法加载/.test(await error.innerText()));
    await app.shot('boot-catalog-missing');
    assert(!(await app.id('sidebar').isVisible()), 'the app was built without its catalog');
  },
};

// Any path the server answers with the app (a link with a trailing slash, a folder of
// dist) must start it: the catalog is fetched from the site's root, not beside the page.
const deepLink = {
  name: 'the app starts at a deeper path too (/catalog/, /a/b/)',
  async run({ app }) {
    for (const path of ['catalog/', 'a/b/']) {
      await app.page.goto(new URL(path, BASE_URL).href, { waitUntil: 'load' });
      await app.ready();
      assert(!(await app.id('boot-error').isVisible()), `${path}: the boot error is shown`);
    }
  },
};

// The field used to carry `maxlength`, which cut what was typed or pasted without a word.
const tooLong = {
  name: 'a value longer than its field allows is kept as typed, and the limit is said',
  async run({ app }) {
    await prepare(app, 'wdt.stockpd.sync', 'stockSyncByPd');
    const path = 'pdOrder.warehouse_no';
    const long = 'W'.repeat(45);
    await app.id(`input-${path}`).fill(long);
    const msgs = app.id(`findings-${path}`);
    await msgs.waitFor({ state: 'visible' });
    const kept = await app.id(`input-${path}`).inputValue();
    assert(kept === long, `the field kept ${kept.length} of 45 characters`);
    const text = await msgs.innerText();
    assert(/45/.test(text) && /40/.test(text), `the message: ${text}`);
  },
};

// 旺店通's remark is required and may be "" (若无可为空): emptied on the form it was left
// out and called missing, and the form had no way to send "".
const emptyAllowed = {
  name: 'a required field its doc lets be empty is sent as "" when emptied, with no finding',
  async run({ app }) {
    await prepare(app, 'wdt.stockpd.sync', 'stockSyncByPd');
    await app.id('input-pdOrder.remark').fill('');
    await until('"" in the wire body', async () => /"remark":""/.test(await app.id('wire-body').innerText()));
    assert(!(await app.id('findings-pdOrder.remark').isVisible()), 'the emptied remark has a finding');
    await app.send();
    await app.expectSuccess('pd_no');
  },
};

/** Kingdee's other secret: app_secret signs app_key (app_signature) when an app-token is asked for. */
const kingdeeAppSecret = {
  name: 'Kingdee: a wrong app_secret refuses the app-token with 1030002006, and in Mock the demo secret is the cause said first',
  async run({ app }) {
    await prepare(app, 'kingdee.app_token', 'kingdee_auth_token');
    await app.openCredentials();
    const good = await app.credential('app_secret');
    await app.setCredential('app_secret', good.slice(0, -1) + (good.endsWith('0') ? '1' : '0'));
    await app.closeDialog();
    await app.send();
    await app.expectFailure(1030002006);
    const first = (await app.id('insp-advice-about').allInnerTexts())[0] || '';
    assert(/In Mock/.test(first), `the mock's demo secret is not the first cause: ${first}`);
    assert((await app.id('insp-real-gateway').count()) === 1, 'the real gateway\'s causes (a rotated app_secret) are not folded');
  },
};

export const scenarios = [...wrongSecret, ...oldClock, wdtDatePinned, kingdeeAppSecret, invalidField, tooLong, emptyAllowed, catalogMissing, deepLink];
