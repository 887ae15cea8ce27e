// The booth with a ranked (STV) and a graded (majority judgment) question, in Chromium on
// a 360 × 740 phone in Pashto (and axe in Dari too): the voter ranks by tapping, by the
// move buttons, by the arrow keys (each move announced) and by dragging the handle with
// the pointer; grades with large targets; reads the ranking and the grades back on the
// review screen and after testing a ballot; casts. The ballot that reaches the ballot box
// verifies, and decrypted with the trustee's key it holds exactly the vectors Belenios
// counts: [3,0,2,1] for the ranking D, C, A of A, B, C, D, the grades 2, 1, 4.
//
// The server cannot yet freeze an election with ranked or graded questions (issue 19:
// the shuffles are being wired), so the election is made here with the protocol's own
// code (makeElection, generateCredentials) and the booth's four requests about it are
// answered by the test (page.route): the view, election.json, the credential digests
// and the cast. Everything else — the app, its scripts, styles and texts — is served by
// the real server from web/dist (`npm run build` first).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page, Route } from 'playwright-core';
import { decodeVector } from '../../src/protocol/answers-nh.ts';
import { checkBallot } from '../../src/protocol/ballot.ts';
import { isAnswerH, type Template } from '../../src/protocol/codec.ts';
import { credentialDigests } from '../../src/protocol/credential-digest.ts';
import { generateCredentials, parseVoterLine } from '../../src/protocol/credentials.ts';
import { loadElection, makeElection } from '../../src/protocol/election.ts';
import { getGroup } from '../../src/protocol/groups/index.ts';
import { generateTrusteeKey } from '../../src/protocol/trustees.ts';
import { encodeTranslations } from '../../src/kernel/texts.ts';
import { chooseLanguage, launchBrowser, recordErrors, recordRequests, screenshot, seriousAxeViolations, WEB_ROOT } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import psVote from '../../web/src/i18n/ps-AF/vote.ts';

const G = getGroup('RFC-3526-2048');
const UUID = 'Jirga1BoothNhE2eTest';
const tr = (en: string, fa: string, ps: string) => encodeTranslations({ en, 'fa-AF': fa, 'ps-AF': ps });
const CANDIDATES = [
  ['Malalai Ahmadzai', 'ملالی احمدزی', 'ملالۍ احمدزۍ'],
  ['Farid Hashimi', 'فرید هاشمی', 'فرید هاشمي'],
  ['Zarghuna Noori', 'زرغونه نوری', 'زرغونه نوري'],
  ['Daud Karimi', 'داوود کریمی', 'داوود کریمي'],
] as const;
const FUTURES = [
  ['Federal republic', 'جمهوری فدرال', 'فدرالي جمهوریت'],
  ['Parliamentary system', 'نظام پارلمانی', 'پارلماني نظام'],
  ['Transitional council', 'شورای انتقالی', 'انتقالي شورا'],
] as const;
const GRADES = [
  ['Excellent', 'عالی', 'ډېر ښه'],
  ['Good', 'خوب', 'ښه'],
  ['Acceptable', 'قابل قبول', 'د منلو وړ'],
  ['Reject', 'رد', 'رد'],
] as const;
const TEMPLATE: Template = {
  name: tr('Convention vote', 'رأی‌گیری جرگه', 'د جرګې رایه‌ورکونه'),
  description: '',
  questions: [
    { question: tr('Open the session?', 'جلسه باز شود؟', 'غونډه دې پرانیستل شي؟'), answers: [tr('Yes', 'بلی', 'هو'), tr('No', 'نخیر', 'نه')], min: 1, max: 1 },
    {
      type: 'NonHomomorphic',
      value: { question: tr('Elect two delegates', 'دو نماینده را انتخاب کنید', 'دوه استازي وټاکئ'), answers: CANDIDATES.map(([en, fa, ps]) => tr(en, fa, ps)) },
      extra: { type: 'PreferentialVoting', blank: false, seats: 2, method: 'STV' },
    },
    {
      type: 'NonHomomorphic',
      value: { question: tr('Grade the futures', 'آینده‌ها را درجه‌بندی کنید', 'راتلونکو ته درجه ورکړئ'), answers: FUTURES.map(([en, fa, ps]) => tr(en, fa, ps)) },
      extra: { type: 'ScoreVoting', blank: true, method: 'MajorityJudgment', grades: GRADES.map(([en, fa, ps]) => tr(en, fa, ps)) },
    },
  ],
};

