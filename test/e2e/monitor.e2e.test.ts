// End to end, in Debian's Chromium: the accountability monitor. An organiser
// creates an editor and a reviewer. The editor, on a phone, logs in to the
// workspace, is refused a malformed address and a future date (nothing saved),
// enters a source with an uploaded copy and a recognition event (Iran hands over a
// mission), and cannot approve it. The reviewer, in a second browser context,
// approves it: the state's score in the table and its colour on the world map
// change, the state page shows the event, the claim page its source and history.
// Reviewers change a weight and the score follows. The dashboard renders in Dari
// and Pashto (right to left, benchmark names in that language, Solar Hijri dates,
// no English left), axe finds nothing serious, nothing is fetched from elsewhere.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { latestToday } from '../../src/monitor/model.ts';
import { Client } from '../helpers/api-flow.ts';
import { axeScreens, chooseLanguage, launchBrowser, pageLog, phonePage, screenshot, seriousAxeViolations, WEB_ROOT } from '../helpers/browser.ts';
import { ORGANISER_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';

const PASSWORD = 'a-long-enough-password';
const DIGITS: Record<string, string> = { en: '0123456789', 'fa-AF': '۰۱۲۳۴۵۶۷۸۹', 'ps-AF': '۰۱۲۳۴۵۶۷۸۹' };
const digits = (n: number | string, l: string) => String(n).replace(/\d/g, (d) => DIGITS[l]![Number(d)]!);
// 2025-06-01 is 11 Jawza 1404 in the Solar Hijri calendar
const EVENT_DAY = '2025-06-01';
const HIJRI_MONTH: Record<string, string> = { 'fa-AF': 'جوزا', 'ps-AF': 'غبرګولی' };

describe('accountability monitor in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  const log = pageLog();
  const { requests, errors, alerts } = log;

  before(async () => {
    server = await startTestServer('pglite', { webRoot: WEB_ROOT });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const phone = () => phonePage(browser, log);

  const login = async (page: Page, username: string) => {
    await page.goto(`${server.base}/organiser/monitor`);
    await page.fill('#username', username);
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=organiser-monitor]');
  };

  test('an editor enters a source and an event, a reviewer approves it, the score and the map change; Dari and Pashto', { timeout: 600_000 }, async () => {
    const base = server.base;
    const org = new Client(base);
    await org.ok('POST', '/api/session', { username: 'organiser', password: ORGANISER_PASSWORD });
    await org.ok('POST', '/api/organiser/accounts', { username: 'editor1', password: PASSWORD, role: 'editor' });
    await org.ok('POST', '/api/organiser/accounts', { username: 'reviewer1', password: PASSWORD, role: 'reviewer' });
    const editorApi = new Client(base);
    await editorApi.ok('POST', '/api/session', { username: 'editor1', password: PASSWORD });
    const reviewerApi = new Client(base);
    await reviewerApi.ok('POST', '/api/session', { username: 'reviewer1', password: PASSWORD });
    const work = () => editorApi.ok('GET', '/api/monitor/work');

    // --- the public dashboard before: Iran has no scored engagement (grey, "no scored engagement")
    const reader = await phone();
    await reader.goto(`${base}/`);
    await reader.locator('[data-testid=monitor-home-link] a[href="/monitor"]').click();
    await reader.waitForSelector('[data-testid=world-map] path[data-code=IR]');
    const iran = reader.locator('[data-testid=world-map] path[data-code=IR]');
    const fillBefore = await iran.getAttribute('fill');
    const titleBefore = await iran.locator('title').textContent();
    assert.equal(titleBefore, 'Islamic Republic of Iran: no scored engagement');
    assert.equal(await reader.locator('[data-testid=tally] tr[data-state=IR]').count(), 0);
    assert.equal(await reader.locator('[data-testid=benchmarks] li').count(), 6);
    assert.equal(await reader.locator('[data-testid=sample-banner]').count(), 0, 'no sample banner on an empty evidence base');
    // feeds and exports: plain same-origin downloads
    for (const path of ['/api/monitor/feed.atom', '/api/monitor/claims.json', '/api/monitor/claims.csv']) {
      const link = reader.locator(`[data-testid=feeds] a[href="${path}"]`);
      assert.equal(await link.count(), 1, path);
      assert.notEqual(await link.getAttribute('download'), null, `${path} is a download`);
      assert.equal((await fetch(base + path)).status, 200, path);
    }

    // --- the public record behind the two-person rule: every account, by number and role, never a name
    const accountHistory = reader.locator('[data-testid=account-history]');
    assert.match((await accountHistory.textContent())!, /separates accounts, not people/);
    await accountHistory.locator('summary').click();
    const created = accountHistory.locator('li[data-action=created]');
    assert.equal(await created.count(), 3, 'the organiser, the editor and the reviewer');
    assert.match((await created.nth(1).textContent())!, /^Account \d+ created as Editor · by account \d+ \(Organiser\)/);
    assert.doesNotMatch((await accountHistory.textContent())!, /editor1|reviewer1/);

    // --- the organiser page sends monitor-only accounts to the workspace
    const ed = await phone();
    await ed.goto(`${base}/organiser`);
    await ed.fill('#username', 'editor1');
    await ed.fill('#password', PASSWORD);
    await ed.click('button[type=submit]');
    await ed.waitForSelector('[data-testid=monitor-link] a[href="/organiser/monitor"]');
    assert.equal(await ed.locator('[data-testid=monitor-link] h1').count(), 1);
    await ed.click('[data-testid=monitor-link] a[href="/organiser/monitor"]');
    await ed.waitForSelector('[data-testid=organiser-monitor]');
    assert.match((await ed.locator('[data-testid=me]').textContent())!, /editor1 \(Editor\)/);
    // an editor cannot edit weights
    assert.equal(await ed.locator('[data-testid=weights-form]').count(), 0);

    // --- bad input: a malformed address, then a future date; clear errors, nothing saved
    const sourceForm = ed.locator('[data-testid=source-form]');
    await ed.fill('#ms-title', 'Iran hands over the Afghan embassy in Tehran');
    await ed.fill('#ms-publisher', 'A news agency');
    await ed.fill('#ms-url', 'news agency website');
    await ed.fill('#ms-date', EVENT_DAY);
    await sourceForm.locator('button[type=submit]').click();
    const sourceError = sourceForm.locator('[data-testid=form-error]');
    await sourceError.waitFor();
    assert.match((await sourceError.textContent())!, /not a usable web address/);
    assert.match((await sourceError.textContent())!, /Nothing was saved/);
    const tomorrow = new Date(Date.parse(`${latestToday()}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10);
    await ed.fill('#ms-url', 'https://news.example.org/2025/06/embassy');
    await ed.fill('#ms-date', tomorrow);
    await sourceForm.locator('button[type=submit]').click();
    await ed.waitForFunction(() => /in the future/.test(document.querySelector('[data-testid=source-form] [data-testid=form-error]')?.textContent ?? ''));
    assert.equal((await work()).sources.length, 0, 'no source saved after refused input');
    await screenshot(ed, 'monitor-source-error-en');

    // --- the source, with an uploaded copy (its SHA-256 computed by the server)
    const copy = Buffer.from('Report: the embassy in Tehran was handed over. (test document)');
    const sha = createHash('sha256').update(copy).digest('hex');
    await ed.fill('#ms-date', EVENT_DAY);
    await ed.setInputFiles('#ms-file', { name: 'embassy-report.txt', mimeType: 'text/plain', buffer: copy });
    await sourceForm.locator('button[type=submit]').click();
    await sourceForm.locator('[data-testid=form-done]').waitFor();
    assert.ok((await sourceForm.locator('[data-testid=form-done]').textContent())!.includes(sha));
    const [source] = (await work()).sources;
    assert.equal(source.sha256, sha);
    assert.deepEqual(source.copy, { name: 'embassy-report.txt', type: 'text/plain', size: copy.length });

    // --- the event: a future date is refused and nothing saved; then the real one
    const claimForm = ed.locator('[data-testid=claim-form]');
    await ed.locator('#mc-state option[value=IR]').waitFor({ state: 'attached' });
    await ed.selectOption('#mc-state', 'IR');
    await ed.selectOption('#mc-type', 'mission-handover');
    await ed.fill('#mc-text-en', 'Iran handed over the Afghan embassy in Tehran to the regime.');
    await ed.fill('#mc-date', tomorrow);
    await claimForm.locator(`[data-testid=source-choice] input[value="${source.id}"]`).check();
    await claimForm.locator('button[type=submit]').click();
    const claimError = claimForm.locator('[data-testid=form-error]');
    await claimError.waitFor();
    assert.match((await claimError.textContent())!, /in the future/);
    assert.equal((await work()).claims.length, 0, 'no claim saved after a future date');
    await ed.fill('#mc-date', EVENT_DAY);
    await claimForm.locator('button[type=submit]').click();
    await claimForm.locator('[data-testid=form-done]').waitFor();
    const [claim] = (await work()).claims;
    assert.equal(claim.status, 'proposed');
    assert.deepEqual(claim.engagement, { state: 'IR', type: 'mission-handover' });

    // the editor cannot approve their own claim: no button, and why
    const own = ed.locator(`[data-testid=queue] li[data-claim="${claim.id}"]`);
    await own.waitFor();
    assert.equal(await own.locator('[data-action=approve]').count(), 0, 'no approve button on your own claim');
    assert.match((await own.locator('[data-testid=own-claim]').textContent())!, /awaiting another reviewer/);
    await screenshot(ed, 'monitor-editor-queue-en');

    // --- a second browser context: the reviewer approves it
    const rv = await phone();
    await login(rv, 'reviewer1');
    const item = rv.locator(`[data-testid=queue] li[data-claim="${claim.id}"]`);
    await item.waitFor();
    assert.match((await item.textContent())!, /editor1/, 'reviewers see who proposed it');
    await screenshot(rv, 'monitor-reviewer-queue-en');
    await item.locator('[data-action=approve]').click();
    await rv.locator(`[data-testid=published] li[data-claim="${claim.id}"]`).waitFor();
    assert.equal(await rv.locator(`[data-testid=queue] li[data-claim="${claim.id}"]`).count(), 0);

    // a second state, through the API, so that the table has two rows to sort
    const cn = await editorApi.ok('POST', '/api/monitor/claims', { kind: 'engagement', text: { en: 'A Chinese minister met regime officials.' }, date: '2025-05-20', sources: [source.id], engagement: { state: 'CN', type: 'ministerial-visit' } });
    await reviewerApi.ok('POST', `/api/monitor/claims/${cn.id}/approve`, {});

    // --- the dashboard after: Iran scores 5 (handing over a mission), its map colour and title change
    await reader.reload();
    const row = reader.locator('[data-testid=tally] tr[data-state=IR]');
    await row.waitFor();
    assert.equal((await row.locator('td.score').textContent())!.trim(), '5');
    assert.equal((await row.locator('td.events').textContent())!.trim(), '1');
    await reader.waitForSelector('[data-testid=world-map] path[data-code=IR]');
    const fillAfter = await iran.getAttribute('fill');
    const titleAfter = await iran.locator('title').textContent();
    assert.notEqual(fillAfter, fillBefore, 'the map colour of Iran changed');
    assert.equal(titleAfter, 'Islamic Republic of Iran: score 5');
    assert.equal(await reader.locator('[data-testid=world-map] path[data-code=CN] title').textContent(), "People's Republic of China: score 2");
    // the table sorts by any column, from the keyboard too
    const rows = () => reader.locator('[data-testid=tally] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-state')));
    assert.deepEqual(await rows(), ['IR', 'CN'], 'highest score first');
    const stateHeader = reader.locator('[data-testid=tally] button[data-sort=state]');
    await stateHeader.focus();
    await reader.keyboard.press('Enter');
    const stateSort = reader.locator('[data-testid=tally] th:has(button[data-sort=state])');
    assert.equal(await stateSort.getAttribute('aria-sort'), 'ascending');
    assert.deepEqual(await rows(), ['IR', 'CN'], 'by name: Islamic Republic of Iran, People\'s Republic of China');
    await reader.keyboard.press('Enter');
    assert.equal(await stateSort.getAttribute('aria-sort'), 'descending');
    assert.deepEqual(await rows(), ['CN', 'IR'], 'by name, descending');
    assert.equal(await reader.locator('[data-testid=tally] th:has(button[data-sort=score])').getAttribute('aria-sort'), 'none');
    // the weights in use are shown, humanitarian contact apart
    assert.match((await reader.locator('[data-testid=weights] tr[data-weight=mission-handover]').textContent())!, /Handing over an embassy or consulate\s*5/);
    assert.match((await reader.locator('[data-testid=weights] tr[data-weight=humanitarian-contact]').textContent())!, /Never scores/);
    await screenshot(reader, 'monitor-dashboard-en');

    // --- the state page: score, step chart, the event with its source
    await reader.goto(`${base}/monitor/s/IR`);
    const event = reader.locator(`[data-testid=events] li[data-claim="${claim.id}"]`);
    await event.waitFor();
    assert.match((await reader.locator('h1').textContent())!, /Iran/);
    assert.match((await reader.locator('[data-testid=state-score]').textContent())!, /Current score:\s*5/);
    assert.equal(await reader.locator('[data-testid=step-chart] circle').count(), 1);
    assert.match((await event.textContent())!, /Handing over an embassy or consulate/);
    assert.match((await event.textContent())!, /Iran handed over the Afghan embassy/);
    assert.match((await event.textContent())!, /1 June 2025/);
    assert.match((await event.textContent())!, /11 Jawza 1404/);
    await screenshot(reader, 'monitor-state-en');

    // --- the claim page: the source (address as text and link, SHA-256, the copy) and its public history
    await reader.goto(`${base}/monitor/claims/${claim.id}`);
    await reader.waitForSelector('[data-testid=history] li');
    const address = reader.locator('[data-testid=sources] a[href="https://news.example.org/2025/06/embassy"]');
    assert.equal(await address.textContent(), 'https://news.example.org/2025/06/embassy');
    assert.equal(await address.getAttribute('rel'), 'noreferrer noopener');
    assert.equal(await reader.locator('[data-testid=sources] [data-testid=sha256]').textContent(), sha);
    const copyHref = await reader.locator('[data-testid=sources] a[download]').getAttribute('href');
    const downloaded = await fetch(base + copyHref);
    assert.equal(downloaded.status, 200);
    assert.equal(Buffer.from(await downloaded.arrayBuffer()).toString(), copy.toString());
    const history = await reader.locator('[data-testid=history] li').allTextContents();
    assert.equal(history.length, 2);
    assert.match(history[0]!, /Proposed · Editor/);
    assert.match(history[1]!, /Approved · Reviewer/);
    assert.ok(!history.join(' ').includes('editor1') && !history.join(' ').includes('reviewer1'), 'the public sees roles, not usernames');

    // --- a dated assessment, so that the dashboard shows a date in both calendars
    const assessment = await editorApi.ok('POST', '/api/monitor/claims', {
      kind: 'assessment',
      text: { en: 'Not met: the regime is courted while women are shut out.', 'fa-AF': 'برآورده نشده است.', 'ps-AF': 'نه دی پوره شوی.' },
      date: EVENT_DAY,
      assessment: { benchmark: 'women-and-girls', status: 'not-met', evidence: [claim.id] },
    });
    await reviewerApi.ok('POST', `/api/monitor/claims/${assessment.id}/approve`, {});
    await reader.goto(`${base}/monitor/b/women-and-girls`);
    const timeline = reader.locator(`[data-testid=assessments] li[data-claim="${assessment.id}"]`);
    await timeline.waitFor();
    assert.match((await timeline.textContent())!, /Not met/);
    assert.equal(await timeline.locator(`a[href="/monitor/claims/${claim.id}"]`).count(), 1, 'the assessment links to its evidence');
    assert.match((await reader.locator('[data-testid=definition]').textContent())!, /education at every level/);

    // --- a reviewer changes a weight: the score follows
    await rv.reload();
    await rv.waitForSelector('[data-testid=weights-form]');
    await rv.fill('#mw-mission-handover', '7');
    await rv.locator('[data-testid=weights-form] button[type=submit]').click();
    await rv.locator('[data-testid=weights-form] [data-testid=form-done]').waitFor();
    await reader.goto(`${base}/monitor`);
    await reader.locator('[data-testid=tally] tr[data-state=IR]').waitFor();
    assert.equal((await reader.locator('[data-testid=tally] tr[data-state=IR] td.score').textContent())!.trim(), '7');
    assert.match((await reader.locator('[data-testid=weights] tr[data-weight=mission-handover]').textContent())!, /7/);

    // --- the reviewer retracts China's event with a reason: out of the score, still shown, struck through
    const cnItem = rv.locator(`[data-testid=published] li[data-claim="${cn.id}"]`);
    await cnItem.waitFor();
    await cnItem.locator('[data-action=retract]').click();
    await cnItem.locator('[data-testid=form-error]').waitFor();
    assert.match((await cnItem.locator('[data-testid=form-error]').textContent())!, /say why the claim is retracted/, 'a retraction needs a reason');
    await cnItem.locator('input').fill('The meeting was with a provincial official, not a minister.');
    await cnItem.locator('[data-action=retract]').click();
    await rv.locator(`[data-testid=published] li[data-claim="${cn.id}"]`).waitFor({ state: 'detached' });
    await reader.goto(`${base}/monitor/s/CN`);
    const retracted = reader.locator(`[data-testid=events] li[data-claim="${cn.id}"]`);
    await retracted.waitFor();
    assert.equal(await retracted.getAttribute('data-status'), 'retracted');
    assert.equal(await retracted.locator('.claim-text.retracted').count(), 1, 'struck through');
    assert.match((await retracted.textContent())!, /Retracted.*provincial official/);
    assert.match((await retracted.textContent())!, /not counted in the score/);
    assert.match((await reader.locator('[data-testid=state-score]').textContent())!, /Current score:\s*0/);
    await screenshot(reader, 'monitor-retracted-en');

    // --- import, all or nothing: a bad claim refuses the whole file; then a good one enters as proposed
    const sourcesBefore = (await work()).sources.length;
    const claimsBefore = (await work()).claims.length;
    const file = (date: string) =>
      JSON.stringify({
        sources: [{ id: 's1', title: 'Imported report', publisher: 'An agency', url: 'https://example.org/imported', publishedOn: '2025-05-01', language: 'en' }],
        claims: [{ kind: 'statement', text: { en: 'An imported statement.' }, date, sources: ['s1'] }],
      });
    await ed.reload();
    const importForm = ed.locator('[data-testid=import-form]');
    await importForm.waitFor();
    await ed.fill('#mi-content', file(tomorrow));
    await importForm.locator('button[type=submit]').click();
    await importForm.locator('[data-testid=form-error]').waitFor();
    assert.match((await importForm.locator('[data-testid=form-error]').textContent())!, /in the future/);
    assert.equal((await work()).sources.length, sourcesBefore, 'nothing imported');
    assert.equal((await work()).claims.length, claimsBefore, 'nothing imported');
    await ed.setInputFiles('#mi-file', { name: 'batch.json', mimeType: 'application/json', buffer: Buffer.from(file(EVENT_DAY)) });
    await ed.waitForFunction(() => (document.querySelector('#mi-content') as HTMLTextAreaElement).value.includes('Imported report'));
    await importForm.locator('button[type=submit]').click();
    await importForm.locator('[data-testid=form-done]').waitFor();
    assert.match((await importForm.locator('[data-testid=form-done]').textContent())!, /Imported as proposed: 1 source and 1 claim\./);
    const imported = (await work()).claims.find((c: { text: { en?: string } }) => c.text.en === 'An imported statement.');
    assert.equal(imported?.status, 'proposed', 'imports enter as proposed');

    // --- a relation for the sanctions network (test data): proposed in the form, published by the reviewer,
    // it joins the network with the claim as its source; an unknown list reference is refused first
    await claimForm.waitFor();
    await ed.selectOption('#mc-kind', 'relation');
    await ed.fill('#mc-subject', 'TAi.999');
    await ed.selectOption('#mc-relation', 'business-partner-of');
    await claimForm.locator('input[name=object-listed]').nth(1).check();
    await ed.fill('#mc-object-name', 'Test Partner Trading (e2e)');
    await ed.selectOption('#mc-object-schema', 'Organization');
    await ed.fill('#mc-text-en', 'A company register names a business partner (test data).');
    await ed.fill('#mc-date', EVENT_DAY);
    await claimForm.locator(`[data-testid=source-choice] input[value="${source.id}"]`).check();
    await claimForm.locator('button[type=submit]').click();
    await claimForm.locator('[data-testid=form-error]').waitFor();
    assert.match((await claimForm.locator('[data-testid=form-error]').textContent())!, /TAi\.999: not in the loaded sanctions lists/);
    await ed.fill('#mc-subject', 'TAi.144');
    await claimForm.locator('button[type=submit]').click();
    await claimForm.locator('[data-testid=form-done]').waitFor();
    const relation = (await work()).claims.find((c: { kind: string }) => c.kind === 'relation');
    assert.deepEqual(relation.relation, { subject: 'TAi.144', relation: 'business-partner-of', object: { name: 'Test Partner Trading (e2e)', schema: 'Organization' } });
    await reviewerApi.ok('POST', `/api/monitor/claims/${relation.id}/approve`, {});
    const partner = (await reviewerApi.ok('GET', '/api/sanctions/entities/TAi.144')).relations.find((r: { other: { caption: string } }) => r.other.caption === 'Test Partner Trading (e2e)');
    assert.deepEqual(partner.relation.sources, [{ kind: 'claim', claimId: relation.id }]);

    // --- the dashboard in Dari and Pashto: right to left, benchmark names and a Solar Hijri date in that language, no English left
    const dashboard = (await reviewerApi.ok('GET', '/api/monitor')) as { benchmarks: { id: string; title: Record<string, string> }[] };
    await reader.goto(`${base}/monitor`);
    for (const language of ['fa-AF', 'ps-AF'] as const) {
      await chooseLanguage(reader, language);
      await reader.locator('[data-testid=tally] tr[data-state=IR]').waitFor();
      assert.equal(await reader.evaluate(() => document.documentElement.dir), 'rtl');
      assert.equal(await reader.evaluate(() => document.documentElement.lang), language);
      for (const b of dashboard.benchmarks) {
        assert.equal((await reader.locator(`[data-benchmark=${b.id}] h3`).textContent())!.trim(), b.title[language], `${b.id} in ${language}`);
      }
      const assessed = (await reader.locator('[data-benchmark=women-and-girls] [data-testid=assessed-on]').textContent())!;
      assert.ok(assessed.includes(`${digits(11, language)} ${HIJRI_MONTH[language]} ${digits(1404, language)}`), `Solar Hijri date in ${language}: ${assessed}`);
      assert.equal((await reader.locator('[data-testid=tally] tr[data-state=IR] td.score').textContent())!.trim(), digits(7, language));
      assert.match((await reader.locator('[data-testid=world-map] path[data-code=IR] title').textContent())!, new RegExp(digits(7, language)));
      // no English left on the page (file formats are named as they are)
      const text = await reader.locator('main').evaluate((m) => (m as HTMLElement).innerText);
      const latin = text.replace(/\b(Atom|JSON|CSV)\b/g, '').match(/[A-Za-z]+/g);
      assert.equal(latin, null, `English left in ${language}: ${latin?.join(' ')}`);
      await screenshot(reader, `monitor-dashboard-${language}`);
    }
    // the state page in Pashto
    await reader.goto(`${base}/monitor/s/IR`);
    await reader.locator('[data-testid=events] li').first().waitFor();
    assert.equal(await reader.evaluate(() => document.documentElement.dir), 'rtl');
    assert.match((await reader.locator('[data-testid=state-score]').textContent())!, new RegExp(digits(7, 'ps-AF')));
    await screenshot(reader, 'monitor-state-ps-AF');

    // --- accessibility of the dashboard (axe is injected as a script, which the strict CSP refuses: this context bypasses it)
    const axeContext = await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } });
    const axePage = await axeContext.newPage();
    const violations = await axeScreens(axePage, base, [
      ['/monitor', '[data-testid=tally] tr[data-state=IR]'],
      [`/monitor/s/IR`, '[data-testid=events] li'],
      [`/monitor/claims/${claim.id}`, '[data-testid=history] li'],
    ] as const);
    // the workspace, as the reviewer sees it
    await axePage.goto(`${base}/organiser/monitor`);
    await axePage.fill('#username', 'reviewer1');
    await axePage.fill('#password', PASSWORD);
    await axePage.click('button[type=submit]');
    await axePage.waitForSelector('[data-testid=organiser-monitor]');
    const workspace = await seriousAxeViolations(axePage);
    violations.push(...workspace.map((v) => `workspace: ${v}`));
    await axeContext.close();
    assert.deepEqual(violations, []);

    // nothing in localStorage, on any page
    for (const p of [ed, rv, reader]) assert.equal(await p.evaluate(() => localStorage.length), 0);

    for (const c of log.contexts) for (const p of c.pages()) await p.close();
    const origin = new URL(base).origin;
    assert.deepEqual(errors, [], 'no page errors');
    assert.deepEqual(alerts, [], 'no alerts');
    assert.deepEqual(
      requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:')),
      [],
      'no third-party requests',
    );
  });
});
