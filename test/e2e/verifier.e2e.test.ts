// The observer's verifier in the browser, on a ballot box large enough to take a
// while: it shows how far it is (ballots checked of the total, in Dari digits), can be
// stopped (and then concludes nothing, and leaves no copy of the archive behind), and a
// record altered on the way (a lying server or a proxy) is found invalid. With re-votes
// it reads the archive a second time for the ballots they replaced (its memory does not
// keep them): from the copy it wrote in the origin's private file system as it first read
// it, with one download; where the browser has no room for a copy (a quota set through
// the DevTools protocol), it downloads the archive again, and a second download that is
// not the board first read is never valid. Dari, on a 360 px phone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { closeOverHttp, ballotFor, Client, decryptOverHttp, openElectionOverHttp, SAMPLE_DRAFT, type OpenElection } from '../helpers/api-flow.ts';
import { chooseLanguage, launchBrowser, recordErrors, seriousAxeViolations, WEB_ROOT } from '../helpers/browser.ts';
import { ORGANISER_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';
import faElections from '../../web/src/i18n/fa-AF/elections.ts';

const VOTERS = 60;
const PERSIAN_DIGIT = /[۰-۹]/;

describe('the verifier in the browser (Dari, 360 px)', () => {
  let server: TestServer;
  let browser: Browser;
  let election: OpenElection;
  const errors: string[] = [];

  before(async () => {
    server = await startTestServer('pglite', { webRoot: WEB_ROOT });
    const client = new Client(server.base);
    election = await openElectionOverHttp(client, { voters: VOTERS, password: ORGANISER_PASSWORD, draft: { ...SAMPLE_DRAFT, trustees: { count: 1, threshold: null } } });
    for (let i = 0; i < VOTERS; i++) {
      const r = await client.request('POST', `/api/elections/${election.uuid}/ballots`, ballotFor(election, i, [[0, 1, 0], [0, 1, 0, 0]]));
      assert.equal(r.status, 200, r.text);
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** `forAxe`: axe is injected as a script, which the page's CSP refuses unless bypassed. */
  async function electionPage(forAxe = false, uuid = election.uuid, noServiceWorker = false): Promise<Page> {
    // noServiceWorker: the page's own requests, routed by the test, with no service worker in between
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, bypassCSP: forAxe, ...(noServiceWorker ? { serviceWorkers: 'block' as const } : {}) });
    const page = await context.newPage();
    errors.push(...recordErrors(page));
    await page.goto(`${server.base}/e/${uuid}`);
    await chooseLanguage(page, 'fa-AF');
    await page.waitForSelector('[data-testid=verify-run]');
    return page;
  }

  test('shows ballots checked of the total while it runs, then a valid record', async () => {
    const page = await electionPage(true);
    await page.click('[data-testid=verify-run]');
    const progress = page.locator('[data-testid=verify-progress] p');
    // the progress line names ballots checked of the total, in Dari digits
    await page.waitForFunction(() => /از/.test(document.querySelector('[data-testid=verify-progress] p')?.textContent ?? ''), undefined, { timeout: 60_000 });
    const line = (await progress.textContent())!;
    assert.match(line, PERSIAN_DIGIT, line);
    assert.match(line, /۶۰/, `the total (60) in Dari digits: ${line}`);
    const value = Number(await page.locator('[data-testid=verify-progress] progress').getAttribute('value'));
    assert.ok(value > 0 && value <= VOTERS, `progress value ${value}`);
    assert.deepEqual(await seriousAxeViolations(page), []);
    const done = page.locator('[data-testid=verify-done]');
    await done.waitFor({ timeout: 120_000 });
    assert.equal(await done.getAttribute('data-status'), 'valid');
    assert.equal(await page.locator('[data-testid=verify-progress]').count(), 0, 'the progress bar goes when it is done');
    // every check passed, the ballots one included
    const classes = await page.locator('[data-testid=verifier] ul.checks li').evaluateAll((lis) => lis.map((li) => li.className));
    assert.ok(classes.length >= 8, classes.join());
    assert.deepEqual([...new Set(classes)], ['ok']);
    await page.context().close();
  });

  test('"Stop" ends the verification: nothing is concluded, nothing more is checked', async () => {
    const page = await electionPage();
    await page.click('[data-testid=verify-run]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=verify-progress] progress')?.getAttribute('value') ?? 0) > 0, undefined, { timeout: 60_000 });
    await page.click('[data-testid=verify-cancel]');
    await page.locator('[data-testid=verify-cancelled]').waitFor();
    const checksThen = await page.locator('[data-testid=verifier] ul.checks li').count();
    await page.waitForTimeout(3000);
    assert.equal(await page.locator('[data-testid=verify-done]').count(), 0, 'a stopped verification concludes nothing');
    assert.equal(await page.locator('[data-testid=verifier] ul.checks li').count(), checksThen, 'the worker was ended: no check arrives after Stop');
    assert.equal(await page.locator('[data-testid=verify-run]').isEnabled(), true, 'it can be started again');
    assert.deepEqual(await copiesOnDevice(page), [], 'the copy of the archive is deleted when stopped');
    await page.context().close();
  });

  test('a record altered on its way to the browser is found invalid', async () => {
    const page = await electionPage();
    let served = 0;
    await page.route('**/archive.bel', async (route) => {
      const response = await route.fetch();
      const bytes = Buffer.from(await response.body());
      // change one digit of the last ballot's signature: a tar entry's content, so
      // the archive still reads, but that record no longer matches its name
      const at = bytes.lastIndexOf('"response":"');
      assert.ok(at > 0);
      const i = at + '"response":"'.length;
      bytes[i] = bytes[i] === 0x31 ? 0x32 : 0x31;
      served++;
      await route.fulfill({ response, body: bytes });
    });
    await page.click('[data-testid=verify-run]');
    const done = page.locator('[data-testid=verify-done]');
    await done.waitFor({ timeout: 120_000 });
    // read as a stream first, then read whole to name what differs: from this device's copy, one download
    assert.equal(served, 1);
    assert.equal(await done.getAttribute('data-status'), 'invalid');
    assert.match((await done.textContent())!, /ناظران/, 'the Dari words for "tell the observers"');
    await page.context().close();
  });

  test('the connection drops during the download: a clear message, nothing concluded, and it can be started again', async () => {
    const page = await electionPage();
    await page.route('**/archive.bel', (route) => route.abort('connectionreset'));
    await page.click('[data-testid=verify-run]');
    const alert = page.locator('[data-testid=verifier] [role=alert]');
    await alert.waitFor({ timeout: 30_000 });
    assert.match((await alert.textContent())!, /[\u0600-\u06FF]/, 'the message is in Dari');
    assert.equal(await page.locator('[data-testid=verify-done]').count(), 0, 'a failed download concludes nothing');
    assert.equal(await page.locator('[data-testid=verify-progress]').count(), 0);
    // the network is back: the same button verifies the record
    await page.unroute('**/archive.bel');
    await page.click('[data-testid=verify-run]');
    const done = page.locator('[data-testid=verify-done]');
    await done.waitFor({ timeout: 120_000 });
    assert.equal(await done.getAttribute('data-status'), 'valid');
    await page.context().close();
  });

  test('the verifier\'s worker stops (its code cut off; on a phone, memory): said in Dari, nothing concluded, and it can be started again', async () => {
    const page = await electionPage(false, election.uuid, true);
    await page.route('**/verify.worker*', (route) => route.abort('connectionreset'));
    await page.click('[data-testid=verify-run]');
    // before: the progress bar stayed frozen until Stop, with nothing said
    const stopped = page.locator('[data-testid=verify-stopped]');
    await stopped.waitFor({ timeout: 30_000 });
    assert.equal((await stopped.textContent())!.trim(), faElections['verify.workerStopped']);
    assert.equal(await page.locator('[data-testid=verify-done]').count(), 0, 'nothing concluded');
    assert.equal(await page.locator('[data-testid=verify-progress]').count(), 0);
    assert.equal(await page.locator('[data-testid=verify-run]').isEnabled(), true);
    await page.unroute('**/verify.worker*');
    await page.click('[data-testid=verify-run]');
    const done = page.locator('[data-testid=verify-done]');
    await done.waitFor({ timeout: 120_000 });
    assert.equal(await done.getAttribute('data-status'), 'valid');
    assert.equal(await stopped.count(), 0, 'the message goes once it runs again');
    await page.context().close();
  });

  /** An election of 4 voters where voter 0 votes three times and voter 1 twice: three ballots replaced. */
  async function electionWithRevotes(): Promise<OpenElection> {
    const client = new Client(server.base);
    const e = await openElectionOverHttp(client, { voters: 4, password: ORGANISER_PASSWORD, draft: { ...SAMPLE_DRAFT, trustees: { count: 1, threshold: null } } });
    const A = [[0, 1, 0], [0, 1, 0, 0]];
    const B = [[1, 0, 0], [0, 0, 1, 1]];
    for (const [voter, plaintext] of [[0, A], [1, A], [0, B], [2, B], [3, A], [1, B], [0, A]] as const) {
      const r = await client.request('POST', `/api/elections/${e.uuid}/ballots`, ballotFor(e, voter, plaintext as number[][]));
      assert.equal(r.status, 200, r.text);
    }
    await closeOverHttp(client, e.uuid);
    assert.equal((await decryptOverHttp(client, e, 0)).published, true);
    return e;
  }

  /** The files in the verifier's folder of the origin's private file system. */
  const copiesOnDevice = (page: Page): Promise<string[]> =>
    page.evaluate(async () => {
      const root = await navigator.storage.getDirectory();
      const names: string[] = [];
      const folder = await root.getDirectoryHandle('jirga-verifier').catch(() => undefined); // none yet, or no room for one
      if (!folder) return names;
      for await (const name of (folder as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
      return names;
    });

  /** Every text the second reading's progress line showed (it may show only for a moment). */
  async function watchSecondReading(page: Page): Promise<void> {
    await page.evaluate(() => {
      const seen: string[] = ((window as unknown as { secondReading: string[] }).secondReading = []);
      new MutationObserver(() => {
        const line = document.querySelector('[data-testid=verify-again]')?.textContent;
        if (line && seen.at(-1) !== line) seen.push(line);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  }
  const secondReading = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { secondReading: string[] }).secondReading);

  test('a published election with re-votes: read a second time from the copy on this device, with one download, valid', async () => {
    const e = await electionWithRevotes();
    const page = await electionPage(false, e.uuid);
    // a copy left behind by a tab that closed mid-way is deleted at the next start
    await page.evaluate(async () => {
      const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle('jirga-verifier', { create: true });
      const file = await folder.getFileHandle('archive-stale.bel', { create: true });
      const writable = await file.createWritable();
      await writable.write('stale');
      await writable.close();
    });
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('archive.bel')) requests.push(r.url());
    });
    await watchSecondReading(page);
    await page.click('[data-testid=verify-run]');
    const done = page.locator('[data-testid=verify-done]');
    await done.waitFor({ timeout: 120_000 });
    assert.equal(await done.getAttribute('data-status'), 'valid');
    assert.equal(requests.length, 1, `one download: ${requests.join(', ')}`);
    const classes = await page.locator('[data-testid=verifier] ul.checks li').evaluateAll((lis) => lis.map((li) => li.className));
    assert.deepEqual([...new Set(classes)], ['ok']);
    assert.match((await page.locator('[data-testid=verifier] ul.checks').textContent())!, /۳/, 'three ballots replaced, in Dari digits');
    // the second reading was shown: the replaced ballots read again of three, from this device's copy
    const lines = await secondReading(page);
    assert.ok(lines.length > 0, 'the second reading showed its progress');
    assert.ok(lines.every((l) => /از ۳/.test(l) && /همین دستگاه/.test(l)), lines.join(' | '));
    assert.ok(lines.some((l) => /: ۳ از ۳/.test(l)), `all three read again: ${lines.join(' | ')}`);
    assert.deepEqual(await copiesOnDevice(page), [], 'the copy (and the stale one) are deleted when it is done');
    await page.context().close();
  });

  test('no room for a copy: downloaded again for the replaced ballots (progress shown, Stop-able); a second download that differs is not valid', async () => {
    const e = await electionWithRevotes();
    const page = await electionPage(true, e.uuid);
    // a quota too small for the archive: the first write is refused, so the copy is given up
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: server.base, quotaSize: 1024 });
    let served = 0;
    let alter = false;
    let holdSecond: Promise<void> | undefined;
    await page.route('**/archive.bel', async (route) => {
      served++;
      const response = await route.fetch();
      const bytes = Buffer.from(await response.body());
      if (served % 2 === 0) await holdSecond;
      if (alter && served % 2 === 0) {
        // the second download: one digit of the first (replaced) ballot's signature changed
        const at = bytes.indexOf('"response":"', bytes.indexOf('{"election_uuid"'));
        assert.ok(at > 0);
        const i = at + '"response":"'.length;
        bytes[i] = bytes[i] === 0x31 ? 0x32 : 0x31;
      }
      await route.fulfill({ response, body: bytes }).catch(() => undefined); // a download stopped meanwhile
    });
    const done = page.locator('[data-testid=verify-done]');

    // the second download held back: its progress line shows, says it is downloaded again, and axe finds nothing serious
    let release!: () => void;
    holdSecond = new Promise((r) => (release = r));
    await page.click('[data-testid=verify-run]');
    const again = page.locator('[data-testid=verify-again]');
    await again.waitFor({ timeout: 120_000 });
    assert.match((await again.textContent())!, /۰ از ۳/, 'none of the three replaced ballots read again yet');
    assert.match((await again.textContent())!, /دوباره دانلود شد/, 'the Dari words for "downloaded again"');
    assert.deepEqual(await seriousAxeViolations(page), []);
    // Stop works during the second reading too
    await page.click('[data-testid=verify-cancel]');
    await page.locator('[data-testid=verify-cancelled]').waitFor();
    release();
    await page.waitForTimeout(1000);
    assert.equal(await done.count(), 0, 'a stopped verification concludes nothing');
    assert.deepEqual(await copiesOnDevice(page), []);

    served = 0;
    holdSecond = undefined;
    await page.click('[data-testid=verify-run]');
    await done.waitFor({ timeout: 120_000 });
    assert.equal(await done.getAttribute('data-status'), 'valid');
    assert.equal(served, 2, 'downloaded again for the ballots that re-votes replaced');
    const classes = await page.locator('[data-testid=verifier] ul.checks li').evaluateAll((lis) => lis.map((li) => li.className));
    assert.deepEqual([...new Set(classes)], ['ok']);

    alter = true;
    served = 0;
    await page.click('[data-testid=verify-run]');
    await page.waitForFunction(() => document.querySelector('[data-testid=verify-done]')?.getAttribute('data-status') === 'unusable', undefined, { timeout: 120_000 });
    assert.equal(served, 2);
    const tally = page.locator('[data-testid=verifier] ul.checks li.unusable');
    assert.equal(await tally.count(), 1);
    assert.match((await tally.textContent())!, /دوباره خوانده شد/, 'the Dari words for "read a second time"');
    await page.context().close();
  });

  test('no page errors', () => {
    assert.deepEqual(errors, []);
  });
});
