// The results of ranked and graded questions in Chromium, on a 360 px phone, in Pashto
// (and Dari): an STV count round by round (chart and table), Schulze's duels and
// strongest chains, majority judgment's merit profiles. The election page cannot show
// them yet (the public election view carries no such question), so this test bundles a
// page with nothing but the components (test/fixtures/nh-results-demo.tsx) and serves it
// with the app's stylesheet and the server's own security headers: under that CSP no
// style is refused, nothing is requested elsewhere, the page fits the screen (the
// matrices scroll inside their boxes), the bars run right to left, and axe finds no
// serious or critical problem.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { SECURITY_HEADERS } from '../../src/server/plugins/http.ts';
import { launchBrowser, recordErrors, recordRequests, screenshot, seriousAxeViolations } from '../helpers/browser.ts';
import { ROOT } from '../helpers/tools.ts';

// localhost: a trustworthy origin (the headers apply as on HTTPS); every request is answered by page.route
const ORIGIN = 'http://localhost:47999';
const HTML = '<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Jirga</title><link rel="stylesheet" href="/styles.css"></head><body><div id="app"></div><script type="module" src="/demo.js"></script></body></html>';

describe('results of ranked and graded questions, in a browser', () => {
  let browser: Browser;
  let script: string;
  const css = readFileSync(join(ROOT, 'web', 'src', 'styles.css'), 'utf8');

  before(async () => {
    const out = await build({ entryPoints: [join(ROOT, 'test', 'fixtures', 'nh-results-demo.tsx')], bundle: true, write: false, format: 'esm', jsx: 'automatic', jsxImportSource: 'preact', target: 'es2022', logLevel: 'silent', absWorkingDir: ROOT });
    script = out.outputFiles[0]!.text;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  /** A phone-sized page on the fake origin, served with the server's headers. */
  async function open(language: 'fa-AF' | 'ps-AF', bypassCSP: boolean): Promise<{ page: Page; errors: string[]; requests: string[] }> {
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, deviceScaleFactor: 1, bypassCSP });
    const page = await context.newPage();
    const errors = recordErrors(page);
    const requests = recordRequests(page);
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.origin !== ORIGIN) return route.abort();
      const [body, type] = url.pathname === '/' ? [HTML, 'text/html'] : url.pathname === '/demo.js' ? [script, 'text/javascript'] : url.pathname === '/styles.css' ? [css, 'text/css'] : [null, ''];
      if (body === null) return route.fulfill({ status: 404, body: '' });
      return route.fulfill({ status: 200, headers: { ...SECURITY_HEADERS, 'content-type': `${type}; charset=utf-8` }, body });
    });
    // what the CSP refused, as errors; except zod's one probe for `new Function` (it
    // catches the refusal and parses without it, in the app as here)
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        if (!(e.blockedURI === 'eval' && e.violatedDirective.startsWith('script-src'))) console.error(`CSP refused ${e.violatedDirective}: ${e.blockedURI}`);
      });
    });
    // the language is set first: the script reads it from the fragment, and sets the page's dir
    await page.goto(`${ORIGIN}/#${language}`);
    await page.locator('[data-testid=nh-result]').nth(2).waitFor();
    await page.waitForFunction((l) => document.documentElement.lang === l && document.documentElement.dir === 'rtl', language);
    return { page, errors, requests };
  }

  test('Pashto on a 360 px phone, under the server’s CSP: every round, the duels, the merit profiles; the page fits; nothing refused', { timeout: 120_000 }, async () => {
    const { page, errors, requests } = await open('ps-AF', false);
    // STV: 3 seats, quota ⌊20/4⌋+1 = 6; every round listed, with its chart and sentences
    const stv = page.locator('[data-testid=stv-result]');
    assert.match((await stv.locator('[data-testid=stv-quota]').innerText()).trim(), /^د ټاکل کېدو کوټه: ۶ رایې/);
    const rounds = await stv.locator('[data-testid=stv-round]').count();
    assert.ok(rounds >= 3, `${rounds} rounds`);
    assert.equal(await stv.locator('[data-testid=stv-table] thead th').count(), rounds + 1);
    assert.equal(await stv.locator('[data-testid=stv-winners] li').count(), 3);
    const firstRound = await stv.locator('[data-testid=stv-round]').first().innerText();
    assert.match(firstRound, /«ملالۍ احمدزۍ» په ۹ رایو کوټې \(۶\) ته رسېږي او ټاکل کېږي\./);
    assert.match(firstRound, /اضافه ۳ رایې یې د پاڼو راتلونکو انتخابونو ته لېږدول کېږي/);
    // Schulze: a sentence per pair (4 options: 6 pairs), the matrix scrolls inside its box
    const schulze = page.locator('[data-testid=schulze-result]');
    assert.equal(await schulze.locator('[data-testid=schulze-pairs] li').count(), 6);
    assert.match(await schulze.locator('[data-testid=schulze-pairs]').innerText(), /«فدرالي جمهوریت» ګټي: ۱۳ د رایو پاڼې/);
    // majority judgment: one merit profile per option, each bar an image described in words
    const profiles = page.locator('[data-testid=mj-profile]');
    assert.equal(await profiles.count(), 3);
    assert.match((await profiles.first().locator('svg').getAttribute('aria-label')) ?? '', /ته ورکړل شوې درجې: ډېر ښه: [۰-۹]+ پاڼې/);

    // the page is as wide as the screen; wide tables scroll in their own boxes
    const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, boxes: [...document.querySelectorAll('.table-scroll')].map((b) => [b.scrollWidth, b.clientWidth]) }));
    assert.ok(widths.page <= 360, `the page is ${widths.page} px wide on a 360 px screen`);
    assert.ok(widths.boxes.some(([scroll, client]) => scroll! > client!), 'some table is wider than the screen and scrolls inside its box');
    // right to left: the bars grow from the right (the first STV bar's fill starts at the right edge of its track)
    const bar = await page.evaluate(() => {
      const svg = document.querySelector('.nh-bar')!;
      const [track, fill] = [...svg.querySelectorAll('rect')].map((r) => r.getBoundingClientRect());
      return { trackRight: track!.right, fillRight: fill!.right, fillWidth: fill!.width, trackWidth: track!.width };
    });
    assert.ok(Math.abs(bar.trackRight - bar.fillRight) < 1 && bar.fillWidth > 0 && bar.fillWidth <= bar.trackWidth, JSON.stringify(bar));

    assert.deepEqual(errors, [], 'no error, and nothing refused by the CSP');
    assert.deepEqual(requests.filter((u) => !u.startsWith(ORIGIN)), [], 'no third-party request');
    await screenshot(page, 'nh-results-ps-AF-360');
    await page.context().close();
  });

  test('axe finds no serious or critical problem, in Pashto and in Dari', { timeout: 120_000 }, async () => {
    for (const language of ['ps-AF', 'fa-AF'] as const) {
      // axe is injected as a script: the strict CSP would refuse it
      const { page, errors } = await open(language, true);
      assert.deepEqual(await seriousAxeViolations(page), [], language);
      assert.deepEqual(errors, [], language);
      if (language === 'fa-AF') await screenshot(page, 'nh-results-fa-AF-360');
      await page.context().close();
    }
  });
});
