// The builder: nested rows, the raw JSON tab, the pinned clock reproducing the published
// vectors, the language switch, and a draft that survives a reload.

import { createHash, createHmac } from 'node:crypto';
import { prepare } from './apis.mjs';
import { assert, short, until } from '../lib/harness.mjs';

/** signing.md, vector T1. */
const T1 = {
  appKey: '12345678',
  secret: 'helloworld',
  timestamp: '2016-09-09 12:00:00',
  reqDto: {
    owner_code: 'AX5886',
    warehouse_code: 'STA',
    occupy_order_id: 'IM1234',
    adjust_type: 'ADJUST',
    out_biz_code: '1234567890',
    items: [{ order_line_id: 'I1234', item_code: 'I1234', inventory_type: 'ZP', lock_quantity: 12 }],
    operate_time: '2016-09-09 12:00:00',
  },
  sign: 'A6076B31F453B49C1725BF98EE6F2669',
};

/** signing.md, vector K1 (the app-token request, with app_signature as published). */
const K1 = {
  clientSecret: 'f2adcfef73369bfc4e1384677d38a0ff',
  appKey: 'bVZgAZOv1',
  appSignature: 'MzZlYTk0ODk4MWZlNjdiODNmNWU4YzViNzYxNGM5MTFlOGJkN2NjMzk0MTJkZGNhZGM0NzZhN2YxZDJmOTlkZA==',
  nonce: '4427456950',
  timestamp: '1670305063559',
  sign: 'OTFiZTliNDFiMjNkYTI3YzVhNzg4MDI4ZGU3MWY1ZTA5ZTk1NjVlNGM1YTI1ZjIxY2Y5YTA3ZGY2OGI1MGQ1MQ==',
};

/** signing.md, vector K2: app_signature for app_key `abc`, app_secret `abc123`. */
const K2 = {
  appKey: 'abc',
  appSecret: 'abc123',
  appSignature: 'ZDljMTI3NGIyNTE1MTRkYzlkNjc1MDNhYjUzMzgzNWMyY2M4YTdjMzdmNmM3YTVlNDkxMTkzNjdiOTFjNzUyZQ==',
};

async function rowCount(app, key) {
  const text = await app.id(`rows-${key}`).innerText();
  const m = /\d+/.exec(text);
  assert(m, `no count in "${text}"`);
  return Number(m[0]);
}

async function wireBody(app) {
  return (await app.id('wire-body').innerText()).trim();
}

