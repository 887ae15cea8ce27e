// Extending voting in the browser (issue 17, item 4): the organiser's page refuses an
// earlier closing time with the server's reason in words, then extends voting with a
// reason in three languages; the public page shows the change in English, Dari and
// Pashto (dates in both calendars), links to its feed, and is axe clean.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { chooseLanguage, launchBrowser, recordErrors, signIn, recordRequests, screenshot, seriousAxeViolations, WEB_ROOT } from '../helpers/browser.ts';
import { Client, openElectionOverHttp, SAMPLE_DRAFT } from '../helpers/api-flow.ts';
import { ORGANISER_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';

const HOUR = 60 * 60 * 1000;
const REASON = {
  en: 'The network was cut nationwide for two days.',
  'fa-AF': 'انترنت در سراسر کشور دو روز قطع بود.',
  'ps-AF': 'انټرنیټ په ټول هېواد کې دوه ورځې پرې و.',
};

describe('extending voting in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    server = await startTestServer('pglite', { webRoot: WEB_ROOT });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the organiser extends voting with a reason; the public page shows it in three languages', { timeout: 180_000 }, async () => {
    const closesAt = new Date(Date.now() + HOUR);
    const e = await openElectionOverHttp(new Client(server.base), { voters: 1, password: ORGANISER_PASSWORD, draft: { ...SAMPLE_DRAFT, closesAt: closesAt.toISOString(), trustees: { count: 1, threshold: null } } });
    const context = await browser.newContext({ viewport: { width: 412, height: 915 }, bypassCSP: true });
    const page = await context.newPage();
    const requests = recordRequests(page);
    const errors = recordErrors(page);
    page.on('dialog', (d) => void d.accept());
    await signIn(page, server.base, 'organiser', ORGANISER_PASSWORD);
    await page.goto(`${server.base}/organiser/e/${e.uuid}`);
    const form = page.locator('[data-testid=extend-voting]');
    await form.waitFor();
    // the browser's local time, as a datetime-local field holds it
    const local = (d: Date) =>
      page.evaluate((ms) => {
        const x = new Date(ms);
        return [x.getFullYear(), '-', String(x.getMonth() + 1).padStart(2, '0'), '-', String(x.getDate()).padStart(2, '0'), 'T', String(x.getHours()).padStart(2, '0'), ':', String(x.getMinutes()).padStart(2, '0')].join('');
      }, d.getTime());
    // an earlier time: refused, in words, nothing changed
    await page.fill('#extend-closes', await local(new Date(closesAt.getTime() - HOUR / 2)));
    await page.fill('#extend-reason-en', REASON.en);
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('text=voting can be extended, never shortened');
    assert.deepEqual((await new Client(server.base).ok('GET', `/api/elections/${e.uuid}`)).scheduleChanges, []);
    // a later time, the reason in three languages
    const newClose = new Date(Date.now() + 3 * HOUR);
    await page.fill('#extend-closes', await local(newClose));
    await page.fill('#extend-reason-fa-AF', REASON['fa-AF']);
    await page.fill('#extend-reason-ps-AF', REASON['ps-AF']);
    await form.locator('button[type=submit]').click();
    await page.locator('[data-testid=schedule-changes]').waitFor();
    const view = await new Client(server.base).ok('GET', `/api/elections/${e.uuid}`);
    assert.equal(view.scheduleChanges.length, 1);
    assert.deepEqual(view.scheduleChanges[0].reason, REASON);
    assert.equal(Math.floor(Date.parse(view.closesAt) / 60_000), Math.floor(newClose.getTime() / 60_000));

    // the public page, in each language
    await page.goto(`${server.base}/e/${e.uuid}`);
    const changes = page.locator('[data-testid=schedule-changes]');
    await changes.waitFor();
    const expected = {
      en: ['voting was extended from', REASON.en],
      'fa-AF': ['تمدید شد', REASON['fa-AF']],
      'ps-AF': ['اوږد شو', REASON['ps-AF']],
    } as const;
    for (const language of ['en', 'fa-AF', 'ps-AF'] as const) {
      await chooseLanguage(page, language);
      const text = await changes.innerText();
      for (const part of expected[language]) assert.ok(text.includes(part), `${language}: ${part} in ${text}`);
      // Dari and Pashto: the Solar Hijri date first, the Gregorian one in brackets
      if (language !== 'en') assert.match(text, /\(/);
      assert.deepEqual(await seriousAxeViolations(page), [], language);
      await screenshot(page, `schedule-changes-${language}`);
    }
    assert.equal(await changes.locator('a').getAttribute('href'), `/api/elections/${e.uuid}/feed.atom`);
    const feed = await page.evaluate(async (href) => (await fetch(href)).text(), `/api/elections/${e.uuid}/feed.atom`);
    assert.ok(feed.includes(REASON['ps-AF']));
    assert.deepEqual(requests.filter((u) => !u.startsWith(server.base) && !u.startsWith('data:') && !u.startsWith('blob:')), [], 'no third-party requests');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
