// Each of the seven requests, as a person sends it: find it in the sidebar, Mock
// environment, fill with the doc example, (Kingdee business APIs: Get app-token first),
// send, read the success badge and a field the mock vendor answered.

import { assert, until } from '../lib/harness.mjs';

/** search: what the person types in the sidebar; field: a key of the mock's answer. */
export const SEVEN = [
  { api: 'taobao.imbalance.create', search: 'imbalance', field: 'spi_result' },
  // note: a value the inspector labels from the doc's response table.
  { api: 'wdt.stockpd.sync', search: '盘点', field: 'pd_no', note: { path: 'data.pd_no', text: /Stock-count order number/ } },
  { api: 'kingdee.inv_check_task.save', search: 'inv_check_task', field: 'check_bill_no', token: true },
  { api: 'kingdee.inv_synchronous.list', search: 'inv_synchronous', field: 'rows', token: true },
  { api: 'kingdee.material.save', search: 'material', field: 'ids', token: true },
  { api: 'kingdee.push_app_authorize', search: 'push_app_authorize', field: 'appKey' },
  { api: 'kingdee.app_token', search: 'kingdee_auth_token', field: 'access_token' },
];

/** The API in the sidebar, the Mock environment, the doc example. */
export async function prepare(app, api, search) {
  await app.open();
  await app.pickApi(api, search);
  await app.chooseEnv('mock');
  await app.fillExample();
  await app.signature();
}

/** What a new customer has: only the outer instance id (the product instance). */
const tokenFromInstance = {
  name: 'Kingdee Get app-token from the outerInstanceId alone fills app_key, app_secret, domain and the token',
  async run({ app }) {
    await app.openWithCredentials('kingdee.inv_synchronous.list', 'inv_synchronous', {
      app_key: '', app_secret: '', domain: '', app_token: '', outer_instance_id: 'mock-instance',
    });
    const token = await app.getAppToken();
    assert(token.length > 8, `the app-token looks empty: ${token}`);
    await app.openCredentials();
    const got = {};
    for (const k of ['app_key', 'app_secret', 'domain']) got[k] = await app.credential(k);
    await app.closeDialog();
    assert(got.app_key && got.app_secret && /^https?:\/\//.test(got.domain), `after Get app-token: ${JSON.stringify(got)}`);
    assert((await app.id('credentials-status').getAttribute('data-ok')) === 'true', 'the credentials are not complete after Get app-token');
    await app.fillExample();
    await app.send();
    await app.expectSuccess('rows');
    // A stale app_secret typed beside the outerInstanceId: authorising again replaces it,
    // and says so (the typed value no longer goes without a word).
    await app.openCredentials();
    await app.setCredential('app_secret', 'stale');
    await app.id('get-app-token').click();
    const said = await until('Get app-token to say what it replaced', async () => {
      const t = await app.id('token-status').innerText();
      return /Got the app-token/.test(t) ? t : null;
    });
    assert(/app_secret replaced by what push_app_authorize granted/.test(said), `the token status says: ${said}`);
    assert(!/app_key/.test(said), `an unchanged app_key is said to be replaced: ${said}`);
    assert((await app.credential('app_secret')) === got.app_secret, 'the granted app_secret is not in place');
    await app.closeDialog();
  },
};

export const scenarios = [...SEVEN.map(({ api, search, field, token, note }) => ({
  name: `send ${api} to the mock: success with ${field}`,
  async run({ app }) {
    await prepare(app, api, search);
    if (token) {
      const t = await app.getAppToken();
      assert(t.length > 8, `the app-token looks empty: ${t}`);
    }
    const errors = await app.id('send').getAttribute('data-errors');
    assert(errors === '0', `the doc example has ${errors} validation errors`);
    // One of them the way keyboard people send: Ctrl+Enter.
    await app.send({ keyboard: api === 'kingdee.push_app_authorize' });
    await app.expectSuccess(field);
    if (note) {
      const said = await app.page.locator(`[data-path="${note.path}"] [data-testid="insp-field-note"]`).innerText();
      assert(note.text.test(said), `the inspector's note on ${note.path}: ${said}`);
      // A key the doc's map does not name (旺店通's count id) is one of its values.
      const notes = await app.page.locator('[data-testid="insp-tree"] [data-testid="insp-field-note"]').allInnerTexts();
      assert(notes.some((t) => /"ok"/.test(t)), `no note on the count id's value: ${notes.join(' | ')}`);
    }
    // The answer names the upstream that gave it (a mock's must not read as production's).
    const from = await app.id('insp-upstream').innerText();
    assert(/mock-/.test(from), `the answer does not say it came from a mock: ${from}`);
    if (api === 'kingdee.material.save') {
      await app.shot('inspector-success');
      // A screen reader hears the head line after a send, not the whole answer; and each
      // copy button in the tree says which value it copies.
      const live = await app.page.evaluate(() => [...document.querySelectorAll('[data-testid="inspector"] [aria-live]')].map((e) => e.innerText.length));
      assert((await app.id('inspector').getAttribute('aria-live')) === null && live.length === 1 && live[0] < 300,
        `the inspector's live region: ${JSON.stringify(live)}`);
      const names = await app.page.locator('[data-testid="insp-tree"] button.insp-copy').evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label')));
      assert(names.length > 1 && new Set(names).size === names.length, `copy buttons named alike: ${JSON.stringify(names.slice(0, 4))}`);
      // The root too: it names the whole body, not an empty path.
      const opens = await app.page.locator('[data-testid="insp-tree"] button.insp-twisty').evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label')));
      assert([...names, ...opens].every((n) => n && n === n.trim() && !n.startsWith('·')), `a button named with an empty path: ${JSON.stringify([names[0], opens[0]])}`);
      // Each tab list (the request's tab, Form / JSON, Body / Headers / Raw) names the
      // panel of its chosen tab, and the panel names its tab back.
      await app.expectTabsNamePanels(['insp-tab-body', 'insp-tab-headers', 'insp-tab-raw', 'tab-form', 'tab-json', 'request-tab'], 'after a send');
      await app.id('insp-tab-headers').click();
      await app.id('tab-json').click();
      await until('Headers and JSON shown', async () =>
        (await app.id('insp-tab-headers').getAttribute('aria-selected')) === 'true' && (await app.id('tab-json').getAttribute('aria-selected')) === 'true');
      await app.expectTabsNamePanels(['insp-tab-headers', 'tab-json'], 'on Headers and JSON');
      assert((await app.id('tab-form').getAttribute('aria-controls')) === null, 'the Form tab controls a panel not drawn');
      await app.id('tab-form').click();
    }
    if (api === 'taobao.imbalance.create') await app.shot('builder-signature');
  },
})), tokenFromInstance];
