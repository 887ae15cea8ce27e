// The guides inside the app, in Chromium on a phone: each guide in English, Dari and Pashto
// shows its title and every section in the page's language (no bare keys, no unfilled button
// names, no English words in the Dari and Pashto text outside commands), fits the screen,
// and is axe clean; a section's anchor scrolls to it; the election page links each step to
// its guide, in a new tab (the booth and the key pages keep work in memory only).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedDemo, type DemoElection } from '../../src/services/elections/demo.ts';
import { GUIDES } from '../../web/src/components/help-link.tsx';
import { en, fa, ps } from '../../web/src/i18n/dictionaries.ts';
import { chooseLanguage, launchBrowser, recordErrors, screenshot, seriousAxeViolations, WEB_ROOT } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { tempDir } from '../helpers/tools.ts';

const LANGUAGES = [
  ['en', en],
  ['fa-AF', fa],
  ['ps-AF', ps],
] as const;
const PREFIX = { voter: 'voter', observer: 'observer', trustee: 'trustee', 'credential-authority': 'ca' } as const;

describe('help pages', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let demo: DemoElection[];

  before(async () => {
    server = await startTestServer('pglite', { webRoot: WEB_ROOT });
    demo = await seedDemo(server.ctx, tempDir('jirga-help-'));
    browser = await launchBrowser();
    // axe is injected as a script: the strict CSP would refuse it
    context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, bypassCSP: true });
    page = await context.newPage();
    errors = recordErrors(page);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the list of guides, from the footer', async () => {
    await page.goto(`${server.base}/`);
    await page.click('footer a[href="/help"]');
    await page.waitForURL(/\/help$/);
    await page.locator('h1', { hasText: en['help.title'] }).waitFor();
    for (const guide of Object.keys(GUIDES)) assert.equal(await page.locator(`a[href="/help/${guide}"]`).count(), 1, guide);
    assert.deepEqual(await seriousAxeViolations(page), []);
  });

  for (const guide of Object.keys(GUIDES) as (keyof typeof GUIDES)[]) {
    test(`${guide}: three languages, every section, fits a phone, axe clean`, async () => {
      await page.goto(`${server.base}/help/${guide}`);
      for (const [language, dict] of LANGUAGES) {
        await chooseLanguage(page, language);
        const title = (dict as Record<string, string>)[`help.${PREFIX[guide]}.title`]!;
        await page.locator('h1', { hasText: title }).waitFor();
        for (const section of GUIDES[guide]) {
          const heading = (await page.locator(`section#${section} h2`).textContent())!;
          assert.ok(heading.endsWith((dict as Record<string, string>)[`help.${PREFIX[guide]}.${section}.title`]!), `${guide}#${section} [${language}]: ${heading}`);
        }
        const text = await page.locator('article').evaluate((a) => {
          const clone = a.cloneNode(true) as HTMLElement;
          for (const pre of clone.querySelectorAll('pre')) pre.remove();
          return clone.innerText;
        });
        assert.doesNotMatch(text, /\bhelp\.[a-z]+\.|\{[a-zA-Z]+\}/, `${guide} [${language}]: a bare key or an unfilled placeholder`);
        if (language !== 'en') {
          // Latin letters only in the credential example, key names and program names
          const latin = text.replace(/ABC-def-123-GHk-4mn|Shift \+ Escape|jirga verify|valid|invalid|Belenios|\(\.bel\)|\.bel|CSV/g, '').match(/[A-Za-z]{2,}/g);
          assert.equal(latin, null, `${guide} [${language}]: English words ${latin?.join(', ')}`);
          assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
        }
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${guide} [${language}]: ${overflow}px wider than the screen`);
        assert.deepEqual(await seriousAxeViolations(page), [], `${guide} [${language}]`);
        if (guide === 'voter') await screenshot(page, `help-voter-${language}`);
      }
      await chooseLanguage(page, 'en');
    });
  }

  test('an anchor shows its section', async () => {
    await page.goto(`${server.base}/help/voter#revote`);
    await page.locator('section#revote').waitFor();
    await page.waitForFunction(() => {
      const r = document.getElementById('revote')!.getBoundingClientRect();
      return r.top >= -1 && r.top < window.innerHeight;
    });
  });

  test('an unknown guide is said to be missing, with the way back', async () => {
    await page.goto(`${server.base}/help/nobody`);
    await page.locator(`h1:has-text("${en['notFound.title']}")`).waitFor();
    assert.equal(await page.locator('a[href="/help"]').first().isVisible(), true);
  });

  test('the election page links its steps to the guides, in a new tab', async () => {
    const open = demo.find((d) => d.state === 'open')!;
    await page.goto(`${server.base}/e/${open.uuid}`);
    const link = page.locator('a.help-link[href="/help/voter#check"]');
    await link.waitFor();
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.equal(await page.locator('a.help-link[href="/help/observer#browser"]').count(), 1);
    const [guide] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await guide.locator('section#check').waitFor();
    await guide.close();
    assert.match(page.url(), new RegExp(`/e/${open.uuid}$`));
  });

  test('the booth links its step to the voter’s guide, in a new tab', async () => {
    const open = demo.find((d) => d.state === 'open')!;
    await page.goto(`${server.base}/e/${open.uuid}/vote`);
    const link = page.locator('a.help-link[href="/help/voter#credential"]');
    await link.waitFor();
    assert.equal(await link.getAttribute('target'), '_blank');
  });

  test('no errors logged', () => {
    assert.deepEqual(errors, []);
  });
});
