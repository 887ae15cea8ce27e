// The booth's "Test this ballot instead" (Benaloh challenge) in Debian's Chromium,
// against a page that cheats: an injected script wraps window.Worker so that the
// booth worker encrypts another choice than the voter picked. The test shows the
// failure and reads back the choices the ballot really holds; on an honest page it
// passes. The audit file each page saves is then checked by `jirga audit-ballot`.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Client, openElectionOverHttp, SAMPLE_DRAFT, type OpenElection } from '../helpers/api-flow.ts';
import { chooseLanguage, launchBrowser, recordErrors, WEB_ROOT } from '../helpers/browser.ts';
import { ORGANISER_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';
import { jirga, lastLine, tempDir } from '../helpers/tools.ts';

// SAMPLE_DRAFT: "Form of government?" Federal / Unitary / Presidential (one);
// "Rights first?" Education / Work / Press (one or two, or blank).
const PICK = { q1: 1, q2: [0] }; // Unitary; Education
const CHOSEN = [[0, 1, 0], [0, 1, 0, 0]];
const CHEATED = [[0, 0, 1], [0, 1, 0, 0]]; // Presidential instead

/** Installed before the page's own scripts: the booth worker receives the next answer
 * of the first question instead of the voter's choice. The page itself still believes
 * (and records in the audit) what the voter picked. */
function cheatingWorker(): void {
  const RealWorker = window.Worker;
  window.Worker = class extends RealWorker {
    override postMessage(message: unknown, options?: StructuredSerializeOptions | Transferable[]): void {
      const m = message as { plaintext?: number[][] };
      if (m && Array.isArray(m.plaintext)) {
        const plaintext = m.plaintext.map((q) => [...q]);
        const q0 = plaintext[0]!;
        const i = q0.indexOf(1);
        q0[i] = 0;
        q0[(i + 1) % q0.length] = 1;
        message = { ...m, plaintext };
      }
      super.postMessage(message, options as StructuredSerializeOptions);
    }
  };
}

describe('testing a ballot in the booth', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let election: OpenElection;
  const dir = tempDir('jirga-audit-e2e-');

  before(async () => {
    server = await startTestServer('pglite', { webRoot: WEB_ROOT });
    election = await openElectionOverHttp(new Client(server.base), { voters: 2, password: ORGANISER_PASSWORD, draft: { ...SAMPLE_DRAFT, trustees: { count: 1, threshold: null } } });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 412, height: 915 }, acceptDownloads: true });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Vote up to the tracker, test the ballot; what the page shows and the file it saves. */
  async function auditInBooth(page: Page, voter: number): Promise<{ verdict: string; choices: string[]; file: string }> {
    await page.goto(`${server.base}/e/${election.uuid}/vote`);
    await chooseLanguage(page, 'en');
    await page.fill('#credential', election.credentials[voter]!);
    await page.click('button[type=submit]');
    await page.locator('fieldset').nth(0).locator('input').nth(PICK.q1).check();
    for (const j of PICK.q2) await page.locator('fieldset').nth(1).locator('input').nth(j).check();
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=tracker]', { timeout: 60_000 });
    await page.getByRole('button', { name: 'Test this ballot instead' }).click();
    const verdict = page.locator('p.success, p.failure');
    await verdict.waitFor();
    const choices = (await page.locator('section ul li').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save the test for an independent check' }).click()]);
    return { verdict: `${await verdict.getAttribute('class')}: ${(await verdict.textContent())!.trim()}`, choices, file: readFileSync((await download.path())!, 'utf8') };
  }

  function auditWithCli(file: string, name: string) {
    const path = join(dir, name);
    writeFileSync(path, file);
    return jirga(['audit-ballot', path]);
  }

  test('an honest page: the test passes and shows the choices made; the saved file passes jirga audit-ballot', { timeout: 180_000 }, async () => {
    const page = await context.newPage();
    const errors = recordErrors(page);
    const seen = await auditInBooth(page, 0);
    assert.equal(seen.verdict, 'success: The test passed: this ballot contained exactly these choices.');
    assert.deepEqual(seen.choices, ['Form of government?: Unitary', 'Rights first?: Education']);
    const audit = JSON.parse(seen.file);
    assert.deepEqual(audit.choices, CHOSEN);
    const r = auditWithCli(seen.file, 'honest.json');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^question 1: \[0,1,0\]$/m);
    assert.equal(lastLine(r.stdout), 'audit passed: the ballot encrypts exactly the choices made (this ballot must not be cast now)');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a page that encrypts another choice: the test fails and reads back what the ballot holds; so does jirga audit-ballot', { timeout: 180_000 }, async () => {
    const page = await context.newPage();
    const errors = recordErrors(page);
    await page.addInitScript(cheatingWorker);
    const seen = await auditInBooth(page, 1);
    assert.equal(seen.verdict, 'failure: The test FAILED: this device did not encrypt your choices correctly. Do not vote on this device; tell the observers.');
    assert.deepEqual(seen.choices, ['Form of government?: Presidential', 'Rights first?: Education'], 'the choices the ballot really holds, not the ones chosen');
    const audit = JSON.parse(seen.file);
    assert.deepEqual(audit.choices, CHOSEN, 'the page records what the voter chose');
    const r = auditWithCli(seen.file, 'cheated.json');
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.equal(lastLine(r.stdout), `audit failed: the ballot encrypts ${JSON.stringify(CHEATED)}, but the voter chose ${JSON.stringify(CHOSEN)}`);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
