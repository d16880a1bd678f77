// Saved requests (issue 18, "Navigation and organisation"): save the request on screen into
// a collection, rename it, reload, open it again (same document, same signature), export the
// collections as one file, import it back, and refuse a file that is not one.

import { App } from '../lib/app.mjs';
import { assert, until } from '../lib/harness.mjs';

const WIDE = { viewport: { width: 1366, height: 768 } };
const NARROW = { viewport: { width: 1024, height: 768 } };

/** The saved requests' names, in sidebar order. */
async function savedNames(app) {
  return app.page
    .locator('[data-testid="saved-request"]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')));
}

async function expectSaved(app, want, why) {
  await until(`saved requests ${JSON.stringify(want)} (${why})`, async () =>
    JSON.stringify(await savedNames(app)) === JSON.stringify(want));
}

function row(app, name) {
  return app.page.locator(`[data-testid="saved-request"][data-name="${name}"]`);
}

function saveAndReopen(label, context) {
  return {
    name: `saved requests at ${label}: save, rename, reload, open with the same document and signature, export and import`,
    context,
    async run({ app }) {
      const tag = label.replace('×', 'x');
      await app.open();
      await app.pickApi('kingdee.material.save', 'material');
      await app.chooseEnv('mock');
      await app.id('input-name').fill('Saved widget');
      await app.pinTimestamp('1670305063559');
      await app.pinNonce('4427456950');
      const sig = await until('a signature for the pinned request', async () => {
        const s = await app.signature();
        return /^[A-Za-z0-9+/=]{16,}$/.test(s) ? s : null;
      });
      assert(await app.id('saved-empty').isVisible(), 'the Saved section does not say it is empty');

      // Ctrl+S opens the dialog with the focus in the name field.
      await app.page.keyboard.press('Control+s');
      await app.id('save-dialog').waitFor({ state: 'visible' });
      await until('the focus in the name field', async () => (await app.focusedTestId()) === 'save-name');
      // The proposed name is selected: what is typed replaces it.
      const proposed = await app.id('save-name').inputValue();
      assert(proposed.trim(), 'no name proposed');
      await app.page.keyboard.type('Typed over');
      await until('the typed name replacing the proposed one', async () => (await app.id('save-name').inputValue()) === 'Typed over');
      // An empty name is refused, in words.
      await app.id('save-name').fill('  ');
      await app.id('save-confirm').click();
      await until('the empty-name message', async () => /name is empty/i.test(await app.id('save-error').innerText()));
      await app.id('save-name').fill('Widget A');
      await app.id('save-new-collection').fill('Demo');
      await app.shot(`saved-dialog-${tag}`);
      await app.id('save-confirm').click();
      await app.id('save-dialog').waitFor({ state: 'hidden' });
      await expectSaved(app, ['Widget A'], 'after the save');
      // The tab is now that saved request, and says so.
      const activeTab = app.page.locator('[data-testid=request-tab][data-active=true]');
      await until('the tab named after the saved request', async () => (await activeTab.innerText()).includes('Widget A'));
      const stored = await app.page.evaluate(() => localStorage.getItem('countersign.saved.v1'));
      assert(stored.includes('"nonce":"4427456950"') && stored.includes('1670305063559'), `the pins were not saved: ${stored}`);
      assert(!/app_secret|client_secret/.test(stored), `a credential was saved: ${stored}`);

      // Rename in place. An empty name is refused, the field kept, and the app goes on
      // (it used to panic on the row it had drawn again).
      await row(app, 'Widget A').getByTestId('saved-rename').click();
      const field = app.id('saved-rename-input');
      await field.waitFor({ state: 'visible' });
      await field.fill('');
      await field.press('Enter');
      await until('the empty name refused', async () => /empty|为空|不能为空/.test(await app.id('support-notice').innerText().catch(() => '')));
      assert(await field.isVisible(), 'the rename field went away on an empty name');
      await field.fill('Widget renamed');
      await field.press('Enter');
      await expectSaved(app, ['Widget renamed'], 'after the rename');
      await until('the tab renamed with it', async () => (await activeTab.innerText()).includes('Widget renamed'));

      // Walk away: switch API in this tab, change that document, reload. (Edits to the
      // saved request itself would keep their tab: see the edited-tab scenario.)
      await app.pickApi('wdt.stockpd.sync', 'stockSyncByPd');
      await app.id('input-pdOrder.warehouse_no').fill('something else');
      await app.reload();
      await expectSaved(app, ['Widget renamed'], 'after the reload');

      await row(app, 'Widget renamed').getByTestId('saved-open').click();
      await until('material save to be open', async () =>
        (await app.id('api-kingdee.material.save').getAttribute('aria-selected')) === 'true');
      await until('the saved name in the form', async () => (await app.id('input-name').inputValue()) === 'Saved widget');
      assert((await app.id('pin-nonce').inputValue()) === '4427456950', 'the pinned nonce was not restored');
      await app.expectSignature(sig, 'the saved request to sign as before');
      await app.shot(`saved-opened-${tag}`);

      // Export the collections as one file.
      const [download] = await Promise.all([
        app.page.waitForEvent('download'),
        app.id('saved-export').click(),
      ]);
      const chunks = [];
      for await (const c of await download.createReadStream()) chunks.push(c);
      const file = Buffer.concat(chunks).toString('utf8');
      const parsed = JSON.parse(file);
      assert(parsed.format === 'countersign.saved' && parsed.collections?.[0]?.name === 'Demo',
        `the export is not the collections file: ${file.slice(0, 200)}`);

      // Delete the collection, undo, delete again: the Saved section is empty.
      const coll = app.page.locator('[data-testid="saved-collection"][data-name="Demo"]');
      await coll.locator('.saved-line').first().getByTestId('saved-delete').click();
      await expectSaved(app, [], 'after the delete');
      await app.id('saved-undo').click();
      await expectSaved(app, ['Widget renamed'], 'after undo');
      await coll.locator('.saved-line').first().getByTestId('saved-delete').click();
      await app.id('saved-empty').waitFor({ state: 'visible' });

      // A file that is not a collections file is refused whole, with its cause.
      await app.id('saved-import').setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from('{"a": 1}') });
      await until('the refusal', async () => /not a countersign collections file/.test(await app.id('support-notice').innerText()));
      assert((await savedNames(app)).length === 0, 'a refused file added something');

      // The exported file comes back, and opens as saved.
      await app.id('saved-import').setInputFiles({ name: 'countersign-saved.json', mimeType: 'application/json', buffer: Buffer.from(file) });
      await expectSaved(app, ['Widget renamed'], 'after the import');
      // The same file again adds nothing twice, and says so.
      await app.id('saved-import').setInputFiles({ name: 'countersign-saved.json', mimeType: 'application/json', buffer: Buffer.from(file) });
      await until('the nothing-new notice', async () => /Nothing new|没有新内容/.test(await app.id('support-notice').innerText().catch(() => '')));
      await expectSaved(app, ['Widget renamed'], 'after importing the same file again');
      // A file too big for this browser's storage is refused whole: accepted in the page
      // only, it made every later save fail and was gone after a reload.
      const big = JSON.parse(file);
      big.collections[0].requests[0].state.document.huge = 'x'.repeat(6_000_000);
      await app.id('saved-import').setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(big)) });
      await until('the big file refused', async () => /Nothing imported|未导入/.test(await app.id('support-notice').innerText().catch(() => '')));
      await expectSaved(app, ['Widget renamed'], 'after the big file');
      assert(!(await app.id('saved-undo-bar').isVisible()), 'Undo is still offered after a later change');
      // The tab on screen is that saved request, edited: a click keeps the edits and says
      // how to see it as saved (it had put the saved version over them).
      await app.id('input-name').fill('changed again');
      await row(app, 'Widget renamed').getByTestId('saved-open').click();
      await until('the notice that this tab is it', async () =>
        /is this tab, with its unsaved edits kept/.test(await app.id('support-notice').innerText().catch(() => '')));
      assert((await app.id('input-name').inputValue()) === 'changed again', 'a click on the saved request of this tab threw its edits away');
      await row(app, 'Widget renamed').getByTestId('saved-open').click({ modifiers: ['Control'] });
      await until('the imported document in the form', async () => (await app.id('input-name').inputValue()) === 'Saved widget');
      await app.expectSignature(sig, 'the imported request to sign as before');
      assert(!(await app.sidewaysOverflow()), `the page scrolls sideways at ${label}`);
      await app.shot(`saved-imported-${tag}`);

      // The request opened from a saved one can be updated in place.
      await app.id('input-name').fill('Updated widget');
      await app.id('save-request').click();
      await app.id('save-update').click();
      await app.id('save-dialog').waitFor({ state: 'hidden' });
      await until('the update in the store', async () =>
        (await app.page.evaluate(() => localStorage.getItem('countersign.saved.v1'))).includes('Updated widget'));
      await expectSaved(app, ['Widget renamed'], 'an update keeps the name and place');

      // A full storage is said, not swallowed: the rename stays in the page, and the
      // notice names the cause.
      await app.page.evaluate(() => {
        for (let size = 1 << 20, i = 0; size >= 1; i++) {
          try { localStorage.setItem(`filler.${i}`, 'x'.repeat(size)); } catch { size >>= 1; }
        }
      });
      await row(app, 'Widget renamed').getByTestId('saved-rename').click();
      const again = app.id('saved-rename-input');
      await again.waitFor({ state: 'visible' });
      await again.fill('A name too long for a full storage');
      await again.press('Enter');
      await until('the storage-full notice', async () =>
        /Not stored in this browser/.test(await app.id('support-notice').innerText()));
      await expectSaved(app, ['A name too long for a full storage'], 'the rename kept in the page');
      await app.page.evaluate(() => {
        for (const k of Object.keys(localStorage)) if (k.startsWith('filler.')) localStorage.removeItem(k);
      });
    },
  };
}

