// What the voting page downloads, measured in a real browser: every script and
// stylesheet it loads up to a prepared ballot (in Pashto, the largest language
// file), gzipped at level 9 as a server would send them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { chooseLanguage, WEB_ROOT } from './browser.ts';

export interface BundleFigures {
  files: { path: string; raw: number; gzip: number; brotli: number }[];
  raw: number;
  gzip: number;
  brotli: number;
}

export async function measureVotingPage(browser: Browser, base: string, uuid: string, credential: string): Promise<BundleFigures> {
  const page = await browser.newPage();
  const paths = new Set<string>();
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.origin === new URL(base).origin && /\.(js|css)$/.test(url.pathname)) paths.add(url.pathname);
  });
  await page.goto(`${base}/e/${uuid}/vote`);
  await chooseLanguage(page, 'ps-AF');
  await page.fill('#credential', credential);
  await page.click('button[type=submit]');
  await page.locator('fieldset').nth(0).locator('input').first().check();
  await page.locator('fieldset').nth(1).locator('input').first().check();
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=tracker]', { timeout: 60_000 });
  await page.close();
  const files = [...paths].sort().map((path) => {
    const data = readFileSync(join(WEB_ROOT, path));
    return { path, raw: data.length, gzip: gzipSync(data, { level: 9 }).length, brotli: brotliCompressSync(data).length };
  });
  return {
    files,
    raw: files.reduce((a, f) => a + f.raw, 0),
    gzip: files.reduce((a, f) => a + f.gzip, 0),
    brotli: files.reduce((a, f) => a + f.brotli, 0),
  };
}
