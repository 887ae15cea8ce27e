// End to end, in Debian's Chromium: an organiser creates a convention and an
// election; the credential authority uploads 5 voters; 3 trustees (threshold 2)
// set up keys; 5 voters vote (one in Pashto, one in Dari, one twice, one audits
// a ballot first); voting closes; 2 trustees decrypt; the result is right and the
// downloaded archive passes belenios-tool. Screenshots of each main screen in
// English and Dari go to test-output/screenshots.
// The server runs on Postgres (a fresh database; JIRGA_E2E_DB=pglite for PGlite):
// the other browser tests, voting included (safety.e2e), run on PGlite, and the
// server tests run the election flow on both.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chooseLanguage, launchBrowser, recordErrors, recordRequests, screenshot, WEB_ROOT } from '../helpers/browser.ts';
import { ORGANISER_PASSWORD, startTestServer, type DbKind, type TestServer } from '../helpers/server.ts';
import { beleniosVerify } from '../helpers/tools.ts';

const DB = (process.env.JIRGA_E2E_DB ?? 'postgres') as DbKind;

describe(`a whole election in the browser, the server on ${DB}`, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  const requests: string[] = [];
  const errors: string[] = [];

  before(async () => {
    server = await startTestServer(DB, { webRoot: WEB_ROOT });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 412, height: 915 }, acceptDownloads: true });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function newPage(): Promise<Page> {
    const page = await context.newPage();
    requests.push(...[]);
    const r = recordRequests(page);
    const e = recordErrors(page);
    page.on('close', () => {
      requests.push(...r);
      errors.push(...e);
    });
    page.on('dialog', (d) => void d.accept());
    return page;
  }

  async function download(page: Page, click: () => Promise<void>): Promise<string> {
    const [file] = await Promise.all([page.waitForEvent('download'), click()]);
    return readFileSync((await file.path())!, 'utf8');
  }

  test('organiser, credential authority, trustees, voters, decryption, result', { timeout: 600_000 }, async () => {
    const base = server.base;
    // --- organiser: log in, create the convention and the election
    const org = await newPage();
    await org.goto(`${base}/organiser`);
    await screenshot(org, 'organiser-login-en');
    await org.fill('#username', 'organiser');
    await org.fill('#password', ORGANISER_PASSWORD);
    await org.click('button[type=submit]');
    await org.fill('#ct-en', 'Convention of Afghans (test)');
    await org.fill('#ct-fa-AF', 'جرگهٔ افغان‌ها (آزمایشی)');
    await org.fill('#ct-ps-AF', 'د افغانانو جرګه (ازمویښتي)');
    await org.click('text=Create the convention');
    await org.click('text=New vote in this convention');
    await org.fill('#name-en', 'Future government');
    await org.fill('#name-fa-AF', 'حکومت آینده');
    await org.fill('#name-ps-AF', 'راتلونکی حکومت');
    await org.fill('#description-en', 'Which form of government?');
    await org.fill('#q0-en', 'Which form of government?');
    await org.fill('#q0-fa-AF', 'کدام شکل حکومت؟');
    await org.fill('#q0-ps-AF', 'کوم ډول حکومت؟');
    await org.fill('#q0a0-en', 'Republic');
    await org.fill('#q0a0-fa-AF', 'جمهوری');
    await org.fill('#q0a0-ps-AF', 'جمهوریت');
    await org.fill('#q0a1-en', 'Monarchy');
    await org.fill('#q0a1-fa-AF', 'پادشاهی');
    await org.fill('#q0a1-ps-AF', 'پاچاهي');
    await org.click('text=Add an answer');
    await org.fill('#q0a2-en', 'Emirate');
    await org.fill('#q0a2-fa-AF', 'امارت');
    await org.fill('#q0a2-ps-AF', 'امارت');
    await org.click('text=Add a question');
    await org.fill('#q1-en', 'Rights first?');
    await org.fill('#q1-fa-AF', 'کدام حقوق نخست؟');
    await org.fill('#q1-ps-AF', 'کوم حقونه لومړی؟');
    await org.fill('#q1a0-en', 'Education');
    await org.fill('#q1a1-en', 'Work');
    await org.fill('#q1-max', '2');
    await org.check('#q1-blank');
    await org.fill('#trustees', '3');
    await org.fill('#threshold', '2');
    await screenshot(org, 'organiser-new-election-en');
    await org.click('text=Create the vote');
    await org.waitForURL(/\/organiser\/e\//);
    const uuid = org.url().split('/').pop()!;
    // the description and question 2's answers are in English only: freezing waits for the organiser's explicit choice
    const missing = org.locator('[data-testid=missing-translations]');
    assert.match((await missing.textContent())!, /Description: missing in Dari, Pashto.*Question 2, answer 1: missing in Dari, Pashto/s);
    assert.equal(await org.isDisabled('text=Freeze and create the links'), true);
    await org.check('#freeze-anyway');
    await org.click('text=Freeze and create the links');
    const caLink = (await org.locator('[data-testid=ca-link]').textContent())!.trim();
    const trusteeLinks = await Promise.all([1, 2, 3].map(async (n) => (await org.locator(`[data-testid=trustee-link-${n}]`).textContent())!.trim()));
    await screenshot(org, 'organiser-links-en');
    await chooseLanguage(org, 'fa-AF');
    await screenshot(org, 'organiser-links-fa');
    await chooseLanguage(org, 'en');

    // --- credential authority: 5 voters, credentials made in the browser
    const ca = await newPage();
    await ca.goto(caLink);
    await ca.fill('#csv', 'id,weight\nvoter-1\nvoter-2\nvoter-3\nvoter-4\nvoter-5\n');
    await screenshot(ca, 'credential-authority-en');
    await ca.click('text=Create the credentials');
    const privateText = await download(ca, () => ca.click('text=Save the secret credentials (text file)'));
    const credentials = privateText.trim().split('\n').map((l) => l.split(' ').pop()!);
    assert.equal(credentials.length, 5);
    await ca.click('button:has-text("Send the public credentials")');
    await ca.waitForSelector('text=matches yours');
    await chooseLanguage(ca, 'fa-AF');
    await screenshot(ca, 'credential-authority-fa');
    await ca.close();

    // --- trustees: certificate, shares, key — each in its own browser page
    const keyFiles: string[] = [];
    for (const [i, link] of trusteeLinks.entries()) {
      const page = await newPage();
      await page.goto(link);
      await page.click('text=Create my key');
      keyFiles[i] = await download(page, () => page.click('text=Save my key file'));
      await page.check('input[type=checkbox]');
      await page.click('text=Send the public part');
      await page.waitForSelector('text=Received by the server');
      if (i === 0) await screenshot(page, 'trustee-en');
      await page.close();
    }
    for (const round of ['shares', 'key']) {
      for (const [i, link] of trusteeLinks.entries()) {
        const page = await newPage();
        await page.goto(link);
        await page.setInputFiles('#keyfile', { name: 'key.json', mimeType: 'application/json', buffer: Buffer.from(keyFiles[i]!) });
        await page.click('text=Compute and send');
        await page.waitForSelector('text=Received by the server', { timeout: 60_000 });
        if (i === 1 && round === 'key') {
          await chooseLanguage(page, 'fa-AF');
          await screenshot(page, 'trustee-fa');
        }
        await page.close();
      }
    }

    // --- organiser opens voting
    await org.reload();
    await org.click('text=Open voting');
    await org.waitForSelector('text=Close voting now');

    // --- voters: one in Pashto, one in Dari, one votes twice, one audits first
    const vote = async (voter: number, language: 'en' | 'fa-AF' | 'ps-AF', q1: number, q2: number[] | 'blank', options: { audit?: boolean; shots?: string } = {}) => {
      const page = await newPage();
      await page.goto(`${base}/e/${uuid}/vote`);
      await chooseLanguage(page, language);
      await page.fill('#credential', credentials[voter]!);
      if (options.shots) await screenshot(page, `vote-credential-${options.shots}`);
      await page.click('button[type=submit]');
      await page.locator('fieldset').nth(0).locator('input').nth(q1).check();
      if (q2 === 'blank') await page.locator('fieldset').nth(1).locator('input').last().check();
      else for (const j of q2) await page.locator('fieldset').nth(1).locator('input').nth(j).check();
      if (options.shots) await screenshot(page, `vote-choices-${options.shots}`);
      await page.click('button[type=submit]');
      await page.waitForSelector('[data-testid=tracker]', { timeout: 60_000 });
      if (options.shots) await screenshot(page, `vote-tracker-${options.shots}`);
      if (options.audit) {
        await page.locator('.actions button.secondary').first().click();
        await page.waitForSelector('p.success');
        if (options.shots) await screenshot(page, `vote-audit-${options.shots}`);
        await page.locator('.actions button.primary').click();
        await page.waitForSelector('[data-testid=tracker]', { timeout: 60_000 });
      }
      const tracker = (await page.locator('[data-testid=tracker]').textContent())!.trim();
      await page.locator('.actions button.primary').first().click();
      await page.waitForSelector('[data-testid=cast-tracker]', { timeout: 60_000 });
      assert.equal((await page.locator('[data-testid=cast-tracker]').textContent())!.trim(), tracker);
      if (options.shots) await screenshot(page, `vote-done-${options.shots}`);
      // nothing secret is left behind in the browser's storage
      assert.equal(await page.evaluate(() => localStorage.length), 0);
      await page.close();
      return tracker;
    };
    const trackers = [
      await vote(0, 'en', 0, [0], { shots: 'en', audit: true }),
      await vote(1, 'ps-AF', 1, [1], { shots: 'ps' }),
      await vote(2, 'fa-AF', 0, 'blank', { shots: 'fa', audit: true }),
      await vote(3, 'en', 2, [0, 1]),
      await vote(4, 'en', 0, [0]),
      await vote(0, 'en', 1, [0]), // voter 1 changes their mind: this ballot replaces the first
    ];

    // --- public page, then close
    const pub = await newPage();
    await pub.goto(`${base}/e/${uuid}`);
    await screenshot(pub, 'election-open-en');
    // the ballot box, read a page at a time: every tracker in casting order, the first one replaced,
    // one page only (no "Show more"), and the whole box as a file with the same trackers
    await pub.locator('text=6 of 6 ballots shown').waitFor();
    const listed = (await pub.locator('[data-testid=ballot-box] li').allTextContents()).map((t) => t.trim());
    assert.deepEqual(listed.map((t) => t.split(' ')[0]), trackers);
    assert.deepEqual(listed.map((t) => t.includes('replaced by a later ballot')), [true, false, false, false, false, false]);
    assert.equal(await pub.locator('text=Show more ballots').count(), 0);
    const whole = JSON.parse(await download(pub, () => pub.click('text=Download the whole ballot box'))) as { tracker: string; counted: boolean }[];
    assert.deepEqual(whole.map((b) => b.tracker), trackers);
    await org.click('text=Close voting now');
    await org.waitForSelector('text=Voting is closed and the ballots are added up');

    // --- two of the three trustees decrypt
    for (const i of [0, 2]) {
      const page = await newPage();
      await page.goto(trusteeLinks[i]!);
      await page.setInputFiles('#keyfile', { name: 'key.json', mimeType: 'application/json', buffer: Buffer.from(keyFiles[i]!) });
      if (i === 0) await screenshot(page, 'trustee-decrypt-en');
      await page.click('text=Decrypt my share');
      await page.waitForSelector(i === 0 ? 'text=Your share of the decryption has been received' : 'text=the result is now published', { timeout: 60_000 });
      await page.close();
    }

    // --- the result is right, the archive verifies in the page and with belenios-tool
    const view = await (await fetch(`${base}/api/elections/${uuid}`)).json();
    assert.equal(view.state, 'published');
    // q1: voter1 Monarchy (re-vote), voter2 Monarchy, voter3 Republic, voter4 Emirate, voter5 Republic
    // q2: blank flag, Education, Work — voter1 Education, voter2 Work, voter3 blank, voter4 both, voter5 Education
    assert.deepEqual(view.result, [
      ['2', '2', '1'],
      ['1', '3', '2'],
    ]);
    // the board lives in the chosen database: six ballots (five voters, one of them twice)
    assert.equal(server.ctx.db.kind, DB);
    const [{ n }] = (await server.ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM records WHERE election_uuid = $1 AND event_type = 'Ballot'", [uuid])) as [{ n: number }];
    assert.equal(n, 6);
    await pub.reload();
    await pub.click('text=Verify now');
    await pub.waitForSelector('text=Everything checks: this record is valid.', { timeout: 120_000 });
    await screenshot(pub, 'election-result-en');
    await chooseLanguage(pub, 'fa-AF');
    await screenshot(pub, 'election-result-fa');
    const archive = new Uint8Array(await (await fetch(`${base}/api/elections/${uuid}/archive.bel`)).arrayBuffer());
    const theirs = beleniosVerify(archive);
    assert.equal(theirs.code, 0, theirs.stderr);
    await pub.close();
    await org.close();

    // --- safety: no request left for a third party, no page error
    const origin = new URL(base).origin;
    const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'));
    assert.deepEqual(foreign, [], 'no third-party requests');
    assert.deepEqual(errors, [], 'no errors in the pages');
  });
});
