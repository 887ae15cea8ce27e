// The organiser's "close now" when the close takes longer than the request waits (a large
// election): the server answers 202, the page says "closing" (in Pashto here), says it
// again after a reload (the server's view knows), and shows the closed election by itself
// once the close job is done — no second click. Its first attempt fails: the page says so
// (in Pashto), and that the server tries again, until the close is done.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { chooseLanguage, launchBrowser, recordErrors, signIn, WEB_ROOT } from '../helpers/browser.ts';
import { ballotFor, Client, openElectionOverHttp, SAMPLE_DRAFT } from '../helpers/api-flow.ts';
import { ORGANISER_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';
import psOrg from '../../web/src/i18n/ps-AF/organiser.ts';

let server: TestServer;
let browser: Browser;
let release = () => {};
const held = new Promise<void>((r) => (release = r));
let failOnce = true;

before(async () => {
  // the close job's first attempt fails; the next waits until released; the request waits 300 ms
  const onClosing = async () => {
    if (failOnce) {
      failOnce = false;
      throw new Error('disk full (test)');
    }
    await held;
  };
  server = await startTestServer('pglite', { webRoot: WEB_ROOT, closer: { pollMs: 500, waitMs: 300, retryDelaySeconds: 1, onClosing, log: () => undefined } });
  browser = await launchBrowser();
});
after(async () => {
  release();
  await browser?.close();
  await server?.stop();
});

test('a close that outlasts the request and fails once: "closing", the failure said, then the closed election, by itself', { timeout: 180_000 }, async () => {
  const organiser = new Client(server.base);
  const e = await openElectionOverHttp(organiser, { voters: 2, password: ORGANISER_PASSWORD, draft: { ...SAMPLE_DRAFT, trustees: { count: 1, threshold: null } } });
  assert.equal((await organiser.request('POST', `/api/elections/${e.uuid}/ballots`, ballotFor(e, 0, [[1, 0, 0], [0, 1, 0, 0]]))).status, 200);

  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page: Page = await context.newPage();
  const errors = recordErrors(page);
  page.on('dialog', (d) => void d.accept());
  await signIn(page, server.base, 'organiser', ORGANISER_PASSWORD);
  await page.goto(`${server.base}/organiser/e/${e.uuid}`);
  await chooseLanguage(page, 'ps-AF');

  const button = page.getByRole('button', { name: psOrg['manage.close'], exact: true });
  await button.waitFor({ timeout: 60_000 });
  const [answer] = await Promise.all([page.waitForResponse((r) => r.url().endsWith(`/api/organiser/elections/${e.uuid}/close`), { timeout: 60_000 }), button.click()]);
  assert.equal(answer.status(), 202);
  const closing = page.locator('[data-testid=closing]');
  await closing.waitFor({ timeout: 30_000 });
  assert.equal((await closing.textContent())?.trim(), psOrg['manage.closing']);
  assert.equal(await page.getByRole('button', { name: psOrg['manage.close'], exact: true }).count(), 0, 'no close button while closing');
  // a reload still says closing: the server's view knows the close was asked for
  await page.reload();
  await closing.waitFor({ timeout: 60_000 });

  // the failed first attempt is said, in Pashto, beside "closing" (the page looks every 2 s)
  const failed = page.locator('[data-testid=close-failed]');
  await failed.waitFor({ timeout: 60_000 });
  const said = (await failed.textContent())!.trim();
  assert.ok(said.startsWith(psOrg['manage.closeFailed'].split('(')[0]!), said);
  assert.doesNotMatch(said, /[A-Za-z]/, 'no English in the Pashto notice (nor the server\'s error)');
  assert.equal(await closing.count(), 1, 'still closing: tried again');
  // on a 360 px phone the notice wraps: nothing wider than the screen
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no horizontal scrolling at 360 px');

  release();
  // the page looks again by itself and shows the election closed
  await closing.waitFor({ state: 'detached', timeout: 60_000 });
  await failed.waitFor({ state: 'detached', timeout: 10_000 });
  assert.equal((await organiser.ok('GET', `/api/organiser/elections/${e.uuid}`)).state, 'tallied');
  assert.deepEqual(errors, []);
  await context.close();
});