async function tabTitles(app) {
  return app.page.locator('[data-testid="request-tab"]').evaluateAll((ts) =>
    ts.map((t) => `${t.getAttribute('data-active') === 'true' ? '*' : ''}${t.textContent.replace('×', '').trim()}`));
}

async function expectTabs(app, want, why) {
  await until(`tabs ${JSON.stringify(want)} (${why})`, async () => JSON.stringify(await tabTitles(app)) === JSON.stringify(want));
}

function tabs(label, context) {
  return {
    name: `request tabs at ${label}: a numbered copy with "+", an API with Ctrl+click, each tab keeps its document and signature, Back and Forward return to the tab, closing shows a neighbour, a reload reopens them`,
    context,
    async run({ app }) {
      const tag = label.replace('×', 'x');
      await app.open();
      await app.pickApi('kingdee.material.save', 'material');
      await app.chooseEnv('mock');
      await app.id('input-name').fill('Tab one');
      await app.pinTimestamp('1670305063559');
      await app.pinNonce('4427456950');
      const sig1 = await app.signature();
      await expectTabs(app, ['*Save a product'], 'one tab at first');

      await app.id('request-tab-new').click();
      // A copy shares its title: numbered, so the tabs can be told apart.
      await expectTabs(app, ['Save a product', '*Save a product (2)'], 'after +');
      // The number stays in sight, also when a long name is cut.
      const hidden = await app.page.locator('.request-tab-n').evaluateAll((ns) => ns.filter((n) => {
        const r = n.getBoundingClientRect();
        const tab = n.closest('.request-tab-main').getBoundingClientRect();
        return r.width === 0 || r.right > tab.right + 0.5;
      }).length);
      assert(hidden === 0, `${hidden} tab number(s) cut off`);
      assert((await app.id('input-name').inputValue()) === 'Tab one', 'the new tab is not a copy of the request');
      // Kingdee signs the nonce, not the body: a different pin tells the tabs' signatures apart.
      await app.id('input-name').fill('Tab two');
      await app.pinNonce('1111111111');
      const sig2 = await app.signatureChangedFrom(sig1, 'the second tab\'s nonce');

      await app.id('api-search').fill('stockSyncByPd');
      await app.id('api-wdt.stockpd.sync').click({ modifiers: ['Control'] });
      await app.id('api-search').fill('');
      await expectTabs(app, ['Save a product', 'Save a product (2)', '*Create a stock-count order'], 'after Ctrl+click');
      assert(await app.page.evaluate(() => {
        const strip = document.querySelector('.request-tabs');
        return strip.scrollHeight <= strip.clientHeight;
      }), `the tab strip scrolls up and down at ${label}`);
      await until('the stock-count API on screen', async () => (await app.id('api-wdt.stockpd.sync').getAttribute('aria-selected')) === 'true');

      await app.page.locator('[data-testid="request-tab"]').nth(0).locator('[role="tab"]').click();
      await until('the first tab\'s document', async () => (await app.id('input-name').inputValue()) === 'Tab one');
      await app.expectSignature(sig1, 'the first tab to sign as before');
      await app.page.locator('[data-testid="request-tab"]').nth(1).locator('[role="tab"]').click();
      await until('the second tab\'s document', async () => (await app.id('input-name').inputValue()) === 'Tab two');
      await app.expectSignature(sig2, 'the second tab to sign as before');
      await app.shot(`tabs-${tag}`);

      // Back steps to the tab shown before, with its own request; it never loads another
      // tab's API into the one on screen. Forward returns.
      await app.page.goBack();
      await expectTabs(app, ['*Save a product', 'Save a product (2)', 'Create a stock-count order'], 'after Back');
      await until('the first tab\'s document after Back', async () => (await app.id('input-name').inputValue()) === 'Tab one');
      await app.expectSignature(sig1, 'the first tab to sign as before after Back');
      await app.page.goBack();
      await expectTabs(app, ['Save a product', 'Save a product (2)', '*Create a stock-count order'], 'after a second Back');
      await until('the stock-count API after a second Back', async () => (await app.id('api-wdt.stockpd.sync').getAttribute('aria-selected')) === 'true');
      await app.page.goForward();
      await app.page.goForward();
      await expectTabs(app, ['Save a product', '*Save a product (2)', 'Create a stock-count order'], 'after Forward twice');
      await until('the second tab\'s document after Forward', async () => (await app.id('input-name').inputValue()) === 'Tab two');
      await app.expectSignature(sig2, 'the second tab to sign as before after Forward');

      // Closing the tab on screen shows its right-hand neighbour.
      await app.page.locator('[data-testid="request-tab"]').nth(1).getByTestId('request-tab-close').click();
      await expectTabs(app, ['Save a product', '*Create a stock-count order'], 'after closing the second');
      await until('the stock-count API on screen', async () => (await app.id('api-wdt.stockpd.sync').getAttribute('aria-selected')) === 'true');
      // The close is said with an Undo that puts the tab back where it was, with its
      // request, and on screen as it was.
      await app.id('notice-undo').click();
      await expectTabs(app, ['Save a product', '*Save a product (2)', 'Create a stock-count order'], 'after Undo of the close');
      await until('the closed tab\'s document back', async () => (await app.id('input-name').inputValue()) === 'Tab two');
      await app.expectSignature(sig2, 'the closed tab to sign as before');
      await app.page.locator('[data-testid="request-tab"]').nth(1).getByTestId('request-tab-close').click();
      await expectTabs(app, ['Save a product', '*Create a stock-count order'], 'after closing it again');
      assert(!(await app.sidewaysOverflow()), `the page scrolls sideways at ${label}`);

      // Back to an entry of the closed tab leaves the screen as it is, and the address
      // names what is on screen again (else the reload below would open that entry's API
      // in this tab).
      await app.page.goBack();
      await until('the address naming the stock-count API again', async () =>
        (await app.page.evaluate(() => location.hash)) === '#/wdt.stockpd.sync');
      await expectTabs(app, ['Save a product', '*Create a stock-count order'], 'after Back to a closed tab');
      assert((await app.id('api-wdt.stockpd.sync').getAttribute('aria-selected')) === 'true', 'Back to a closed tab changed the API on screen');

      // A reload reopens every tab: the one on screen from the draft, the hidden one from
      // what the tabs kept, with its pins.
      await app.reload();
      await expectTabs(app, ['Save a product', '*Create a stock-count order'], 'after a reload');
      await until('the stock-count API on screen after the reload', async () => (await app.id('api-wdt.stockpd.sync').getAttribute('aria-selected')) === 'true');
      await app.page.locator('[data-testid="request-tab"]').nth(0).locator('[role="tab"]').click();
      await until('the first tab\'s document after the reload', async () => (await app.id('input-name').inputValue()) === 'Tab one');
      await app.expectSignature(sig1, 'the first tab to sign as before the reload');
    },
  };
}

