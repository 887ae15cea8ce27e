// The voter's bad day, in Chromium on a 360 × 740 phone, in Dari and Pashto: the
// connection cut at "Cast" (the retry casts the same ballot once), the reply lost after
// the server recorded the ballot (the retry is shown as cast, the board holds it once),
// a credential not on the list (refused before the choices, nothing sent), a credential
// typed with Persian digits and spaces (accepted), the booth's worker cut off while it
// downloads (said, then loaded anew), a closed or not-yet-open election (no
// booth), the quick exit (Back does not show the app), the demo's credentials on its
// page, and axe on the booth's states.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { createElection, startSetup } from '../../src/services/elections/elections.ts';
import { seedDemo, type DemoElection } from '../../src/services/elections/demo.ts';
import { generateSecretCredential } from '../../src/protocol/credentials.ts';
import { tempDir } from '../helpers/tools.ts';
import { chooseLanguage, launchBrowser, recordErrors, screenshot, seriousAxeViolations, WEB_ROOT } from '../helpers/browser.ts';
import { SAMPLE_DRAFT } from '../helpers/api-flow.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import faVote from '../../web/src/i18n/fa-AF/vote.ts';
import psVote from '../../web/src/i18n/ps-AF/vote.ts';

const PERSIAN = '۰۱۲۳۴۵۶۷۸۹';
const persianDigits = (s: string) => s.replace(/[0-9]/g, (d) => PERSIAN[Number(d)]!);