const materialRows = {
  name: 'material save: add, duplicate and remove barcode rows; the wire body follows live',
  async run({ app }) {
    await prepare(app, 'kingdee.material.save', 'material');
    // Pinned clock and nonce: only the rows change between readings.
    await app.pinTimestamp('1670305063559');
    await app.pinNonce('4427456950');
    // A mistyped number is said once, under the field, in the findings' words.
    const coef = app.id('input-coefficient1');
    const before = await coef.inputValue();
    await coef.fill('1.5x');
    const said = await until('one message on coefficient1', async () => {
      const box = app.id('findings-coefficient1');
      return (await box.isVisible()) ? box.locator('li').allInnerTexts() : null;
    });
    assert(said.length === 1 && /1\.5x/.test(said[0]), `coefficient1 says: ${JSON.stringify(said)}`);
    assert((await coef.locator('xpath=..').locator('.typing-hint').count()) === 0, 'a second message beside the field');
    // A screen reader hears it too: the field is marked wrong and described by the message.
    assert((await coef.getAttribute('aria-invalid')) === 'true', 'coefficient1 not marked aria-invalid');
    const describedBy = await coef.getAttribute('aria-describedby');
    const description = await app.page.evaluate((id) => document.getElementById(id)?.innerText ?? '', describedBy);
    assert(/1\.5x/.test(description), `aria-describedby (${describedBy}) reads ${JSON.stringify(description)}`);
    await coef.fill(before);
    await until('coefficient1 no longer marked wrong', async () => (await coef.getAttribute('aria-invalid')) === 'false');
    // A yes/no field is named by its label, not only "Unset, checked".
    const groupName = await app.id('field-is_batch').locator('[role="radiogroup"]').evaluate((g) =>
      document.getElementById(g.getAttribute('aria-labelledby') || '')?.innerText ?? '');
    assert(groupName.includes('is_batch'), `the is_batch group is named ${JSON.stringify(groupName)}`);
    // Form / JSON is one Tab stop, and the arrows show the other tab.
    assert((await app.id('tab-json').getAttribute('tabindex')) === '-1', 'the unselected JSON tab is a Tab stop');
    await app.id('tab-form').focus();
    await app.page.keyboard.press('ArrowRight');
    await until('→ shows the JSON tab', async () => (await app.id('tab-json').getAttribute('aria-selected')) === 'true');
    await app.page.keyboard.press('ArrowLeft');
    await until('← shows the form again', async () => (await app.id('tab-form').getAttribute('aria-selected')) === 'true');
    await until('the message gone', async () => !(await app.id('findings-coefficient1').isVisible()));
    const key = 'barcode_entity';
    const n0 = await rowCount(app, key);
    const body0 = await wireBody(app);
    const sig0 = await app.signature();

    await app.id(`add-${key}`).click();
    await until(`${key} to have ${n0 + 1} rows`, async () => (await rowCount(app, key)) === n0 + 1);
    const newRow = `${key}[${n0}]`;
    await app.id(`row-${newRow}`).waitFor({ state: 'visible' });
    const barcodeInput = app.id(`input-${newRow}.barcode`);
    await barcodeInput.fill('E2E-ROW-690');
    const body1 = await until('the new row in the wire body', async () => {
      const b = await wireBody(app);
      return b.includes('E2E-ROW-690') ? b : null;
    });
    assert(body1 !== body0, 'the wire body did not change');

    await app.id(`dup-${newRow}`).click();
    await until(`${key} to have ${n0 + 2} rows`, async () => (await rowCount(app, key)) === n0 + 2);
    const dupCount = (await wireBody(app)).split('E2E-ROW-690').length - 1;
    assert(dupCount === 2, `the duplicated row is in the body ${dupCount} times`);

    await app.shot('builder-material-rows');
    await app.id(`remove-${key}[${n0 + 1}]`).click();
    await app.id(`remove-${newRow}`).click();
    await until(`${key} back to ${n0} rows`, async () => (await rowCount(app, key)) === n0);
    await until('the wire body back to the example', async () => (await wireBody(app)) === body0);
    // Kingdee v2 signs method, path, query, nonce and timestamp, not the body.
    assert((await app.signature()) === sig0, 'the Kingdee signature changed with the body, which it does not sign');
    // A copy is a new entry: it must not keep the 分录 id that names the original.
    const firstId = await app.id(`input-${key}[0].id`).inputValue();
    assert(firstId !== '', 'the example\'s first barcode row has no id to test with');
    await app.id(`dup-${key}[0]`).click();
    await until(`${key} to have ${n0 + 1} rows`, async () => (await rowCount(app, key)) === n0 + 1);
    assert((await app.id(`input-${key}[1].id`).inputValue()) === '', 'the duplicated row kept the entry id');
    assert((await app.id(`input-${key}[0].id`).inputValue()) === firstId, 'the original row lost its id');
  },
};

