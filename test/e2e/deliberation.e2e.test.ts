// End to end, in Debian's Chromium: a deliberation conversation. The organiser
// creates a convention and a conversation (open, strict moderation) with starting
// statements in two camps and one everybody shares; a participant in Pashto and one
// in Dari join on a phone-sized screen, each writes a statement and votes; the
// organiser approves both (and rejects a third with a reason), adds translations and
// a statement that looks like markup; 30 simulated participants vote over the HTTP
// API (two camps, all agreeing on the common statement); the report shows two opinion groups and the common
// statement under what unites them, in English, Dari and Pashto (right-to-left),
// with statements always as text. Then participation codes (issued once, a wrong
// code refused, the quick exit forgets the device) and a Polis export imported from
// the organiser page. Screenshots go to test-output/screenshots.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { Browser as ApiClient } from '../helpers/browser-client.ts';
import { chooseLanguage, launchBrowser, pageLog, phonePage, screenshot, seriousAxeViolations, WEB_ROOT, type PageLog } from '../helpers/browser.ts';
import { polisFolder, UBI } from '../helpers/polis-data.ts';
import { ORGANISER_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';
import { until } from '../helpers/wait.ts';

type Camp = 'A' | 'B';

// Camp A agrees with these, camp B disagrees; and the other way round.
const CAMP_A = ['Girls must be able to study at every level, in every province.', 'Women should be able to work in government offices.', 'The 2004 constitution should be restored.'];
const CAMP_B = ['Disputes should be settled by local elders, not by courts.', 'Foreign aid should go only through the authorities in Kabul.', 'Religious scholars should approve every new law.'];
const COMMON = 'Every village deserves clean water and electricity.';
const COMMON_FA = 'هر روستا سزاوار آب آشامیدنی پاک و برق است.';
const COMMON_PS = 'هر کلی د پاکو اوبو او برېښنا حق لري.';
const DARI_SEED = 'دانشگاه‌ها باید به روی همه باز باشند.'; // camp A
const PASHTO_BY_PARTICIPANT = 'د ولسوالیو خلک باید خپل والي پخپله وټاکي.'; // camp B
const DARI_BY_PARTICIPANT = 'رسانه‌های آزاد برای آیندهٔ افغانستان ضروری است.'; // camp A
const IMG_MARKUP = '<img src=x onerror=alert(1)>';
const SCRIPT_MARKUP = '<script>alert("statement")</script> Schools first';

const campOf = (text: string): Camp | 'common' | 'other' => {
  if (CAMP_A.includes(text) || text === DARI_SEED || text === DARI_BY_PARTICIPANT) return 'A';
  if (CAMP_B.includes(text) || text === PASHTO_BY_PARTICIPANT) return 'B';
  if (text === COMMON) return 'common';
  return 'other';
};
const voteOf = (camp: Camp, text: string): 1 | -1 | 0 => {
  const c = campOf(text);
  if (c === 'common') return 1;
  if (c === 'other') return 0;
  return c === camp ? 1 : -1;
};

describe('a deliberation conversation in the browser', () => {
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    server = await startTestServer('pglite', { webRoot: WEB_ROOT, math: { debounceMs: 50, minIntervalMs: 200, intervalMs: 200 } });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Each test has its own log of page requests, errors and alerts, and its own convention: none depends on another or on their order. */
  const phoneFor = (log: PageLog) => () => phonePage(browser, log);

  /** The organiser logs in on a page of its own and creates a convention; its conversations section is returned. */
  async function organiserWithConvention(log: PageLog, title: { en: string; 'fa-AF'?: string; 'ps-AF'?: string }): Promise<{ org: Page; section: Locator }> {
    const org = await phonePage(browser, log);
    await org.goto(`${server.base}/organiser`);
    await org.fill('#username', 'organiser');
    await org.fill('#password', ORGANISER_PASSWORD);
    await org.click('button[type=submit]');
    await org.fill('#ct-en', title.en);
    if (title['fa-AF']) await org.fill('#ct-fa-AF', title['fa-AF']);
    if (title['ps-AF']) await org.fill('#ct-ps-AF', title['ps-AF']);
    await org.click('text=Create the convention');
    const section = org.locator('section.card', { has: org.locator('h2', { hasText: title.en }) }).locator('[data-testid=organiser-conversations]');
    await section.waitFor();
    return { org, section };
  }

  /** Vote on every statement the page offers, as `decide` says, until none is left. */
  async function voteAll(page: Page, decide: (text: string) => 1 | -1 | 0): Promise<number> {
    let n = 0;
    for (; n < 60; n++) {
      await page.waitForSelector('[data-testid=vote-card], [data-testid=all-done]');
      if ((await page.locator('[data-testid=all-done]').count()) > 0) return n;
      const card = page.locator('[data-testid=vote-card]');
      const id = await card.getAttribute('data-statement');
      const text = (await card.locator('.statement-original').textContent())!;
      const v = decide(text);
      await card.locator(`button[data-vote=${v === 1 ? 'agree' : v === -1 ? 'disagree' : 'pass'}]`).click();
      await page.waitForFunction((prev) => {
        const c = document.querySelector('[data-testid=vote-card]');
        return !c || c.getAttribute('data-statement') !== prev;
      }, id);
    }
    throw new Error('more statements than expected');
  }

  test('organiser, two participants in Pashto and Dari, 30 simulated participants, moderation and the report', { timeout: 600_000 }, async () => {
    const base = server.base;
    const log = pageLog();
    const { contexts, requests, errors, alerts } = log;
    const phone = phoneFor(log);

    // --- organiser: log in, create a convention, then a conversation in it
    const { org, section } = await organiserWithConvention(log, { en: 'Convention of Afghans (test)', 'fa-AF': 'جرگهٔ افغان‌ها (آزمایشی)', 'ps-AF': 'د افغانانو جرګه (ازمویښتي)' });
    await section.locator('button', { hasText: 'New conversation' }).click();
    const form = org.locator('[data-testid=new-conversation]');
    await form.locator('input[id$="-topic-en"]').fill('The future of Afghanistan');
    await form.locator('input[id$="-topic-fa-AF"]').fill('آیندهٔ افغانستان');
    await form.locator('input[id$="-topic-ps-AF"]').fill('د افغانستان راتلونکی');
    await form.locator('textarea[id$="-description-en"]').fill('What should come first? Vote on the statements and add your own.');
    await form.locator('textarea[id$="-description-fa-AF"]').fill('چه چیزی باید در اولویت باشد؟ به دیدگاه‌ها رأی بدهید و دیدگاه خود را بیفزایید.');
    await form.locator('textarea[id$="-description-ps-AF"]').fill('څه باید لومړیتوب ولري؟ په نظرونو رایه ورکړئ او خپل نظر ورزیات کړئ.');
    await form.locator('textarea[id$="-seeds-en"]').fill([...CAMP_A, ...CAMP_B, COMMON].join('\n'));
    await form.locator('textarea[id$="-seeds-fa-AF"]').fill(DARI_SEED);
    await screenshot(org, 'delib-organiser-new-en');
    await form.locator('button[type=submit]').click();
    await org.waitForURL(/\/organiser\/d\//);
    const id = org.url().split('/').pop()!;
    await org.waitForSelector('[data-testid=queue]');
    await screenshot(org, 'delib-organiser-en');

    // the organiser adds a statement that looks like markup (approved at once)
    await org.fill('#org-statement', IMG_MARKUP);
    await org.selectOption('#org-statement-lang', 'en');
    await org.locator('form:has(#org-statement) button[type=submit]').click();
    await org.waitForSelector(`[data-testid=managed-statement] .statement-original >> text=${IMG_MARKUP}`);

    // --- a participant in Pashto
    const ps = await phone();
    await ps.goto(`${base}/d/${id}`);
    await chooseLanguage(ps, 'ps-AF');
    await ps.waitForSelector('[data-testid=join]');
    assert.equal(await ps.evaluate(() => document.documentElement.dir), 'rtl');
    await screenshot(ps, 'delib-join-ps');
    await ps.locator('[data-testid=join] button[type=submit]').click();
    await ps.waitForSelector('[data-testid=vote-card]');
    await screenshot(ps, 'delib-vote-ps');
    // the three answers are large touch targets, full width on a phone
    for (const v of ['agree', 'disagree', 'pass']) {
      const box = (await ps.locator(`button[data-vote=${v}]`).boundingBox())!;
      assert.ok(box.height >= 48, `${v} is ${box.height}px high`);
      assert.ok(box.width >= 300, `${v} is ${box.width}px wide`);
    }
    await ps.fill('#statement-text', PASHTO_BY_PARTICIPANT);
    assert.equal(await ps.locator('#statement-lang').inputValue(), 'ps-AF');
    await ps.locator('[data-testid=write] button[type=submit]').click();
    await ps.waitForSelector('[data-testid=written]');
    await screenshot(ps, 'delib-written-ps');
    // too long: the counter says so and the button is off
    await ps.fill('#statement-text', 'ا'.repeat(290));
    assert.equal(await ps.locator('[data-testid=write] button[type=submit]').isDisabled(), true);
    assert.equal(await ps.locator('#statement-count.error').count(), 1);
    await ps.fill('#statement-text', '');
    const psVotes = await voteAll(ps, (text) => voteOf('B', text));
    assert.ok(psVotes >= 9, `the Pashto participant voted on ${psVotes} statements`);
    await ps.waitForSelector('[data-testid=all-done]');
    await screenshot(ps, 'delib-done-ps');

    // --- a participant in Dari: a duplicate is refused, naming the statement it repeats
    const fa = await phone();
    await fa.goto(`${base}/d/${id}`);
    await chooseLanguage(fa, 'fa-AF');
    await fa.locator('[data-testid=join] button[type=submit]').click();
    await fa.waitForSelector('[data-testid=vote-card]');
    await screenshot(fa, 'delib-vote-fa');
    await fa.fill('#statement-text', DARI_SEED);
    await fa.locator('[data-testid=write] button[type=submit]').click();
    await fa.waitForSelector('[data-testid=write] [data-code=duplicate] [data-testid=existing-statement]');
    assert.equal((await fa.locator('[data-testid=existing-statement] .statement-original').textContent())?.trim(), DARI_SEED);
    await screenshot(fa, 'delib-duplicate-fa');
    await fa.fill('#statement-text', DARI_BY_PARTICIPANT);
    await fa.locator('[data-testid=write] button[type=submit]').click();
    await fa.waitForSelector('[data-testid=written]');
    await voteAll(fa, (text) => voteOf('A', text));
    await screenshot(fa, 'delib-done-fa');

    // --- one more participant, over the API, writes a statement that looks like a script
    const writer = new ApiClient(base, '127.0.0.9');
    await writer.ok('POST', `/api/conversations/${id}/participants`, {});
    const written = await writer.ok('POST', `/api/conversations/${id}/statements`, { text: SCRIPT_MARKUP, lang: 'en' });
    assert.equal(written.status, 'pending');

    // --- organiser: three statements await moderation; approve two, reject one with a reason
    await org.reload();
    await org.waitForSelector('[data-testid=queue] [data-testid=managed-statement]');
    assert.equal(await org.locator('[data-testid=queue] [data-testid=managed-statement]').count(), 3);
    await screenshot(org, 'delib-moderation-en');
    await chooseLanguage(org, 'fa-AF');
    await screenshot(org, 'delib-moderation-fa');
    await chooseLanguage(org, 'en');
    const pending = (text: string) => org.locator('[data-testid=queue] [data-testid=managed-statement]', { has: org.locator('.statement-original', { hasText: text }) });
    for (const text of [PASHTO_BY_PARTICIPANT, DARI_BY_PARTICIPANT]) {
      await pending(text).locator('button[data-action=approve]').click();
      await pending(text).waitFor({ state: 'detached' });
    }
    await pending('Schools first').locator('button[data-action=reject]').click();
    await pending('Schools first').locator('input[type=text]').fill('Markup, not a statement');
    await pending('Schools first').locator('button.danger[type=submit]').click();
    await pending('Schools first').waitFor({ state: 'detached' });
    assert.equal(await org.locator('[data-testid=queue] [data-testid=managed-statement]').count(), 0);
    // translations of the common statement, by the organiser
    const common = org.locator('[data-testid=all-managed] [data-testid=managed-statement]', { has: org.locator('.statement-original', { hasText: COMMON }) });
    for (const [lang, text] of [['fa-AF', COMMON_FA], ['ps-AF', COMMON_PS]] as const) {
      const details = common.locator('details.translate');
      if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
      await details.locator('select').selectOption(lang);
      await details.locator('textarea').fill(text);
      await details.locator('button[type=submit]').click();
      await details.locator('.success').waitFor();
    }

    // --- 30 simulated participants in two camps, each from its own address
    const statements: { id: number; text: string }[] = await (await fetch(`${base}/api/conversations/${id}/statements`)).json();
    assert.ok(statements.some((s) => s.text === PASHTO_BY_PARTICIPANT) && statements.some((s) => s.text === DARI_BY_PARTICIPANT));
    assert.ok(!statements.some((s) => s.text === SCRIPT_MARKUP), 'the rejected statement is not shown');
    await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const camp: Camp = i % 2 === 0 ? 'A' : 'B';
        const p = new ApiClient(base, `127.0.0.${20 + i}`);
        await p.ok('POST', `/api/conversations/${id}/participants`, {});
        for (const s of statements) await p.ok('POST', `/api/conversations/${id}/votes`, { statement: s.id, vote: voteOf(camp, s.text) });
      }),
    );

    // --- wait for the analysis to include every vote
    let report: any;
    await until(
      async () => {
        await server.math!.idle();
        report = await (await fetch(`${base}/api/conversations/${id}/report`)).json();
        return Boolean(report.analysis && report.status.state === 'idle' && report.status.votesIncluded === report.status.votesTotal);
      },
      { timeoutMs: 120_000, everyMs: 250, what: () => `no analysis of every vote: ${JSON.stringify(report.status)}` },
    );
    assert.equal(report.analysis.groups.length, 2, `groups: ${JSON.stringify(report.analysis.groups)}`);
    const commonId = statements.find((s) => s.text === COMMON)!.id;
    assert.ok(report.analysis.consensus.agree.some((c: { statement: number }) => c.statement === commonId) || report.analysis.groupInformedConsensus[0].statement === commonId);

    // --- the report, in English, Dari and Pashto
    const reader = await phone();
    await reader.goto(`${base}/d/${id}/report`);
    for (const language of ['en', 'fa-AF', 'ps-AF'] as const) {
      await chooseLanguage(reader, language);
      await reader.waitForSelector('[data-testid=groups]');
      assert.equal(await reader.evaluate(() => document.documentElement.dir), language === 'en' ? 'ltr' : 'rtl');
      assert.equal(await reader.locator('[data-testid=group]').count(), 2);
      assert.ok((await reader.locator('[data-testid=opinion-map] .marker').count()) >= 2);
      const consensus = reader.locator('[data-testid=consensus]');
      assert.ok((await consensus.locator('.statement-original', { hasText: COMMON }).count()) >= 1, `the common statement is under consensus (${language})`);
      if (language !== 'en') {
        const translation = language === 'fa-AF' ? COMMON_FA : COMMON_PS;
        assert.ok((await consensus.locator('.statement-translation', { hasText: translation }).count()) >= 1, `translation shown (${language})`);
      }
      // statements are text: the markup is shown as written and never runs
      const markupShown = await reader.evaluate((m) => [...document.querySelectorAll('.statement-original')].some((e) => e.textContent === m), IMG_MARKUP);
      assert.ok(markupShown, 'the markup statement is shown as literal text');
      assert.equal(await reader.locator('main img').count(), 0);
      await screenshot(reader, `delib-report-${language === 'en' ? 'en' : language === 'fa-AF' ? 'fa' : 'ps'}`);
    }
    // Persian digits in Dari and Pashto
    await chooseLanguage(reader, 'fa-AF');
    assert.match((await reader.locator('[data-testid=report-counts]').textContent())!, /[۰-۹]/);
    // the downloads answer
    for (const file of ['comments.csv', 'participants-votes.csv', 'votes.csv', 'report.json']) {
      const href = await reader.locator(`[data-testid=downloads] a[href$="/${file}"]`).getAttribute('href');
      const r = await fetch(base + href);
      assert.equal(r.status, 200, file);
    }

    // --- accessibility of the report with its map, in the three languages (axe is
    // injected as a script, which the strict CSP refuses: this context bypasses it)
    const axeContext = await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } });
    const axePage = await axeContext.newPage();
    await axePage.goto(`${base}/d/${id}/report`);
    const violations: string[] = [];
    for (const language of ['en', 'fa-AF', 'ps-AF'] as const) {
      await chooseLanguage(axePage, language);
      await axePage.waitForSelector('[data-testid=groups]');
      const found = await seriousAxeViolations(axePage);
      violations.push(...found.map((v) => `report [${language}]: ${v}`));
    }
    await axeContext.close();
    assert.deepEqual(violations, []);

    // --- the convention's page lists the conversation; the organiser closes it
    const home = await phone();
    await home.goto(`${base}/`);
    // (other tests' conventions may be listed too: this one's list names the conversation)
    await home.locator('[data-testid=conversations]', { hasText: 'The future of Afghanistan' }).waitFor();
    await screenshot(home, 'delib-home-en');
    await org.locator('button', { hasText: 'Close the conversation' }).click();
    await org.waitForSelector('button:has-text("Open the conversation again")');
    await ps.reload();
    await ps.waitForSelector('.notice');
    await screenshot(ps, 'delib-closed-ps');

    for (const c of contexts) for (const p of c.pages()) await p.close();
    const origin = new URL(base).origin;
    assert.deepEqual(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:')), [], 'no third-party requests');
    assert.deepEqual(alerts, [], 'no injected script ran');
    assert.deepEqual(errors, [], 'no errors in the pages');
  });

  test('a conversation with participation codes: issued once, a wrong code refused, a right one lets in', { timeout: 300_000 }, async () => {
    const base = server.base;
    const log = pageLog();
    const { contexts, errors, alerts } = log;
    const phone = phoneFor(log);
    const { org, section } = await organiserWithConvention(log, { en: 'Teachers’ convention (codes)' });
    await section.locator('button', { hasText: 'New conversation' }).click();
    const form = org.locator('[data-testid=new-conversation]');
    await form.locator('input[id$="-topic-en"]').fill('Teachers’ pay (by invitation)');
    await form.locator('input[id$="-topic-fa-AF"]').fill('معاش معلمان (با دعوت)');
    await form.locator('input[id$="-topic-ps-AF"]').fill('د ښوونکو معاش (په بلنه)');
    await form.locator('label', { hasText: 'Only people with a participation code' }).click();
    await form.locator('textarea[id$="-seeds-en"]').fill('Teachers should be paid on time.\nTeachers in villages should be paid more.');
    await form.locator('button[type=submit]').click();
    await org.waitForURL(/\/organiser\/d\//);
    const id = org.url().split('/').pop()!;
    await org.fill('#code-count', '3');
    await org.locator('[data-testid=codes] button[type=submit]').click();
    await org.waitForSelector('[data-testid=issued-codes] li');
    const codes = (await org.locator('[data-testid=issued-codes] .mono').allTextContents()).map((c) => c.trim());
    assert.equal(codes.length, 3);
    for (const c of codes) assert.match(c, /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    const [file] = await Promise.all([org.waitForEvent('download'), org.locator('button', { hasText: 'Save the codes (text file)' }).click()]);
    const saved = readFileSync((await file.path())!, 'utf8');
    for (const c of codes) assert.ok(saved.includes(c), 'every code is in the saved file');
    await screenshot(org, 'delib-codes-en');
    await org.reload();
    await org.waitForSelector('[data-testid=codes]');
    assert.equal(await org.locator('[data-testid=issued-codes]').count(), 0, 'codes are shown only once');

    const fa = await phone();
    await fa.goto(`${base}/d/${id}`);
    await chooseLanguage(fa, 'fa-AF');
    await fa.fill('#code', 'ABCD-EFGH-JKLM');
    await fa.locator('[data-testid=join] button[type=submit]').click();
    await fa.waitForSelector('[data-testid=join] [data-code=invalid-code]');
    await screenshot(fa, 'delib-code-refused-fa');
    await fa.fill('#code', codes[0]!.toLowerCase());
    await fa.locator('[data-testid=join] button[type=submit]').click();
    await fa.waitForSelector('[data-testid=vote-card]');
    await screenshot(fa, 'delib-code-joined-fa');
    // the quick exit makes the server forget this device: the next visit must join again
    await fa.locator('button.quick-exit').click();
    await fa.waitForURL(/\/exit$/);
    const again = await fa.context().newPage();
    await until(
      async () => {
        await again.goto(`${base}/d/${id}`);
        await again.waitForSelector('[data-testid=join], [data-testid=vote-card]');
        return (await again.locator('[data-testid=join]').count()) > 0;
      },
      { timeoutMs: 10_000, everyMs: 250, what: () => 'after the quick exit, this device is still a participant' },
    );
    await org.reload();
    await org.waitForSelector('[data-testid=codes]');
    assert.match((await org.locator('[data-testid=codes]').textContent())!, /3 codes created, 1 used/);

    for (const c of contexts) for (const p of c.pages()) await p.close();
    assert.deepEqual(alerts, []);
    assert.deepEqual(errors, [], 'no errors in the pages');
  });

  test('a Polis export imported from the organiser page has its report', { timeout: 300_000 }, async () => {
    const base = server.base;
    const dir = polisFolder(UBI);
    const log = pageLog();
    const { contexts, errors, alerts } = log;
    const phone = phoneFor(log);
    const { org, section } = await organiserWithConvention(log, { en: 'Imported conversations' });
    await section.locator('button', { hasText: 'Import a conversation from Polis' }).click();
    const form = org.locator('[data-testid=import-polis]');
    await form.locator('input[id$="-topic-en"]').fill('A universal basic income (imported from Polis)');
    // without the files, the form says which are needed
    await form.locator('button[type=submit]').click();
    await form.locator('p.error').waitFor();
    await form.locator('input[id$="-comments"]').setInputFiles(join(dir, 'comments.csv'));
    await form.locator('input[id$="-pv"]').setInputFiles(join(dir, 'participants-votes.csv'));
    await form.locator('input[id$="-votes"]').setInputFiles(join(dir, 'votes.csv'));
    await form.locator('button[type=submit]').click();
    await form.locator('p.success').waitFor({ timeout: 120_000 });
    assert.match((await form.locator('p.success').textContent())!, /Imported \d+ statements, 234 participants and [\d,]+ votes/);
    await screenshot(org, 'delib-import-en');
    await form.locator('p.success a').click();
    await org.waitForURL(/\/organiser\/d\//);
    const id = org.url().split('/').pop()!;
    await org.waitForSelector('[data-testid=math]');

    let report: any;
    await until(
      async () => {
        await server.math!.idle();
        report = await (await fetch(`${base}/api/conversations/${id}/report`)).json();
        return Boolean(report.analysis && report.status.state === 'idle');
      },
      { timeoutMs: 240_000, everyMs: 250, what: () => `no analysis: ${JSON.stringify(report.status)}` },
    );
    const reader = await phone();
    await reader.goto(`${base}/d/${id}/report`);
    await chooseLanguage(reader, 'ps-AF');
    await reader.waitForSelector('[data-testid=groups]');
    assert.equal(await reader.locator('[data-testid=group]').count(), report.analysis.groups.length);
    assert.ok(report.analysis.groups.length >= 2);
    await screenshot(reader, 'delib-report-imported-ps');
    await org.reload();
    await org.waitForSelector('[data-testid=math-state]');
    await screenshot(org, 'delib-organiser-imported-en');

    for (const c of contexts) for (const p of c.pages()) await p.close();
    assert.deepEqual(alerts, []);
    assert.deepEqual(errors, [], 'no errors in the pages');
  });
});
