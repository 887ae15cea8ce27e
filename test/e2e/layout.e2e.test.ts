// Every page of the app on a 360 × 740 phone, in English, Dari and Pashto: nothing is
// wider than the screen (the document's scroll width is the viewport's; the elements
// that reach past an edge are named), and the pages a voter or an observer reads — the
// election's page with its result, ballot box and the verifier's report, the booth —
// show no English text in Dari or Pashto beyond the lists' own text, text marked as
// English (a name written only in English) and identifiers (trackers, hashes).
// One server with the demo's data, one browser, one page visited in every language.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createElection, startSetup } from '../../src/services/elections/elections.ts';
import { seedDemo, type DemoElection } from '../../src/services/elections/demo.ts';
import { seedDemoConversation } from '../../src/services/conversations/demo.ts';
import { seedDemoMonitor } from '../../src/services/monitor/demo.ts';
import { tempDir } from '../helpers/tools.ts';
import { chooseLanguage, englishTextNodes, horizontalOverflow, latinDigitNodes, launchBrowser, recordErrors, screenshot, WEB_ROOT } from '../helpers/browser.ts';
import { SAMPLE_DRAFT } from '../helpers/api-flow.ts';
import { ORGANISER_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';
import type { Route } from '../../web/src/router.ts';
import { PAGES } from '../../web/src/pages.ts';
import { frozenElection } from '../../src/services/elections/elections.ts';
import { createBallot } from '../../src/protocol/ballot.ts';
import { isHomomorphic } from '../../src/protocol/codec.ts';
import { randomPlaintext } from '../../src/protocol/simulate.ts';
import { sealBallot } from '../../src/courier/sealed-ballot.ts';

const LANGUAGES = ['en', 'fa-AF', 'ps-AF'] as const;
type Language = (typeof LANGUAGES)[number];

interface Screen {
  /** The route's page (web/src/router.ts), so that every page is visited. */
  page: Route['page'];
  name: string;
  path: string;
  /** What shows once the screen has loaded. */
  ready: string;
  organiser?: boolean;
  /** A voter's or observer's screen: no English in Dari or Pashto. */
  public?: boolean;
  /** Steps after loading (the booth's questions, the verifier's report), each measured too. */
  then?: { name: string; act: (page: Page) => Promise<void> }[];
}

describe('every page fits a phone, and the voter’s pages speak the reader’s language', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const overflow: string[] = [];
  const english: string[] = [];
  const digits: string[] = [];
  const zoneless: string[] = [];
  const timesSeen: string[] = [];
  const visited = new Set<string>();
  let screens: Screen[] = [];

  before(async () => {
    server = await startTestServer('pglite', { webRoot: WEB_ROOT });
    const demo: DemoElection[] = await seedDemo(server.ctx, tempDir('jirga-layout-'));
    const [{ id: convention }] = (await server.ctx.db.query<{ id: string }>('SELECT id FROM conventions LIMIT 1')) as [{ id: string }];
    const conversation = await seedDemoConversation(server.ctx, convention, 8);
    await seedDemoMonitor(server.ctx);
    const draft = await createElection(server.ctx, convention, SAMPLE_DRAFT);
    const links = await startSetup(server.ctx, draft, { allowMissingTranslations: true });
    const claims = (await (await fetch(`${server.base}/api/monitor/claims`)).json()) as { claims: { id: string }[] };
    const published = demo.find((d) => d.state === 'published')!;
    const open = demo.find((d) => d.state === 'open')!;
    const main = 'main h1, main .failure';
    // a sealed ballot of the open election, as a courier would paste it (never cast here)
    const openCtx = await frozenElection(server.ctx.db, open.uuid);
    const sealed = sealBallot(createBallot(openCtx, open.credentials[1]!, openCtx.election.questions.filter(isHomomorphic).map((q) => randomPlaintext(q))).text);
    screens = [
      { page: 'home', name: 'home', path: '/', ready: main },
      { page: 'convention', name: 'convention', path: `/c/${convention}`, ready: main },
      { page: 'inclusion', name: 'inclusion', path: `/c/${convention}/inclusion`, ready: main },
      {
        page: 'election',
        name: 'election (result, ballot box, verifier)',
        path: `/e/${published.uuid}`,
        ready: main,
        public: true,
        then: [
          {
            name: 'after verifying',
            act: async (p) => {
              await p.click('[data-testid=verify-run]');
              await p.waitForSelector('[data-testid=verify-done]', { timeout: 120_000 });
            },
          },
        ],
      },
      { page: 'election', name: 'election (open)', path: `/e/${open.uuid}`, ready: main, public: true },
      { page: 'election', name: 'election (no such election)', path: '/e/NoSuchElection123456', ready: 'main .failure', public: true },
      {
        page: 'vote',
        name: 'booth',
        path: `/e/${open.uuid}/vote`,
        ready: '#credential',
        public: true,
        then: [
          {
            name: 'questions',
            act: async (p) => {
              await p.fill('#credential', open.credentials[0]!);
              await p.click('button[type=submit]');
              await p.waitForSelector('fieldset');
            },
          },
        ],
      },
      { page: 'organiser', name: 'organiser', path: '/organiser', ready: '[data-testid=organiser-inclusion]', organiser: true },
      { page: 'organiser-election', name: 'organiser election', path: `/organiser/e/${draft}`, ready: main, organiser: true },
      { page: 'deliberation', name: 'conversation', path: `/d/${conversation}`, ready: main },
      { page: 'deliberation-report', name: 'conversation report', path: `/d/${conversation}/report`, ready: main },
      { page: 'organiser-deliberation', name: 'organiser conversation', path: `/organiser/d/${conversation}`, ready: main, organiser: true },
      { page: 'trustee', name: 'trustee', path: `/trustee#${links.trustees[0]}`, ready: main },
      { page: 'credential-authority', name: 'credential authority', path: `/credential-authority#${links.credentialAuthority}`, ready: main },
      { page: 'monitor', name: 'monitor', path: '/monitor', ready: main },
      { page: 'monitor-benchmark', name: 'monitor benchmark', path: '/monitor/b/women-and-girls', ready: main },
      { page: 'monitor-state', name: 'monitor state', path: '/monitor/s/QA', ready: main },
      { page: 'monitor-claim', name: 'monitor claim', path: `/monitor/claims/${claims.claims[0]!.id}`, ready: main },
      { page: 'organiser-monitor', name: 'monitor workspace', path: '/organiser/monitor', ready: '[data-testid=organiser-monitor]', organiser: true },
      { page: 'sanctions', name: 'sanctions search', path: '/sanctions', ready: main },
      { page: 'sanctions-entity', name: 'sanctions entity', path: '/sanctions/e/TAi.144', ready: '[data-relation-type]' },
      { page: 'sanctions-network', name: 'sanctions network', path: '/sanctions/network/TAi.144', ready: main },
      { page: 'sanctions-coverage', name: 'sanctions coverage', path: '/sanctions/coverage', ready: main },
      {
        page: 'submit',
        name: 'submit a sealed ballot',
        path: '/submit',
        ready: main,
        public: true,
        then: [
          {
            name: 'not a ballot',
            act: async (p) => {
              await p.fill('#sealed-text', 'my vote: the federal republic');
              await p.waitForSelector('[data-testid=sealed-problem]');
            },
          },
          {
            name: 'a sealed ballot, read',
            act: async (p) => {
              await p.fill('#sealed-text', sealed);
              await p.waitForSelector('[data-testid=submit-election] strong');
            },
          },
        ],
      },
      { page: 'help', name: 'help', path: '/help', ready: main },
      { page: 'help', name: 'voter guide', path: '/help/voter', ready: main },
      { page: 'help', name: 'observer guide', path: '/help/observer', ready: main },
      { page: 'not-found', name: 'not found', path: '/no/such/page/here', ready: main },
    ];

    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1 });
    page = await context.newPage();
    errors = recordErrors(page);

    // sign the organiser in once (the session cookie serves every organiser page)
    await page.goto(`${server.base}/organiser`);
    await page.fill('#username', 'organiser');
    await page.fill('#password', ORGANISER_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=organiser-inclusion]');

    const settled = async (ready: string) => {
      await page.locator(ready).first().waitFor({ timeout: 30_000 });
      await page.waitForFunction(() => !document.querySelector('main .loading'), undefined, { timeout: 30_000 });
      await page.evaluate(() => document.fonts.ready);
    };
    const measure = async (label: string, language: Language, isPublic: boolean) => {
      const wide = await horizontalOverflow(page);
      if (wide) {
        overflow.push(`${label} [${language}]: ${wide}`);
        await screenshot(page, `layout-${label.replace(/\W+/g, '-')}-${language}`);
      }
      if (isPublic && language !== 'en') {
        for (const t of await englishTextNodes(page, { identifiers: true })) english.push(`${label} [${language}]: ${t}`);
        for (const t of await latinDigitNodes(page)) digits.push(`${label} [${language}]: ${t}`);
        // numbered lists (the questions, the ballot box) count in the page's digits
        const latinLists = await page.$$eval('main ol', (ols) => ols.filter((ol) => ol.getClientRects().length > 0 && !['none', 'persian'].includes(getComputedStyle(ol).listStyleType)).length);
        if (latinLists) digits.push(`${label} [${language}]: ${latinLists} numbered list(s) counting in Latin digits`);
      }
      // a time of day is never shown without its zone
      const times = await page.evaluate((rtl) => {
        const text = document.body.innerText;
        const time = rtl ? /[۰-۹]{1,2}:[۰-۹]{2}/g : /\b\d{1,2}:\d{2}\b/g;
        return [...text.matchAll(time)].map((m) => text.slice(m.index, m.index + 40));
      }, language !== 'en');
      timesSeen.push(...times.map((t) => `${label} [${language}]: "${t}"`));
      for (const t of times.filter((after) => !(language === 'en' ? /UTC|GMT|\b[A-Z]{3,5}\b/ : /به وقت|په وخت|نړیوال وخت/).test(after))) zoneless.push(`${label} [${language}]: "${t}"`);
    };

    for (const s of screens) {
      const started = Date.now();
      await page.goto(server.base + s.path);
      await settled(s.ready);
      visited.add(s.page);
      for (const language of LANGUAGES) {
        await chooseLanguage(page, language);
        await settled(s.ready);
        await measure(s.name, language, s.public ?? false);
      }
      for (const step of s.then ?? []) {
        await step.act(page);
        for (const language of LANGUAGES) {
          await chooseLanguage(page, language);
          await settled(s.ready === '#credential' ? 'fieldset' : s.ready);
          await measure(`${s.name}, ${step.name}`, language, s.public ?? false);
        }
      }
      if (process.env.JIRGA_LAYOUT_TIMES) console.log(`${s.name}: ${Date.now() - started} ms`);
    }
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('every page of the app is visited', () => {
    assert.deepEqual(Object.keys(PAGES).filter((p) => !visited.has(p)), []);
  });

  test('no page is wider than a 360 px screen, in English, Dari or Pashto', () => {
    assert.deepEqual(overflow, []);
  });

  test('the voter’s and observer’s pages hold no English in Dari and Pashto (lists’ text, marked English and identifiers aside)', () => {
    assert.deepEqual(english, []);
  });

  test('the voter’s and observer’s pages count in Persian digits in Dari and Pashto (identifiers aside)', () => {
    assert.deepEqual(digits, []);
  });

  test('every time of day shown names its zone', () => {
    if (process.env.JIRGA_LAYOUT_TIMES) console.log(timesSeen.join('\n'));
    assert.ok(timesSeen.length > 0, 'no page showed a time: the check would prove nothing');
    assert.deepEqual(zoneless, []);
  });

  test('no page logged an error', () => {
    assert.deepEqual(errors, []);
  });
});
