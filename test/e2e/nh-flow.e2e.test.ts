// Issue 19 end to end in Chromium, with the real server (PGlite), in Pashto on a 360 × 740
// phone: the organiser writes one election with an STV question (2 seats of 4 candidates)
// and a graded question (the default grades) in the browser editor, in the three
// languages, and freezes it; the credential authority makes 3 voters' credentials and the
// 2 trustees (basic) their keys in their pages; voting opens; 3 voters rank by tapping and
// grade by tapping grades, one of them votes again; the organiser closes; each trustee
// shuffles from their page (the fingerprint shown is the one the election page lists),
// then decrypts; the result page shows the STV rounds, the elected candidates and the
// merit profiles, equal to what src/protocol/methods counts from the last ballot of each
// voter, all in Pashto. axe finds no violation at all (whatever its impact) on the
// editor, the booth's ranking and grading and its review, the trustee's shuffle step and the result; no
// page logs an error or asks a third party for anything; the archive, downloaded from the
// election page, passes the page's own verifier, belenios-tool election verify and jirga
// verify (which prints the count of both questions).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { majorityJudgment, stv, stvRounds } from '../../src/protocol/methods/index.ts';
import { axeViolations, chooseLanguage, englishTextNodes, horizontalOverflow, latinDigitNodes, launchBrowser, recordErrors, recordRequests, screenshot, WEB_ROOT } from '../helpers/browser.ts';
import { CANDIDATES, FUTURES, T } from '../helpers/nh-texts.ts';
import { ORGANISER_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';
import { beleniosVerify, jirgaAsync, tempDir } from '../helpers/tools.ts';
import psOrg from '../../web/src/i18n/ps-AF/organiser.ts';
import psCa from '../../web/src/i18n/ps-AF/credential-authority.ts';
import psTrustee from '../../web/src/i18n/ps-AF/trustee.ts';
import psVote from '../../web/src/i18n/ps-AF/vote.ts';
import psElections from '../../web/src/i18n/ps-AF/elections.ts';

const GRADES_PS = ['ډېر ښه', 'ښه', 'د منلو وړ', 'کمزوری', 'رد'];
const ps = (i: number, list: { 'ps-AF': string }[]) => list[i]!['ps-AF'];

/** Each ballot: the candidates in the order tapped (indices), the futures' grades (1 best … 5). */
const VOTES: { voter: number; rank: number[]; grades: number[] }[] = [
  { voter: 0, rank: [1, 0], grades: [5, 5, 1] },
  { voter: 1, rank: [0, 1], grades: [2, 3, 4] },
  { voter: 2, rank: [2, 1, 0], grades: [1, 2, 5] },
  // voter 1 changes their mind: only this ballot counts
  { voter: 0, rank: [0, 2, 3], grades: [1, 2, 3] },
];
const stvVector = (rank: number[]) => {
  const v = [0, 0, 0, 0];
  rank.forEach((c, k) => (v[c] = k + 1));
  return v;
};

describe('a ranked (STV) and a graded election from the editor to the result, in Pashto on a phone, with the real server', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  const requests: string[] = [];
  const errors: string[] = [];
  const axe: string[] = [];

  before(async () => {
    server = await startTestServer('pglite', { webRoot: WEB_ROOT });
    browser = await launchBrowser();
    // bypassCSP: axe is injected as a script
    context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, acceptDownloads: true, bypassCSP: true });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function newPage(path: string): Promise<Page> {
    const page = await context.newPage();
    const r = recordRequests(page);
    const e = recordErrors(page);
    page.on('close', () => {
      requests.push(...r);
      errors.push(...e.map((x) => `${path}: ${x}`));
    });
    page.on('dialog', (d) => void d.accept());
    await page.goto(path.startsWith('http') ? path : server.base + path);
    // the language lives in the tab's sessionStorage: each page chooses it
    await chooseLanguage(page, 'ps-AF');
    return page;
  }
  async function download(page: Page, click: () => Promise<void>): Promise<Buffer> {
    const [file] = await Promise.all([page.waitForEvent('download'), click()]);
    return readFileSync((await file.path())!);
  }
  async function checkAxe(page: Page, where: string): Promise<void> {
    axe.push(...(await axeViolations(page)).map((v) => `${where}: ${v}`));
    const overflow = await horizontalOverflow(page);
    if (overflow) axe.push(`${where}: overflows the screen: ${overflow}`);
  }
  const press = (page: Page, name: string) => page.getByRole('button', { name, exact: true }).click();
  const fill3 = async (page: Page, id: string, value: Record<string, string>) => {
    for (const l of ['en', 'fa-AF', 'ps-AF']) await page.fill(`#${id}-${l}`, value[l]!);
  };

  test('editor, setup, booth, shuffles, decryption, result, archive', { timeout: 400_000 }, async () => {
    // --- the organiser writes the election in the editor
    const org = await newPage('/organiser');
    await org.fill('#username', 'organiser');
    await org.fill('#password', ORGANISER_PASSWORD);
    await org.click('button[type=submit]');
    await fill3(org, 'ct', T('Convention of Afghans (test)', 'جرگهٔ افغان‌ها (آزمایشی)', 'د افغانانو جرګه (ازمویښتي)'));
    await org.click(`text=${psOrg['organiser.createConvention']}`);
    await org.click(`text=${psOrg['organiser.newElection']}`);
    await fill3(org, 'name', T('Delegates and the future', 'نمایندگان و آینده', 'استازي او راتلونکی'));
    const q0 = org.locator('[data-testid=question-0]');
    await org.check('#q0-kind-stv');
    await fill3(org, 'q0', T('Who represents this province?', 'چه کسی نمایندهٔ این ولایت باشد؟', 'څوک دې د دې ولایت استازی وي؟'));
    await q0.locator('button', { hasText: psOrg['draft.addCandidate'] }).click();
    await q0.locator('button', { hasText: psOrg['draft.addCandidate'] }).click();
    for (const [j, c] of CANDIDATES.entries()) await fill3(org, `q0a${j}`, c);
    await org.fill('#q0-seats', '۲');
    await org.click(`text=${psOrg['draft.addQuestion']}`);
    await org.check('#q1-kind-graded');
    await fill3(org, 'q1', T('How good is each future?', 'هر آینده چقدر خوب است؟', 'هر راتلونکی څومره ښه دی؟'));
    await org.locator('[data-testid=question-1]').locator('button', { hasText: psOrg['draft.addOption'] }).click();
    for (const [j, f] of FUTURES.entries()) await fill3(org, `q1a${j}`, f);
    for (const [j, g] of GRADES_PS.entries()) assert.equal(await org.inputValue(`#q1g${j}-ps-AF`), g);
    // two trustees, no threshold (each trustee's key is needed)
    await org.fill('#trustees', '۲');
    await org.fill('#threshold', '');
    await checkAxe(org, 'editor');
    await screenshot(org, 'nh-flow-editor-ps');
    await press(org, psOrg['organiser.createElection']);
    await org.waitForURL(/\/organiser\/e\//);
    const uuid = org.url().split('/').pop()!;
    const draft = await org.evaluate(async (id) => (await (await fetch(`/api/organiser/elections/${id}`)).json()).draft, uuid);
    assert.deepEqual(draft.trustees, { count: 2, threshold: null });
    assert.deepEqual(draft.questions.map((q: { kind: string; seats?: number }) => [q.kind, q.seats]), [['ranked', 2], ['graded', undefined]]);
    // every text is in the three languages: nothing is missing, freezing is allowed as it is
    assert.equal(await org.locator('[data-testid=missing-translations]').count(), 0);
    await press(org, psOrg['manage.startSetup']);
    const caLink = (await org.locator('[data-testid=ca-link]').textContent())!.trim();
    const trusteeLinks = await Promise.all([1, 2].map(async (n) => (await org.locator(`[data-testid=trustee-link-${n}]`).textContent())!.trim()));

    // --- the credential authority: 3 voters
    const ca = await newPage(caLink);
    await ca.fill('#csv', 'id\nvoter-1\nvoter-2\nvoter-3\n');
    await press(ca, psCa['ca.generate']);
    const privateText = (await download(ca, () => press(ca, psCa['ca.savePrivate']))).toString('utf8');
    const credentials = privateText.trim().split('\n').map((l) => l.split(' ').pop()!);
    assert.equal(credentials.length, 3);
    await press(ca, psCa['ca.send']);
    await ca.waitForSelector(`text=${psCa['ca.fingerprintMatch']}`, { timeout: 60_000 });
    await ca.close();

    // --- the trustees' keys
    const keyFiles: string[] = [];
    for (const [i, link] of trusteeLinks.entries()) {
      const page = await newPage(link);
      await press(page, psTrustee['trustee.generate']);
      keyFiles[i] = (await download(page, () => press(page, psTrustee['trustee.saveKey']))).toString('utf8');
      await page.check('input[type=checkbox]');
      await press(page, psTrustee['trustee.sendPublic']);
      await page.waitForSelector(`text=${psTrustee['trustee.sent']}`, { timeout: 60_000 });
      await page.close();
    }
    await org.reload();
    await press(org, psOrg['manage.open']);
    await org.waitForSelector(`text=${psOrg['manage.close']}`);
    assert.equal((await (await fetch(`${server.base}/api/elections/${uuid}/election.json`)).json()).group, 'RFC-3526-2048');

    // --- the voters: rank by tapping the candidates, grade by tapping the grades
    const vote = async (v: (typeof VOTES)[number], index: number) => {
      const page = await newPage(`/e/${uuid}/vote`);
      await page.fill('#credential', credentials[v.voter]!);
      await page.getByRole('button', { name: psVote['vote.continue'] }).click();
      const ranked = page.locator('[data-testid=ranked-question]');
      await ranked.waitFor({ timeout: 60_000 });
      for (const c of v.rank) await ranked.locator('[data-testid=unranked] button', { hasText: ps(c, CANDIDATES) }).click();
      assert.deepEqual((await ranked.locator('[data-testid=ranking] .rank-name').allInnerTexts()).map((s) => s.replace('×', '').trim()), v.rank.map((c) => ps(c, CANDIDATES)));
      const rows = page.locator('[data-testid=graded-question] [data-testid=grade-row]');
      for (const [j, g] of v.grades.entries()) await rows.nth(j).getByText(GRADES_PS[g - 1]!, { exact: true }).click();
      if (index === 0) {
        await checkAxe(page, 'booth: ranking and grading');
        await screenshot(page, 'nh-flow-booth-ps');
      }
      await page.getByRole('button', { name: psVote['vote.prepare'] }).click();
      const summary = page.locator('[data-testid=ballot-summary]');
      await summary.waitFor({ timeout: 90_000 });
      if (index === 0) await checkAxe(page, 'booth: review');
      assert.deepEqual(await summary.locator('[data-testid=summary-ranking] li').allInnerTexts(), v.rank.map((c) => ps(c, CANDIDATES)));
      assert.deepEqual(await summary.locator('[data-testid=summary-grades] li').allInnerTexts(), v.grades.map((g, j) => `${ps(j, FUTURES)}: ${GRADES_PS[g - 1]}`));
      await page.getByRole('button', { name: psVote['vote.cast'] }).click();
      await page.locator('[data-testid=cast-done]').waitFor({ timeout: 60_000 });
      await page.close();
    };
    for (const [i, v] of VOTES.entries()) await vote(v, i);
    const view0 = await (await fetch(`${server.base}/api/elections/${uuid}`)).json();
    assert.deepEqual(view0.counts, { ballots: 4, voters: 3, credentials: 3 }, 'four ballots, three voters: the re-vote replaced the first ballot');

    // --- close; each trustee shuffles in their page, then decrypts
    await press(org, psOrg['manage.close']);
    await org.locator('[data-testid=shuffle-progress]').waitFor({ timeout: 60_000 });
    const fingerprints: string[] = [];
    for (const [i, link] of trusteeLinks.entries()) {
      const page = await newPage(link);
      const button = page.getByRole('button', { name: psTrustee['trustee.shuffle'], exact: true });
      await button.waitFor();
      if (i === 0) {
        await checkAxe(page, 'trustee: shuffle step');
        await screenshot(page, 'nh-flow-trustee-shuffle-ps');
      }
      await button.click();
      await page.waitForSelector(`text=${psTrustee['trustee.shuffled']}`, { timeout: 120_000 });
      const fingerprint = (await page.locator('[data-testid=shuffle-fingerprint] .mono').textContent())!.trim();
      assert.match(fingerprint, /^[A-Za-z0-9+/=]{20,}$/);
      fingerprints.push(fingerprint);
      await page.close();
    }
    // the election page lists the server's shuffle, then each trustee's, with the fingerprints their pages showed
    const pub = await newPage(`/e/${uuid}`);
    const listed = pub.locator('[data-testid=shuffles] li');
    await listed.first().waitFor();
    const items = (await listed.allInnerTexts()).map((s) => s.trim());
    assert.equal(items.length, 3);
    assert.ok(items[0]!.startsWith(psElections['election.shuffleServer']!), String(items[0]));
    for (const [i, f] of fingerprints.entries()) {
      assert.ok(items[i + 1]!.includes(f), `trustee ${i + 1}'s fingerprint ${f} in "${items[i + 1]}"`);
      assert.ok(items[i + 1]!.includes('امین'), String(items[i + 1]));
    }
    for (const [i, link] of trusteeLinks.entries()) {
      const page = await newPage(link);
      await page.setInputFiles('#keyfile', { name: 'key.json', mimeType: 'application/json', buffer: Buffer.from(keyFiles[i]!) });
      await press(page, psTrustee['trustee.decrypt']);
      await page.waitForSelector(`text=${i === 0 ? psTrustee['trustee.decrypted'] : psTrustee['trustee.decryptedPublished']}`, { timeout: 120_000 });
      await page.close();
    }

    // --- the result: what src/protocol/methods counts from each voter's last ballot
    const last = new Map<number, (typeof VOTES)[number]>();
    for (const v of VOTES) last.set(v.voter, v);
    const counted = [...last.values()];
    const elected = stv(counted.map((v) => stvVector(v.rank)), 2).winners;
    const rounds = stvRounds(counted.map((v) => stvVector(v.rank)), 2).rounds.length;
    const mj = majorityJudgment(counted.map((v) => v.grades), { nchoices: 3, ngrades: 5, blankAllowed: false });
    // (worked by hand: quota 2; Amina has 2 first preferences; then Gul Makai; Federal republic's median is the best)
    assert.deepEqual(elected, [0, 2]);
    assert.deepEqual(mj.winners[0], [0]);
    // had voter 1's first ballot been counted, Baz Mohammad would have been elected, not Gul Makai
    assert.deepEqual(stv(VOTES.slice(0, 3).map((v) => stvVector(v.rank)), 2).winners, [0, 1]);

    await pub.reload();
    const results = pub.locator('[data-testid=nh-results]');
    await results.waitFor({ timeout: 60_000 });
    const stvResult = results.locator('[data-testid=stv-result]');
    assert.deepEqual((await stvResult.locator('[data-testid=stv-winners] li').allInnerTexts()).map((s) => s.trim()), elected.map((c) => ps(c, CANDIDATES)));
    assert.equal(await stvResult.locator('[data-testid=stv-round]').count(), rounds, 'every round is shown');
    assert.equal(rounds, 4);
    assert.match(await stvResult.locator('[data-testid=stv-quota]').innerText(), /۲/);
    const mjResult = results.locator('[data-testid=mj-result]');
    assert.match(await mjResult.locator('[data-testid=nh-ranking] li').first().innerText(), new RegExp(ps(mj.winners[0]![0]!, FUTURES)));
    assert.equal(await mjResult.locator('[data-testid=mj-profile]').count(), 3);
    // the merit profiles' table: each future's count of each grade, in Persian digits, as the method counts them
    const table = await mjResult.locator('table tbody tr').evaluateAll((rows) => rows.map((r) => [r.querySelector('th')!.textContent!.trim(), ...[...r.querySelectorAll('td')].map((td) => td.firstChild!.textContent!.trim())]));
    const digits = (n: number) => String(n).replace(/[0-9]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);
    assert.deepEqual(
      table.map((row) => row.slice(0, 6)),
      mj.winners.flat().map((c) => [ps(c, FUTURES), ...mj.raw[c]!.map(digits)]),
    );
    // every profile's bar says each grade's count, in Pashto
    assert.match((await mjResult.locator('[data-testid=mj-profile] svg').first().getAttribute('aria-label'))!, /ډېر ښه/);
    assert.deepEqual(await englishTextNodes(pub, { root: '[data-testid=nh-results]', attributes: true, identifiers: true }), [], 'no English in the results');
    assert.deepEqual(await latinDigitNodes(pub, '[data-testid=nh-results]'), [], 'Persian digits in the results');
    assert.equal(await pub.getAttribute('html', 'dir'), 'rtl');
    // nor anywhere on the page, but the names of the quick exit's keys (Shift + Escape)
    assert.deepEqual((await englishTextNodes(pub, { attributes: true, identifiers: true })).filter((t) => !/^@title: [^A-Za-z]*\(یا Shift \+ Escape\)$/.test(t)), [], 'no English on the result page');
    // the page's own verifier checks the whole record, the shuffles included
    await pub.getByTestId('verify-run').click();
    const verdict = pub.locator('[data-testid=verify-done]');
    await verdict.waitFor({ timeout: 120_000 });
    assert.equal(await verdict.getAttribute('data-status'), 'valid', await pub.locator('[data-testid=verifier]').innerText());
    assert.match(await pub.locator('[data-testid=verifier]').innerText(), /د درجې یا نمرې د ځوابونو ۳ ګډوډونې/);
    // and counts each question from the ballots it has just verified: the same winners as the page's result
    const lines = await pub.locator('[data-testid=verified-count-line]').allInnerTexts();
    assert.equal(lines.length, 2);
    assert.equal(lines[0], `ټاکل شوي (۲ څوکۍ): ${elected.map((c) => ps(c, CANDIDATES)).join('، ')}`);
    assert.ok(lines[1]!.startsWith(`لاس ته راغلی ترتیب: ۱. ${ps(mj.winners[0]![0]!, FUTURES)}، ۲. `), lines[1]!);
    assert.deepEqual(await englishTextNodes(pub, { root: '[data-testid=verified-counts]', attributes: true, identifiers: true }), [], 'no English in the verified count');
    await checkAxe(pub, 'result page');
    await screenshot(pub, 'nh-flow-result-ps');

    // --- the archive, downloaded from the election page, verifies with belenios-tool and jirga
    const archive = await download(pub, () => pub.locator(`a[href="/api/elections/${uuid}/archive.bel"]`).click());
    const theirs = beleniosVerify(archive);
    assert.equal(theirs.code, 0, `belenios-tool: ${theirs.stdout}${theirs.stderr}`);
    const file = join(tempDir(), `${uuid}.bel`);
    writeFileSync(file, archive);
    const ours = await jirgaAsync(['verify', file]);
    assert.equal(ours.code, 0, ours.stdout + ours.stderr);
    const countLines = ours.stdout.split('\n').filter((l) => l.startsWith('count of question'));
    assert.equal(countLines.length, 2, ours.stdout);
    assert.match(countLines[0]!, /^count of question 1 \(STV, 2 seat\(s\)\): elected "Amina", "Gul Makai"/);
    assert.match(countLines[1]!, /^count of question 2 \(majority judgment, 5 grades\): 1\. "Federal republic"/);
    await pub.close();
    await org.close();

    assert.deepEqual(axe, [], 'axe: no violation, nothing wider than the screen');
    const origin = new URL(server.base).origin;
    assert.deepEqual(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:')), [], 'no third-party requests');
    assert.deepEqual(errors, [], 'no errors in the pages');
  });
});