/** Waits until this window has stored `n` tabs and a draft with `field` = `value` in `api`'s document. */
async function expectStored(app, n, api, field, value) {
  await until(`${n} stored tabs`, async () => (await app.savedTabs())?.tabs?.length === n);
  const path = field.split('.');
  await app.waitForDraft(`${field} = ${value}`, (d) => path.reduce((o, k) => o?.[k], d.docs?.[api]) === value);
}

const twoWindows = {
  name: 'two windows of the app keep their own tabs: reloading both, or closing one and opening another, loses neither\'s edits',
  context: WIDE,
  async run({ app, context }) {
    // Window A: two tabs of a product.
    await app.open();
    await app.pickApi('kingdee.material.save', 'material');
    await app.id('input-name').fill('A one');
    await app.id('request-tab-new').click();
    await expectTabs(app, ['Save a product', '*Save a product (2)'], 'window A after +');
    await app.id('input-name').fill('A two');
    await expectStored(app, 2, 'kingdee.material.save', 'name', 'A two');

    // Window B, opened beside it: starts with one tab, then two of a stock count.
    const b = new App(await context.newPage());
    await b.open();
    await expectTabs(b, ['*Save a product'], 'a second window starts with one tab');
    await b.pickApi('wdt.stockpd.sync', 'stockSyncByPd');
    await b.id('input-pdOrder.remark').fill('B one');
    await b.id('request-tab-new').click();
    await expectTabs(b, ['Create a stock-count order', '*Create a stock-count order (2)'], 'window B after +');
    await b.id('input-pdOrder.remark').fill('B two');
    await expectStored(b, 2, 'wdt.stockpd.sync', 'pdOrder.remark', 'B two');

    // A types again after B wrote: B's writes did not replace A's.
    await app.id('input-name').fill('A two, later');
    await expectStored(app, 2, 'kingdee.material.save', 'name', 'A two, later');

    const expectA = async (page, why) => {
      await expectTabs(page, ['Save a product', '*Save a product (2)'], why);
      await until(`A's second tab (${why})`, async () => (await page.id('input-name').inputValue()) === 'A two, later');
      await page.page.locator('[data-testid="request-tab"]').nth(0).locator('[role="tab"]').click();
      await until(`A's first tab (${why})`, async () => (await page.id('input-name').inputValue()) === 'A one');
    };
    const expectB = async (page, why) => {
      await expectTabs(page, ['Create a stock-count order', '*Create a stock-count order (2)'], why);
      await until(`B's second tab (${why})`, async () => (await page.id('input-pdOrder.remark').inputValue()) === 'B two');
      await page.page.locator('[data-testid="request-tab"]').nth(0).locator('[role="tab"]').click();
      await until(`B's first tab (${why})`, async () => (await page.id('input-pdOrder.remark').inputValue()) === 'B one');
    };
    await app.reload();
    await b.reload();
    await expectA(app, 'A after reloading both');
    await expectB(b, 'B after reloading both');

    // B is closed; a window opened next reopens B's tabs (A keeps its own).
    await b.page.locator('[data-testid="request-tab"]').nth(1).locator('[role="tab"]').click();
    await expectStored(b, 2, 'wdt.stockpd.sync', 'pdOrder.remark', 'B two');
    await b.page.close({ runBeforeUnload: true });
    const c = new App(await context.newPage());
    await c.open();
    await expectB(c, 'a new window after B was closed');
    await app.reload();
    await until('A\'s first tab still on screen', async () => (await app.id('input-name').inputValue()) === 'A one');
  },
};

