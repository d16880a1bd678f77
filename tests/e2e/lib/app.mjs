// The app as a person sees it: pick an API, choose the environment, fill, type, click,
// read the signature and the answer. Scenarios speak in these steps; selectors live here.

import { join } from 'node:path';
import { BASE_URL, OUT_DIR, STEP_TIMEOUT_MS, VIEWPORT, assert, fileSafe, short, until } from './harness.mjs';

/** The screens docs/screenshots keeps (and README shows). */
export const DOC_SCREENS = [
  'builder-signature',
  'inspector-success',
  'inspector-error-explained',
  'check-signature-diagnosis',
  'builder-zh',
];

export class App {
  constructor(page) {
    this.page = page;
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
  }

  id(testid) {
    return this.page.getByTestId(testid);
  }

  /** Opens the app (optionally with a fragment) and waits until the wasm has rendered. */
  async open(fragment = '') {
    await this.page.goto(BASE_URL + fragment, { waitUntil: 'load' });
    await this.ready();
  }

  async reload() {
    await this.page.reload({ waitUntil: 'load' });
    await this.ready();
  }

  async ready() {
    await this.id('sidebar').waitFor({ state: 'visible' });
    await this.page
      .locator('[data-testid="signature-panel"], [data-testid="no-api"]')
      .first()
      .waitFor({ state: 'visible' });
  }

  /** Finds the API in the sidebar by typing in the search box, then clicks it. */
  async pickApi(apiId, search) {
    if (search !== undefined) {
      await this.id('api-search').fill(search);
    }
    const item = this.id(`api-${apiId}`);
    await item.click();
    await until(`${apiId} to be selected in the sidebar`, async () => (await item.getAttribute('aria-selected')) === 'true');
    await this.id('api-title').waitFor({ state: 'visible' });
    if (search !== undefined) await this.id('api-search').fill('');
  }

  /** Picks the environment by its kind ("mock", "production", …) in the header. */
  async chooseEnv(kind) {
    const picker = this.id('env-picker');
    const values = await picker.locator('option').evaluateAll((os) => os.map((o) => o.value));
    const value = values.find((v) => v === kind) ?? values.find((v) => v.includes(kind));
    assert(value, `no ${kind} environment among ${values.join(', ')}`);
    await picker.selectOption(value);
    await until(`environment ${value}`, async () => (await picker.inputValue()) === value);
  }

  /** Opens `api` in the Mock environment with these credential fields set ('' clears one). */
  async openWithCredentials(api, search, creds) {
    await this.open();
    await this.pickApi(api, search);
    await this.chooseEnv('mock');
    await this.openCredentials();
    for (const [name, value] of Object.entries(creds)) await this.setCredential(name, value);
    await this.closeDialog();
  }

  async fillExample() {
    await this.id('fill-example').click();
  }

  async tab(which) {
    await this.id(which === 'json' ? 'tab-json' : 'tab-form').click();
  }

  // --- signature panel -------------------------------------------------------------------

  async signature() {
    const sig = this.id('signature');
    await sig.waitFor({ state: 'visible' });
    return (await sig.innerText()).trim();
  }

  async stringToSign() {
    return (await this.id('string-to-sign').innerText()).trim();
  }

  /** Waits until the live signature differs from `before` and returns it. */
  async signatureChangedFrom(before, why) {
    return until(`the signature to change after ${why}`, async () => {
      const now = await this.signature();
      return now !== before ? now : null;
    });
  }

  /** Waits for the live signature to be `want`; on failure says what the panel shows. */
  async expectSignature(want, what) {
    await until(what, async () => (await this.signature()) === want, 5000).catch(async (e) => {
      throw new Error(`${e.message}; signature ${await this.signature()}, string-to-sign:\n${await this.stringToSign()}`);
    });
  }

  async pinTimestamp(value) {
    const input = this.id('pin-timestamp');
    await input.fill(value);
  }

  /** Pins "now" with the panel's button and returns the pinned text (the vendor's format). */
  async pinNow() {
    await this.id('pin-timestamp-now').click();
    return until('the pinned timestamp', async () => (await this.id('pin-timestamp').inputValue()) || null);
  }

  async pinNonce(value) {
    await this.id('pin-nonce').fill(value);
  }

  // --- credentials ------------------------------------------------------------------------

