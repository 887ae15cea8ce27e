// End to end, in Debian's Chromium: the sanctions network. A reader on a phone
// submits an empty search (a clear message), then searches "Haqani, Sirajuddin":
// the first result is Sirajuddin Haqqani (TAi.144, on the UN, UK and US lists), with
// why it matched. The entity page shows his name in Arabic script, his listings and
// the family relations the UN narratives state, each with the sentence it comes
// from; an unlisted brother is marked as on no list and as inferred. Following his
// father's link leads to Jalaluddin Haqqani (TAi.040). The coverage table shows who
// is missing from the US list and which relatives are on no list; the network view
// draws the relations. The search and entity pages work in Dari and Pashto (right
// to left, no English around the lists' own text); axe finds nothing serious;
// nothing is fetched from elsewhere.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axeScreens, chooseLanguage, launchBrowser, pageLog, phonePage, screenshot, WEB_ROOT } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

/** The page's visible text without what the lists print themselves (names, sentences, references). */
const chromeText = (page: Page) =>
  page.locator('main').evaluate((m) => {
    const copy = m.cloneNode(true) as HTMLElement;
    for (const e of copy.querySelectorAll('.printed, .mono, .refs, [lang=en], svg')) e.remove();
    document.body.appendChild(copy);
    const text = copy.innerText;
    copy.remove();
    return text;
  });