const savedInTwoWindows = {
  name: 'requests saved in two windows are all kept: a save in one window does not write over what the other saved',
  context: WIDE,
  async run({ app, context }) {
    await app.open();
    await app.pickApi('kingdee.material.save', 'material');
    // Both windows have loaded the empty store before either saves.
    const b = new App(await context.newPage());
    await b.open();
    // B picks its API itself: a new window copies A's tabs only if A's draft was written
    // before B opened, which raced (alone, the scenario failed: B showed the first API).
    await b.pickApi('kingdee.material.save', 'material');
    await saveAs(app, 'From A', 'Two windows');
    await expectSaved(b, ['From A'], 'window B shows what A saved');
    await b.id('input-name').fill('B\'s product');
    await saveAs(b, 'From B');
    await expectSaved(app, ['From A', 'From B'], 'window A shows what B saved');
    await app.reload();
    await expectSaved(app, ['From A', 'From B'], 'after a reload');
  },
};

const preferencesInTwoWindows = {
  name: 'credentials remembered and the language chosen in one window hold when another window writes its own',
  context: WIDE,
  async run({ app, context }) {
    const CREDS = 'countersign.credentials.v1';
    const stored = (page) => page.page.evaluate((k) => localStorage.getItem(k) ?? '', CREDS);
    await app.open();
    await app.pickApi('kingdee.material.save', 'material');
    await app.chooseEnv('mock');
    const b = new App(await context.newPage());
    await b.open();
    await b.pickApi('kingdee.material.save', 'material');
    await b.chooseEnv('mock');

    // B remembers a set; A, open all along, takes it.
    await b.openCredentials();
    await b.setCredential('app_key', 'key-from-B');
    await b.id('remember-checkbox').check();
    await until('B\'s set in localStorage', async () => (await stored(b)).includes('key-from-B'));
    await b.closeDialog();
    await app.openCredentials();
    await until('A to show the set B remembered', async () => (await app.credential('app_key')) === 'key-from-B');
    // A's own keystroke writes the remembered sets: B's is among them, not dropped.
    await app.setCredential('app_secret', 'secret-typed-in-A');
    await until('A\'s write to keep B\'s set and add its own keystroke', async () => {
      const text = await stored(app);
      return text.includes('key-from-B') && text.includes('secret-typed-in-A');
    });
    await app.closeDialog();

    // The language chosen in B is A's too, so A's next write of its preferences keeps it.
    const before = await app.htmlLang();
    await b.switchLanguage();
    await until('B in the other language', async () => (await b.htmlLang()) !== before);
    await until('A in the language B chose', async () => (await app.htmlLang()) === (await b.htmlLang()));
    await app.reload();
    await until('A after a reload', async () => (await app.htmlLang()) === (await b.htmlLang()));
  },
};

