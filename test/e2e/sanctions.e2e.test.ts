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
// On a 360 px phone in Dari and Pashto, a journalist looking up "Haqani" or "Mullah
// Omar" sees the listed people who carry the name first, each with why it came up,
// and the screening verdict apart, saying what it is; the search lives in the URL, so
// Back from an entity page brings it back; no English is left on any sanctions page
// but the lists' own text.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axeScreens, chooseLanguage, englishTextNodes, launchBrowser, pageLog, phonePage, screenshot, WEB_ROOT } from '../helpers/browser.ts';
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
  test('Dari and Pashto on a 360 px phone: "Haqani" and "Mullah Omar" show the listed people first and the verdict apart; Back restores the search; no English but the lists\' text; axe', { timeout: 300_000 }, async () => {
    const base = server.base;
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, deviceScaleFactor: 1 });
    log.contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const hits = page.locator('[data-testid=results] li.hit');
    const ids = () => hits.evaluateAll((li) => li.map((x) => x.getAttribute('data-entity')));
    const search = async (name: string) => {
      await page.fill('#sq-name', name);
      await page.locator('[data-testid=sanctions-search] button[type=submit]').click();
      // the answer to this query (not the last one, still on screen for a moment)
      await page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q && document.querySelector('[data-testid=results]')?.getAttribute('data-query') === q && document.querySelector('[data-testid=verdict]') !== null, name);
    };
    /** the answer comes before the verdict, and the first heading after the form is the answer's */
    const answerFirst = () =>
      page.evaluate(() => {
        const results = document.querySelector('[data-testid=results]')!;
        const verdict = document.querySelector('[data-testid=verdict]')!;
        return { before: (results.compareDocumentPosition(verdict) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0, firstHeading: document.querySelector('main h2')?.id, verdictInside: results.contains(verdict) };
      });
    const noSideways = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

    await page.goto(`${base}/sanctions`);
    await chooseLanguage(page, 'fa-AF');

    // "Haqani": ten listed Haqqanis, each with the part of the name that agrees; how many carry the name; the verdict apart
    await search('Haqani');
    assert.equal(await hits.count(), 10);
    const haqqanis = await ids();
    for (const id of ['TAe.012', 'TAi.006', 'TAi.040', 'TAi.146']) assert.ok(haqqanis.includes(id), `${id} in ${haqqanis.join(' ')}`);
    assert.deepEqual(await answerFirst(), { before: true, firstHeading: 'results-title', verdictInside: false });
    assert.equal((await page.locator('#results-title').textContent())!.trim(), 'نزدیک‌ترین موارد در فهرست‌ها');
    const sameName = (await page.locator('[data-testid=same-name]').textContent())!;
    assert.match(sameName, /۱۴ شخص ثبت‌شده در فهرست‌ها نام haqani را دارند/);
    assert.match(sameName, /haqqani، haqani/);
    // no verdict words in the answer, and the verdict says what it is
    const resultsText = (await page.locator('[data-testid=results]').textContent())!;
    assert.doesNotMatch(resultsText, /هیچ موردی به حد بررسی تطبیق نمی‌رسد|مطابقت احتمالی/);
    const verdict = page.locator('[data-testid=verdict]');
    assert.equal(await verdict.getAttribute('data-matches'), '0');
    assert.match((await verdict.textContent())!, /هیچ موردی به حد بررسی تطبیق نمی‌رسد/);
    assert.match((await verdict.textContent())!, /۸۲٪/);
    assert.match((await verdict.textContent())!, /این جواب جست‌وجوی شما نیست/);
    // the reasons in Dari, the name parts as the lists spell them
    const jalaluddin = page.locator('[data-testid=results] li.hit[data-entity="TAi.040"]');
    await jalaluddin.locator('details.why summary').click();
    const variant = jalaluddin.locator('[data-reason=transliteration-variant]');
    assert.match((await variant.textContent())!, /haqani ≈ haqqani: همان نام با املای لاتین دیگر/);
    assert.equal(await variant.locator('[data-list-text]').first().getAttribute('lang'), 'en');
    assert.match((await jalaluddin.locator('[data-reason=name-parts]').textContent())!, /۱ بخش از ۱ بخش نام با نام ثبت‌شدهٔ HAQQANI JALALUDDIN \(GB:AFG0036\) مطابقت دارد/);
    assert.ok(await noSideways(), 'no sideways scrolling at 360 px');
    await screenshot(page, 'sanctions-haqani-fa-AF');

    // all fifteen who carry the name
    await page.locator('[data-testid=show-all]').click();
    await page.waitForFunction(() => new URLSearchParams(location.search).get('limit') === '50' && document.querySelectorAll('[data-testid=results] li.hit').length === 15);

    // to an entity page, and Back: the search and its results are back
    await jalaluddin.locator('h3 a').click();
    await page.locator('[data-testid=sanctions-entity][data-entity="TAi.040"]').waitFor();
    await page.goBack();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=results] li.hit').length === 15);
    assert.equal(new URL(page.url()).search, '?q=Haqani&limit=50');
    assert.equal(await page.inputValue('#sq-name'), 'Haqani');

    // "Mullah Omar": Mullah Mohammed Omar (TAi.004) first, then the other listed Omar; no one else
    await search('Mullah Omar');
    assert.deepEqual(await ids(), ['TAi.004', 'TAi.171']);
    assert.deepEqual(await answerFirst(), { before: true, firstHeading: 'results-title', verdictInside: false });
    assert.match((await page.locator('[data-testid=same-name]').textContent())!, /۲ شخص ثبت‌شده در فهرست‌ها نام omar را دارند/);
    assert.equal(await page.locator('[data-testid=verdict]').getAttribute('data-matches'), '0');
    const omar = hits.first();
    await omar.locator('details.why summary').click();
    assert.match((await omar.locator('[data-reason=title-set-aside]').textContent())!, /لقب کنار گذاشته شد: mullah؛ mullah لقب ثبت‌شدهٔ همین مورد است/);
    assert.match((await omar.locator('[data-reason=not-a-match]').textContent())!, /نتیجهٔ بررسی تطبیق: نه، بخش‌های بسیار کمی از نام مطابقت دارند/);
    // Back: the previous search
    await page.goBack();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=results] li.hit').length === 15);
    assert.equal(await page.inputValue('#sq-name'), 'Haqani');

    // a year of birth typed on a Dari keyboard: read as 1960, and weighed in the reasons in the reader's digits
    await page.fill('#sq-year', '۱۹۶۰');
    await search('Mullah Omar');
    assert.equal(new URLSearchParams(new URL(page.url()).search).get('dob'), '1960');
    await hits.first().locator('details.why summary').click();
    assert.match((await hits.first().locator('[data-reason^=birth-]').textContent())!, /^تولد ۱۹۶۰/);

    // no English on any sanctions page in Dari and Pashto, but the lists' own text (details opened, names, references)
    const screens = [
      ['/sanctions?q=Haqani', '[data-testid=verdict]'],
      ['/sanctions?q=Mullah%20Omar&dob=1960', '[data-testid=verdict]'],
      [`/sanctions?q=${encodeURIComponent('HAQANI, Sirajuddin')}`, '[data-testid=verdict]'],
      ['/sanctions/e/TAi.144', '[data-relation-type=family]'],
      ['/sanctions/e/TAi.004', '[data-testid=listings]'],
      ['/sanctions/coverage', '[data-testid=coverage-table] tbody tr'],
      ['/sanctions/network', 'main h1'],
      ['/sanctions/network/TAi.144', '[data-testid=network-svg]'],
    ] as const;
    for (const language of ['fa-AF', 'ps-AF'] as const) {
      await chooseLanguage(page, language);
      for (const [path, ready] of screens) {
        await page.goto(base + path);
        await page.locator(ready).first().waitFor();
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
        assert.deepEqual(await englishTextNodes(page), [], `${path} [${language}]`);
        assert.deepEqual(await englishTextNodes(page, { root: 'main', attributes: true }), [], `${path} [${language}], attributes`);
      }
    }
    // the helper does find English where it is left (a text node outside list text)
    await page.evaluate(() => document.querySelector('main h1')!.append(' Screening'));
    assert.deepEqual(await englishTextNodes(page, { root: 'main' }), ['Screening']);
    await page.close();
    assert.deepEqual(errors, []);

    // accessibility on the phone, in both languages
    const axeContext = await browser.newContext({ bypassCSP: true, viewport: { width: 360, height: 780 } });
    const axePage = await axeContext.newPage();
    const violations = await axeScreens(
      axePage,
      base,
      [
        ['/sanctions?q=Haqani', '[data-testid=verdict]'],
        ['/sanctions?q=Mullah%20Omar', '[data-testid=verdict]'],
      ] as const,
      ['fa-AF', 'ps-AF'],
    );
    await axeContext.close();
    assert.deepEqual(violations, []);
  });
});