const longBody = {
  name: 'a long wire body: its start is shown with what is left, Show all and Copy give all of it',
  async run({ app }) {
    await prepare(app, 'kingdee.material.save', 'material');
    await app.tab('json');
    const doc = JSON.parse(await app.id('raw-json').inputValue());
    const row = doc.barcode_entity[0];
    // ~11 KB of rows near the start of the body: more than the panel lays out at once.
    doc.barcode_entity = Array.from({ length: 120 }, (_, i) => ({ ...row, id: undefined, barcode: `LONG-${String(i).padStart(3, '0')}` }));
    // One line: Chromium types a multi-line fill as one input event per line.
    await app.id('raw-json').fill(JSON.stringify(doc));
    await app.tab('form');
    const more = app.id('wire-body-more');
    await until('the body to say how much is not shown', async () => /KB more not shown/.test(await more.innerText()));
    const start = await wireBody(app);
    assert(start.includes('LONG-000') && !start.includes('LONG-119'), `the panel shows ${start.length} characters of the body`);
    assert(start.length <= 4096, `the start is ${start.length} characters`);

    // An edit out of view still lands in the request: Copy gives the whole body.
    await app.id('input-barcode_entity[119].barcode').fill('LONG-LAST');
    const copied = await until('Copy to give the edited body', async () => {
      const t = await app.copied('copy-body');
      return t.includes('"LONG-LAST"') ? t : null;
    });
    JSON.parse(copied);
    await app.id('wire-body-toggle').click();
    await until('the whole body after Show all', async () => (await wireBody(app)) === copied);
    assert(/Whole body/.test(await more.innerText()), `after Show all: ${await more.innerText()}`);
    await app.shot('builder-long-body');
    await app.id('wire-body-toggle').click();
    await until('the start only again', async () => !(await wireBody(app)).includes('LONG-LAST'));
  },
};

const taobaoRows = {
  name: 'Taobao items: adding and removing a nested row re-signs live',
  async run({ app }) {
    await prepare(app, 'taobao.imbalance.create', 'imbalance');
    await app.pinTimestamp('2016-09-09 12:00:00');
    const key = 'req_dto.items';
    const n0 = await rowCount(app, key);
    const sig0 = await app.signature();
    await app.id(`add-${key}`).click();
    const sig1 = await app.signatureChangedFrom(sig0, 'adding an item row');
    await app.id(`input-${key}[${n0}].item_code`).fill('E2E-ITEM');
    const sig2 = await app.signatureChangedFrom(sig1, 'typing in the new row');
    assert(/^[0-9A-F]{32}$/.test(sig2), `not an md5 signature: ${sig2}`);
    await app.id(`remove-${key}[${n0}]`).click();
    await until('the signature back to the example\'s', async () => (await app.signature()) === sig0);
  },
};