describe('sanctions network in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  const log = pageLog();

  before(async () => {
    server = await startTestServer('pglite', { webRoot: WEB_ROOT, math: false });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('search "Haqani, Sirajuddin", his entity page with the UN family relations and their sentences, coverage, network; Dari and Pashto', { timeout: 300_000 }, async () => {
    const base = server.base;
    const page = await phonePage(browser, log);
    await page.goto(`${base}/`);
    await page.locator('[data-testid=sanctions-home-link] a').click();
    await page.waitForSelector('[data-testid=sanctions-search]');

    // an empty search: a clear message, no request
    await page.locator('[data-testid=sanctions-search] button[type=submit]').click();
    assert.match((await page.locator('[data-testid=empty-search]').textContent())!, /Type a name to search for/);

    // the search
    await page.fill('#sq-name', 'Haqani, Sirajuddin');
    await page.locator('[data-testid=sanctions-search] button[type=submit]').click();
    const first = page.locator('[data-testid=results] li.hit').first();
    await first.waitFor();
    assert.equal(await first.getAttribute('data-entity'), 'TAi.144');
    assert.equal(await first.getAttribute('data-match'), 'true');
    const hitText = (await first.textContent())!;
    assert.match(hitText, /SIRAJUDDIN JALLALOUDINE HAQQANI/);
    assert.match(hitText, /TAi\.144 · GB:AFG0112 · US:10743/);
    assert.match(hitText, /Possible match/);
    assert.deepEqual(await first.locator('[data-list]').evaluateAll((b) => b.map((x) => x.getAttribute('data-list'))), ['UN', 'GB', 'US']);
    await first.locator('details.why summary').click();
    assert.match((await first.locator('details.why').textContent())!, /read "LAST, First" as "First LAST"/);
    assert.match((await page.locator('[data-testid=lists-note]').textContent())!, /26 September 2024/);
    assert.match((await page.locator('[data-testid=latest-UN]').textContent())!, /newest listing on it: 2 November 2015/);
    await screenshot(page, 'sanctions-search-en');

    // his page: names in every script, three listings, family from the UN narratives with the sentences
    await first.locator('h3 a').click();
    const entity = page.locator('[data-testid=sanctions-entity][data-entity="TAi.144"]');
    await entity.waitFor();
    assert.match((await page.locator('[data-testid=names] [data-script=arabic]').first().textContent())!, /سراج الدين جلال الدين حقانى/);
    assert.equal(await page.locator('[data-testid=names] [data-script=arabic] .printed').first().getAttribute('dir'), 'rtl');
    assert.deepEqual(await page.locator('[data-testid=listings] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-list'))), ['UN', 'GB', 'US']);
    const family = page.locator('[data-relation-type=family]');
    const father = family.locator('li[data-other="TAi.040"]');
    const fatherText = (await father.textContent())!;
    assert.match(fatherText, /child of/);
    assert.match(fatherText, /JALALUDDIN HAQQANI/);
    const sentences = await father.locator('blockquote').allTextContents();
    assert.deepEqual(sentences.map((s) => s.trim()).sort(), ['Father of Sirajuddin Jallaloudine Haqqani (TAi.144), Nasiruddin Haqqani (TAi.146) and Badruddin Haqqani (deceased).', 'Son of Jalaluddin Haqqani (TAi.040).']);
    assert.match(fatherText, /UN Security Council/);
    const badruddin = family.locator('li[data-other="unlisted:badruddin-haqqani"]');
    assert.match((await badruddin.textContent())!, /on no list/);
    assert.match((await badruddin.textContent())!, /deceased/);
    assert.match((await badruddin.textContent())!, /Inferred: both are named as children of the same parent/);
    assert.ok((await family.locator('li').count()) >= 4, 'father, uncles, brothers');
    await screenshot(page, 'sanctions-entity-en');

    // to his father
    await father.locator('p a').first().click();
    await page.locator('[data-testid=sanctions-entity][data-entity="TAi.040"]').waitFor();
    assert.match((await page.locator('h1').textContent())!, /JALALUDDIN HAQQANI/);
    assert.deepEqual(await page.locator('[data-testid=listings] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-list'))), ['UN', 'GB'], 'not in the 2022 US subset');

    // coverage: who is missing from the US list, relatives on no list
    await page.goto(`${base}/sanctions/coverage`);
    const row = page.locator('[data-testid=coverage-table] tr[data-entity="TAi.040"]');
    await row.waitFor();
    assert.deepEqual(await row.locator('td[data-listed]').evaluateAll((c) => c.map((x) => x.getAttribute('data-listed'))), ['true', 'true', 'false']);
    assert.match((await row.locator('.unlisted-around').textContent())!, /Badruddin Haqqani/);
    const all = await page.locator('[data-testid=coverage-table] tbody tr').count();
    assert.equal(all, 161);
    await page.locator('input[name=coverage-filter][value=not-US]').check();
    const notUs = await page.locator('[data-testid=coverage-table] tbody tr').count();
    assert.equal(notUs, 161 - 32, 'the 32 entries of the US subset are left out (11 also on the UN and UK lists, 21 on the US list only)');
    assert.equal(await page.locator('[data-testid=coverage-table] tr[data-entity="TAi.144"]').count(), 0);
    await page.locator('input[name=coverage-filter][value=unlisted-around]').check();
    assert.ok((await page.locator('[data-testid=coverage-table] tbody tr').count()) >= 8);
    await screenshot(page, 'sanctions-coverage-en');

    // the network around him
    await page.goto(`${base}/sanctions/network/TAi.144`);
    await page.waitForSelector('[data-testid=network-svg]');
    const nodes = await page.locator('[data-testid=network-svg] [data-node]').evaluateAll((n) => n.map((x) => x.getAttribute('data-node')));
    for (const id of ['TAi.144', 'TAi.040', 'TAi.146', 'TAe.012', 'unlisted:badruddin-haqqani']) assert.ok(nodes.includes(id), id);
    assert.equal(await page.locator('[data-testid=network-svg] [data-node="unlisted:badruddin-haqqani"]').getAttribute('data-status'), 'unlisted');
    assert.equal(await page.locator('[data-testid=network-edges] tbody tr').count(), await page.locator('[data-testid=network-svg] line').count());
    // the spokes from the centre say what each party is to him
    const spokeLabels = await page.locator('[data-testid=network-svg] text.edge-label').allTextContents();
    for (const label of ['parent of', 'sibling of', 'led by']) assert.ok(spokeLabels.includes(label), `${label} in ${spokeLabels.join(', ')}`);
    // on a phone the drawing and the table scroll inside the page; the page itself does not
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling of the page');
    await screenshot(page, 'sanctions-network-en');

    // a council the narratives name: its own page lists its members with their sentences, and it is drawn as a body
    await page.goto(`${base}/sanctions/e/body:supreme-council`);
    const council = page.locator('[data-relation-type=membership]');
    await council.waitFor();
    assert.match((await council.locator('li[data-other="TAi.026"]').textContent())!, /Member of the Taliban Supreme Council as at June 2007/);
    await page.goto(`${base}/sanctions/network/body:supreme-council`);
    await page.waitForSelector('[data-testid=network-svg]');
    assert.match((await page.locator('[data-testid=network-svg] [data-node="body:supreme-council"] circle').getAttribute('class'))!, /\bbody\b/);
    // the same view from a query (?ref=&depth=)
    await page.goto(`${base}/sanctions/network?ref=TAi.040&depth=2`);
    await page.waitForSelector('[data-testid=network-svg]');
    assert.match((await page.locator('h1').textContent())!, /JALALUDDIN HAQQANI/);
    assert.equal(await page.locator('main button[aria-pressed=true]').textContent(), '2 steps');

    // Dari and Pashto: right to left, and no English around the lists' own text
    for (const language of ['fa-AF', 'ps-AF'] as const) {
      await page.goto(`${base}/sanctions`);
      await chooseLanguage(page, language);
      assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
      await page.fill('#sq-name', 'سراج الدین حقانی');
      await page.locator('[data-testid=sanctions-search] button[type=submit]').click();
      await page.locator('[data-testid=results] li.hit').first().waitFor();
      assert.equal(await page.locator('[data-testid=results] li.hit').first().getAttribute('data-entity'), 'TAi.144', 'found from Arabic script');
      const searchLatin = (await chromeText(page)).match(/[A-Za-z]+/g);
      assert.equal(searchLatin, null, `English left on the search page in ${language}: ${searchLatin?.join(' ')}`);
      await page.locator('[data-testid=results] li.hit h3 a').first().click();
      await page.locator('[data-relation-type=family]').waitFor();
      const entityLatin = (await chromeText(page)).match(/[A-Za-z]+/g);
      assert.equal(entityLatin, null, `English left on the entity page in ${language}: ${entityLatin?.join(' ')}`);
      await screenshot(page, `sanctions-entity-${language}`);
    }

    // accessibility (axe is injected as a script, which the strict CSP refuses: this context bypasses it)
    const axeContext = await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } });
    const axePage = await axeContext.newPage();
    const violations = await axeScreens(axePage, base, [
      ['/sanctions/e/TAi.144', '[data-relation-type=family]'],
      ['/sanctions/coverage', '[data-testid=coverage-table] tbody tr'],
      ['/sanctions/network/TAi.144', '[data-testid=network-svg]'],
    ] as const);
    await axeContext.close();
    assert.deepEqual(violations, []);

    assert.equal(await page.evaluate(() => localStorage.length), 0);
    await page.close();
    const origin = new URL(base).origin;
    assert.deepEqual(log.errors, [], 'no page errors');
    assert.deepEqual(log.alerts, [], 'no alerts');
    assert.deepEqual(
      log.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:')),
      [],
      'no third-party requests',
    );
  });
});
