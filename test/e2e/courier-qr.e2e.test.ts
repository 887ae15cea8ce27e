// A sealed ballot as QR codes, in Chromium (issue 17): the voter, in Dari on a 360 px phone,
// cannot reach the ballot box at "Cast" and opens the QR codes; the test photographs each
// code (an element screenshot, saved as a JPEG as a messenger would send it; one photo
// holds two codes; one is tilted and blurred as a camera would see it); a courier in
// another browser, in Pashto on a 360 px phone, chooses the photos on "Submit a ballot
// someone gave you". With one code missing the page names it and sends nothing; with all
// of them (in another order, one twice) the ballot is read whole, submitted, and is on the
// board once with the voter's tracker. Axe on each new screen.
//
// The voter's network goes (the browser context offline) once the service worker has taken
// the page: the QR encoder, loaded only when the voter opens the section, comes from the
// service worker's cache (scripts/build-sw.mjs keeps it from the first visit).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedDemo, type DemoElection } from '../../src/services/elections/demo.ts';
import { tempDir } from '../helpers/tools.ts';
import { chooseLanguage, launchBrowser, recordErrors, screenshot, seriousAxeViolations, WEB_ROOT } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import faVote from '../../web/src/i18n/fa-AF/vote.ts';
import psCourier from '../../web/src/i18n/ps-AF/courier.ts';

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
const persian = (n: number) => String(n).replace(/[0-9]/g, (d) => PERSIAN_DIGITS[Number(d)]!);