const rawJson = {
  name: 'raw JSON tab: broken JSON shows its position, keeps the text, is not signed as live nor sent; fixed JSON fills the form; Clear has an Undo',
  async run({ app }) {
    await prepare(app, 'wdt.stockpd.sync', 'stockSyncByPd');
    await app.tab('json');
    const area = app.id('raw-json');
    const good = await area.inputValue();
    JSON.parse(good);
    // A missing quote, as when editing by hand.
    const broken = good.replace('"API TEST"', '"API TEST');
    assert(broken !== good, 'the example has no remark "API TEST" to break');
    await area.fill(broken);
    const err = app.id('raw-json-error');
    await err.waitFor({ state: 'visible' });
    const errText = await err.innerText();
    assert(/line\s*\d+.*column\s*\d+/i.test(errText), `no line/column in: ${errText}`);
    assert((await area.inputValue()) === broken, 'the broken text was not kept as typed');
    await app.shot('builder-json-error');
    assert(/JSON/.test(await app.id('validation-summary').innerText()), 'the summary does not say the JSON is invalid');
    // The signature panel does not call the last good document's signature live.
    await until('the signature panel saying the JSON is invalid', async () =>
      /Invalid JSON/.test(await app.id('signature-state').innerText()));
    // Send does not send the last good document: it says why and where, and stays on the
    // JSON to fix.
    await app.page.keyboard.press('Control+Enter');
    await until('a notice that nothing was sent, with the line and column', async () =>
      /Not sent.*line \d+, column \d+/.test(await app.id('support-notice').innerText()));
    assert(!(await app.id('insp-status').count()), 'a request was sent while the JSON did not parse');
    // Away and back: still the broken text, and the form is locked so it cannot overwrite it.
    await app.tab('form');
    await app.id('form-locked').waitFor({ state: 'visible' });
    assert(await app.id('input-pdOrder.remark').isDisabled(), 'the form is editable over unparsed JSON');
    await app.tab('json');
    assert((await app.id('raw-json').inputValue()) === broken, 'the broken text was lost when switching tabs');
    // Another API, a reload, and back: the broken text waits on the JSON tab.
    const brokenBack = (why) => until(`the broken text back on the JSON tab after ${why}`, async () =>
      (await app.id('raw-json').count()) > 0 && (await app.id('raw-json').inputValue()) === broken);
    await app.pickApi('kingdee.material.save', 'material');
    await app.waitForDraft('the broken JSON of the API left', (d) => d.raws?.['wdt.stockpd.sync'] === broken);
    await app.reload();
    await app.pickApi('wdt.stockpd.sync', 'stockSyncByPd');
    await brokenBack('another API and a reload');
    // Another request tab and back: this tab's text and its Form / JSON choice.
    await app.tab('form');
    await app.id('request-tab-new').click();
    const tabs = app.page.locator('[data-testid="request-tab"]');
    await until('a second request tab on screen', async () =>
      (await tabs.count()) === 2 && (await tabs.nth(1).getAttribute('data-active')) === 'true');
    await app.pickApi('kingdee.material.save', 'material');
    await app.tab('json');
    await tabs.nth(0).locator('[role="tab"]').click();
    await app.id('form-locked').waitFor({ state: 'visible' });
    await app.tab('json');
    await brokenBack('another request tab');
    await tabs.nth(1).getByTestId('request-tab-close').click();
    await until('one request tab left', async () => (await tabs.count()) === 1);

    const fixed = good.replace('"API TEST"', '"fixed in JSON"');
    await app.id('raw-json').fill(fixed);
    await err.waitFor({ state: 'hidden' });
    await app.tab('form');
    const remark = app.id('input-pdOrder.remark');
    await until('the form to show the remark typed in JSON', async () => (await remark.inputValue()) === 'fixed in JSON');
    // And the other way: the form writes the JSON.
    await remark.fill('from the form');
    await app.tab('json');
    const back = JSON.parse(await app.id('raw-json').inputValue());
    assert(back.pdOrder?.remark === 'from the form', `the JSON tab shows ${JSON.stringify(back.pdOrder)}`);
    // Keys typed inside a string value (the tab patches that value without a full parse):
    // the wire body and the form follow, the text stays as typed.
    const area2 = app.id('raw-json');
    await area2.evaluate((el) => {
      const at = el.value.indexOf('from the form') + 'from the form'.length;
      el.focus();
      el.setSelectionRange(at, at);
    });
    await app.page.keyboard.type(' x!');
    await until('the wire body to carry the typed remark', async () =>
      (await app.id('wire-body').innerText()).includes('from the form x!'));
    const typed = await area2.inputValue();
    assert(typed.includes('"from the form x!"'), 'the typed text was not kept');
    // Each key sends only what it changed (platform::text_change): deletions and
    // characters of two UTF-16 units too.
    await app.page.keyboard.press('Backspace');
    await app.page.keyboard.press('Backspace');
    await app.page.keyboard.type('é😀');
    await until('the wire body to carry the edited remark', async () =>
      (await app.id('wire-body').innerText()).includes('from the form é😀'));
    assert((await area2.inputValue()).includes('"from the form é😀"'), 'the edited text was not kept');
    await app.tab('form');
    await until('the form to show the remark typed in JSON', async () => (await remark.inputValue()) === 'from the form é😀');

    // Clear empties a filled form with one click, so it is said with an Undo that puts
    // the document back.
    await app.id('clear').click();
    await until('the form cleared', async () => (await remark.count()) === 0 || (await remark.inputValue()) === '');
    await app.id('notice-undo').click();
    await until('the remark back after Undo of Clear', async () => (await remark.inputValue()) === 'from the form é😀');
  },
};