  /**
   * The header's Import: pastes `text`, waits for the summary (naming `api` when given),
   * applies it and waits for the dialog to close.
   */
  async importRequest(text, { api } = {}) {
    await this.id('import-open').click();
    await this.id('import-dialog').waitFor({ state: 'visible' });
    await this.id('import-input').fill(text);
    const summary = this.id('import-summary');
    if (api) {
      await until(`the import read as ${api}`, async () => (await summary.getAttribute('data-api').catch(() => null)) === api);
    } else {
      await summary.waitFor({ state: 'visible' });
    }
    await this.id('import-apply').click();
    await this.id('import-dialog').waitFor({ state: 'hidden' });
  }

  async openCredentials() {
    await this.id('credentials-button').click();
    await this.id('credentials-dialog').waitFor({ state: 'visible' });
  }

  async closeDialog() {
    await this.id('close-dialog').click();
    await this.id('credentials-dialog').waitFor({ state: 'hidden' });
  }

  async credential(name) {
    return this.id(`cred-${name}`).inputValue();
  }

  async setCredential(name, value) {
    await this.id(`cred-${name}`).fill(value);
  }

  /** Kingdee: the credentials dialog's "Get app-token"; returns the token it filled in. */
  async getAppToken() {
    await this.openCredentials();
    await this.id('get-app-token').click();
    const token = await until('the app-token to be filled in', async () => {
      const status = await this.id('token-status').innerText();
      if (/fail|失败/i.test(status)) throw new Error(`Get app-token failed: ${status}`);
      const t = await this.credential('app_token').catch(() => '');
      return t.trim() ? t : null;
    });
    await this.closeDialog();
    return token;
  }

  // --- export ----------------------------------------------------------------------------

  /**
   * The export menu's cURL command as its preview shows it. A runnable command needs the
   * secrets (`session`, `app-token`, `app_signature`): unticked, they are placeholders.
   */
  async exportCurl({ secrets = true } = {}) {
    return this.exportText('export-curl', 'curl', secrets);
  }

  /** The HAR the export menu copies, with or without secrets. */
  async exportHar({ secrets = true } = {}) {
    return this.exportText('export-har', '{', secrets);
  }

  async exportText(item, start, secrets) {
    await this.id('export-menu').click();
    // The dialog opens on its first action, never on "Include secrets" (a Space there
    // would put secrets into every copy after it).
    await until('the focus on the first export action', async () =>
      this.page.evaluate(() => document.activeElement?.dataset.testid === 'export-curl'));
    const box = this.id('export-include-secrets');
    if ((await box.isChecked()) !== secrets) await box.click();
    await this.id(item).click();
    const text = await until(`the text of ${item}`, async () => {
      const t = await this.id('export-preview').inputValue();
      return t.trim().startsWith(start) ? t : null;
    });
    await this.id('export-close').click();
    return text;
  }

  /**
   * Clicks a Copy button and returns what it put on the clipboard (the page may write
   * it: the permission is granted here, for this page's origin).
   *
   * The text is what the page handed `navigator.clipboard.writeText`, once the browser
   * accepted it, and not a read back: every context of the one browser shares one system
   * clipboard, so a scenario running beside this one may write over it in between.
   */
  async copied(testid) {
    const origin = new URL(this.page.url()).origin;
    await this.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await this.page.evaluate(() => {
      const clip = navigator.clipboard;
      if (!clip.__countersignSpy) {
        const write = clip.writeText.bind(clip);
        clip.writeText = (text) => write(text).then(() => { window.__countersignCopied = text; });
        clip.__countersignSpy = true;
      }
      window.__countersignCopied = '';
    });
    await this.id(testid).click();
    return until(`the clipboard after ${testid}`, async () => {
      const t = await this.page.evaluate(() => window.__countersignCopied);
      return t ? t : null;
    });
  }

  // --- send and inspect -------------------------------------------------------------------

  /** Whether Send would send: it stays clickable when the request cannot be signed (a
   *  click says why), so `aria-disabled` is what says it would not. */
  async sendReady() {
    return (await this.id('send').getAttribute('aria-disabled')) !== 'true';
  }

  /** Clicks Send (or presses Ctrl+Enter) and waits for the inspector to show an answer. */
  async send({ keyboard = false, anyway = false } = {}) {
    await this.id('send').waitFor({ state: 'visible' });
    await until('Send to be enabled', () => this.sendReady());
    if (keyboard) {
      await this.page.keyboard.press('Control+Enter');
    } else {
      await this.id('send').click();
    }
    if (anyway) {
      await this.id('send-anyway').click();
    }
    return this.answer();
  }

