// End to end, in Debian's Chromium, on PGlite: the organiser's "Revoke and issue a new
// link" shows the new link once; the old link's page says, in the reader's language,
// that it was replaced; the new one works. The credential authority's page says its list
// was sent and offers no second upload; the organiser allows one replacement, and the
// setup history shows both fingerprints.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { generateCredentials, parseVoterLine } from '../../src/protocol/credentials.ts';
import { getGroup } from '../../src/protocol/groups/index.ts';
import { Client, SAMPLE_DRAFT } from '../helpers/api-flow.ts';
import { chooseLanguage, launchBrowser, recordErrors, WEB_ROOT } from '../helpers/browser.ts';
import { ORGANISER_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';

describe('one-time links in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  const errors: string[] = [];

  before(async () => {
    server = await startTestServer('pglite', { webRoot: WEB_ROOT });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 412, height: 915 } });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function newPage(): Promise<Page> {
    const page = await context.newPage();
    errors.push(...[]);
    const e = recordErrors(page);
    page.on('close', () => errors.push(...e));
    page.on('dialog', (d) => void d.accept());
    return page;
  }

  test('revoke and issue a new link; a credential list sent once, replaced with the organiser’s leave', { timeout: 300_000 }, async () => {
    const base = server.base;
    const api = new Client(base);
    await api.ok('POST', '/api/session', { username: 'organiser', password: ORGANISER_PASSWORD });
    const { id } = await api.ok('POST', '/api/organiser/conventions', { title: { en: 'Links' }, description: { en: 'Made by tests' } });
    const { uuid } = await api.ok('POST', `/api/organiser/conventions/${id}/elections`, { ...SAMPLE_DRAFT, trustees: { count: 2, threshold: null } });
    const links = await api.ok('POST', `/api/organiser/elections/${uuid}/setup`, { allowMissingTranslations: true });
    const list = generateCredentials(getGroup('BELENIOS-2048'), uuid, [parseVoterLine('voter-1'), parseVoterLine('voter-2')]).publicCredentials;
    const first = await api.ok('POST', '/api/credential-authority/credentials', { credentials: list }, { 'x-jirga-token': links.credentialAuthority });

    const org = await newPage();
    await org.goto(`${base}/organiser`);
    await org.fill('#username', 'organiser');
    await org.fill('#password', ORGANISER_PASSWORD);
    await org.click('button[type=submit]');
    await org.waitForSelector('#ct-en'); // logged in
    await org.goto(`${base}/organiser/e/${uuid}`);
    await org.waitForSelector('[data-testid=link-row-trustee-1]');
    await org.locator('[data-testid=link-row-trustee-1] button', { hasText: 'Revoke and issue a new link' }).click();
    const fresh = (await org.locator('[data-testid=reissued-link]').textContent())!.trim();
    assert.match(fresh, new RegExp(`^${base}/trustee#[1-9A-HJ-NP-Za-km-z]{22}$`));
    assert.ok(!fresh.endsWith(links.trustees[0]));

    // the old link says it was replaced, in Dari too; the new one works
    const old = await newPage();
    await old.goto(`${base}/trustee#${links.trustees[0]}`);
    await old.waitForSelector('text=The organiser has replaced this link with a new one');
    await chooseLanguage(old, 'fa-AF');
    await old.waitForSelector('text=برگزارکننده این لینک را باطل کرده');
    await old.close();
    const renewed = await newPage();
    await renewed.goto(fresh);
    await renewed.waitForSelector('text=Create my key');
    await renewed.close();

    // the credential authority's page: sent once, no second upload offered
    const ca = await newPage();
    await ca.goto(`${base}/credential-authority#${links.credentialAuthority}`);
    await ca.waitForSelector('[data-testid=ca-upload-state]');
    assert.match((await ca.locator('[data-testid=ca-upload-state]').textContent())!, /this link cannot send another/);
    assert.equal(await ca.locator('#csv').count(), 0, 'no voter list to fill in');

    // the organiser allows one new list; the page of the authority then offers it
    await org.click('text=Allow a new credential list');
    await org.waitForSelector('text=may send one new list');
    await ca.reload();
    await ca.waitForSelector('#csv');
    const second = await api.ok('POST', '/api/credential-authority/credentials', { credentials: list.slice(0, 1) }, { 'x-jirga-token': links.credentialAuthority });
    await org.reload();
    // fingerprints are isolated (FSI…PDI) so that a right-to-left sentence keeps them whole
    const history = (await org.locator('[data-testid=setup-history]').textContent())!.replace(/[\u2068\u2069]/g, '');
    assert.ok(history.includes(`credential list replaced: ${first.fingerprint} → ${second.fingerprint}`), history);
    assert.match(history, /Trustee 1: link revoked and a new one issued/);
    assert.deepEqual(errors, []);
  });
});
