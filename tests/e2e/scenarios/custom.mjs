// Custom requests: any method or path, outside the catalog, signed and sent like the
// catalog's APIs — a Taobao method with name → value rows, a 旺店通 call with a JSON body
// and paging, and a cURL of a Kingdee path the catalog does not know, imported and re-sent.

import { assert, short, until } from '../lib/harness.mjs';


/** Opens a vendor's custom request in the Mock environment. */
async function openCustom(app, vendor) {
  await app.open();
  await app.pickApi(`${vendor}.custom`);
  await app.chooseEnv('mock');
  await app.id('custom-form').waitFor({ state: 'visible' });
}

/** Waits for the inline message of `path` to show (or, with `gone`, to go away). */
async function expectFinding(app, path, want, gone = false) {
  const box = app.id(`findings-${path}`);
  if (gone) {
    await until(`the message on ${path} to go away`, async () => !(await box.isVisible()));
    return;
  }
  const text = await until(`a message on ${path}`, async () => ((await box.isVisible()) ? box.innerText() : null));
  assert(text.includes(path), `the message does not name ${path}: ${text}`);
  assert(want.test(text), `the message on ${path} says: ${text}`);
}

/** Fills row `i` of the rows of `key` (params, query), adding the row first. */
async function addRow(app, key, i, name, value) {
  await app.id(`kv-${key}-add`).click();
  await app.id(`kv-${key}-name-${i}`).fill(name);
  await app.id(`kv-${key}-value-${i}`).fill(value);
}