describe("the voter's bad day, on a phone in Dari and Pashto", () => {
  let server: TestServer;
  let browser: Browser;
  let open: DemoElection;
  let counted: DemoElection;
  let notYetOpen: string;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  const axe: string[] = [];

  before(async () => {
    server = await startTestServer('pglite', { webRoot: WEB_ROOT });
    const demo = await seedDemo(server.ctx, tempDir('jirga-demo-'));
    open = demo.find((d) => d.state === 'open')!;
    counted = demo.find((d) => d.state === 'published')!;
    const [{ id }] = (await server.ctx.db.query<{ id: string }>('SELECT id FROM conventions LIMIT 1')) as [{ id: string }];
    notYetOpen = await createElection(server.ctx, id, SAMPLE_DRAFT);
    await startSetup(server.ctx, notYetOpen, { allowMissingTranslations: true });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    assert.deepEqual(errors, [], 'no page logged an error');
  });

  /** A phone in a context of its own (axe needs the CSP bypassed to inject itself). */
  async function phone(language: 'fa-AF' | 'ps-AF', path: string, sent?: string[], prepare?: (page: Page) => Promise<void>): Promise<Page> {
    // `prepare` (routes set before the first request) needs the page's own requests: no service worker in between
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, bypassCSP: true, ...(prepare ? { serviceWorkers: 'block' as const } : {}) });
    contexts.push(context);
    const page = await context.newPage();
    if (sent) page.on('request', (r) => sent.push(`${r.method()} ${r.url()} ${r.postData() ?? ''}`));
    await prepare?.(page);
    const e = recordErrors(page);
    page.on('close', () => errors.push(...e));
    await page.goto(server.base + path);
    await chooseLanguage(page, language);
    return page;
  }

  async function checkAxe(page: Page, label: string): Promise<void> {
    axe.push(...(await seriousAxeViolations(page)).map((v) => `${label}: ${v}`));
  }

  const ballots = async (uuid: string) => (await server.ctx.db.query<{ tracker: string }>('SELECT tracker FROM ballots WHERE election_uuid = $1', [uuid])).map((r) => r.tracker);

  async function chooseAndPrepare(page: Page): Promise<string> {
    const questions = page.locator('fieldset');
    await questions.first().waitFor();
    for (let i = 0; i < (await questions.count()); i++) await questions.nth(i).locator('input').first().check();
    await page.click('article button[type=submit]');
    const tracker = (await page.locator('[data-testid=tracker]').textContent({ timeout: 60_000 }))!.trim();
    assert.match(tracker, /^[A-Za-z0-9+/]{43}$/);
    return tracker;
  }

  async function enterCredential(page: Page, credential: string): Promise<void> {
    await page.fill('#credential', credential);
    await page.click('article button[type=submit]');
  }

  /** Every POST of a ballot, with its body; `mode` decides what happens to the next one. */
  async function interceptCasting(page: Page) {
    const sent: string[] = [];
    const state = { mode: 'cut' as 'cut' | 'lose-reply' | 'closed' | 'through' };
    await page.route('**/api/elections/*/ballots', async (route: Route) => {
      if (route.request().method() !== 'POST') return route.continue();
      sent.push(route.request().postData() ?? '');
      if (state.mode === 'cut') return route.abort('internetdisconnected');
      // the server's answer when the election closed while the voter was choosing (src/services/elections/casting.ts)
      if (state.mode === 'closed') return route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ error: 'voting is closed', code: 'voting-closed' }) });
      if (state.mode === 'lose-reply') {
        // the request reaches the server and is recorded; the answer never comes back
        const answer = await route.fetch();
        assert.equal(answer.status(), 200);
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    return { sent, state };
  }

  test('connection cut at "Cast", then back: the sealed ballot stays, "Try again" casts the same ballot once (Dari)', { timeout: 180_000 }, async () => {
    const page = await phone('fa-AF', `/e/${open.uuid}/vote`);
    await enterCredential(page, open.credentials[0]!);
    const tracker = await chooseAndPrepare(page);
    const before = await ballots(open.uuid);
    const casting = await interceptCasting(page);
    await page.click('article button.primary');
    const failed = page.locator('[data-testid=cast-failed]');
    await failed.waitFor();
    // honest: the outcome is unknown, never "nothing was sent"
    assert.equal((await failed.locator('p.error').textContent())!.trim(), faVote['vote.castUnconfirmed']);
    assert.equal((await page.locator('[data-testid=tracker]').textContent())!.trim(), tracker, 'the same sealed ballot is on screen');
    assert.equal(await page.getByRole('button', { name: faVote['vote.audit'] }).count(), 0, 'a ballot that may have arrived is not offered for testing');
    assert.deepEqual(await ballots(open.uuid), before, 'nothing reached the board');
    await checkAxe(page, 'cast failed [fa-AF]');
    await screenshot(page, 'booth-cast-failed-fa');
    casting.state.mode = 'through';
    await page.getByRole('button', { name: faVote['vote.tryAgain'] }).click();
    await page.locator('[data-testid=cast-done]').waitFor({ timeout: 60_000 });
    assert.equal((await page.locator('[data-testid=cast-tracker]').textContent())!.trim(), tracker);
    assert.equal(casting.sent.length, 2);
    assert.equal(casting.sent[1], casting.sent[0], 'the retry sent the same bytes');
    const after = await ballots(open.uuid);
    assert.equal(after.length, before.length + 1);
    assert.equal(after.filter((t) => t === tracker).length, 1, 'cast once');
    // the ballot box link carries the tracker, and the check runs on arrival
    await checkAxe(page, 'cast [fa-AF]');
    await page.click(`a[href*="tracker="]`);
    await page.waitForURL(/\/e\/[^/]+\?tracker=/);
    assert.equal(await page.inputValue('#tracker'), tracker);
    await page.locator('#check form:has(#tracker) .success').waitFor();
    // the link carries the receipt too (in the fragment, never sent): checked against this board on arrival
    assert.match(await page.inputValue('#receipt'), new RegExp(`^JIRGA-RECEIPT 1 ${open.uuid} \\d+ [0-9a-f]{64} ${tracker.replace(/[+/]/g, '\\$&')}$`));
    await page.locator('[data-testid=receipt-check] [data-verdict=consistent]').waitFor();
    assert.match((await page.locator('[data-testid=receipt-command]').textContent())!, /^jirga receipt "JIRGA-RECEIPT 1 .*" --server http:\/\/127\.0\.0\.1:\d+$/);
    await checkAxe(page, 'receipt checked from the link [fa-AF]');
    await page.close();
  });

  test('the reply lost after the server recorded the ballot: the retry is shown as cast, the board holds it once (Pashto)', { timeout: 180_000 }, async () => {
    const page = await phone('ps-AF', `/e/${open.uuid}/vote`);
    await enterCredential(page, open.credentials[1]!);
    const tracker = await chooseAndPrepare(page);
    const before = await ballots(open.uuid);
    const casting = await interceptCasting(page);
    casting.state.mode = 'lose-reply';
    await page.click('article button.primary');
    await page.locator('[data-testid=cast-failed]').waitFor();
    assert.equal((await ballots(open.uuid)).filter((t) => t === tracker).length, 1, 'the server did record it');
    await checkAxe(page, 'reply lost [ps-AF]');
    casting.state.mode = 'through';
    await page.getByRole('button', { name: psVote['vote.tryAgain'] }).click();
    const done = page.locator('[data-testid=cast-done]');
    await done.waitFor({ timeout: 60_000 });
    assert.equal((await done.textContent())!.trim(), psVote['vote.doneAlready']);
    assert.equal((await page.locator('[data-testid=cast-tracker]').textContent())!.trim(), tracker);
    assert.equal(casting.sent[1], casting.sent[0]);
    const after = await ballots(open.uuid);
    assert.equal(after.length, before.length + 1, 'one ballot added, not two');
    assert.equal(after.filter((t) => t === tracker).length, 1);
    await page.close();
  });

  test('voting closed while the voter chose: said plainly, no "Try again", no tracker, the way to the election page (Dari)', { timeout: 180_000 }, async () => {
    const page = await phone('fa-AF', `/e/${open.uuid}/vote`);
    await enterCredential(page, open.credentials[3]!);
    await chooseAndPrepare(page);
    const casting = await interceptCasting(page);
    casting.state.mode = 'closed';
    await page.click('article button.primary');
    const refused = page.locator('[data-testid=cast-refused]');
    await refused.waitFor({ timeout: 60_000 });
    assert.equal((await refused.textContent())!.trim(), faVote['vote.refusedClosed']);
    assert.equal(await page.getByRole('button', { name: faVote['vote.tryAgain'] }).count(), 0, 'no "Try again"');
    assert.equal(await page.getByRole('button', { name: faVote['vote.cast'] }).count(), 0);
    assert.equal(await page.locator('[data-testid=tracker]').count(), 0, 'no tracker: the ballot is not on the board');
    assert.equal(await page.locator(`article a[href="/e/${open.uuid}"]`).textContent(), faVote['vote.toElection']);
    assert.equal(casting.sent.length, 1);
    await checkAxe(page, 'voting closed at cast [fa-AF]');
    await screenshot(page, 'booth-cast-closed-fa');
    await page.close();
  });

  test('a credential not on the list is refused before the choices, and nothing about it is sent (Pashto)', { timeout: 120_000 }, async () => {
    const sent: string[] = [];
    const page = await phone('ps-AF', `/e/${open.uuid}/vote`, sent);
    const stranger = generateSecretCredential();
    await enterCredential(page, stranger);
    const refusal = page.locator('[data-testid=credential-unknown]');
    await refusal.waitFor({ timeout: 60_000 });
    assert.equal((await refusal.textContent())!.trim(), psVote['vote.credentialUnknown']);
    assert.equal(await page.locator('fieldset').count(), 0, 'no choices');
    assert.equal(await page.inputValue('#credential'), stranger, 'what was typed is kept');
    assert.ok(sent.some((s) => s.includes('/credential-digests.json')), 'the list was fetched');
    assert.deepEqual(sent.filter((s) => s.startsWith('POST') || s.includes(stranger) || s.includes(stranger.replaceAll('-', ''))), []);
    await checkAxe(page, 'credential unknown [ps-AF]');
    await screenshot(page, 'booth-credential-unknown-ps');
    await page.close();
  });

  test('a credential typed with Persian digits and spaces is accepted; a mistyped one says which group is wrong, once it is whole (Dari)', { timeout: 120_000 }, async () => {
    const page = await phone('fa-AF', `/e/${open.uuid}/vote`);
    const credential = open.credentials[2]!;
    // while typing: nothing said
    await page.fill('#credential', persianDigits(credential.slice(0, 7)));
    assert.equal(await page.locator('[data-testid=credential-problem]').count(), 0);
    // a 0 (never in a credential) in the third group, typed as a Persian zero
    const typo = `${credential.slice(0, 8)}۰${credential.slice(9)}`;
    await page.fill('#credential', typo);
    const problem = page.locator('[data-testid=credential-problem]');
    await problem.waitFor();
    assert.match((await problem.textContent())!, /گروه ۳/);
    await checkAxe(page, 'credential mistyped [fa-AF]');
    await screenshot(page, 'booth-credential-typo-fa');
    // as a Dari keyboard types it: Persian digits, spaces for the dashes
    await enterCredential(page, persianDigits(credential).replaceAll('-', ' '));
    await page.locator('fieldset').first().waitFor({ timeout: 60_000 });
    await checkAxe(page, 'choices [fa-AF]');
    // the ballot it makes is accepted by the server: the credential was read right
    const tracker = await chooseAndPrepare(page);
    await page.click('article button.primary');
    await page.locator('[data-testid=cast-done]').waitFor({ timeout: 60_000 });
    assert.ok((await ballots(open.uuid)).includes(tracker));
    await page.close();
  });

  test("the booth's worker cut off while it downloads: said plainly, and Continue again loads it and goes on (Pashto)", { timeout: 120_000 }, async () => {
    const link = { cut: true };
    let asked = 0;
    const page = await phone('ps-AF', `/e/${open.uuid}/vote`, undefined, async (p) => {
      await p.route('**/booth.worker*', (route: Route) => (asked++, link.cut ? route.abort('connectionreset') : route.continue()));
    });
    await enterCredential(page, open.credentials[1]!);
    // before: the booth stayed at "checking" for good, its button disabled
    const failed = page.locator('[data-testid=booth-worker-failed]');
    await failed.waitFor({ timeout: 30_000 });
    assert.equal((await failed.textContent())!.trim(), psVote['vote.workerFailed']);
    assert.equal(await page.locator('#credential').isDisabled(), false, 'the credential can be sent again');
    await checkAxe(page, 'booth worker failed [ps-AF]');
    // the link is back: Continue loads the worker anew, and the booth goes on to the choices
    link.cut = false;
    await page.click('article button[type=submit]');
    await page.locator('fieldset').first().waitFor({ timeout: 60_000 });
    assert.ok(asked >= 2, `the worker's code asked for again (${asked} times)`);
  });

  test('a closed election and one not open yet show their state and no booth', async () => {
    for (const [uuid, language, text] of [
      [counted.uuid, 'fa-AF', faVote['vote.closed']],
      [notYetOpen, 'ps-AF', psVote['vote.notStarted']],
    ] as const) {
      const page = await phone(language, `/e/${uuid}/vote`);
      const notice = page.locator('[data-testid=booth-closed]');
      await notice.waitFor();
      assert.equal((await notice.textContent())!.trim(), text);
      assert.equal(await page.locator('#credential').count(), 0, 'no credential box');
      await checkAxe(page, `not open [${language}]`);
      await page.close();
    }
  });

  test('the demo shows its sample credentials on its open election only', async () => {
    const page = await phone('fa-AF', `/e/${open.uuid}`);
    const list = page.locator('[data-testid=demo-credentials] li');
    await list.first().waitFor();
    assert.deepEqual((await list.allTextContents()).map((s) => s.trim()), open.credentials);
    await page.goto(`${server.base}/e/${counted.uuid}`);
    await page.locator('main h1').waitFor();
    assert.equal(await page.locator('[data-testid=demo-credentials]').count(), 0);
    const real = await (await fetch(`${server.base}/api/elections/${notYetOpen}`)).json();
    assert.equal(real.demoCredentials, undefined);
    await page.close();
  });

  test('quick exit, then Back: the app is not shown, and what it kept is cleared (Dari)', async () => {
    const page = await phone('fa-AF', '/');
    // arrive at the booth through the app's own links, so that the tab has app entries behind it
    await page.click(`a[href="/e/${open.uuid}"]`);
    await page.locator('main h1').waitFor();
    await page.click(`a[href="/e/${open.uuid}/vote"]`);
    await page.locator('#credential').waitFor();
    await page.fill('#credential', open.credentials[3]!);
    await page.locator('button.quick-exit').click();
    await page.waitForURL(/\/exit$/);
    await page.waitForLoadState();
    await page.locator('body h1').waitFor(); // the exit page itself (it loads once the browser has forgotten the app)
    const notTheApp = async (when: string) => {
      assert.equal(await page.locator('#app, .frame, #credential').count(), 0, `${when}: no app`);
      const text = await page.evaluate(() => `${document.title} ${document.body.innerText}`);
      assert.doesNotMatch(text, /jirga|جرگه|جرګه|رأی|رایه/i, `${when}: nothing names the app or the vote`);
    };
    await notTheApp('after the exit');
    assert.equal(await page.evaluate(() => sessionStorage.length + localStorage.length), 0);
    await page.goBack();
    await page.waitForLoadState();
    assert.doesNotMatch(page.url(), /\/e\//, 'Back does not return to the election');
    await notTheApp('after Back');
    await page.close();

    // the same after a reload on the way (the app's first entries belong to an earlier page load)
    const again = await phone('ps-AF', '/');
    await again.click(`a[href="/e/${open.uuid}"]`);
    await again.locator('main h1').waitFor();
    await again.reload();
    await again.locator('main h1').waitFor();
    await again.click(`a[href="/e/${open.uuid}/vote"]`);
    await again.locator('#credential').waitFor();
    await again.locator('button.quick-exit').click();
    await again.waitForURL(/\/exit$/);
    await again.waitForLoadState();
    await again.locator('body h1').waitFor();
    await again.goBack();
    await again.waitForLoadState();
    assert.doesNotMatch(again.url(), /\/e\//, 'Back does not return to the election after a reload either');
    assert.equal(await again.locator('#app, .frame, #credential').count(), 0);
    assert.equal(await again.evaluate(() => sessionStorage.length + localStorage.length), 0);
    await again.close();
  });

  test('axe finds no serious violation on the booth states', () => {
    assert.deepEqual(axe, []);
  });
});
