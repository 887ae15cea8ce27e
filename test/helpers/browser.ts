// Debian's Chromium driven by playwright-core (no browser download).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createRequire } from 'node:module';
import { ROOT } from './tools.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Every axe-core violation on the page as it is, of any impact ("rule (impact) at selectors").
 * axe is injected as a script, which the strict CSP refuses: use a context with bypassCSP. */
export async function axeViolations(page: Page, impacts?: readonly string[]): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ impact: v.impact, line: `${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}` }));
  });
  return found.filter((v) => !impacts || impacts.includes(v.impact)).map((v) => v.line);
}

/** axe-core's serious and critical violations on the page as it is. */
export const seriousAxeViolations = (page: Page): Promise<string[]> => axeViolations(page, ['serious', 'critical']);

/** axe on each screen (its path, and what shows once it has loaded), in each language: "path [language]: violation" lines. */
export async function axeScreens(page: Page, base: string, screens: readonly (readonly [path: string, ready: string])[], languages: readonly ('en' | 'fa-AF' | 'ps-AF')[] = ['en', 'fa-AF']): Promise<string[]> {
  const violations: string[] = [];
  for (const [path, ready] of screens) {
    await page.goto(base + path);
    for (const language of languages) {
      await chooseLanguage(page, language);
      await page.locator(ready).first().waitFor();
      violations.push(...(await seriousAxeViolations(page)).map((v) => `${path} [${language}]: ${v}`));
    }
  }
  return violations;
}

export const CHROMIUM = process.env.JIRGA_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');
export const WEB_ROOT = join(ROOT, 'web', 'dist');

/** Chromium, headless; `extraArgs` after ours (e.g. '--js-flags=--jitless'). */
export async function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Everything a page requested, to check that nothing left for a third party. */
export function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  return urls;
}

