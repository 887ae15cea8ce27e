// Ballot couriers in Chromium (issue 17): a voter on a phone loses the network at "Cast"
// and saves the sealed ballot (a file and a text block, never the credential); someone
// else, in another browser, submits it through "Submit a ballot someone gave you" — from
// the file, and again from the text mangled by a messenger (counted once); a damaged copy
// is refused before anything is sent. Pashto and Dari, 360 px, axe on the new screens.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedDemo, type DemoElection } from '../../src/services/elections/demo.ts';
import { tempDir } from '../helpers/tools.ts';
import { chooseLanguage, launchBrowser, recordErrors, screenshot, seriousAxeViolations, storedEverywhere, WEB_ROOT } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import faCourier from '../../web/src/i18n/fa-AF/courier.ts';
import psVote from '../../web/src/i18n/ps-AF/vote.ts';
import psElections from '../../web/src/i18n/ps-AF/elections.ts';

describe('ballot couriers: save the sealed ballot offline, someone else submits it', () => {
  let server: TestServer;
  let browser: Browser;
  let open: DemoElection;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  const axe: string[] = [];

  before(async () => {
    server = await startTestServer('pglite', { webRoot: WEB_ROOT });
    open = (await seedDemo(server.ctx, tempDir('jirga-demo-'))).find((d) => d.state === 'open')!;
    // a real election publishes no credential (the demo does, for trying): then none may be anywhere in the browser
    server.ctx.demoCredentials = undefined;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    assert.deepEqual(errors, [], 'no page logged an error');
    assert.deepEqual(axe, [], 'axe: no serious or critical violation');
  });

  async function phone(language: 'fa-AF' | 'ps-AF', path: string): Promise<{ page: Page; context: BrowserContext }> {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, bypassCSP: true, acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    const e = recordErrors(page);
    page.on('close', () => errors.push(...e));
    await page.goto(server.base + path);
    await chooseLanguage(page, language);
    return { page, context };
  }
  const ballots = async () => (await server.ctx.db.query<{ tracker: string }>('SELECT tracker FROM ballots WHERE election_uuid = $1', [open.uuid])).map((r) => r.tracker);

  test('offline at "Cast": the sealed ballot is saved; a courier submits the file; a mangled copy counts once; a damaged one is refused', { timeout: 240_000 }, async () => {
    // --- the voter, in Pashto, prepares a ballot, then the network goes
    const { page: voter, context: voterContext } = await phone('ps-AF', `/e/${open.uuid}/vote`);
    const credential = open.credentials[2]!;
    await voter.fill('#credential', credential);
    await voter.click('article button[type=submit]');
    const questions = voter.locator('fieldset');
    await questions.first().waitFor();
    for (let i = 0; i < (await questions.count()); i++) await questions.nth(i).locator('input').first().check();
    await voter.click('article button[type=submit]');
    const tracker = (await voter.locator('[data-testid=tracker]').textContent({ timeout: 60_000 }))!.trim();
    const before = await ballots();
    await voterContext.setOffline(true);
    await voter.click('article button.primary');
    await voter.locator('[data-testid=cast-failed]').waitFor();
    const carry = voter.locator('[data-testid=carry-ballot]');
    await carry.locator(':scope > summary').click();
    assert.equal((await carry.locator(':scope > summary').textContent())!.trim(), psVote['vote.carryTitle']);
    const [download] = await Promise.all([voter.waitForEvent('download'), carry.locator('[data-testid=carry-download]').click()]);
    assert.match(download.suggestedFilename(), /^sealed-ballot-[A-Za-z0-9]{10}\.txt$/);
    const file = await download.path();
    const sealed = readFileSync(file, 'utf8');
    assert.equal(await carry.locator('[data-testid=carry-text]').inputValue(), sealed, 'the text block is the file');
    assert.match(sealed, /^-----BEGIN JIRGA SEALED BALLOT-----\n/);
    assert.ok(sealed.includes(`Tracker: ${tracker}`));
    const secret = credential.replace(/-/g, '');
    assert.ok(!sealed.includes(credential) && !sealed.includes(secret) && !Buffer.from(sealed.replace(/^.*\n\n|\n-----END.*$/gs, '').replace(/\n/g, ''), 'base64').toString().includes(credential), 'the credential is never in the sealed ballot');
    const stored = await storedEverywhere(voter);
    assert.equal(stored.local, 0, 'nothing in localStorage');
    assert.ok(!stored.text.includes(credential) && !stored.text.includes(secret), 'nothing of the credential is in web storage, IndexedDB or Cache Storage');
    await checkAxe(voter, 'carry [ps-AF]');
    await screenshot(voter, 'courier-carry-ps');
    assert.deepEqual(await ballots(), before, 'nothing reached the board');

    // --- a courier, in Dari, in another browser: the footer link, then the file
    const { page: courier } = await phone('fa-AF', '/');
    await courier.click('footer a[href="/submit"]');
    await courier.locator('[data-testid=submit-page]').waitFor();
    assert.equal((await courier.locator('h1').textContent())!.trim(), faCourier['courier.title']);
    assert.equal(await courier.locator('[data-testid=submit-ballot]').isDisabled(), true, 'nothing to submit yet');
    await courier.setInputFiles('#sealed-file', file);
    await courier.locator('[data-testid=sealed-ok]').waitFor();
    assert.equal((await courier.locator('[data-testid=sealed-tracker]').textContent())!.trim(), tracker);
    await courier.locator('[data-testid=submit-election] strong').waitFor();
    await checkAxe(courier, 'submit read [fa-AF]');
    await courier.click('[data-testid=submit-ballot]');
    const done = courier.locator('[data-testid=submit-done]');
    await done.waitFor({ timeout: 60_000 });
    assert.equal((await done.locator('p.success').textContent())!.trim(), faCourier['courier.done']);
    assert.equal((await ballots()).filter((t) => t === tracker).length, 1, 'on the board');
    await checkAxe(courier, 'submit done [fa-AF]');
    await screenshot(courier, 'courier-submitted-fa');

    // --- the same ballot pasted after a messenger re-wrapped it: recognised, not counted again
    await courier.goto(`${server.base}/submit`);
    await courier.locator('#sealed-text').fill(`Forwarded message:\n${sealed.replace(/\n(?=[A-Za-z0-9+/=]{8})/g, ' ').replace(/-----/g, '—')}`);
    await courier.locator('[data-testid=sealed-ok]').waitFor();
    await courier.click('[data-testid=submit-ballot]');
    await courier.locator('[data-testid=submit-done]').waitFor({ timeout: 60_000 });
    assert.equal((await courier.locator('[data-testid=submit-done] p.success').textContent())!.trim(), faCourier['courier.doneAlready']);
    assert.equal((await ballots()).filter((t) => t === tracker).length, 1, 'counted once');

    // --- a damaged copy: refused on the page, nothing sent
    const requests: string[] = [];
    courier.on('request', (r) => r.method() === 'POST' && requests.push(r.url()));
    await courier.goto(`${server.base}/submit`);
    const lines = sealed.split('\n');
    const i = lines.findIndex((l) => /^[A-Za-z0-9+/=]{64}$/.test(l));
    lines[i] = lines[i]!.slice(0, 10) + (lines[i]![10] === 'Q' ? 'R' : 'Q') + lines[i]!.slice(11);
    await courier.locator('#sealed-text').fill(lines.join('\n'));
    const problem = courier.locator('[data-testid=sealed-problem]');
    await problem.waitFor();
    assert.equal(await problem.getAttribute('data-problem'), 'damaged');
    assert.equal((await problem.textContent())!.trim(), faCourier['courier.problemDamaged']);
    assert.equal(await courier.locator('[data-testid=submit-ballot]').isDisabled(), true);
    await checkAxe(courier, 'submit damaged [fa-AF]');
    assert.deepEqual(requests, [], 'nothing was sent');

    // --- the voter comes back online: "Try again" shows the ballot as cast, once
    await voterContext.setOffline(false);
    await voter.getByRole('button', { name: psVote['vote.tryAgain'] }).click();
    await voter.locator('[data-testid=cast-done]').waitFor({ timeout: 60_000 });
    assert.equal((await voter.locator('[data-testid=cast-done]').textContent())!.trim(), psVote['vote.doneAlready']);
    assert.equal((await ballots()).filter((t) => t === tracker).length, 1);
    // the receipt (tracker and board event), checked on the election's page: consistent with this board
    const receipt = (await voter.locator('[data-testid=receipt-line]').textContent())!.trim();
    assert.match(receipt, new RegExp(`^JIRGA-RECEIPT 1 ${open.uuid} \\d+ [0-9a-f]{64} ${tracker.replace(/[+/]/g, '\\$&')}$`));
    assert.equal((await voter.locator('[data-testid=copy-receipt]').textContent())!.trim(), psVote['vote.copyReceipt'], 'the receipt is copied by its own button, named for it');
    await voter.goto(`${server.base}/e/${open.uuid}`);
    await voter.fill('#receipt', receipt);
    await voter.locator('[data-testid=receipt-check] button[type=submit]').click();
    const verdict = voter.locator('[data-testid=receipt-check] [data-verdict]');
    await verdict.waitFor();
    assert.equal(await verdict.getAttribute('data-verdict'), 'consistent');
    assert.equal((await verdict.textContent())!.trim(), psElections['election.receiptConsistent']);
    await checkAxe(voter, 'receipt check [ps-AF]');
    await voter.close();
    await courier.close();
  });

  async function checkAxe(page: Page, label: string): Promise<void> {
    axe.push(...(await seriousAxeViolations(page)).map((v) => `${label}: ${v}`));
  }
});