describe('the booth with ranked and graded questions, on a phone in Pashto', () => {
  let server: TestServer;
  let browser: Browser;
  const trustee = generateTrusteeKey(G);
  const electionRaw = makeElection(TEMPLATE, UUID, G.name, [['Single', trustee.publicKey]]);
  const ctx = loadElection(electionRaw);
  const creds = generateCredentials(G, UUID, ['voter@example'].map(parseVoterLine));
  const credential = creds.privateLines[0]!.split(' ').pop()!;
  const digests = JSON.stringify(credentialDigests(JSON.stringify(creds.publicCredentials)));
  const cast: string[] = [];

  before(async () => {
    server = await startTestServer('pglite', { webRoot: WEB_ROOT });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** The booth's requests about this election, answered here; the rest goes to the real server. */
  async function serveElection(page: Page): Promise<void> {
    await page.route(`**/api/elections/${UUID}**`, async (route: Route) => {
      const url = new URL(route.request().url());
      const json = (body: string) => route.fulfill({ status: 200, contentType: 'application/json', body });
      if (url.pathname === `/api/elections/${UUID}`) return json(JSON.stringify({ state: 'open', opensAt: null, closesAt: null }));
      if (url.pathname === `/api/elections/${UUID}/election.json`) return json(electionRaw);
      if (url.pathname === `/api/elections/${UUID}/credential-digests.json`) return json(digests);
      if (url.pathname === `/api/elections/${UUID}/ballots` && route.request().method() === 'POST') {
        const text = route.request().postData() ?? '';
        cast.push(text);
        const check = checkBallot(ctx, text);
        if (!check.ok) return route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ error: check.message, code: 'invalid-ballot' }) });
        return json(JSON.stringify({ tracker: check.tracker, replaced: false, alreadyRecorded: false, event: { height: 7, hash: 'a'.repeat(64) } }));
      }
      return route.fulfill({ status: 404, contentType: 'application/json', body: JSON.stringify({ error: 'not here', code: 'not-found' }) });
    });
  }

  const announcement = (page: Page) => page.locator('[data-testid=ranked-question] [data-testid=rank-announcement]').innerText();
  const rankingTexts = async (page: Page) => (await page.locator('[data-testid=ranking] .rank-name').allInnerTexts()).map((s) => s.replace('×', '').trim());

  test('rank by tap, buttons, keys and drag; grade; review, test and cast: the ballot holds [3,0,2,1] and [2,1,4]', { timeout: 240_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, bypassCSP: true, serviceWorkers: 'block' });
    const page = await context.newPage();
    const errors = recordErrors(page);
    const requests = recordRequests(page);
    await serveElection(page);
    await page.goto(`${server.base}/e/${UUID}/vote`);
    await chooseLanguage(page, 'ps-AF');
    await page.fill('#credential', credential);
    await page.getByRole('button', { name: psVote['vote.continue'] }).click();
    const ranked = page.locator('[data-testid=ranked-question]');
    await ranked.waitFor({ timeout: 60_000 });
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    assert.match(await ranked.locator('legend').first().innerText(), /^۲\. دوه استازي وټاکئ/);
    assert.match(await ranked.innerText(), /د څوکیو شمېر: ۲\./);
    const prepare = page.getByRole('button', { name: psVote['vote.prepare'] });

    // the yes/no question
    await page.locator('fieldset').first().getByLabel('هو').check();

    // tap Zarghuna, Malalai, Daud, Farid: ranks 1-4; tap Farid again: out
    const add = (name: string) => ranked.locator('[data-testid=unranked] button', { hasText: name }).click();
    await add('زرغونه نوري');
    await add('ملالۍ احمدزۍ');
    await add('داوود کریمي');
    await add('فرید هاشمي');
    assert.deepEqual(await rankingTexts(page), ['زرغونه نوري', 'ملالۍ احمدزۍ', 'داوود کریمي', 'فرید هاشمي']);
    assert.equal(await announcement(page), 'فرید هاشمي: اوس په ترتیب کې ۴م ځای له ۴ څخه.');
    await ranked.locator('[data-testid=ranking] .rank-name', { hasText: 'فرید هاشمي' }).click();
    assert.deepEqual(await rankingTexts(page), ['زرغونه نوري', 'ملالۍ احمدزۍ', 'داوود کریمي']);
    assert.equal(await announcement(page), 'فرید هاشمي: له ترتیب څخه ووت.');

    // the move button: Daud up (Zarghuna, Daud, Malalai)
    await ranked.getByRole('button', { name: 'پورته یې کړئ: داوود کریمي' }).click();
    assert.deepEqual(await rankingTexts(page), ['زرغونه نوري', 'داوود کریمي', 'ملالۍ احمدزۍ']);
    // the keyboard: Malalai up with the arrow key, announced, and she keeps the focus
    await ranked.locator('[data-testid=ranking] .rank-name', { hasText: 'ملالۍ احمدزۍ' }).focus();
    await page.keyboard.press('ArrowUp');
    assert.deepEqual(await rankingTexts(page), ['زرغونه نوري', 'ملالۍ احمدزۍ', 'داوود کریمي']);
    assert.equal(await announcement(page), 'ملالۍ احمدزۍ: اوس په ترتیب کې ۲م ځای له ۳ څخه.');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.replace('×', '').trim()), 'ملالۍ احمدزۍ');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    assert.deepEqual(await rankingTexts(page), ['زرغونه نوري', 'ملالۍ احمدزۍ', 'داوود کریمي']);
    // drag: Daud's handle pulled above the first row: Daud, Zarghuna, Malalai
    const handle = ranked.locator('[data-testid=ranking] li', { hasText: 'داوود کریمي' }).locator('[data-testid=rank-handle]');
    const from = (await handle.boundingBox())!;
    const top = (await ranked.locator('[data-testid=ranking] li').first().boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2, top.y + top.height / 2, { steps: 4 });
    await page.mouse.move(from.x + from.width / 2, top.y + 4, { steps: 4 });
    await page.mouse.up();
    assert.deepEqual(await rankingTexts(page), ['داوود کریمي', 'زرغونه نوري', 'ملالۍ احمدزۍ']);
    assert.equal(await announcement(page), 'داوود کریمي: اوس په ترتیب کې ۱م ځای له ۳ څخه.');
    // right to left: the rank's number stands to the right of the name
    const row = ranked.locator('[data-testid=ranking] li').first();
    assert.ok((await row.locator('.rank-number').boundingBox())!.x > (await row.locator('.rank-name').boundingBox())!.x);

    // grades: large targets; a problem is said while some option has none
    const graded = page.locator('[data-testid=graded-question]');
    const rows = graded.locator('[data-testid=grade-row]');
    assert.equal(await rows.count(), 3);
    await rows.nth(0).getByText('ښه', { exact: true }).click();
    await rows.nth(1).getByText('ډېر ښه', { exact: true }).click();
    assert.match(await page.locator('[data-testid=question-problem]').innerText(), /تر اوسه له ۳ انتخابونو څخه ۲ ته درجه ورکړل شوې/);
    assert.equal(await prepare.isDisabled(), true);
    await rows.nth(2).getByText('رد', { exact: true }).click();
    assert.equal(await page.locator('[data-testid=question-problem]').count(), 0);
    assert.equal(await rows.nth(1).getByRole('radio', { name: 'ډېر ښه' }).isChecked(), true);

    // every target at least 44 px; the page fits the phone
    for (const selector of ['.rank-name', '.rank-move', '.grade', '[data-testid=unranked] button']) {
      for (const box of await page.locator(selector).evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.width, r.height]))) {
        assert.ok(box[0]! >= 44 && box[1]! >= 44, `${selector} is ${box[0]}×${box[1]}`);
      }
    }
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'the page fits 360 px');
    await screenshot(page, 'booth-nh-ps-AF-360');
    const axe = (await seriousAxeViolations(page)).map((v) => `ps-AF choose: ${v}`);
    await chooseLanguage(page, 'fa-AF');
    assert.match(await ranked.innerText(), /رتبه‌بندی شما/);
    axe.push(...(await seriousAxeViolations(page)).map((v) => `fa-AF choose: ${v}`));
    await screenshot(page, 'booth-nh-fa-AF-360');
    await chooseLanguage(page, 'ps-AF');
    assert.deepEqual(await rankingTexts(page), ['داوود کریمي', 'زرغونه نوري', 'ملالۍ احمدزۍ'], 'the ranking survives a change of language');

    // review: the ranking in order, what is not ranked, the grades by name
    await prepare.click();
    const summary = page.locator('[data-testid=ballot-summary]');
    await summary.waitFor({ timeout: 60_000 });
    assert.deepEqual(await summary.locator('[data-testid=summary-ranking] li').allInnerTexts(), ['داوود کریمي', 'زرغونه نوري', 'ملالۍ احمدزۍ']);
    assert.match(await summary.innerText(), /بې ترتیبه: فرید هاشمي/);
    assert.deepEqual(await summary.locator('[data-testid=summary-grades] li').allInnerTexts(), ['فدرالي جمهوریت: ښه', 'پارلماني نظام: ډېر ښه', 'انتقالي شورا: رد']);
    axe.push(...(await seriousAxeViolations(page)).map((v) => `ps-AF review: ${v}`));

    // test this ballot: the opened ballot says the same
    await page.getByRole('button', { name: psVote['vote.audit'] }).click();
    await page.locator('p.success').waitFor();
    assert.equal((await page.locator('p.success').innerText()).trim(), psVote['vote.auditPassed']);
    assert.deepEqual(await page.locator('[data-testid=summary-ranking] li').allInnerTexts(), ['داوود کریمي', 'زرغونه نوري', 'ملالۍ احمدزۍ']);
    assert.deepEqual(await page.locator('[data-testid=summary-grades] li').allInnerTexts(), ['فدرالي جمهوریت: ښه', 'پارلماني نظام: ډېر ښه', 'انتقالي شورا: رد']);
    await page.getByRole('button', { name: psVote['vote.auditAgain'] }).click();

    // cast the new ballot
    await page.getByRole('button', { name: psVote['vote.cast'] }).click();
    await page.locator('[data-testid=cast-done]').waitFor({ timeout: 60_000 });
    assert.equal(cast.length, 1, 'the tested ballot was never sent');
    const check = checkBallot(ctx, cast[0]!);
    assert.ok(check.ok);
    const [h, stv, mj] = check.ballot.answers;
    assert.ok(h && stv && mj && isAnswerH(h) && !isAnswerH(stv) && !isAnswerH(mj));
    const decrypt = (c: { alpha: bigint; beta: bigint }, n: number) => decodeVector(G, n, G.div(c.beta, G.pow(c.alpha, trustee.privateKey)));
    // A, B, C, D = Malalai, Farid, Zarghuna, Daud: Daud 1, Zarghuna 2, Malalai 3, Farid not ranked
    assert.deepEqual(decrypt(stv.choices, 4), [3, 0, 2, 1]);
    assert.deepEqual(decrypt(mj.choices, 3), [2, 1, 4]);
    assert.equal(G.div(h.choices[0]!.beta, G.pow(h.choices[0]!.alpha, trustee.privateKey)), G.g, 'yes');

    assert.deepEqual(axe, [], 'axe: no serious or critical problem');
    assert.deepEqual(errors, [], 'no error logged');
    assert.deepEqual(requests.filter((u) => !u.startsWith(server.base)), [], 'no third-party request');
    await context.close();
  });

  test('on a touch screen: taps rank, a finger on the handle drags without scrolling the page (Pashto)', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true, serviceWorkers: 'block' });
    const page = await context.newPage();
    const errors = recordErrors(page);
    await serveElection(page);
    await page.goto(`${server.base}/e/${UUID}/vote`);
    await chooseLanguage(page, 'ps-AF');
    await page.fill('#credential', credential);
    await page.getByRole('button', { name: psVote['vote.continue'] }).tap();
    const ranked = page.locator('[data-testid=ranked-question]');
    await ranked.waitFor({ timeout: 60_000 });
    for (const name of ['ملالۍ احمدزۍ', 'فرید هاشمي', 'زرغونه نوري']) await ranked.locator('[data-testid=unranked] button', { hasText: name }).tap();
    assert.deepEqual(await rankingTexts(page), ['ملالۍ احمدزۍ', 'فرید هاشمي', 'زرغونه نوري']);
    await ranked.locator('[data-testid=ranking]').scrollIntoViewIfNeeded();
    const scrollBefore = await page.evaluate(() => window.scrollY);
    // a finger on Zarghuna's handle, moved up past the first row (touch events, as a phone sends them)
    const handle = (await ranked.locator('[data-testid=ranking] li').nth(2).locator('[data-testid=rank-handle]').boundingBox())!;
    const first = (await ranked.locator('[data-testid=ranking] li').first().boundingBox())!;
    const cdp = await context.newCDPSession(page);
    const x = handle.x + handle.width / 2;
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', y: number) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
    await touch('touchStart', handle.y + handle.height / 2);
    for (let y = handle.y + handle.height / 2; y > first.y + 4; y -= 12) await touch('touchMove', y);
    await touch('touchMove', first.y + 4);
    await touch('touchEnd', first.y + 4);
    await page.waitForFunction(() => document.querySelector('[data-testid=ranking] .rank-item.dragging') === null);
    assert.deepEqual(await rankingTexts(page), ['زرغونه نوري', 'ملالۍ احمدزۍ', 'فرید هاشمي']);
    assert.equal(await page.evaluate(() => window.scrollY), scrollBefore, 'the page did not scroll under the finger');
    assert.equal(await announcement(page), 'زرغونه نوري: اوس په ترتیب کې ۱م ځای له ۳ څخه.');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