describe('a sealed ballot as QR codes: photographed at the booth, read from the photos by someone else', () => {
  let server: TestServer;
  let browser: Browser;
  let open: DemoElection;
  const errors: string[] = [];
  const axe: string[] = [];
  const photos = tempDir('jirga-qr-photos-');

  before(async () => {
    server = await startTestServer('pglite', { webRoot: WEB_ROOT });
    open = (await seedDemo(server.ctx, tempDir('jirga-demo-'))).find((d) => d.state === 'open')!;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    assert.deepEqual(errors, [], 'no page logged an error');
    assert.deepEqual(axe, [], 'axe: no serious or critical violation');
  });

  // a phone 360 px wide, with 2 pixels to the px as nearly every phone has (the screenshots of its codes are 2 × larger)
  async function phone(language: 'fa-AF' | 'ps-AF', path: string): Promise<{ page: Page; context: BrowserContext }> {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, bypassCSP: true });
    const page = await context.newPage();
    const e = recordErrors(page);
    page.on('close', () => errors.push(...e));
    await page.goto(server.base + path);
    await chooseLanguage(page, language);
    return { page, context };
  }
  const ballots = async () => (await server.ctx.db.query<{ tracker: string }>('SELECT tracker FROM ballots WHERE election_uuid = $1', [open.uuid])).map((r) => r.tracker);
  async function checkAxe(page: Page, label: string): Promise<void> {
    axe.push(...(await seriousAxeViolations(page)).map((v) => `${label}: ${v}`));
  }

  test('the codes are photographed one by one; a missing one is named and nothing is sent; all of them cast the ballot once', { timeout: 240_000 }, async () => {
    // --- the voter, in Dari, prepares a ballot; then nothing but the app's own files gets through
    const { page: voter, context: voterContext } = await phone('fa-AF', `/e/${open.uuid}/vote`);
    await voter.fill('#credential', open.credentials[4]!);
    await voter.click('article button[type=submit]');
    const questions = voter.locator('fieldset');
    await questions.first().waitFor();
    for (let i = 0; i < (await questions.count()); i++) await questions.nth(i).locator('input').first().check();
    await voter.click('article button[type=submit]');
    const tracker = (await voter.locator('[data-testid=tracker]').textContent({ timeout: 60_000 }))!.trim();
    await voter.waitForFunction(async () => (await navigator.serviceWorker.ready) && navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    const blocked: string[] = [];
    voter.on('requestfailed', (r) => blocked.push(new URL(r.url()).pathname));
    await voterContext.setOffline(true);
    await voter.click('article button.primary');
    await voter.locator('[data-testid=cast-failed]').waitFor();
    assert.ok(blocked.some((p) => p.endsWith('/ballots')), 'the cast did not get through');
    const carry = voter.locator('[data-testid=carry-ballot]');
    await carry.locator(':scope > summary').click();
    const section = carry.locator('[data-testid=carry-qr]');
    assert.equal(await section.locator('[data-testid=qr-codes]').count(), 0, 'the codes are drawn only when asked for');
    await section.locator('summary').click();
    assert.equal((await section.locator('summary').textContent())!.trim(), faVote['vote.qrTitle']);
    const list = section.locator('[data-testid=qr-codes]');
    await list.waitFor();
    const n = Number(await list.getAttribute('data-count'));
    const codes = section.locator('[data-testid=qr-code]');
    assert.equal(await codes.count(), n);
    assert.ok(n >= 4 && n <= 16, `a short sequence of codes (${n})`);
    console.log(`the demo ballot: ${n} QR codes`);
    assert.equal((await codes.nth(0).locator('figcaption').textContent())!.trim(), faVote['vote.qrPart'].replace('{i}', persian(1)).replace('{n}', persian(n)));
    // each code fits the phone's screen
    for (let i = 0; i < n; i++) {
      const box = (await codes.nth(i).locator('svg').boundingBox())!;
      assert.ok(box.width >= 250 && box.x >= 0 && box.x + box.width <= 360, `code ${i + 1} on the screen: ${JSON.stringify(box)}`);
    }
    await checkAxe(voter, 'qr codes [fa-AF]');
    await screenshot(voter, 'courier-qr-codes-fa');
    const files: string[] = [];
    for (let i = 0; i < n; i++) {
      const file = join(photos, `code-${i + 1}.jpg`);
      writeFileSync(file, await codes.nth(i).screenshot({ type: 'jpeg', quality: 70 }));
      files.push(file);
    }
    // codes 3 and 4 in one photo (a screenshot that shows both)
    await voter.evaluate(() => window.scrollTo(0, 0));
    const [third, fourth] = [(await codes.nth(2).boundingBox())!, (await codes.nth(3).boundingBox())!];
    const both = join(photos, 'codes-3-4.jpg');
    writeFileSync(both, await voter.screenshot({ type: 'jpeg', quality: 70, fullPage: true, clip: { x: 0, y: third.y, width: 360, height: fourth.y + fourth.height - third.y } }));
    // code 2 as a camera sees a screen: larger, tilted, a little blurred
    const camera = await browser.newPage({ viewport: { width: 900, height: 900 } });
    await camera.setContent(
      `<body style="margin:0;background:#777"><div id="photo" style="padding:120px;display:inline-block"><img src="data:image/jpeg;base64,${readFileSync(files[1]!).toString('base64')}" style="display:block;width:520px;transform:perspective(1200px) rotateX(8deg) rotateY(-6deg) rotateZ(3deg);filter:blur(0.5px)"></div></body>`,
    );
    const tilted = join(photos, 'code-2-camera.jpg');
    writeFileSync(tilted, await camera.locator('#photo').screenshot({ type: 'jpeg', quality: 60 }));
    await camera.close();
    assert.deepEqual(await ballots().then((b) => b.includes(tracker)), false, 'nothing reached the board');

    // --- a courier, in Pashto, in another browser: the photos but one
    const { page: courier } = await phone('ps-AF', '/submit');
    await courier.locator('[data-testid=submit-page]').waitFor();
    const posts: string[] = [];
    courier.on('request', (r) => r.method() === 'POST' && posts.push(r.url()));
    const missing = 2;
    await courier.setInputFiles('#sealed-photos', [both, ...files.filter((_, i) => ![missing, 3, 4].includes(i + 1)).reverse()]);
    // the parts are named as each photo is read; all but one are, then the reading ends
    const state = courier.locator(`[data-testid=photos-missing][data-missing="${missing}"]`);
    await state.waitFor({ timeout: 60_000 });
    await courier.locator('[data-testid=photos-state][data-reading=false]').waitFor();
    assert.ok((await state.textContent())!.includes(psCourier['courier.photosMissing'].replace('{missing}', persian(missing))), String(await state.textContent()));
    assert.equal(await courier.locator('[data-testid=sealed-ok]').count(), 0);
    assert.equal(await courier.locator('[data-testid=submit-ballot]').isDisabled(), true, 'nothing to submit yet');
    assert.equal(await courier.locator('[data-testid=photos-no-code]').count(), 0, 'every photo gave its code');
    await checkAxe(courier, 'photos, one missing [ps-AF]');
    await screenshot(courier, 'courier-qr-missing-ps');
    assert.deepEqual(posts, [], 'nothing was sent');

    // --- the missing code, photographed with a camera, and one already read: the ballot is whole, and is cast once
    await courier.setInputFiles('#sealed-photos', [files[0]!, tilted]);
    await courier.locator('[data-testid=photos-complete]').waitFor({ timeout: 60_000 });
    await courier.locator('[data-testid=sealed-ok]').waitFor();
    assert.equal((await courier.locator('[data-testid=sealed-tracker]').textContent())!.trim(), tracker);
    await courier.locator('[data-testid=submit-election] strong').waitFor();
    await checkAxe(courier, 'photos, whole [ps-AF]');
    await courier.click('[data-testid=submit-ballot]');
    const done = courier.locator('[data-testid=submit-done]');
    await done.waitFor({ timeout: 60_000 });
    assert.equal((await done.locator('p.success').textContent())!.trim(), psCourier['courier.done']);
    assert.equal((await ballots()).filter((t) => t === tracker).length, 1, 'on the board, once');
    assert.equal(posts.length, 1);
    await screenshot(courier, 'courier-qr-submitted-ps');
    await voter.close();
    await courier.close();
  });
});