async function saveAs(app, name, collection) {
  await app.page.keyboard.press('Control+s');
  await app.id('save-dialog').waitFor({ state: 'visible' });
  await app.id('save-name').fill(name);
  if (collection) await app.id('save-new-collection').fill(collection);
  await app.id('save-confirm').click();
  await app.id('save-dialog').waitFor({ state: 'hidden' });
}

function tab(app, i) {
  return app.page.locator('[data-testid="request-tab"]').nth(i);
}

async function expectEdited(app, want, why) {
  await until(`edited marks ${JSON.stringify(want)} (${why})`, async () =>
    JSON.stringify(await app.page.locator('[data-testid="request-tab"]').evaluateAll((ts) =>
      ts.map((t) => t.getAttribute('data-edited') === 'true'))) === JSON.stringify(want));
}

function editedSaved(label, context) {
  return {
    name: `saved requests at ${label}: a tab edited since its save is marked; opening a saved request shows its tab, and never replaces unsaved edits`,
    context,
    async run({ app }) {
      await app.open();
      await app.pickApi('kingdee.material.save', 'material');
      await app.chooseEnv('mock');
      await app.id('input-name').fill('Widget A');
      await saveAs(app, 'A', 'Demo');
      await expectEdited(app, [false], 'just saved');
      // An edit marks the tab; undoing it by hand clears the mark.
      await app.id('input-name').fill('Widget A changed');
      await expectEdited(app, [true], 'after an edit');
      assert((await tab(app, 0).getAttribute('data-edited')) === 'true' &&
        /Edited since saved/.test(await tab(app, 0).locator('[role="tab"]').getAttribute('title')),
        'the edited tab does not say so in its tooltip');
      await app.id('input-name').fill('Widget A');
      await expectEdited(app, [false], 'after typing the saved text back');

      // A second saved request, in a second tab.
      await app.id('request-tab-new').click();
      await app.id('input-name').fill('Widget B');
      await saveAs(app, 'B');
      await expectTabs(app, ['A', '*B'], 'after saving B');
      // Opening A, open in the first tab, shows that tab.
      await row(app, 'A').getByTestId('saved-open').click();
      await expectTabs(app, ['*A', 'B'], 'after opening A');
      await until('A\'s document', async () => (await app.id('input-name').inputValue()) === 'Widget A');

      // Unsaved edits to B: opening A keeps them, in their tab.
      await tab(app, 1).locator('[role="tab"]').click();
      await app.id('input-name').fill('Widget B edited');
      await expectEdited(app, [false, true], 'B edited');
      await tab(app, 0).getByTestId('request-tab-close').click();
      await expectTabs(app, ['*B●'], 'after closing A\'s tab');
      await row(app, 'A').getByTestId('saved-open').click();
      await expectTabs(app, ['B●', '*A'], 'A opened beside the edited B');
      await until('the notice naming both', async () =>
        /Opened A in a new tab\. Your unsaved edits to B stay/.test(await app.id('support-notice').innerText()));
      await until('A\'s document', async () => (await app.id('input-name').inputValue()) === 'Widget A');
      await tab(app, 0).locator('[role="tab"]').click();
      await until('B\'s edits kept', async () => (await app.id('input-name').inputValue()) === 'Widget B edited');
      // Another API picked in the sidebar, or a history entry restored, opens beside the
      // edited B too: once the tab moved on, B reopened as saved and the edits were gone.
      await app.id('api-wdt.stockpd.sync').click();
      await expectTabs(app, ['B●', '*Create a stock-count order', 'A'], 'an API picked beside the edited B');
      await until('the notice naming the API and B', async () =>
        /Opened Create a stock-count order in a new tab\. Your unsaved edits to B stay/.test(await app.id('support-notice').innerText()));
      await app.chooseEnv('mock');
      await app.send();
      await tab(app, 0).locator('[role="tab"]').click();
      await until('B\'s edits kept after the pick', async () => (await app.id('input-name').inputValue()) === 'Widget B edited');
      await app.id('nav-history').click();
      await app.id('history-view').waitFor({ state: 'visible' });
      await app.page.locator('[data-testid="history-item"][data-api="wdt.stockpd.sync"]').getByTestId('history-restore').click();
      await expectTabs(app, ['B●', '*Create a stock-count order', 'Create a stock-count order (2)', 'A'], 'a history entry restored beside the edited B');
      await until('the notice naming B', async () =>
        /in a new tab\. Your unsaved edits to B stay/.test(await app.id('support-notice').innerText()));
      for (const at of [2, 1]) await tab(app, at).getByTestId('request-tab-close').click();
      await tab(app, 0).locator('[role="tab"]').click();
      await expectTabs(app, ['*B●', 'A'], 'after closing the two');
      await until('B\'s edits kept after the restore', async () => (await app.id('input-name').inputValue()) === 'Widget B edited');
      // Saving updates B: the mark goes.
      await app.page.keyboard.press('Control+s');
      await app.id('save-update').click();
      await app.id('save-dialog').waitFor({ state: 'hidden' });
      await expectEdited(app, [false, false], 'after updating B');
      assert((await app.page.evaluate(() => localStorage.getItem('countersign.saved.v1'))).includes('Widget B edited'),
        'the update is not in the store');
      await app.shot(`saved-edited-${label.replace('×', 'x')}`);

      // Ctrl+S, Enter after an edit updates the saved request (its name left as it is),
      // it does not save a second copy.
      await app.id('input-name').fill('Widget B again');
      await expectEdited(app, [true, false], 'B edited again');
      await app.page.keyboard.press('Control+s');
      await app.id('save-dialog').waitFor({ state: 'visible' });
      await until('the focus in the name field', async () => (await app.focusedTestId()) === 'save-name');
      await app.page.keyboard.press('Enter');
      await app.id('save-dialog').waitFor({ state: 'hidden' });
      await expectEdited(app, [false, false], 'after Ctrl+S, Enter');
      await expectSaved(app, ['A', 'B'], 'Ctrl+S, Enter updated B in place');

      // The tab list: ← and → move between the tabs, the focus stays on the tab shown.
      await tab(app, 0).locator('[role="tab"]').focus();
      await app.page.keyboard.press('ArrowRight');
      await expectTabs(app, ['B', '*A'], 'after →');
      await until('the focus on the tab shown', async () => app.page.evaluate(() =>
        document.activeElement?.getAttribute('role') === 'tab' && document.activeElement.getAttribute('aria-selected') === 'true'));
      // Only the tab shown controls a panel: the others' requests are not on the page.
      await app.expectTabsNamePanels(['request-tab'], 'two request tabs');
      assert((await tab(app, 0).locator('[role="tab"]').getAttribute('aria-controls')) === null, 'the hidden request tab (B) controls a panel');
      // ↑ and ↓ are not the tabs' keys: they leave the request on screen.
      await app.page.keyboard.press('ArrowDown');
      await app.page.keyboard.press('ArrowUp');
      await app.page.keyboard.press('ArrowUp');
      await expectTabs(app, ['B', '*A'], 'after ↓ ↑ ↑ on the tabs');

      // A delete by keyboard moves the focus to Undo, not to the next row's ✕: a second
      // Enter undoes, and the focus goes back to what came back.
      await row(app, 'A').getByTestId('saved-delete').focus();
      await app.page.keyboard.press('Enter');
      await expectSaved(app, ['B'], 'after deleting A by keyboard');
      await until('the focus on Undo', async () => (await app.focusedTestId()) === 'saved-undo');
      await app.page.keyboard.press('Enter');
      await expectSaved(app, ['A', 'B'], 'after Enter on Undo');
      await until('the focus on A again', async () => (await app.focusedTestId()) === 'saved-open'
        && (await app.page.evaluate(() => document.activeElement.closest('[data-testid="saved-request"]')?.getAttribute('data-name'))) === 'A');
      // Deletes in a row are undone together.
      await row(app, 'A').getByTestId('saved-delete').click();
      await row(app, 'B').getByTestId('saved-delete').click();
      await expectSaved(app, [], 'after deleting A, then B');
      assert(/A, B/.test(await app.id('saved-undo-bar').innerText()), `the Undo bar names ${await app.id('saved-undo-bar').innerText()}`);
      await app.id('saved-undo').click();
      await expectSaved(app, ['A', 'B'], 'after one Undo of two deletes');
    },
  };
}

