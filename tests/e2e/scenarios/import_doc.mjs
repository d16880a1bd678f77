// An API from its vendor doc page, as a developer adds one: paste the page, read the
// parsed form and what was inferred, save, see it under Imported with its form and a live
// signature, send it to the mock, add a second one, find both again after a reload,
// delete them.

import { App } from '../lib/app.mjs';
import { assert, until } from '../lib/harness.mjs';

/** A small Kingdee page in the site's Markdown shape (our own words). */
const PAGE = `# 演示单保存

-   用途说明：端到端测试用的演示接口
-   请求方式：POST
-   请求地址：https://api.kingdee.com/jdy/v2/scm/e2e_demo

#### body参数

| 参数名称 | 参数类型 | 是否必填 | 参数说明 |
| --- | --- | --- | --- |
| bill\\_no | string | true | 单据编号 |
| bill\\_date | string | false | 单据日期 |
| kind | string | false | 类型(默认:普通:“1”,加急:“2”) |
`;

const ID = 'kingdee.scm.e2e_demo.post';
/** A second page, saved after the first: it must be listed at once too. */
const PAGE2 = PAGE.replace('e2e_demo', 'e2e_demo_two');
const ID2 = 'kingdee.scm.e2e_demo_two.post';

const importAndKeep = {
  name: 'import a Kingdee doc page: parsed form and notes, saved under Imported, signed, kept, deleted',
  async run({ app }) {
    await app.open();
    await app.id('import-doc-open').click();
    await app.id('import-doc-dialog').waitFor({ state: 'visible' });
    // The dialog is for pasting: the focus is in its text box, so Ctrl+V goes there.
    await until('the focus in the paste box', () =>
      app.page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'import-doc-input'));
    await app.id('import-doc-input').fill(PAGE);
    const preview = app.id('import-doc-preview');
    await preview.waitFor({ state: 'visible' });
    const shown = await preview.innerText();
    for (const part of ['/jdy/v2/scm/e2e_demo', 'bill_no', 'bill_date', 'kind']) {
      assert(shown.includes(part), `the preview does not show ${part}: ${shown}`);
    }
    const notes = await app.id('import-doc-notes').innerText();
    assert(notes.includes('bill_date') && notes.includes('kind'), `the notes do not name the inferred fields: ${notes}`);
    await app.id('import-doc-save').click();
    await app.id('import-doc-dialog').waitFor({ state: 'hidden' });
    // It opens in a tab of its own: the request that was on screen stays in its tab.
    const tabs = app.page.locator('[data-testid="request-tab"]');
    await until('the import in a second tab, on screen', async () =>
      (await tabs.count()) === 2 && (await tabs.nth(1).getAttribute('data-active')) === 'true');

    const item = app.id(`api-${ID}`);
    await until('the imported API to be selected', async () => (await item.getAttribute('aria-selected')) === 'true');
    await app.id('api-title').waitFor({ state: 'visible' });
    // The focus lands in the new API's form (its first field), not back on the sidebar
    // button that opened the dialog: keyboard users go on where the new API is.
    const focused = await until('the focus on the first field of the new form', () =>
      app.page.evaluate(() => {
        const el = document.activeElement;
        const first = document.querySelector('.form-fields .field-control :is(input, textarea, select, button):not([disabled])');
        return el !== null && el === first ? el.getAttribute('data-testid') || el.id : null;
      }));
    assert(focused.startsWith('input-'), `the focus is on ${focused}, not a field of the form`);
    await app.chooseEnv('mock');
    // The page has no request sample: nothing to fill in, so the button is off and says
    // why (it had emptied the form), and the notes said so.
    assert(notes.includes('no request sample'), `the notes do not say the sample is missing: ${notes}`);
    assert(await app.id('fill-example').isDisabled(), 'Fill with doc example is offered for a page without a sample');
    assert(/no request example/.test(await app.id('fill-example').getAttribute('title')), 'the disabled button does not say why');
    const sig = await app.signature();
    assert(sig.length > 8, `no live signature for the imported API: ${sig}`);
    // The mock serves any signed Kingdee path, so an imported API works in class too.
    await app.id('input-bill_no').fill('E2E-001');
    await app.signatureChangedFrom(sig, 'filling bill_no');
    await app.send();
    await app.expectSuccess('received');
    const got = (await app.bodyJson()).data?.received;
    assert(got?.path === '/jdy/v2/scm/e2e_demo' && got.body?.bill_no === 'E2E-001', `the mock received ${JSON.stringify(got)}`);

    await app.id('import-doc-open').click();
    await app.id('import-doc-input').fill(PAGE2);
    await app.id('import-doc-preview').waitFor({ state: 'visible' });
    await app.id('import-doc-save').click();
    await app.id('import-doc-dialog').waitFor({ state: 'hidden' });
    const second = app.id(`api-${ID2}`);
    await until('the second import to be listed and selected', async () => (await second.getAttribute('aria-selected')) === 'true');
    await app.id(`api-${ID}`).waitFor({ state: 'visible' });

    await app.reload();
    await app.id(`api-${ID}`).waitFor({ state: 'visible' });
    await app.id(`api-${ID2}`).waitFor({ state: 'visible' });

    // The sidebar's search filters the imports too, and finds them.
    await app.id('api-search').fill('e2e_demo_two');
    await app.id(`api-${ID}`).waitFor({ state: 'detached' });
    await app.id(`api-${ID2}`).waitFor({ state: 'visible' });
    assert(!(await app.page.getByText(/No API matches|没有匹配的接口/).isVisible()), 'an import matches, yet "no match" is said');
    await app.id('api-search').fill('');
    await app.id(`api-${ID}`).waitFor({ state: 'visible' });

    // Ctrl+K, the arrows and Enter reach the imports as they reach the catalog's APIs,
    // and typing goes on in the form opened. Enter had opened nothing: the keys only
    // walked the catalog's matches.
    const active = async (id) => ((await app.id(`api-${id}`).getAttribute('class')) || '').split(' ').includes('active');
    await app.id('api-kingdee.material.save').click();
    await until('a catalog API on screen', async () => (await app.id(`api-${ID2}`).getAttribute('aria-selected')) === 'false');
    await app.page.keyboard.press('Control+k');
    await app.page.keyboard.type('e2e_demo');
    await until('the first import highlighted', () => active(ID));
    await app.page.keyboard.press('ArrowDown');
    await until('↓ moves to the second import', async () => (await active(ID2)) && !(await active(ID)));
    await app.page.keyboard.press('Enter');
    await until('Enter opens it, the focus in its first field', async () =>
      (await app.id(`api-${ID2}`).getAttribute('aria-selected')) === 'true'
      && (await app.page.evaluate(() => document.activeElement?.dataset?.testid)) === 'input-bill_no');

    // The same page again would replace the first import: the dialog says so before Save.
    await app.id('import-doc-open').click();
    await app.id('import-doc-input').fill(PAGE);
    await app.id('import-doc-replaces').waitFor({ state: 'visible' });
    await app.page.keyboard.press('Escape');
    await app.id('import-doc-dialog').waitFor({ state: 'hidden' });
    // Escape closed it, and what was pasted is still there when it opens again.
    await app.id('import-doc-open').click();
    await until('the pasted page kept', async () => (await app.id('import-doc-input').inputValue()) === PAGE);
    await app.page.keyboard.press('Escape');
    await app.id('import-doc-dialog').waitFor({ state: 'hidden' });

    await app.id(`imported-delete-${ID}`).click();
    await app.id(`api-${ID}`).waitFor({ state: 'detached' });
    // The delete is said with an Undo that brings the definition back, kept over a reload.
    await app.id('notice-undo').click();
    await app.id(`api-${ID}`).waitFor({ state: 'visible' });
    await app.reload();
    await app.id(`api-${ID}`).waitFor({ state: 'visible' });

    // A request tab left on a deleted import says so; clicking it offers to put the API
    // back (the delete's own notice may be gone by then), and the tab's document with it.
    await app.id(`api-${ID}`).click();
    await app.id('input-bill_no').fill('TAB-KEPT');
    const open = await tabs.count();
    const kept = await tabs.evaluateAll((ts) => ts.findIndex((t) => t.dataset.active === 'true'));
    await app.id(`api-${ID2}`).click({ modifiers: ['Control'] });
    await until('another tab', async () => (await tabs.count()) === open + 1);
    await app.id(`imported-delete-${ID}`).click();
    await until('the hidden tab marked deleted', async () => (await tabs.nth(kept).innerText()).includes('(deleted)'));
    await tabs.nth(kept).locator('[role="tab"]').click();
    await until('a notice that its API was deleted', async () =>
      ((await app.id('support-notice').getAttribute('class')) || '').includes('error'));
    await app.id('notice-undo').click();
    await until('the first tab on screen with its document', async () =>
      (await tabs.nth(kept).getAttribute('data-active')) === 'true' && (await app.id('input-bill_no').inputValue()) === 'TAB-KEPT');

    // Deleting the import on screen keeps its tab too: another API opens in a tab of its
    // own, the import's tab is marked, and Undo brings the tab back with what was typed.
    await app.id(`imported-delete-${ID}`).click();
    await until('the deleted import\'s tab kept, marked, not on screen', async () =>
      (await tabs.nth(kept).innerText()).includes('(deleted)') && (await tabs.nth(kept).getAttribute('data-active')) !== 'true');
    await app.id('notice-undo').click();
    await until('the import\'s tab on screen again with its document', async () =>
      (await tabs.nth(kept).getAttribute('data-active')) === 'true' && (await app.id('input-bill_no').inputValue()) === 'TAB-KEPT');

    await app.id(`imported-delete-${ID}`).click();
    await app.id(`api-${ID}`).waitFor({ state: 'detached' });
    await app.id(`imported-delete-${ID2}`).click();
    await app.id(`api-${ID2}`).waitFor({ state: 'detached' });
    await app.reload();
    await app.id('api-search').waitFor({ state: 'visible' });
    assert(!(await app.id(`api-${ID}`).count()) && !(await app.id(`api-${ID2}`).count()), 'a deleted import came back after a reload');
  },
};