const vectorT1 = {
  name: 'pinned timestamp reproduces signing.md vector T1 (Taobao md5), also after a field is emptied and typed again',
  async run({ app }) {
    // T1 has no session.
    await app.openWithCredentials('taobao.imbalance.create', 'imbalance', { app_key: T1.appKey, app_secret: T1.secret, session: '' });
    await app.pinTimestamp(T1.timestamp);
    await app.tab('json');
    await app.id('raw-json').fill(JSON.stringify({ req_dto: T1.reqDto }, null, 2));
    await app.tab('form');
    await app.expectSignature(T1.sign, 'the T1 signature');
    // Emptied, the key leaves req_dto; typed again, it must come back to its place:
    // Taobao signs req_dto's text, so a key moved to the end is another signature.
    const field = app.id('input-req_dto.warehouse_code');
    await field.fill('');
    await app.signatureChangedFrom(T1.sign, 'warehouse_code emptied');
    await field.fill(T1.reqDto.warehouse_code);
    await app.expectSignature(T1.sign, 'the T1 signature after warehouse_code was typed again');
  },
};

const vectorK1 = {
  name: 'pinned timestamp and nonce reproduce signing.md vector K1 (Kingdee app-token)',
  async run({ app }) {
    await app.openWithCredentials('kingdee.app_token', 'kingdee_auth_token', { client_secret: K1.clientSecret });
    await app.pinTimestamp(K1.timestamp);
    // A nonce the gateway refuses is marked where it was typed, and unmarked when mended.
    await app.pinNonce('12ab');
    await until('the pinned nonce marked invalid', async () =>
      (await app.id('pin-nonce').getAttribute('aria-invalid')) === 'true');
    await app.pinNonce(K1.nonce);
    await until('the mended nonce unmarked', async () =>
      (await app.id('pin-nonce').getAttribute('aria-invalid')) === 'false');
    // ✕ unpins it, as it does the timestamp.
    await app.id('unpin-nonce').click();
    await until('the nonce unpinned', async () => (await app.id('pin-nonce').inputValue()) === '');
    await app.pinNonce(K1.nonce);
    await app.tab('json');
    await app.id('raw-json').fill(JSON.stringify({ app_key: K1.appKey, app_signature: K1.appSignature }));
    await app.tab('form');
    await app.expectSignature(K1.sign, 'the K1 signature');
    // A pin stays with its API: another Kingdee API signs live, and coming back finds it.
    await app.pickApi('kingdee.material.save', 'material');
    await until('no pin on another API of the vendor', async () => (await app.id('pin-timestamp').inputValue()) === '');
    await app.pickApi('kingdee.app_token', 'kingdee_auth_token');
    await until('the pins back with their API', async () =>
      (await app.id('pin-timestamp').inputValue()) === String(K1.timestamp)
      && (await app.id('pin-nonce').inputValue()) === String(K1.nonce));
    await app.expectSignature(K1.sign, 'the K1 signature again');
  },
};

const vectorK2 = {
  name: 'app_signature derived from app_key and app_secret reproduces signing.md vector K2',
  async run({ app }) {
    await app.openWithCredentials('kingdee.app_token', 'kingdee_auth_token', { app_key: K2.appKey, app_secret: K2.appSecret });
    // Left empty in the form, app_key comes from the credentials and app_signature is derived.
    await app.id('clear').click();
    const want = `app_signature=${encodeURIComponent(K2.appSignature)}`;
    await until('the K2 app_signature in the signed URL', async () => (await app.id('wire-url').innerText()).includes(want), 5000)
      .catch(async (e) => {
        throw new Error(`${e.message}; URL ${await app.id('wire-url').innerText()}`);
      });
  },
};

/**
 * The vendors' digests written out again here (signing.md), so a signer broken in the core —
 * which the app and the mocks share, and so agree on — still shows up.
 */
const DIGESTS = [
  {
    api: 'taobao.imbalance.create', search: 'imbalance', secret: 'app_secret',
    digest: (secret, s) => createHash('md5').update(secret + s + secret, 'utf8').digest('hex').toUpperCase(),
  },
  {
    api: 'wdt.stockpd.sync', search: 'stockSyncByPd', secret: 'app_secret',
    digest: (secret, s) => {
      const key = secret.split(':')[0];
      return createHash('md5').update(key + s + key, 'utf8').digest('hex');
    },
  },
  {
    api: 'kingdee.material.save', search: 'material', secret: 'client_secret',
    digest: (secret, s) => Buffer.from(createHmac('sha256', secret).update(s, 'utf8').digest('hex')).toString('base64'),
  },
];