const taobaoCustom = {
  name: 'custom Taobao method: rows with a JSON value, live string-to-sign, sent to the mock with success; kept as a draft, in history and valid for Check signature',
  async run({ app }) {
    await openCustom(app, 'taobao');
    await app.id('clear').click();
    await expectFinding(app, 'method', /required|必填/);
    assert((await app.id('send').getAttribute('data-errors')) !== '0', 'an empty method is not an error');

    await app.id('input-method').fill('taobao.trades.sold.get');
    await expectFinding(app, 'method', null, true);
    await addRow(app, 'params', 0, 'fields', 'tid,status,payment');
    const before = await app.signature();
    // A JSON value, broken first: the message names the parameter and the place.
    await addRow(app, 'params', 1, 'filter', '{"status": [1, 2]');
    await expectFinding(app, 'params.filter', /JSON/);
    await app.id('kv-params-value-1').fill('{"status": [1, 2]}');
    await expectFinding(app, 'params.filter', null, true);
    // A system parameter among the business ones: the signer writes it, the row says so.
    await addRow(app, 'params', 2, 'sign_method', 'hmac');
    await expectFinding(app, 'params.sign_method', /system parameter|系统参数/);
    await app.id('kv-params-remove-2').click();
    await expectFinding(app, 'params.sign_method', null, true);
    // The same name twice: the second row cannot be in the request. It is said beside the
    // row (naming it), counted as an error, and Send refuses rather than drop it.
    await addRow(app, 'params', 2, 'fields', 'status');
    const dup = app.id('kv-params-row-2').getByTestId('kv-problem');
    await until('the repeated row to say so', async () => ((await dup.isVisible()) ? /fields/.test(await dup.innerText()) : false));
    await until('the repeated row counted as an error', async () => (await app.id('send').getAttribute('data-errors')) !== '0');
    assert(!/Valid/.test(await app.id('validation-summary').innerText()), 'the summary calls the request valid');
    await until('the signature panel saying a row is left out', async () =>
      /fields is used twice/.test(await app.id('signature-state').innerText()));
    await app.id('send').click();
    await until('a notice that nothing was sent, naming the parameter', async () =>
      /Not sent.*fields/.test(await app.id('support-notice').innerText()));
    assert(!(await app.id('insp-status').count()), 'a request was sent with a repeated parameter');
    // On the JSON tab (which cannot show two rows of one name) it is still an error,
    // and Send still refuses: it sent the rest there.
    await app.tab('json');
    await until('the repeated row still an error on the JSON tab', async () => (await app.id('send').getAttribute('data-errors')) !== '0');
    await app.id('send').click();
    await until('Send refused on the JSON tab, back on the form', async () =>
      (await app.id('kv-params-value-2').count()) > 0 && /Not sent.*fields/.test(await app.id('support-notice').innerText()));
    assert(!(await app.id('insp-status').count()), 'a request was sent from the JSON tab with a repeated parameter');
    // The JSON tab and back draws the form again: the repeated row is still there.
    await app.tab('json');
    await app.tab('form');
    await until('the repeated row kept', async () => (await app.id('kv-params-value-2').inputValue()) === 'status');
    // The list beside the tabs names it too, and leads to the row.
    await app.id('validation-summary').click();
    const held = app.id('finding-held-row');
    await until('the list to name the repeated row', async () => ((await held.isVisible()) ? /params\.fields/.test(await held.innerText()) : false));
    await held.click();
    await until('the focus on the repeated name', () =>
      app.page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'kv-params-name-2'));
    await app.id('kv-params-remove-2').click();
    await until('the error gone with the row', async () => (await app.id('send').getAttribute('data-errors')) === '0');
    await app.signatureChangedFrom(before, 'adding a parameter');
    await until('the compact JSON and the method in the string-to-sign', async () => {
      const s = await app.stringToSign();
      return s.includes('filter{"status":[1,2]}') && s.includes('methodtaobao.trades.sold.get');
    });
    const title = await app.id('api-endpoint').innerText();
    assert(title.includes('taobao.trades.sold.get'), `the endpoint line shows ${title}`);
    await app.page.setViewportSize({ width: 1366, height: 768 });
    await app.shot('custom-taobao');

    await app.send();
    await app.expectSuccess('received');
    const body = await app.bodyJson();
    const got = body.trades_sold_get_response?.received;
    assert(got, `no trades_sold_get_response.received: ${short(JSON.stringify(body))}`);
    assert(got.params.filter === '{"status":[1,2]}', `the mock received filter ${got.params.filter}`);
    assert(got.params.fields === 'tid,status,payment', `the mock received fields ${got.params.fields}`);
    await app.shot('custom-taobao-sent');

    // A captured copy of this call checks valid with the same credentials.
    const curl = await app.exportCurl();
    await app.id('nav-check-signature').click();
    await app.id('check-input').fill(curl);
    await until('the check to say valid', async () => (await app.id('check-verdict').getAttribute('data-valid')) === 'true');
    const detected = await app.id('check-detected').innerText();
    assert(detected.includes('taobao.trades.sold.get'), `check detected: ${detected}`);

    // History names what was called; the draft survives a reload.
    await app.id('nav-history').click();
    const item = app.page.locator('[data-testid="history-item"][data-api="taobao.custom"]');
    await item.waitFor({ state: 'visible' });
    assert((await item.innerText()).includes('taobao.trades.sold.get'), 'the history entry does not name the method');
    // A vendor-level refusal is explained as for catalog APIs. (Clicking the API that is
    // already selected does not leave the history view, so go through another one.)
    await app.pickApi('taobao.imbalance.create');
    await app.pickApi('taobao.custom');
    await app.openCredentials();
    await app.setCredential('app_secret', 'not-the-secret');
    await app.closeDialog();
    await app.send();
    await app.expectFailure('25');

    await app.reload();
    await app.pickApi('taobao.custom');
    await until('the method after a reload', async () => (await app.id('input-method').inputValue()) === 'taobao.trades.sold.get');
    assert((await app.id('kv-params-value-1').inputValue()) === '{"status": [1, 2]}', 'the typed JSON is not kept as typed');

    // A value typed before its name is not sent, and not lost: through another API and
    // back, and through a reload.
    const early = 'a value typed before its name';
    await addRow(app, 'params', 2, '', early);
    await until('the nameless row said', async () => (await app.id('kv-params-row-2').getByTestId('kv-problem').count()) === 1);
    await app.pickApi('wdt.custom');
    await app.pickApi('taobao.custom');
    await until('the nameless row after another API', async () =>
      (await app.id('kv-params-value-2').count()) === 1 && (await app.id('kv-params-value-2').inputValue()) === early);
    await until('the nameless row stored', () =>
      app.page.evaluate((t) => (localStorage.getItem('countersign.heldRows.v1') ?? '').includes(t), early));
    await app.reload();
    await app.pickApi('taobao.custom');
    await until('the nameless row after a reload', async () =>
      (await app.id('kv-params-value-2').count()) === 1 && (await app.id('kv-params-value-2').inputValue()) === early);
    // Named, it is sent and no longer held.
    await app.id('kv-params-name-2').fill('note');
    await until('the named row in the string-to-sign', async () => (await app.stringToSign()).includes(`note${early}`));
    await until('nothing held any more', () => app.page.evaluate(() => localStorage.getItem('countersign.heldRows.v1') === null));

    // Middle click and Ctrl+click open a custom entry in a new tab, as they do a catalog one.
    const tabs = app.page.locator('[data-testid="request-tab"]');
    const n = await tabs.count();
    await app.id('api-wdt.custom').click({ button: 'middle' });
    await until('a new tab for the middle click', async () => (await tabs.count()) === n + 1);
    await until('旺店通 any method on screen', async () => (await app.id('api-wdt.custom').getAttribute('aria-selected')) === 'true');
    await app.id('api-kingdee.custom').click({ modifiers: ['Control'] });
    await until('a new tab for the Ctrl+click', async () => (await tabs.count()) === n + 2);
    await until('Kingdee any path on screen', async () => (await app.id('api-kingdee.custom').getAttribute('aria-selected')) === 'true');
  },
};