const notAnApiPage = {
  name: 'import a page that is not an API page: the error names what is missing, nothing is saved',
  async run({ app }) {
    await app.open();
    await app.id('import-doc-open').click();
    await app.id('import-doc-input').fill('# 开发者指南\n\n欢迎使用开放平台。\n');
    await app.id('import-doc-error').waitFor({ state: 'visible' });
    assert(!(await app.id('import-doc-save').isEnabled()), 'Save is enabled for a page that is not an API page');
  },
};

const catalogFileBack = {
  name: 'an exported catalog file goes back in through Add API from doc page, as it was',
  async run({ app }) {
    await app.open();
    await app.id('import-doc-open').click();
    await app.id('import-doc-input').fill(PAGE);
    await app.id('import-doc-preview').waitFor({ state: 'visible' });
    await app.id('import-doc-save').click();
    await app.id(`api-${ID}`).waitFor({ state: 'visible' });
    // What Export as a catalog file writes is the text Edit as JSON shows.
    await app.id(`imported-edit-${ID}`).click();
    const file = await until('the catalog file', async () => {
      const t = await app.id('imported-edit-input').inputValue();
      return t.trim().startsWith('{') ? t : null;
    });
    await app.page.keyboard.press('Escape');
    const tabs = app.page.locator('[data-testid="request-tab"]');
    const before = await tabs.count();
    await app.id(`imported-delete-${ID}`).click();
    await app.id(`api-${ID}`).waitFor({ state: 'detached' });

    await app.id('import-doc-open').click();
    await app.id('import-doc-input').fill(file);
    await app.id('import-doc-preview').waitFor({ state: 'visible' });
    const notes = await app.id('import-doc-notes').innerText();
    assert(/catalog file|目录文件/.test(notes), `the preview does not say it is a catalog file: ${notes}`);
    await app.id('import-doc-save').click();
    await app.id(`api-${ID}`).waitFor({ state: 'visible' });
    // Back in the tab it had (kept, marked deleted), not in yet another one.
    await until('the import back on screen in its own tab', async () =>
      (await app.id(`api-${ID}`).getAttribute('aria-selected')) === 'true');
    assert((await tabs.count()) === before, `deleting and adding it back left ${await tabs.count()} tabs, not ${before}`);

    // A file with a field of the wrong kind is refused by the field's path.
    await app.id('import-doc-open').click();
    await app.id('import-doc-input').fill(file.replace('"required": true', '"required": "yes"'));
    const error = await until('the error', async () => {
      const e = app.id('import-doc-error');
      return (await e.count()) && (await e.isVisible()) ? e.innerText() : null;
    });
    assert(/params\[0\]\.required/.test(error), `the error does not name the field: ${error}`);
    assert(!(await app.id('import-doc-save').isEnabled()), 'Save is enabled for a broken catalog file');
  },
};

