// A workbench people live in all day (issue 18): first contact, nothing typed lost, the
// layout at 1366×768 and 1024×768, navigation, presenter mode and time helpers.

import { SEVEN } from './apis.mjs';
import { assert, until } from '../lib/harness.mjs';

const WIDE = { viewport: { width: 1366, height: 768 } };
const NARROW = { viewport: { width: 1024, height: 768 } };

const firstContact = {
  name: 'first contact: every API opens with a safe starter that sends to the mock; the doc example only on request',
  context: WIDE,
  async run({ app }) {
    await app.open();
    for (const { api, search, field } of SEVEN) {
      await app.pickApi(api, search);
      await app.chooseEnv('mock');
      await app.tab('json');
      const doc = JSON.parse(await app.id('raw-json').inputValue());
      const text = JSON.stringify(doc);
      assert(!/"id":/.test(text), `${api} opens with an id (that would update a record): ${text}`);
      assert(!/" |\s"/.test(text), `${api} opens with padded values: ${text}`);
      await app.tab('form');
      const errors = await app.id('send').getAttribute('data-errors');
      assert(errors === '0', `${api}: the starter has ${errors} validation errors`);
      await app.send();
      await app.expectSuccess(field);
    }
    await app.pickApi('kingdee.material.save', 'material');
    // A material save with an id updates that record: the starter has none, and hints are hints.
    const id = app.id('input-id');
    assert((await id.inputValue()) === '', `the material form opens with id ${await id.inputValue()}`);
    const hint = await app.id('input-barcode').getAttribute('placeholder');
    assert(/^e\.g\. /.test(hint ?? ''), `the barcode placeholder reads like a value: ${hint}`);
    await app.shot('first-contact-material');
    await app.fillExample();
    await until('the doc example\'s own id', async () => (await id.inputValue()) === '1');
    await app.tab('json');
    const example = await app.id('raw-json').inputValue();
    assert(example.includes('"  14123 "'), 'Fill with doc example did not keep the doc\'s own values');
  },
};

const flushOnLeave = {
  name: 'nothing typed is lost: an edit and an API switch right before a reload or a hidden tab are kept',
  context: WIDE,
  async run({ app }) {
    await app.open();
    await app.pickApi('kingdee.material.save', 'material');
    await app.waitForDraft('material save open', (d) => d.api === 'kingdee.material.save');
    // Hidden tab: the draft is written at once, not 400 ms later.
    await app.id('input-name').fill('typed before hiding');
    const saved = await app.page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
      const text = localStorage.getItem('countersign.draft.v1');
      delete document.hidden;
      return text ? JSON.parse(text) : null;
    });
    assert(saved?.docs?.['kingdee.material.save']?.name === 'typed before hiding',
      `the draft was not written when the page was hidden: ${JSON.stringify(saved?.docs?.['kingdee.material.save'])}`);
    // Reload right after typing and switching API: pagehide writes the draft.
    await app.id('input-name').fill('typed before reload');
    await app.pickApi('wdt.stockpd.sync', 'stockSyncByPd');
    await app.reload();
    assert((await app.id('api-wdt.stockpd.sync').getAttribute('aria-selected')) === 'true', 'the API switched to just before the reload was lost');
    await app.pickApi('kingdee.material.save', 'material');
    await until('the name typed just before the reload', async () => (await app.id('input-name').inputValue()) === 'typed before reload');
  },
};

export const scenarios = [firstContact, flushOnLeave];