  /** The inspector's verdict once a send has settled. */
  async answer() {
    return until('an answer in the inspector', async () => {
      if (await this.id('insp-pending').isVisible()) return null;
      const badge = this.id('insp-badge');
      if (await badge.isVisible()) {
        return { kind: await badge.getAttribute('data-kind'), badge: (await badge.innerText()).trim() };
      }
      const err = this.id('insp-error');
      if (await err.isVisible()) {
        return { kind: 'transport', kindDetail: await err.getAttribute('data-kind'), badge: (await err.innerText()).trim() };
      }
      return null;
    }, 20_000);
  }

  async rawBody() {
    return (await this.id('insp-raw').textContent()) ?? '';
  }

  async bodyJson() {
    const raw = await this.rawBody();
    // The raw view holds the status line and headers before the body.
    const start = raw.search(/^\s*[[{]/m);
    assert(start >= 0, `no JSON in the raw answer: ${short(raw)}`);
    return JSON.parse(raw.slice(start));
  }

  async expectSuccess(field) {
    const a = await this.answer();
    assert(a.kind === 'success', `expected the success badge, the inspector shows ${a.kind}: ${a.badge}`);
    if (field) {
      const tree = await this.id('insp-tree').innerText();
      const raw = await this.rawBody();
      assert(tree.includes(field) || raw.includes(field), `the answer has no "${field}": ${short(raw, 600)}`);
    }
    return a;
  }

  /** Expects the failure badge with `code` and an explanation (cause and fix) from the catalog. */
  async expectFailure(code) {
    const a = await this.answer();
    assert(a.kind === 'failure', `expected the failure badge, the inspector shows ${a.kind}: ${a.badge}`);
    const explanation = (await this.id('insp-explanation').innerText()).trim();
    const shown = `${a.badge}\n${explanation}`;
    assert(new RegExp(`(^|\\D)${code}(\\D|$)`).test(shown), `neither the badge nor the explanation names code ${code}: ${shown}`);
    return { ...a, explanation };
  }

  // --- drafts -----------------------------------------------------------------------------

  /** The draft the app has written to localStorage for this window (what a reload restores), or null. */
  async savedDraft() {
    const text = await this.page.evaluate(() => localStorage.getItem(`countersign.draft.v1/${sessionStorage.getItem('countersign.window')}`));
    return text ? JSON.parse(text) : null;
  }

  /** This window's stored request tabs (what a reload reopens), or null. */
  async savedTabs() {
    const text = await this.page.evaluate(() => localStorage.getItem(`countersign.tabs.v1/${sessionStorage.getItem('countersign.window')}`));
    return text ? JSON.parse(text) : null;
  }

  /** Waits until the saved draft satisfies `pred` (the app writes it 400 ms after a change). */
  async waitForDraft(what, pred) {
    return until(`the saved draft to have ${what}`, async () => {
      const d = await this.savedDraft();
      return d && pred(d) ? d : null;
    });
  }

  // --- layout and focus -------------------------------------------------------------------

  /** The data-testid of the focused element (or of its nearest ancestor that has one). */
  async focusedTestId() {
    return this.page.evaluate(() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid') ?? null);
  }

  /** What a screen reader calls the dialog with this test id: the text of the element its
   *  aria-labelledby names ('' when it names none). */
  async dialogName(testid) {
    return this.page.evaluate((id) => {
      const d = document.querySelector(`[data-testid="${id}"]`);
      const by = d?.getAttribute('aria-labelledby');
      return (by && document.getElementById(by)?.textContent.trim()) || '';
    }, testid);
  }

  /** What is wrong with the page's tabs and their panels, as WAI-ARIA's tabs pattern has
   *  them: a chosen tab controls (aria-controls) its role="tabpanel", which is labelled by
   *  it (aria-labelledby); a tab controls nothing that is not on the page; the ids of tabs
   *  and panels are the page's only ones. [] when nothing is. */
  async tabPanelProblems() {
    return this.page.evaluate(() => {
      const problems = [];
      const name = (e) => e.getAttribute('data-testid') || e.id || e.textContent.trim().slice(0, 20);
      const tabs = [...document.querySelectorAll('[role="tab"]')];
      for (const tab of tabs) {
        const controls = tab.getAttribute('aria-controls');
        if (!controls) {
          if (tab.getAttribute('aria-selected') === 'true') problems.push(`the chosen tab ${name(tab)} has no aria-controls`);
          continue;
        }
        const panel = document.getElementById(controls);
        if (!panel) problems.push(`${name(tab)} controls #${controls}, not on the page`);
        else if (panel.getAttribute('role') !== 'tabpanel') problems.push(`${name(tab)} controls #${controls}, whose role is ${panel.getAttribute('role')}`);
        else if (!tab.id || !(panel.getAttribute('aria-labelledby') || '').split(/\s+/).includes(tab.id)) {
          problems.push(`#${controls} is labelled by ${panel.getAttribute('aria-labelledby')}, not by its tab ${name(tab)} (#${tab.id})`);
        }
      }
      for (const panel of document.querySelectorAll('[role="tabpanel"]')) {
        const by = panel.getAttribute('aria-labelledby');
        const tab = by && document.getElementById(by);
        if (!tab || tab.getAttribute('role') !== 'tab') problems.push(`tabpanel #${panel.id} is labelled by ${by}, no tab`);
      }
      for (const e of [...tabs, ...document.querySelectorAll('[role="tabpanel"]')]) {
        if (e.id && document.querySelectorAll(`[id="${CSS.escape(e.id)}"]`).length > 1) problems.push(`the id ${e.id} is not the page's only one`);
      }
      return problems;
    });
  }

  /** Waits until the page's tabs have no problem (see tabPanelProblems), and at least the
   *  tabs with these test ids are there; fails naming the problems. */
  async expectTabsNamePanels(testids, what) {
    let problems = [];
    try {
      await until(`the tabs and panels to name each other (${what})`, async () => {
        const there = await Promise.all(testids.map((t) => this.id(t).count()));
        problems = await this.tabPanelProblems();
        if (there.some((n) => n === 0)) problems.push(`missing tabs: ${testids.filter((_, i) => there[i] === 0).join(', ')}`);
        return problems.length === 0;
      });
    } catch (e) {
      throw new Error(`${what}: ${problems.join('; ')}`);
    }
  }

  /** Whether the focus is inside the element with this test id. */
  async focusInside(testid) {
    return this.page.evaluate((id) => !!document.activeElement?.closest(`[data-testid="${id}"]`), testid);
  }

  /** The page's horizontal overflow in px (0: nothing scrolls sideways). */
  async sidewaysOverflow() {
    return this.page.evaluate(() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth);
  }

  async box(testid) {
    const b = await this.id(testid).first().boundingBox();
    assert(b, `${testid} has no box (not visible?)`);
    return b;
  }

  /** Scrolls with the mouse wheel over an element; returns how far its column scrolled. */
  async wheelOver(testid, scroller, dy = 600) {
    const b = await this.box(testid);
    await this.page.mouse.move(b.x + b.width / 2, b.y + Math.min(b.height / 2, 200));
    const before = await this.page.evaluate((sel) => document.querySelector(sel).scrollTop, scroller);
    await this.page.mouse.wheel(0, dy);
    return until(`${scroller} to scroll with the wheel`, async () => {
      const after = await this.page.evaluate((sel) => document.querySelector(sel).scrollTop, scroller);
      return after > before ? after - before : null;
    }, 3000);
  }

  /** The route part of the address (`#/api/view`). */
  async hash() {
    return this.page.evaluate(() => location.hash);
  }

  // --- misc -------------------------------------------------------------------------------

  async switchLanguage() {
    await this.id('lang-switch').click();
  }

  async htmlLang() {
    return this.page.evaluate(() => document.documentElement.lang);
  }

  /**
   * A screenshot of the page as it is, under COUNTERSIGN_E2E_OUT. With COUNTERSIGN_E2E_DOCS
   * set to a folder, the screens the README shows are also written there as small JPEGs.
   */
  async shot(name) {
    // No hover highlight where the last click left the mouse.
    await this.page.mouse.move(VIEWPORT.width / 2, 2);
    const path = join(OUT_DIR, `${fileSafe(name)}.png`);
    await this.page.screenshot({ path });
    const docs = process.env.COUNTERSIGN_E2E_DOCS;
    if (docs && DOC_SCREENS.includes(name)) {
      await this.page.screenshot({ path: join(docs, `${fileSafe(name)}.jpg`), type: 'jpeg', quality: 80 });
    }
    return path;
  }
}