/** Adds an API from a doc page in this window. */
async function addFromDoc(app, page) {
  await app.id('import-doc-open').click();
  await app.id('import-doc-dialog').waitFor({ state: 'visible' });
  await app.id('import-doc-input').fill(page);
  await app.id('import-doc-preview').waitFor({ state: 'visible' });
  await app.id('import-doc-save').click();
  await app.id('import-doc-dialog').waitFor({ state: 'hidden' });
}

const importsInTwoWindows = {
  name: 'APIs added in two windows are all kept: an import in one window does not write over the other\'s',
  async run({ app, context }) {
    await app.open();
    // Both windows have loaded the empty list before either imports.
    const b = new App(await context.newPage());
    await b.open();
    await addFromDoc(app, PAGE);
    await until('window B lists what A added', async () => (await b.id(`api-${ID}`).count()) === 1);
    await addFromDoc(b, PAGE2);
    await until('window A lists what B added', async () => (await app.id(`api-${ID2}`).count()) === 1);
    const stored = async () => (await app.page.evaluate(() => JSON.parse(localStorage.getItem('countersign.imported.v1') || '[]'))).map((a) => a.id).sort();
    await until('both kept in the browser', async () => JSON.stringify(await stored()) === JSON.stringify([ID, ID2].sort()));
    await app.reload();
    await app.id(`api-${ID}`).waitFor();
    await app.id(`api-${ID2}`).waitFor();
  },
};

export const scenarios = [importAndKeep, notAnApiPage, catalogFileBack, importsInTwoWindows];