/** The string-to-sign from the panel's labelled parts (↵ and ⇥ stand for \n and \t). */
async function shownStringToSign(app) {
  const parts = await app.id('string-to-sign').locator('.part-text').allTextContents();
  assert(parts.length > 0, 'the panel shows no string-to-sign parts');
  return parts.join('').replace(/↵/g, '\n').replace(/⇥/g, '\t');
}

const digests = {
  name: 'each vendor\'s signature is its digest of the string-to-sign shown, recomputed outside the app',
  async run({ app }) {
    await app.open();
    for (const { api, search, secret, digest } of DIGESTS) {
      await app.pickApi(api, search);
      await app.chooseEnv('mock');
      await app.fillExample();
      await app.pinNow();
      await app.openCredentials();
      const key = await app.credential(secret);
      await app.closeDialog();
      const s = await shownStringToSign(app);
      const shown = await app.signature();
      const expected = digest(key, s);
      assert(shown === expected, `${api}: the panel signs ${shown}, the vendor's rule gives ${expected} over:\n${s}`);
      // The pin is one for all APIs: leave none behind for the next vendor's format.
      await app.id('unpin-timestamp').click();
      if (api === 'wdt.stockpd.sync') await secretWithoutSalt(app, key);
    }
  },
};

/** A 旺店通 secret without its `:salt` cannot sign: said beside Send and in the panel's
 *  head (not "live"), not only in Send's tooltip. */
async function secretWithoutSalt(app, key) {
  await app.openCredentials();
  await app.setCredential('app_secret', key.split(':')[0]);
  await app.closeDialog();
  await until('Send shown as not sending', async () => !(await app.sendReady()));
  await until('the reason beside Send', async () =>
    /secret:salt/.test(await app.id('send-missing').innerText().catch(() => '')));
  await until('the panel not saying live', async () =>
    /not signed/.test(await app.id('signature-state').innerText()));
  // Ctrl+Enter, and a click on Send, say why nothing was sent (the click had been
  // swallowed by a disabled button).
  await app.id('api-search').focus();
  await app.page.keyboard.press('Control+Enter');
  await until('a notice that the request cannot be signed', async () =>
    /Not sent: the request cannot be signed: \S/.test(await app.id('support-notice').innerText().catch(() => '')));
  await app.id('support-notice').click();
  await until('the notice gone', async () => !(await app.id('support-notice').isVisible()));
  // (Forced: Playwright waits for an aria-disabled button to enable; a person's click lands.)
  await app.id('send').click({ force: true });
  await until('the notice again, for the click', async () =>
    /Not sent: the request cannot be signed: \S/.test(await app.id('support-notice').innerText().catch(() => '')));
  await app.openCredentials();
  await app.setCredential('app_secret', key);
  await app.closeDialog();
  await until('signed again', async () => (await app.sendReady()) && !/not signed/.test(await app.id('signature-state').innerText()));
}

const language = {
  name: '中文 / English switch changes the whole UI and is remembered',
  async run({ app }) {
    await prepare(app, 'kingdee.material.save', 'material');
    assert((await app.htmlLang()) === 'en', `html lang ${await app.htmlLang()} in an English browser`);
    const sendEn = (await app.id('send').innerText()).trim();
    const titleEn = await app.id('api-title').innerText();
    await app.switchLanguage();
    await until('html lang zh-CN', async () => (await app.htmlLang()) === 'zh-CN');
    const sendZh = (await app.id('send').innerText()).trim();
    assert(sendZh !== sendEn && /[\u4e00-\u9fff]/.test(sendZh), `Send reads "${sendZh}" after switching to 中文`);
    const titleZh = await app.id('api-title').innerText();
    assert(titleZh.startsWith('金蝶') || /^[\u4e00-\u9fff]/.test(titleZh), `title after switching: ${titleZh} (was ${titleEn})`);
    // The vendor's Chinese name stands beside the English title; no English beside the 中文 one.
    assert(/商品保存/.test(titleEn), `the English title does not give the Chinese name: ${titleEn}`);
    assert(!/[A-Za-z]{3}/.test(titleZh), `English in the 中文 title: ${titleZh}`);
    const panel = await app.id('signature-panel').innerText();
    assert(/[\u4e00-\u9fff]/.test(panel.split('\n')[0]), `signature panel heading not in Chinese: ${panel.split('\n')[0]}`);
    await app.shot('builder-zh');
    await app.reload();
    assert((await app.htmlLang()) === 'zh-CN', 'the language was not remembered across a reload');
    await app.switchLanguage();
    await until('html lang en', async () => (await app.htmlLang()) === 'en');
    assert((await app.id('send').innerText()).trim() === sendEn, 'Send did not read as before after switching back');
  },
};

