// Voting through a shutdown, in Chromium (issue 17): a voter opens the booth once online; the
// network goes; the booth still opens (the service worker), checks the credential and seals
// the ballot; "Cast" fails, the voter keeps the sealed ballot on the phone; a reload with no
// network still shows the app and the waiting ballot; a later sealed ballot replaces the
// earlier one; when the network returns the ballot is sent by itself, once, the page shows it
// cast with its receipt, and a mirror pulled afterwards holds it. After each step nothing of
// the credential is in localStorage, sessionStorage, IndexedDB or Cache Storage; the quick
// exit erases the waiting ballot, the caches and the service worker. Dari at 360 px, axe clean.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedDemo, type DemoElection } from '../../src/services/elections/demo.ts';
import { jirgaAsync, tempDir } from '../helpers/tools.ts';
import { parseArchive } from '../../src/protocol/archive.ts';
import { ballotTracker } from '../../src/protocol/ballot.ts';
import { chooseLanguage, launchBrowser, recordErrors, screenshot, seriousAxeViolations, storedEverywhere, WEB_ROOT } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import faVote from '../../web/src/i18n/fa-AF/vote.ts';
import faFrame from '../../web/src/i18n/fa-AF/frame.ts';

describe('voting through a shutdown: the booth offline, a sealed ballot kept and sent when the network returns', () => {
  let server: TestServer;
  let browser: Browser;
  let open: DemoElection;
  const errors: string[] = [];
  const axe: string[] = [];

  before(async () => {
    server = await startTestServer('pglite', { webRoot: WEB_ROOT });
    open = (await seedDemo(server.ctx, tempDir('jirga-demo-'))).find((d) => d.state === 'open')!;
    // the demo shows its credentials on its page (a demo, for trying); a real election never
    // publishes one, and then none must be anywhere in the browser
    server.ctx.demoCredentials = undefined;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    // offline, the page logs the failed requests it then handles (no network is the case under test)
    assert.deepEqual(
      errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::ERR/.test(e)),
      [],
      'no page logged an error',
    );
    assert.deepEqual(axe, [], 'axe: no serious or critical violation');
  });

  const onBoard = async (tracker: string) => (await server.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM ballots WHERE election_uuid = $1 AND tracker = $2', [open.uuid, tracker]))[0]!.n;
  const checkAxe = async (page: Page, where: string) => axe.push(...(await seriousAxeViolations(page)).map((v) => `${where}: ${v}`));

  async function seal(page: Page, credential: string, choice: number): Promise<string> {
    await page.fill('#credential', credential);
    await page.click('article button[type=submit]');
    const questions = page.locator('fieldset');
    await questions.first().waitFor({ timeout: 60_000 });
    for (let i = 0; i < (await questions.count()); i++) await questions.nth(i).locator('input').nth(choice).check();
    await page.click('article button[type=submit]');
    return (await page.locator('[data-testid=tracker]').textContent({ timeout: 60_000 }))!.trim();
  }

  function assertNoCredential(stored: { local: number; text: string }, credential: string, when: string) {
    assert.equal(stored.local, 0, `${when}: nothing in localStorage`);
    for (const form of [credential, credential.replace(/-/g, '')]) assert.ok(!stored.text.includes(form), `${when}: the credential is nowhere in the browser's storage`);
  }

  test('offline: seal, keep, reload, a later ballot replaces the earlier; online: cast once, on a mirror; quick exit erases', { timeout: 300_000 }, async () => {
    const context: BrowserContext = await browser.newContext({ viewport: { width: 360, height: 740 }, bypassCSP: true });
    const page = await context.newPage();
    errors.push(...recordErrors(page));
    const pageErrors = recordErrors(page);
    page.on('close', () => errors.push(...pageErrors));
    const credential = open.credentials[3]!;

    // the service worker's script is asked for again on every visit, so a new build reaches phones
    const sw = await fetch(`${server.base}/sw.js`);
    assert.equal(sw.status, 200);
    assert.equal(sw.headers.get('cache-control'), 'no-cache');

    // --- online, once: the booth opens; the service worker takes the page
    await page.goto(`${server.base}/e/${open.uuid}/vote`);
    await chooseLanguage(page, 'fa-AF');
    await page.locator('#credential').waitFor();
    await page.waitForFunction(async () => (await navigator.serviceWorker.ready) && navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    // what the booth read is kept: the election's view, election.json and the credential digests
    await page.waitForFunction(async () => (await (await caches.open('jirga-booth')).keys()).length >= 2, undefined, { timeout: 30_000 });
    // nothing kept yet: no outbox database either (reading it must not create it)
    assert.deepEqual((await storedEverywhere(page)).databases, [], 'no database before a ballot is kept');

    // --- the network goes; a reload still shows the booth (app and election from this device)
    await context.setOffline(true);
    await page.reload();
    await page.locator('#credential').waitFor({ timeout: 30_000 });
    assert.equal(await page.evaluate(() => navigator.onLine), false);
    const first = await seal(page, credential, 0);
    await page.click('article button.primary'); // Cast
    await page.locator('[data-testid=cast-failed]').waitFor();
    await checkAxe(page, 'cast failed, keep offered [fa-AF]');
    assert.equal((await page.locator('[data-testid=keep]').textContent())!.trim(), faVote['vote.keep']);
    await page.click('[data-testid=keep]');
    await page.locator('[data-testid=ballot-waiting]').waitFor();
    assert.equal((await page.locator('[data-testid=ballot-waiting]').textContent())!.trim(), faVote['vote.waiting']);
    assert.equal((await page.locator('[data-testid=tracker]').first().textContent())!.trim(), first);
    await checkAxe(page, 'waiting [fa-AF]');
    await screenshot(page, 'offline-waiting-fa');
    let stored = await storedEverywhere(page);
    assertNoCredential(stored, credential, 'after keeping');
    assert.deepEqual(stored.waiting, [{ state: 'waiting', tracker: first }]);

    // --- reload with no network: the app loads from the service worker; the frame says a ballot waits
    await page.reload();
    await page.locator('[data-testid=outbox] [data-state=waiting]').waitFor({ timeout: 30_000 });
    assert.ok((await page.locator('[data-testid=outbox]').textContent())!.includes(faFrame['frame.outboxWaiting']));
    assert.ok((await page.locator('[data-testid=outbox]').textContent())!.includes(first));
    await checkAxe(page, 'reloaded offline, a ballot waits [fa-AF]');

    // --- the voter changes their mind, still offline: the later sealed ballot replaces the earlier
    const second = await seal(page, credential, 1);
    assert.notEqual(second, first);
    await page.click('article button.primary');
    await page.locator('[data-testid=keep]').click();
    await page.locator('[data-testid=ballot-waiting]').waitFor();
    stored = await storedEverywhere(page);
    assertNoCredential(stored, credential, 'after keeping a second ballot');
    assert.deepEqual(stored.waiting, [{ state: 'waiting', tracker: second }], 'one ballot waits: the later one');
    assert.equal(await onBoard(first), 0);
    assert.equal(await onBoard(second), 0, 'nothing reached the board while offline');

    // --- the network returns: the kept ballot is sent by itself, once; the booth shows it cast
    await context.setOffline(false);
    await page.locator('[data-testid=cast-done]').waitFor({ timeout: 60_000 });
    assert.equal(await onBoard(second), 1, 'the later ballot is on the board, once');
    assert.equal(await onBoard(first), 0, 'the replaced ballot never reached the board');
    assert.equal((await page.locator('[data-testid=cast-tracker]').textContent())!.trim(), second);
    const receipt = (await page.locator('[data-testid=receipt-line]').textContent())!.trim();
    assert.match(receipt, new RegExp(`^JIRGA-RECEIPT 1 ${open.uuid} \\d+ [0-9a-f]{64} `));
    await checkAxe(page, 'sent when the network returned [fa-AF]');
    await screenshot(page, 'offline-cast-fa');
    stored = await storedEverywhere(page);
    assertNoCredential(stored, credential, 'after sending');
    assert.deepEqual(stored.waiting, [], 'nothing waits any more (the booth showed it cast)');
    // a second round of sending (another tab, the retry timer) does not send it again
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.waitForTimeout(500);
    assert.equal(await onBoard(second), 1);

    // --- a mirror pulled now holds it
    const dir = tempDir('jirga-mirror-');
    const mirror = await jirgaAsync(['mirror', '--from', server.base, '--election', open.uuid, '--dir', dir]);
    assert.equal(mirror.code, 0, mirror.stderr);
    const onMirror = parseArchive(readFileSync(join(dir, `${open.uuid}.bel`))).records.filter((r) => r.kind === 'data' && ballotTracker(r.text) === second);
    assert.equal(onMirror.length, 1, "the mirror's copy of the board holds the ballot");

    // --- quick exit: the caches, the outbox and the service worker are gone
    assert.ok((await storedEverywhere(page)).caches.length > 0, 'the app was cached');
    await page.locator('button.quick-exit').click();
    await page.waitForURL(/\/exit$/);
    const after = await context.newPage();
    await after.goto(`${server.base}/exit`);
    const left = await storedEverywhere(after);
    assert.deepEqual(left.caches, [], 'no cache left');
    assert.deepEqual(left.databases, [], 'no database left');
    assert.equal(await after.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0, 'no service worker left');
    await context.close();
  });
});