const wdtCustom = {
  name: 'custom 旺店通 call: positional JSON body and paging, signed and sent to the mock with success; a share link restores it',
  async run({ app, fresh }) {
    await openCustom(app, 'wdt');
    // A method the catalog does not know, typed in the search: Enter opens it as a custom request.
    await app.pickApi('taobao.imbalance.create');
    await app.id('api-search').fill('goods.Goods.queryWithSpec');
    await until('the search to offer the custom request', async () => (await app.id('api-wdt.custom').innerText()).includes('goods.Goods.queryWithSpec'));
    await app.id('api-search').press('Enter');
    await until('the 旺店通 custom request open', async () => (await app.id('api-wdt.custom').getAttribute('aria-selected')) === 'true');
    await until('the method from the search', async () => (await app.id('input-method').inputValue()) === 'goods.Goods.queryWithSpec');
    await app.id('api-search').fill('');
    await app.id('input-body').fill('[{"spec_no": "A1"}, ');
    await expectFinding(app, 'body', /JSON/);
    await app.id('input-body').fill('[{"spec_no": "A1"}, 0]');
    await expectFinding(app, 'body', null, true);
    await app.id('input-page.page_size').fill('50');
    await app.id('input-page.page_no').fill('0');
    await until('the paging and the compact body in the string-to-sign', async () => {
      const s = await app.stringToSign();
      return s.includes('page_size50') && s.includes('page_no0') && s.includes('body[{"spec_no":"A1"},0]');
    });
    await app.page.setViewportSize({ width: 1366, height: 768 });
    await app.switchLanguage();
    await until('the page in Chinese', async () => (await app.htmlLang()) === 'zh-CN');
    await app.shot('custom-wdt-zh');
    await app.send();
    await app.expectSuccess('received');
    const body = await app.bodyJson();
    const got = body.data?.received;
    assert(got?.method === 'goods.Goods.queryWithSpec', `the mock received ${short(JSON.stringify(body))}`);
    assert(JSON.stringify(got.body) === '[{"spec_no":"A1"},0]', `the mock received body ${JSON.stringify(got.body)}`);
    assert(got.page?.page_size === '50', `the mock received page ${JSON.stringify(got.page)}`);

    await app.id('export-menu').click();
    await app.id('share-link').click();
    const link = await until('the share link', async () => {
      const t = (await app.id('export-preview').inputValue()).trim();
      return t.startsWith('http') ? t : null;
    });
    const other = await fresh();
    await other.page.goto(link);
    await other.app.ready();
    await until('the shared custom request open', async () => (await other.app.id('api-wdt.custom').getAttribute('aria-selected')) === 'true');
    await until('the shared method', async () => (await other.app.id('input-method').inputValue()) === 'goods.Goods.queryWithSpec');
    await until('the shared paging', async () => (await other.app.id('input-page.page_size').inputValue()) === '50');

    // A long body is signed whole but shown in part in the string to sign (laying out
    // half a megabyte took the browser seconds); the wire's body likewise.
    const rows = Array.from({ length: 400 }, (_, i) => ({ spec_no: `A${i}`, price: 10.50 }));
    const long = JSON.stringify([rows, 0]).replace(/10\.5\b/g, '10.50');
    await app.id('input-body').fill(long);
    await until('the string to sign cut with what is left said', async () =>
      /more not shown|未显示/.test(await app.id('part-more').innerText().catch(() => '')));
    const shown = await app.stringToSign();
    assert(shown.length < long.length, `the whole ${long.length}-byte body laid out in the string to sign`);
    // Numbers go as typed: 10.50 stays 10.50 on the wire.
    await until('10.50 kept on the wire', async () => /"price":10\.50/.test(await app.id('wire-body').innerText()));
  },
};