const reloadDraft = {
  name: 'reload keeps the draft: API, environment and edited fields',
  async run({ app }) {
    await prepare(app, 'kingdee.material.save', 'material');
    await app.id('input-name').fill('e2e 草稿 survives reload');
    await app.pickApi('wdt.stockpd.sync', 'stockSyncByPd');
    await app.id('input-pdOrder.remark').fill('draft remark');
    await app.pickApi('kingdee.material.save', 'material');
    await until('the material name kept when switching API', async () => (await app.id('input-name').inputValue()) === 'e2e 草稿 survives reload');
    // Reload once the app has written the draft, not after a guessed delay.
    await app.waitForDraft('both edits with material save open', (d) => d.api === 'kingdee.material.save'
      && d.docs?.['kingdee.material.save']?.name === 'e2e 草稿 survives reload'
      && d.docs?.['wdt.stockpd.sync']?.pdOrder?.remark === 'draft remark');
    await app.reload();
    const selected = await app.id('api-kingdee.material.save').getAttribute('aria-selected');
    assert(selected === 'true', 'after reload another API is open');
    await until('the edited name after reload', async () => (await app.id('input-name').inputValue()) === 'e2e 草稿 survives reload');
    await app.pickApi('wdt.stockpd.sync', 'stockSyncByPd');
    await until('the other API\'s draft after reload', async () => (await app.id('input-pdOrder.remark').inputValue()) === 'draft remark');
  },
};

/** The draft saved for reload, as the page stored it. */
async function storedDraft(app) {
  return app.page.evaluate(() => localStorage.getItem(`countersign.draft.v1/${sessionStorage.getItem('countersign.window')}`) || '');
}

const draftWithoutSecrets = {
  name: 'a draft saved for reload holds no app_signature while credentials are not remembered',
  async run({ app }) {
    await app.openWithCredentials('kingdee.app_token', 'kingdee_auth_token', { client_secret: K1.clientSecret });
    await app.tab('json');
    await app.id('raw-json').fill(JSON.stringify({ app_key: K1.appKey, app_signature: K1.appSignature }));
    await app.tab('form');
    // The draft is written (it holds the app_key typed with it) …
    await until('the draft with the app_key', async () => (await storedDraft(app)).includes(K1.appKey));
    // … and the secret field typed with it is not.
    const draft = await storedDraft(app);
    assert(!draft.includes(K1.appSignature), `the draft holds app_signature: ${short(draft)}`);
    assert(!draft.includes('app_signature'), `the draft names app_signature: ${short(draft)}`);
    await app.reload();
    await until('the app_key kept after reload', async () => (await storedDraft(app)).includes(K1.appKey));
  },
};

// Valid JSON that is no object once read "✓ Valid JSON, form in sync" above a signing error.
const notAnObject = {
  name: 'raw JSON that is valid but no object is said to be no object, and the text is kept',
  async run({ app }) {
    await prepare(app, 'kingdee.material.save', 'material');
    await app.tab('json');
    await app.id('raw-json').fill('[1,2,3]');
    await app.id('raw-json-not-object').waitFor({ state: 'visible' });
    assert((await app.id('raw-json').inputValue()) === '[1,2,3]', 'the typed text was replaced');
    await app.id('raw-json').fill('{"name": "back"}');
    await app.id('raw-json-not-object').waitFor({ state: 'detached' });
  },
};