/** More tabs than the row holds at 1024 px: each keeps a readable width, the row scrolls to
 * the tab on screen (its × clear of the "+"), and a click on a name switches, never closes. */
const manyTabs = {
  name: 'request tabs at 1024×768: eight tabs scroll, the one on screen stays in sight with its ×, a click on a name switches',
  context: NARROW,
  async run({ app }) {
    await app.open();
    await app.pickApi('kingdee.material.save', 'material');
    const tabs = app.page.locator('[data-testid="request-tab"]');
    for (let n = 2; n <= 8; n += 1) {
      await app.id('request-tab-new').click();
      await until(`${n} tabs`, async () => (await tabs.count()) === n);
    }
    const inSight = () => app.page.evaluate(() => {
      const row = document.querySelector('[data-testid="request-tabs"]').getBoundingClientRect();
      const tab = document.querySelector('[data-testid="request-tab"][data-active="true"]').getBoundingClientRect();
      const plus = document.querySelector('[data-testid="request-tab-new"]').getBoundingClientRect();
      return tab.left >= row.left && tab.right <= plus.left + 0.5 && plus.right <= row.right + 0.5;
    });
    await until('the eighth tab in sight, clear of the "+"', inSight);
    // The first send widens the answer's column and narrows the row: still in sight.
    await app.send();
    await until('the eighth tab in sight after the first send', inSight);
    const widths = await tabs.evaluateAll((ts) => ts.map((t) => t.getBoundingClientRect().width));
    assert(widths.every((w) => w >= 120), `tabs narrower than a readable name: ${widths.join(', ')}`);
    await tabs.nth(0).locator('[role="tab"]').click();
    await until('the first tab on screen and in sight', async () =>
      (await tabs.nth(0).getAttribute('data-active')) === 'true' && (await inSight()));
    assert((await tabs.count()) === 8, 'a click on a tab name closed a tab');
  },
};

