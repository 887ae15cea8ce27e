// End to end, in Debian's Chromium: inclusion. The organiser asks gender,
// ethnicity and residence; a participant in Dari and one in Pashto describe
// themselves on a phone; 30 more do so over the HTTP API (12 women and 18 men in
// all; 4 Hazara, a group too small to show). The dashboard, in English, Dari and
// Pashto, shows the right counts, women first, and the small group only as "fewer
// than 10". The organiser registers a delegation of 4 with 1 woman and the rule
// "at least 50% women": the rule fails with the numbers, then passes once the
// delegation has 2 women. Then, in Dari on a 360 px phone: the demo conversation's
// simulated participants make a real-looking dashboard; with a minimum of answers
// above theirs, no ratio, index or warning and a sentence saying why; a reference
// share and the minimum typed in Persian digits are read, a mistyped one refused.
// Screenshots go to test-output/screenshots.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { Client } from '../helpers/api-flow.ts';
import { chooseLanguage, launchBrowser, pageLog, phonePage, screenshot, WEB_ROOT } from '../helpers/browser.ts';
import { ORGANISER_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';
import { seedDemoConversation } from '../../src/services/conversations/demo.ts';

const DIGITS: Record<string, string> = { en: '0123456789', 'fa-AF': '۰۱۲۳۴۵۶۷۸۹', 'ps-AF': '۰۱۲۳۴۵۶۷۸۹' };
const digits = (n: number | string, l: string) => String(n).replace(/\d/g, (d) => DIGITS[l]![Number(d)]!);

describe('inclusion in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  const log = pageLog();
  const { requests, errors } = log;

  before(async () => {
    server = await startTestServer('pglite', { webRoot: WEB_ROOT, math: { debounceMs: 50, minIntervalMs: 200, intervalMs: 200 } });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const phone = () => phonePage(browser, log);

  test('self-description in Dari and Pashto, the composition dashboard, and the 50%-women rule', { timeout: 600_000 }, async () => {
    const base = server.base;
    const org = new Client(base);
    await org.ok('POST', '/api/session', { username: 'organiser', password: ORGANISER_PASSWORD });
    const { id: conventionId } = await org.ok('POST', '/api/organiser/conventions', { title: { en: 'Inclusion test convention', 'fa-AF': 'جرگهٔ آزمایشی', 'ps-AF': 'ازمویښتي جرګه' }, description: {} });
    const { id } = await org.ok('POST', `/api/organiser/conventions/${conventionId}/conversations`, {
      topic: { en: 'Who should govern?', 'fa-AF': 'چه کسی باید حکومت کند؟', 'ps-AF': 'څوک باید حکومت وکړي؟' },
      access: 'open',
      moderation: 'loose',
      seeds: [{ text: 'Women must take part in every council.', lang: 'en' }],
    });

    // --- the organiser chooses the questions on the organiser page
    const op = await phone();
    await op.goto(`${base}/organiser`);
    await op.fill('#username', 'organiser');
    await op.fill('#password', ORGANISER_PASSWORD);
    await op.click('button[type=submit]');
    const incl = op.locator('[data-testid=organiser-inclusion]');
    await incl.waitFor();
    // defaults: gender, ethnicity, residence asked; province and age not
    assert.equal(await incl.locator('input[name=ask-gender]').isChecked(), true);
    assert.equal(await incl.locator('input[name=ask-province]').isChecked(), false);

    // --- a participant in Dari and one in Pashto describe themselves
    const selfDescribe = async (language: 'fa-AF' | 'ps-AF', answers: Record<string, string>) => {
      const p = await phone();
      await p.goto(`${base}/d/${id}`);
      await chooseLanguage(p, language);
      await p.locator('[data-testid=join] button[type=submit]').click();
      const form = p.locator('[data-testid=self-description]');
      await form.waitFor();
      assert.equal(await p.evaluate(() => document.documentElement.dir), 'rtl');
      for (const [d, c] of Object.entries(answers)) await form.locator(`select[name=${d}]`).selectOption(c);
      await screenshot(p, `inclusion-self-${language}`);
      await form.locator('button[type=submit]').click();
      await p.waitForSelector('[data-testid=profile-state]');
      await p.close();
    };
    await selfDescribe('fa-AF', { gender: 'woman', ethnicity: 'tajik', residence: 'inside' });
    await selfDescribe('ps-AF', { gender: 'man', ethnicity: 'pashtun', residence: 'abroad' });

    // --- 30 more over the API: 11 women and 19 men → 12 and 20 in all; Pashtun 16, Tajik 12, Hazara 4
    for (let i = 0; i < 30; i++) {
      const p = new Client(base);
      await p.ok('POST', `/api/conversations/${id}/participants`, {});
      const ethnicity = i < 15 ? 'pashtun' : i < 26 ? 'tajik' : 'hazara';
      await p.ok('PUT', `/api/conversations/${id}/me/profile`, { answers: { gender: i % 8 < 3 ? 'woman' : 'man', ethnicity, residence: i % 3 === 0 ? 'abroad' : 'inside' } });
      await p.ok('POST', `/api/conversations/${id}/votes`, { statement: 0, vote: 1 });
    }
    const women = 1 + Array.from({ length: 30 }, (_, i) => i % 8 < 3).filter(Boolean).length;
    const men = 32 - women;

    // --- the dashboard in each language
    const reader = await phone();
    for (const language of ['en', 'fa-AF', 'ps-AF'] as const) {
      await reader.goto(`${base}/c/${conventionId}/inclusion`);
      await chooseLanguage(reader, language);
      const section = reader.locator(`[data-testid=composition-conversation-${id}]`);
      await section.waitFor();
      assert.equal(await reader.evaluate(() => document.documentElement.dir), language === 'en' ? 'ltr' : 'rtl');
      const gender = section.locator('[data-dimension=gender]');
      assert.equal(await gender.locator('.bar-row').first().getAttribute('data-category'), 'woman', 'women first');
      assert.match((await gender.locator('[data-category=woman] .count').textContent())!, new RegExp(`^${digits(women, language)} `));
      assert.match((await gender.locator('[data-category=man] .count').textContent())!, new RegExp(`^${digits(men, language)} `));
      const ethnicity = section.locator('[data-dimension=ethnicity]');
      assert.match((await ethnicity.locator('[data-category=pashtun] .count').textContent())!, new RegExp(`^${digits(16, language)} `));
      const hazara = (await ethnicity.locator('[data-category=hazara] .count').textContent())!;
      assert.ok(!hazara.includes(digits(4, language)), `the 4 Hazara are not shown as a number: ${hazara}`);
      assert.ok(hazara.includes(digits(10, language)), `shown as "fewer than 10": ${hazara}`);
      // the Tajik cell (12) is hidden only to protect the Hazara one: no number, and not "fewer than 10" (that would be false)
      const tajik = (await ethnicity.locator('[data-category=tajik] .count').textContent())!;
      assert.ok(!tajik.includes(digits(12, language)) && !tajik.includes(digits(10, language)), `the complementary cell: ${tajik}`);
      // the default reference's source and note are in the reader's language
      if (language !== 'en') assert.doesNotMatch((await reader.locator('[data-testid=inclusion] .notice').textContent())!, /United Nations|No census exists/);
      await screenshot(reader, `inclusion-dashboard-${language}`);
    }

    // --- the conversation's report: agreement as voted, and weighted beside it
    await reader.goto(`${base}/d/${id}/report`);
    await chooseLanguage(reader, 'en');
    const weighted = reader.locator('[data-testid=weighted-agreement]');
    await weighted.waitFor({ timeout: 60_000 });
    const line = (await weighted.locator('[data-statement="0"]').textContent())!;
    assert.match(line, /As voted: 100% agree \(95%: [\d.]+%–100%; 30 votes\)/);
    assert.match(line, /Weighted: 100% agree \(95%: [\d.]+%–100%; effective size \d+\)/);
    await screenshot(reader, 'inclusion-weighted-en');
    // nobody here is Uzbek, Turkmen…: the caveats in Dari and Pashto, not in English
    for (const language of ['fa-AF', 'ps-AF'] as const) {
      await chooseLanguage(reader, language);
      const caveats = await weighted.locator('[data-testid=caveat]').allTextContents();
      assert.ok(caveats.length > 0, 'the weighting has caveats');
      for (const c of caveats) assert.doesNotMatch(c, /[A-Za-z]/, `caveat in ${language}: ${c}`);
    }
    await screenshot(reader, 'inclusion-weighted-ps-AF');

    // --- a delegation of 4 with 1 woman, and the rule "at least 50% women", from the organiser page
    await op.reload();
    await incl.waitFor();
    const delegation = op.locator('[data-testid=delegation-form]');
    await delegation.locator('input[name=delegation-name]').fill('Civil society network');
    await delegation.locator('select[name=delegation-kind]').selectOption('civil-society');
    await delegation.locator('textarea[name=delegates]').fill('woman,hazara,inside\nman,pashtun,inside\nman,tajik,abroad\nman,uzbek,inside');
    await delegation.locator('button[type=submit]').click();
    await incl.locator('li.card', { hasText: 'Civil society network' }).waitFor();
    const rule = op.locator('[data-testid=rule-form]');
    await rule.locator('select[name=rule-dimension]').selectOption('gender');
    await rule.locator('select[name=rule-category]').selectOption('woman');
    await rule.locator('input[name=rule-percent]').fill('50');
    await rule.locator('button[type=submit]').click();
    await incl.locator('li.card [data-testid=rule].fail').waitFor();
    await screenshot(op, 'inclusion-organiser-en');

    for (const language of ['en', 'fa-AF', 'ps-AF'] as const) {
      await reader.goto(`${base}/c/${conventionId}/inclusion`);
      await chooseLanguage(reader, language);
      const d = reader.locator('[data-testid=delegation]');
      await d.waitFor();
      const text = (await d.locator('[data-testid=rule]').textContent())!;
      assert.ok((await d.locator('[data-testid=rule].fail').count()) === 1, `the rule fails: ${text}`);
      assert.ok(text.includes(digits(1, language)) && text.includes(digits(4, language)) && text.includes(digits(25, language)), `1 of 4 (25%) in ${language}: ${text}`);
      await screenshot(reader, `inclusion-rule-fail-${language}`);
    }

    // the delegation now has 2 women: the rule passes
    // (with the rows of selects this time: the second delegate becomes a woman)
    await incl.locator('li.card', { hasText: 'Civil society network' }).locator('button', { hasText: 'Edit' }).click();
    const rows = delegation.locator('[data-testid=delegate-rows] fieldset');
    assert.equal(await rows.count(), 4);
    await rows.nth(1).locator('select').first().selectOption('woman');
    assert.equal((await delegation.locator('textarea[name=delegates]').inputValue()).split('\n')[1], 'woman,pashtun,inside');
    await screenshot(op, 'inclusion-delegate-rows-en');
    await delegation.locator('button[type=submit]').click();
    await incl.locator('li.card [data-testid=rule].pass').waitFor();
    await reader.goto(`${base}/c/${conventionId}/inclusion`);
    await chooseLanguage(reader, 'en');
    const passed = reader.locator('[data-testid=delegation] [data-testid=rule].pass');
    await passed.waitFor();
    assert.match((await passed.textContent())!, /2 of 4 \(50%\)/);

    await reader.close();
    await op.close();
    assert.deepEqual(errors, [], 'no page errors');
    assert.deepEqual(requests.filter((u) => !u.startsWith(base)), [], 'no third-party requests');
  });

  test('Dari on a 360 px phone: the demo composition, too few answers and why, a reference share typed in Persian digits', { timeout: 600_000 }, async () => {
    const base = server.base;
    const org = new Client(base);
    await org.ok('POST', '/api/session', { username: 'organiser', password: ORGANISER_PASSWORD });
    const { id: conventionId } = await org.ok('POST', '/api/organiser/conventions', { title: { en: 'Demo-like convention', 'fa-AF': 'جرگهٔ نمایشی', 'ps-AF': 'نندارتي جرګه' }, description: {} });
    const conversationId = await seedDemoConversation(server.ctx, conventionId);
    const settings = () => org.ok('GET', `/api/conventions/${conventionId}/inclusion`);
    const narrow = async () => {
      const p = await phone();
      await p.setViewportSize({ width: 360, height: 780 });
      return p;
    };
    const noOverflow = async (p: Awaited<ReturnType<typeof phone>>, what: string) => {
      const wide = await p.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= 360, `${what}: the page is ${wide} px wide on a 360 px screen`);
    };

    // --- the demo dashboard: real-looking composition, comparisons shown (34 answers ≥ 30)
    const reader = await narrow();
    await reader.goto(`${base}/c/${conventionId}/inclusion`);
    await chooseLanguage(reader, 'fa-AF');
    const section = reader.locator(`[data-testid=composition-conversation-${conversationId}]`);
    await section.waitFor();
    const count = async (d: string, c: string) => (await section.locator(`[data-dimension=${d}] [data-category=${c}] .count`).textContent())!;
    assert.match(await count('gender', 'woman'), /^۱۶ /);
    assert.match(await count('gender', 'man'), /^۱۸ /);
    assert.match(await count('ethnicity', 'pashtun'), /^۱۲ /);
    assert.match(await count('ethnicity', 'hazara'), /کمتر از ۱۰/, 'the 5 Hazara are a small group: hidden');
    assert.match(await count('residence', 'inside'), /^۲۲ /);
    assert.match(await count('residence', 'abroad'), /^۱۳ /);
    assert.match((await section.locator('[data-dimension=gender]').textContent())!, /شاخص گالاگر/, 'an index from 34 answers');
    assert.equal(await section.locator('[data-testid=too-few-answers]').count(), 0);
    assert.match((await reader.locator('[data-testid=inclusion]').textContent())!, /کمتر از ۳۰ نفر/, 'the rule is said on the page');
    await noOverflow(reader, 'the demo dashboard');
    await screenshot(reader, 'inclusion-demo-fa-AF-360');

    // --- the organiser, in Dari, raises the minimum to 50, typed in Persian digits (a mistyped one first)
    const op = await narrow();
    await op.goto(`${base}/organiser`);
    await op.fill('#username', 'organiser');
    await op.fill('#password', ORGANISER_PASSWORD);
    await op.click('button[type=submit]');
    await chooseLanguage(op, 'fa-AF');
    const mine = op.locator('[data-testid=organiser-inclusion]').filter({ has: op.locator(`#minanswers-${conventionId}`) });
    await mine.waitFor();
    const minAnswers = mine.locator(`#minanswers-${conventionId}`);
    assert.equal(await minAnswers.getAttribute('type'), 'text');
    assert.equal(await minAnswers.getAttribute('inputmode'), 'decimal');
    assert.equal(await minAnswers.inputValue(), '۳۰', 'shown in Persian digits');
    await minAnswers.fill('۵x');
    await minAnswers.blur();
    assert.match((await mine.locator('[data-testid=typed-number-error]').textContent())!, /«۵x» عدد نیست/);
    assert.equal((await settings()).minAnswers, 30, 'nothing saved');
    await minAnswers.fill('۵۰');
    await minAnswers.blur();
    const until = async (f: () => Promise<boolean>, what: string) => {
      for (let i = 0; i < 100 && !(await f()); i++) await new Promise((r) => setTimeout(r, 100));
      assert.ok(await f(), what);
    };
    await until(async () => (await settings()).minAnswers === 50, 'the minimum typed as ۵۰ is saved as 50');
    await noOverflow(op, 'the organiser page');

    // --- now 34 answers are too few: no ratio, index or warning, and the sentence says why
    await reader.reload();
    await section.waitFor();
    for (const d of ['gender', 'ethnicity']) {
      const dim = section.locator(`[data-dimension=${d}]`);
      const why = (await dim.locator('[data-testid=too-few-answers]').textContent())!;
      assert.match(why, /تنها ۳۴ نفر به این پرسش پاسخ داده‌اند، کمتر از ۵۰ نفر/, why);
      const text = (await dim.textContent())!;
      assert.doesNotMatch(text, /گالاگر|نسبت ۰|نسبت ۱/, `${d}: no index, no ratio`);
      assert.equal(await dim.locator('.warning').count(), 0, `${d}: no warning`);
    }
    // counts and shares are facts: still shown
    assert.match(await count('gender', 'woman'), /^۱۶ /);
    // residence has no reference shares: nothing to compare, nothing withheld
    assert.equal(await section.locator('[data-dimension=residence] [data-testid=too-few-answers]').count(), 0);
    await noOverflow(reader, 'the dashboard with too few answers');
    await screenshot(reader, 'inclusion-too-few-fa-AF-360');

    // --- a reference share typed in Persian digits (and a mistyped one refused first)
    await mine.locator('[data-testid=reference-editor] summary').click();
    const editor = mine.locator('[data-testid=reference-editor]');
    const share = (c: string) => editor.locator(`input[name=ref-gender-${c}]`);
    assert.equal(await share('woman').inputValue(), '۴۹٫۵');
    await share('woman').fill('۵o');
    assert.match((await editor.locator('[data-testid=typed-number-error]').textContent())!, /«۵o» عدد نیست/);
    assert.equal(await editor.locator('button.primary').isDisabled(), true, 'nothing can be saved while a share cannot be read');
    await share('woman').fill('۵۰');
    await share('man').fill('۵۰');
    await share('other').fill('۰');
    assert.equal(await editor.locator('[data-testid=typed-number-error]').count(), 0);
    await editor.locator('button.primary').click();
    await until(async () => {
      const shares = (await settings()).reference.gender.shares;
      return shares.woman === 0.5 && shares.man === 0.5;
    }, 'the shares typed as ۵۰ are saved as 0.5');
    assert.equal((await settings()).minAnswers, 50, 'saving the reference keeps the minimum');
    await screenshot(op, 'inclusion-organiser-fa-AF-360');

    await reader.close();
    await op.close();
    assert.deepEqual(errors, [], 'no page errors');
  });
});
