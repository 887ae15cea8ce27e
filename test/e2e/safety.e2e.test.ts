// Safety and access, in Chromium: accessibility (axe-core) on the main screens in
// English and Dari, strict CSP, no third-party requests, no secrets in storage, the
// quick exit, fonts that cover Pashto, and voting over a throttled "slow 3G" link.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createElection, startSetup } from '../../src/services/elections/elections.ts';
import { seedDemo, type DemoElection } from '../../src/services/elections/demo.ts';
import { tempDir } from '../helpers/tools.ts';
import { chooseLanguage, launchBrowser, recordRequests, screenshot, seriousAxeViolations, WEB_ROOT } from '../helpers/browser.ts';
import { Client, SAMPLE_DRAFT } from '../helpers/api-flow.ts';
import { ORGANISER_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';

describe('safety and access in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let demo: DemoElection[];
  let setupLinks: { credentialAuthority: string; trustees: string[] };
  let conversation: string;
  let conventionId: string;

  before(async () => {
    server = await startTestServer('pglite', { webRoot: WEB_ROOT });
    demo = await seedDemo(server.ctx, tempDir('jirga-demo-'));
    const [{ id }] = (await server.ctx.db.query<{ id: string }>('SELECT id FROM conventions LIMIT 1')) as [{ id: string }];
    conventionId = id;
    const uuid = await createElection(server.ctx, id, SAMPLE_DRAFT);
    setupLinks = await startSetup(server.ctx, uuid, { allowMissingTranslations: true });
    // a deliberation conversation with starting statements and one awaiting moderation
    const org = new Client(server.base);
    await org.ok('POST', '/api/session', { username: 'organiser', password: ORGANISER_PASSWORD });
    ({ id: conversation } = await org.ok('POST', `/api/organiser/conventions/${id}/conversations`, {
      topic: { en: 'Schools', 'fa-AF': 'مکتب‌ها', 'ps-AF': 'ښوونځي' },
      access: 'open',
      moderation: 'strict',
      seeds: [
        { text: 'Girls must be able to study at every level.', lang: 'en' },
        { text: 'مکتب‌ها باید در هر ولسوالی باز باشند.', lang: 'fa-AF' },
      ],
    }));
    const participant = new Client(server.base);
    await participant.ok('POST', `/api/conversations/${conversation}/participants`, {});
    await participant.ok('POST', `/api/conversations/${conversation}/statements`, { text: 'Teachers should be paid on time.', lang: 'en' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const screens = () => {
    const counted = demo.find((d) => d.state === 'published')!;
    const open = demo.find((d) => d.state === 'open')!;
    return [
      { name: 'home', path: '/' },
      { name: 'election-result', path: `/e/${counted.uuid}` },
      { name: 'vote', path: `/e/${open.uuid}/vote`, credential: open.credentials[0] },
      { name: 'organiser-login', path: '/organiser' },
      { name: 'trustee', path: `/trustee#${setupLinks.trustees[0]}` },
      { name: 'credential-authority', path: `/credential-authority#${setupLinks.credentialAuthority}` },
      { name: 'conversation', path: `/d/${conversation}`, join: true },
      { name: 'conversation-report', path: `/d/${conversation}/report` },
      { name: 'organiser-conversation', path: `/organiser/d/${conversation}`, login: true },
      { name: 'inclusion-dashboard', path: `/c/${conventionId}/inclusion` },
      { name: 'organiser-inclusion', path: '/organiser', login: true },
      { name: 'monitor', path: '/monitor' },
      { name: 'sanctions-search', path: '/sanctions' },
      { name: 'sanctions-entity', path: '/sanctions/e/TAi.144' },
    ];
  };

  test('axe-core finds no serious or critical violation on the main screens, in English and Dari', { timeout: 300_000 }, async () => {
    // axe is injected as a script, which the strict CSP would refuse: this context bypasses it
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 412, height: 915 } });
    const failures: string[] = [];
    for (const language of ['en', 'fa-AF'] as const) {
      for (const screen of screens()) {
        const page = await context.newPage();
        await page.goto(server.base + screen.path);
        await page.waitForSelector('main h1, main .failure');
        await chooseLanguage(page, language);
        const states: Page[] = [page];
        void states;
        const check = async (label: string) => {
          const result = await seriousAxeViolations(page);
          for (const v of result) failures.push(`${label} [${language}]: ${v}`);
        };
        if (screen.login && (await page.locator('#username').count()) > 0) {
          await page.fill('#username', 'organiser');
          await page.fill('#password', ORGANISER_PASSWORD);
          await page.click('button[type=submit]');
        }
        if (screen.login) await page.waitForSelector(screen.name === 'organiser-inclusion' ? '[data-testid=organiser-inclusion]' : '[data-testid=queue] [data-testid=managed-statement]');
        if (screen.name === 'inclusion-dashboard') await page.waitForSelector('[data-testid=inclusion] .composition');
        if (screen.name === 'sanctions-entity') await page.waitForSelector('[data-relation-type=family]');
        if (screen.join) await page.waitForSelector('[data-testid=join], [data-testid=vote-card]');
        await check(screen.name);
        if (screen.join && (await page.locator('[data-testid=join]').count()) > 0) {
          // the conversation's second screen: one statement at a time
          await page.click('[data-testid=join] button[type=submit]');
          await page.waitForSelector('[data-testid=vote-card]');
          await check(`${screen.name}-card`);
        }
        if (screen.credential) {
          // the booth's second screen: the questions
          await page.fill('#credential', screen.credential);
          await page.click('button[type=submit]');
          await page.waitForSelector('fieldset');
          await check(`${screen.name}-questions`);
        }
        await page.close();
      }
    }
    await context.close();
    assert.deepEqual(failures, []);
  });

  test('a strict Content-Security-Policy is sent and enforced', async () => {
    const page = await browser.newPage();
    const response = await page.goto(server.base + '/');
    const csp = response!.headers()['content-security-policy'] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
    assert.equal(response!.headers()['referrer-policy'], 'no-referrer');
    // an injected inline script does not run
    await page.addScriptTag({ content: 'window.__injected = true' }).catch(() => undefined);
    assert.equal(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected), undefined);
    await page.close();
  });

  test('no request leaves for a third party, and nothing is stored on the device', async () => {
    const page = await browser.newPage();
    const urls = recordRequests(page);
    for (const screen of screens()) {
      await page.goto(server.base + screen.path);
      await page.waitForSelector('main h1, main .failure');
      for (const language of ['fa-AF', 'ps-AF', 'en'] as const) await chooseLanguage(page, language);
    }
    const origin = new URL(server.base).origin;
    assert.deepEqual(urls.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')), []);
    assert.equal(await page.evaluate(() => localStorage.length), 0);
    assert.equal(await page.evaluate(() => document.cookie), '');
    await page.close();
  });

  test('the quick exit clears the page and this tab’s memory', async () => {
    const page = await browser.newPage();
    const open = demo.find((d) => d.state === 'open')!;
    await page.goto(`${server.base}/e/${open.uuid}/vote`);
    await chooseLanguage(page, 'ps-AF');
    await page.fill('#credential', open.credentials[1]!);
    await page.locator('button.quick-exit').click();
    await page.waitForURL(/\/exit$/);
    // the address changes first; the exit page itself loads once the browser has forgotten
    // the app's storage (web/src/app.tsx: up to 1.5 s on the blanked page)
    await page.locator('body h1').waitFor();
    // a neutral page: nothing of the app, nothing that names it
    assert.equal(await page.locator('#app, #credential').count(), 0);
    assert.doesNotMatch(await page.evaluate(() => `${document.title} ${document.body.innerText}`), /jirga|جرگه|جرګه|رایه|رأی/i);
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    assert.equal(await page.evaluate(() => localStorage.length), 0);
    await page.close();
  });

  test('Pashto and Dari are drawn with the self-hosted font, with no fallback', async () => {
    const page = await browser.newPage();
    await page.goto(server.base + '/');
    await chooseLanguage(page, 'ps-AF');
    await page.evaluate(async () => {
      const p = document.createElement('p');
      p.id = 'letters';
      p.textContent = 'ټ ځ څ ډ ړ ږ ښ ګ ڼ ۍ ې ئ — پ چ ژ ګ — ۰۱۲۳۴۵۶۷۸۹';
      document.querySelector('main')!.append(p);
      await document.fonts.ready;
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument');
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '#letters' });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    const families = fonts.filter((f) => f.glyphCount > 0).map((f) => f.familyName);
    assert.ok(families.length > 0);
    for (const f of families) assert.match(f, /Vazirmatn/, `every glyph drawn with Vazirmatn, not ${families.join(', ')}`);
    await page.close();
  });

  test('a voter casts a ballot over a throttled slow 3G connection', { timeout: 300_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    // Chromium DevTools' "Slow 3G": 2 s latency, about 50 kB/s each way
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 2000, downloadThroughput: 50_000, uploadThroughput: 50_000 });
    const open = demo.find((d) => d.state === 'open')!;
    const started = Date.now();
    await page.goto(`${server.base}/e/${open.uuid}/vote`, { timeout: 120_000 });
    await page.waitForSelector('#credential', { timeout: 120_000 });
    const loaded = Date.now() - started;
    await page.fill('#credential', open.credentials[2]!);
    await page.click('button[type=submit]');
    await page.locator('fieldset').nth(0).locator('input').first().check();
    await page.locator('fieldset').nth(1).locator('input').first().check();
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=tracker]', { timeout: 120_000 });
    await page.locator('.actions button.primary').first().click();
    await page.waitForSelector('[data-testid=cast-tracker]', { timeout: 120_000 });
    console.log(`slow 3G: voting page ready in ${(loaded / 1000).toFixed(1)} s, ballot cast after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await screenshot(page, 'vote-slow-3g-en');
    await context.close();
  });
});