const closedTabIdKept = {
  name: 'a new tab never takes the id of the tab closed last: Undo of that close brings back a tab of its own, not a twin',
  async run({ app }) {
    await app.open();
    await app.pickApi('kingdee.material.save', 'material');
    const tabs = app.page.locator('[data-testid="request-tab"]');
    await app.id('request-tab-new').click();
    await until('two tabs', async () => (await tabs.count()) === 2);
    await tabs.nth(1).getByTestId('request-tab-close').click();
    await until('one tab after the close', async () => (await tabs.count()) === 1);
    await app.id('request-tab-new').click();
    await until('a new second tab', async () => (await tabs.count()) === 2);
    await app.id('notice-undo').click();
    await until('the closed tab back beside the new one', async () => (await tabs.count()) === 3);
    const ids = await app.page.locator('.request-tab-main').evaluateAll((bs) => bs.map((b) => b.id));
    assert(new Set(ids).size === ids.length, `request tabs share an id: ${ids.join(', ')}`);
    assert((await app.page.locator('[data-testid="request-tab"][data-active="true"]').count()) === 1, 'more than one tab is on screen');
  },
};

export const scenarios = [
  manyTabs,
  closedTabIdKept,
  editedSaved('1366×768', WIDE),
  saveAndReopen('1366×768', WIDE),
  saveAndReopen('1024×768', NARROW),
  tabs('1366×768', WIDE),
  tabs('1024×768', NARROW),
  twoWindows,
  savedInTwoWindows,
  preferencesInTwoWindows,
];