const replaceOnJsonTab = {
  name: 'on the JSON tab, Fill with doc example and Clear show in its text and a keystroke after keeps them; emptying a required list sends [], and a removed row has an Undo; a finding hidden by Required only is shown when clicked',
  async run({ app }) {
    await app.open();
    await app.pickApi('taobao.imbalance.create', 'imbalance');
    await app.chooseEnv('mock');
    await app.tab('json');
    const area = app.id('raw-json');
    assert(!(await area.inputValue()).includes('"remark"'), 'the starter document already has the example\'s remark');
    // The text follows the example at once; it had kept the starter while the request
    // went out with the example, and the next keystroke put the starter back.
    await app.fillExample();
    await until('the example in the JSON text', async () => (await area.inputValue()).includes('"remark"'));
    await area.focus();
    await app.page.keyboard.press('Control+End');
    await app.page.keyboard.type(' ');
    await until('the keystroke read', async () => (await area.inputValue()).endsWith(' '));
    assert((await wireBody(app)).includes('remark'), 'a keystroke after the example took the example out of the request');
    await app.id('clear').click();
    await until('the JSON text cleared', async () => (await area.inputValue()).trim() === '{}');

    // 旺店通's specList is required and "may be empty": its last row removed, it goes as [].
    await app.pickApi('wdt.stockpd.sync', 'stockSyncByPd');
    await app.tab('form');
    await app.fillExample();
    const n = await rowCount(app, 'specList');
    // Something typed in the first row: removing it loses work, so it is said with an Undo.
    await app.id('input-specList[0].remark').fill('typed by e2e');
    for (let i = n - 1; i >= 0; i -= 1) await app.id(`remove-specList[${i}]`).click();
    await until('no rows left', async () => (await rowCount(app, 'specList')) === 0);
    await until('the empty list in the body', async () => /,\s*\[\s*\]\s*\]\s*$/.test(await wireBody(app)));
    assert(!(await app.id('findings-specList').isVisible()), 'an emptied required list is said to be missing');
    // No rows either way, and the form says which: sent as [] here, not sent when absent.
    await until('the empty list said to go as []', async () =>
      /sent as an empty list/.test(await app.id('no-rows-specList').innerText().catch(() => '')));
    // A filled row removed is said with an Undo, which brings it back.
    await until('the removal said with an Undo', async () =>
      /Removed specList\[0\]/.test(await app.id('support-notice').innerText().catch(() => '')) && (await app.id('notice-undo').count()) === 1);
    await app.id('notice-undo').click();
    await until('the row back', async () => (await rowCount(app, 'specList')) === 1);
    assert((await app.id('input-specList[0].remark').inputValue()) === 'typed by e2e', 'the row came back without what was typed in it');

    // A finding whose field the filter hides: clicking it shows the field and focuses it.
    await app.pickApi('kingdee.material.save', 'material');
    // (Its starter document has no attachments: that list is not sent.)
    await until('an absent list said not to be sent', async () =>
      /not sent/.test(await app.id('no-rows-attachments_url').innerText().catch(() => '')));
    await app.fillExample();
    await app.id('input-alarm_day').fill('abc');
    await app.id('required-only').check();
    await until('alarm_day hidden', async () => !(await app.id('input-alarm_day').isVisible()));
    await app.id('validation-summary').click();
    const link = app.page.locator('[data-testid="findings-list"] button', { hasText: 'alarm_day' }).first();
    await link.click();
    await until('alarm_day shown and focused', () =>
      app.page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'input-alarm_day'));
    assert(!(await app.id('required-only').isChecked()), 'Required only is still ticked over the field it hid');
  },
};

export const scenarios = [replaceOnJsonTab, notAnObject, materialRows, longBody, taobaoRows, rawJson, vectorT1, vectorK1, vectorK2, digests, language, reloadDraft, draftWithoutSecrets];