/** Sign in on the organiser's page with the login form, and wait until the form is gone (signed in). */
export async function signIn(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/organiser`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
  await page.locator('#password').waitFor({ state: 'detached' });
}

/** Errors the page logged or threw: a test fails on any. */
export function recordErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    // Chromium logs every 4xx answer; the pages handle those (login needed, not found)
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  return errors;
}

export async function chooseLanguage(page: Page, language: 'en' | 'fa-AF' | 'ps-AF'): Promise<void> {
  const label = { en: 'English', 'fa-AF': 'دری', 'ps-AF': 'پښتو' }[language];
  await page.locator('nav.languages button', { hasText: label }).click();
  await page.waitForFunction((l) => document.documentElement.lang === l, language);
}

/** What the pages of a test did: requests made, errors logged, alerts raised (closed pages added). */
export interface PageLog {
  requests: string[];
  errors: string[];
  alerts: string[];
  contexts: BrowserContext[];
}

export function pageLog(): PageLog {
  return { requests: [], errors: [], alerts: [], contexts: [] };
}

/**
 * A phone-sized page in a context of its own (its own cookies: one participant
 * each). Its requests and errors go to `log` when it closes; our own confirmation
 * dialogs are accepted, and an alert is recorded (it would be injected markup running).
 */
export async function phonePage(browser: Browser, log: PageLog): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, acceptDownloads: true });
  log.contexts.push(context);
  const page = await context.newPage();
  const r = recordRequests(page);
  const e = recordErrors(page);
  page.on('close', () => {
    log.requests.push(...r);
    log.errors.push(...e);
  });
  page.on('dialog', (d) => {
    if (d.type() === 'alert') log.alerts.push(d.message());
    void d.accept();
  });
  return page;
}

export interface EnglishTextOptions {
  /** where to look (a CSS selector; the whole body by default) */
  root?: string;
  /** also read what assistive technology reads out: aria-label, title, alt, placeholder (as "@attribute: text") */
  attributes?: boolean;
  /** leave identifiers aside: text in code, kbd or .mono (hashes, trackers, fingerprints, file names) */
  identifiers?: boolean;
}

/**
 * What is written in Latin letters on the page, outside text marked as the lists' or a
 * source's own ([data-list-text], or an element whose nearest lang is English): on a Dari
 * or Pashto page, each is English left untranslated. Text nodes (shown or not: a closed
 * <details> counts, scripts and styles do not), trimmed, in document order.
 */
export async function englishTextNodes(page: Page, options: EnglishTextOptions = {}): Promise<string[]> {
  return page
    .locator(options.root ?? 'body')
    .first()
    .evaluate((root, [withAttributes, withoutIdentifiers]) => {
      // (no named functions in here: the test runner's transform would wrap them in a helper the page does not have)
      const latin = /[A-Za-z]/;
      const candidates: Array<[Element | null, string]> = [];
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.textContent ?? '';
        if (latin.test(text)) candidates.push([n.parentElement, text.trim()]);
      }
      if (withAttributes) {
        for (const el of [root, ...root.querySelectorAll('*')]) {
          for (const name of ['aria-label', 'title', 'alt', 'placeholder']) {
            const value = el.getAttribute(name);
            if (value && latin.test(value)) candidates.push([el, `@${name}: ${value}`]);
          }
        }
      }
      const found: string[] = [];
      for (const [el, text] of candidates) {
        if (!el || el.closest('[data-list-text], script, style, noscript, template')) continue;
        if (withoutIdentifiers && el.closest('code, kbd, .mono')) continue;
        const lang = el.closest('[lang]')?.getAttribute('lang') ?? '';
        if (lang === 'en' || lang.startsWith('en-')) continue;
        found.push(text);
      }
      return found;
    }, [options.attributes ?? false, options.identifiers ?? false] as const);
}

/**
 * Whether the page is wider than the screen: the document's scroll width against the
 * viewport's, and the innermost elements that reach past either edge (a right-to-left
 * page overflows to the left). Returns "" when nothing overflows.
 */
export async function horizontalOverflow(page: Page): Promise<string> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const scroll = document.scrollingElement!.scrollWidth;
    if (scroll <= width) return '';
    // a page scrolls past its end edge only: the right in English, the left in Dari and Pashto
    // (what lies past the start edge, such as a skip link kept off screen, cannot be scrolled to)
    const rtl = getComputedStyle(document.documentElement).direction === 'rtl';
    const outside = [...document.body.querySelectorAll<HTMLElement>('*')].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && (rtl ? r.left < -0.5 : r.right > width + 0.5);
    });
    // the innermost: an element none of whose descendants also reaches out
    const innermost = outside.filter((el) => !outside.some((o) => o !== el && el.contains(o)));
    // (no named functions in here: the test runner's compiler would wrap them in a helper the page lacks)
    const names = innermost.slice(0, 4).map((el) => {
      const r = el.getBoundingClientRect();
      const id = el.id ? `#${el.id}` : '';
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const testid = el.dataset['testid'] ? `[data-testid=${el.dataset['testid']}]` : '';
      return `<${el.tagName.toLowerCase()}${id}${cls}${testid}> from ${Math.round(r.left)} to ${Math.round(r.right)} px: "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    });
    return `${scroll} px wide on a ${width} px screen; ${names.join('; ') || 'no element found'}`;
  });
}

/**
 * Text nodes with Latin digits (0-9) on a Dari or Pashto page, which counts in Persian
 * digits: visible text outside the lists' own, text marked English and identifiers (code,
 * kbd, .mono). Returns "text (in <tag.class>)" lines.
 */
export async function latinDigitNodes(page: Page, root = 'body'): Promise<string[]> {
  return page.evaluate((selector) => {
    const out: string[] = [];
    const start = document.querySelector(selector);
    if (!start) return out;
    const walker = document.createTreeWalker(start, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent ?? '';
      if (!/[0-9]/.test(text)) continue;
      const el = n.parentElement;
      if (!el || el.closest('script, style, noscript, template')) continue;
      if (el.closest('[data-list-text], [lang="en"], [lang^="en-"], code, kbd, .mono')) continue;
      if (el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      out.push(`${text.trim().slice(0, 80)} (in <${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''}>)`);
    }
    return out;
  }, root);
}

/** Everything this origin keeps in the browser, as text: web storage, every IndexedDB record, every cached answer. */
export async function storedEverywhere(page: Page): Promise<{ local: number; text: string; databases: string[]; caches: string[]; waiting: { state: string; tracker: string }[] }> {
  return page.evaluate(async () => {
    const parts: string[] = [JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
    const databases = (await indexedDB.databases()).map((d) => d.name!).filter(Boolean);
    const waiting: { state: string; tracker: string }[] = [];
    for (const name of databases) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      for (const store of [...db.objectStoreNames]) {
        const values = await new Promise<unknown[]>((resolve, reject) => {
          const r = db.transaction(store).objectStore(store).getAll();
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        parts.push(JSON.stringify(values));
        if (name === 'jirga-outbox') waiting.push(...(values as { state: string; tracker: string }[]).map((v) => ({ state: v.state, tracker: v.tracker })));
      }
      db.close();
    }
    const cacheNames = await caches.keys();
    for (const name of cacheNames) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) parts.push(request.url, await (await cache.match(request))!.text());
    }
    return { local: localStorage.length, text: parts.join('\n'), databases, caches: cacheNames, waiting };
  });
}