const kingdeeImport = {
  name: 'a cURL of a Kingdee path outside the catalog imports as a custom request and re-sends with success',
  async run({ app, fresh }) {
    // Someone else's request, exported in another browser.
    const other = await fresh();
    await openCustom(other.app, 'kingdee');
    await other.app.id('input-http_method').selectOption('POST');
    await other.app.id('input-path').fill('/jdy/v1/bd/unit');
    await expectFinding(other.app, 'path', /\/jdy\/v2\//);
    await other.app.id('input-path').fill('/jdy/v2/bd/unit');
    await expectFinding(other.app, 'path', null, true);
    // The starter holds only the required fields: no query rows yet.
    assert(!(await other.app.id('kv-query-name-0').isVisible()), 'the starter has query rows');
    await addRow(other.app, 'query', 0, 'tag', 'e2e 导入');
    await other.app.id('input-body').fill('{"number": "U-01", "name": "箱"}');
    const command = await other.app.exportCurl();
    await other.context.close();
    assert(command.includes('/jdy/v2/bd/unit'), `the export does not call the path: ${short(command)}`);

    await app.open();
    await app.pickApi('taobao.imbalance.create', 'imbalance');
    await app.id('import-open').click();
    await app.id('import-input').fill(command);
    const summary = app.id('import-summary');
    await summary.waitFor({ state: 'visible' });
    assert((await summary.getAttribute('data-api')) === 'kingdee.custom', `recognised as ${await summary.getAttribute('data-api')}`);
    assert((await summary.innerText()).includes('POST /jdy/v2/bd/unit'), `the summary says ${await summary.innerText()}`);
    await app.id('import-apply').click();
    await app.id('import-dialog').waitFor({ state: 'hidden' });
    // The notice (10 s, it has an Undo) names what was imported as its tab does, not "Custom request".
    const said = await app.id('support-notice-text').innerText();
    assert(/^Imported( into a new tab)?: \/jdy\/v2\/bd\/unit$/.test(said.trim()), `the import notice reads: ${said}`);
    await until('the custom Kingdee request in the builder', async () => (await app.id('api-kingdee.custom').getAttribute('aria-selected')) === 'true');
    await until('the imported path', async () => (await app.id('input-path').inputValue()) === '/jdy/v2/bd/unit');
    assert((await app.id('kv-query-value-0').inputValue()) === 'e2e 导入', 'the query row is not imported');
    // Its pins keep the builder's signature the capture's until something is edited.
    const line = app.id('captured-sign');
    await line.waitFor({ state: 'visible' });
    const lineSays = `${await line.getAttribute('data-state')} edited=${await line.getAttribute('data-edited')}`;
    assert(lineSays === 'ok edited=false', `the capture line right after the import: ${lineSays}: ${await line.innerText()}`);
    // An import brings the customer's clock and nonce; send with fresh ones.
    if (await app.id('unpin-timestamp').isVisible()) await app.id('unpin-timestamp').click();
    await app.pinNonce('');
    await app.page.setViewportSize({ width: 1366, height: 768 });
    await app.shot('custom-kingdee-imported');
    await app.send();
    await app.expectSuccess('received');
    const body = await app.bodyJson();
    const got = body.data?.received;
    assert(got?.path === '/jdy/v2/bd/unit' && got.method === 'POST', `the mock received ${short(JSON.stringify(body))}`);
    assert(got.query?.tag === 'e2e 导入' && got.body?.number === 'U-01', `the mock received ${JSON.stringify(got)}`);

    // Named by what it calls: the tab, the Save dialog's first name, the saved row.
    const activeTab = app.page.locator('[data-testid=request-tab][data-active=true]');
    await until('the tab titled by the path', async () => (await activeTab.innerText()).includes('/jdy/v2/bd/unit'));
    await app.page.keyboard.press('Control+s');
    await app.id('save-dialog').waitFor({ state: 'visible' });
    const proposed = await app.id('save-name').inputValue();
    assert(proposed === '/jdy/v2/bd/unit', `the Save dialog proposes ${JSON.stringify(proposed)}`);
    await app.id('save-confirm').click();
    await app.id('save-dialog').waitFor({ state: 'hidden' });
    const row = app.page.locator('[data-testid=saved-request][data-name="/jdy/v2/bd/unit"]');
    await row.waitFor({ state: 'visible' });
    const sub = (await row.locator('.api-sub').innerText()).trim();
    assert(sub === 'POST /jdy/v2/bd/unit', `the saved row says ${JSON.stringify(sub)}`);

    // A body that is not JSON is outlined where it is typed, not only said below it.
    await app.id('input-body').fill('{"number": U-01}');
    await until('the body box marked invalid', async () => (await app.id('input-body').getAttribute('aria-invalid')) === 'true');
    await app.id('input-body').fill('{"number": "U-01"}');
    await until('the body box no longer marked', async () => (await app.id('input-body').getAttribute('aria-invalid')) === 'false');
  },
};

const keyboardAndClear = {
  name: 'custom requests by keyboard: Send and a removed row keep the focus; a path without its / is said as Send says it; Clear empties rows and method; a Not sent notice goes with its request',
  async run({ app }) {
    // Unset / true / false is one Tab stop whose arrows choose, as the browser's radios.
    await openCustom(app, 'taobao');
    const checked = () => app.page.evaluate(() => document.querySelector('[data-testid^="input-with_session-"][aria-checked=true]')?.dataset.testid);
    const was = await until('a with_session choice', checked);
    await app.id(was).focus();
    await app.page.keyboard.press('ArrowRight');
    const now = await until('ArrowRight to choose the next', async () => { const c = await checked(); return c && c !== was ? c : null; });
    assert((await app.focusedTestId()) === now, `the focus is on ${await app.focusedTestId()}, the choice on ${now}`);
    const stops = await app.page.evaluate(() => [...document.querySelectorAll('[data-testid^="input-with_session-"]')].filter((b) => b.tabIndex === 0).length);
    assert(stops === 1, `with_session has ${stops} Tab stops`);

    // A "Not sent" notice of the 旺店通 call does not follow the person to another API.
    await openCustom(app, 'wdt');
    await app.id('input-method').fill('wms.stockout.Sales.weighingExt');
    await app.id('input-body').fill('{}');
    await expectFinding(app, 'body', /JSON array/);
    await app.id('input-method').focus();
    await app.page.keyboard.press('Control+Enter');
    await until('the Not sent notice', async () => /Not sent/.test(await app.id('support-notice-text').innerText().catch(() => '')));
    await app.pickApi('kingdee.custom');
    await until('the 旺店通 notice gone with its request', async () => !(await app.id('support-notice').isVisible()));

    // The leading slash: the form says what Send would, not "not under /jdy/v2/".
    await app.id('custom-form').waitFor({ state: 'visible' });
    await app.id('input-http_method').selectOption('POST');
    await app.id('input-path').fill('jdy/v2/bd/material');
    await expectFinding(app, 'path', /must start with `?\/`?/);
    assert(!/not under/.test(await app.id('findings-path').innerText()), 'the path is said to be outside /jdy/v2/');

    // Removing a row by keyboard keeps the focus in the rows: the next row, then Add.
    await addRow(app, 'query', 0, 'a', '1');
    await addRow(app, 'query', 1, 'b', '2');
    await app.id('kv-query-remove-0').focus();
    await app.page.keyboard.press('Enter');
    await until('the focus on the row that took its place', async () => (await app.focusedTestId()) === 'kv-query-remove-0');
    assert((await app.id('kv-query-name-0').inputValue()) === 'b', 'the wrong row was removed');
    await app.page.keyboard.press('Enter');
    await until('the focus on Add once no row is left', async () => (await app.focusedTestId()) === 'kv-query-add');

    // Clear takes everything: a value typed before its name, and the method the header showed.
    await app.id('kv-query-add').click();
    await app.id('kv-query-value-0').fill('no name yet');
    await until('the header names POST', async () => (await app.id('api-method').innerText().catch(() => '')) === 'POST');
    await app.id('clear').click();
    await until('the nameless row cleared', async () => !(await app.id('kv-query-value-0').isVisible()));
    await until('no method named once it is unset', async () => !(await app.id('api-method').isVisible()));
    assert((await app.id('input-http_method').inputValue()) === '', 'the method is still chosen after Clear');

    // Send by keyboard: the button keeps the focus while the answer comes and after.
    await app.id('input-http_method').selectOption('GET');
    await app.id('input-path').fill('/jdy/v2/bd/material');
    await expectFinding(app, 'path', null, true);
    await until('Send to be enabled', () => app.sendReady());
    await app.id('send').focus();
    await app.page.keyboard.press('Enter');
    await app.answer();
    await until('the focus still on Send', async () => (await app.focusedTestId()) === 'send');
  },
};

export const scenarios = [taobaoCustom, wdtCustom, kingdeeImport, keyboardAndClear];
