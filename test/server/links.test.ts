// The links of trustees and of the credential authority are one-time (issue 16, item 5):
// each step through a link is done once (a second submission is refused and changes
// nothing), links expire, the organiser can revoke a link and issue a new one, and a
// credential list, once sent, is replaced only with the organiser's leave, the setup
// history showing both fingerprints. Reading a link's page never uses it up.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateCredentials, parseVoterLine } from '../../src/protocol/credentials.ts';
import { getGroup } from '../../src/protocol/groups/index.ts';
import { trusteeKeyStep } from '../../src/trustee/client.ts';
import { trusteeSetup } from '../../src/store/setup.ts';
import type { ElectionDraft } from '../../src/api/election-draft.ts';
import { Client, SAMPLE_DRAFT } from '../helpers/api-flow.ts';
import { ORGANISER_PASSWORD, startTestServer, type DbKind, type TestServer } from '../helpers/server.ts';

const DAY = 24 * 60 * 60 * 1000;
const token = (t: string) => ({ 'x-jirga-token': t });

for (const kind of ['pglite', 'postgres'] as DbKind[]) {
  describe(`one-time links on ${kind}`, () => {
    let server: TestServer;
    let organiser: Client;
    let link: Client;
    let conventionId: string;
    // the server's clock, moved by the tests
    let offset = 0;

    before(async () => {
      server = await startTestServer(kind, { now: () => new Date(Date.now() + offset) });
      organiser = new Client(server.base);
      link = new Client(server.base);
      await organiser.ok('POST', '/api/session', { username: 'organiser', password: ORGANISER_PASSWORD });
      conventionId = (await organiser.ok('POST', '/api/organiser/conventions', { title: { en: 'Links' }, description: { en: 'Made by tests' } })).id;
    });
    after(() => server.stop());

    async function setUp(trustees: ElectionDraft['trustees'], request: Record<string, unknown> = {}) {
      const { uuid } = await organiser.ok('POST', `/api/organiser/conventions/${conventionId}/elections`, { ...SAMPLE_DRAFT, trustees });
      const links = await organiser.ok('POST', `/api/organiser/elections/${uuid}/setup`, { allowMissingTranslations: true, ...request });
      return { uuid: uuid as string, ca: links.credentialAuthority as string, trustees: links.trustees as string[], expiresAt: links.expiresAt as string };
    }
    const publicCredentials = (uuid: string, n: number, prefix: string) =>
      generateCredentials(getGroup('BELENIOS-2048'), uuid, Array.from({ length: n }, (_, i) => parseVoterLine(`${prefix}-${i + 1}`))).publicCredentials;
    const managed = (uuid: string) => organiser.ok('GET', `/api/organiser/elections/${uuid}`);

    test('a threshold trustee does each step once: a second certificate through the same link is refused, nothing changes, and the link still serves the next step', async () => {
      const e = await setUp({ count: 2, threshold: 2 });
      // reading the page, even many times, uses nothing
      for (let i = 0; i < 3; i++) assert.equal((await link.ok('GET', '/api/trustee', undefined, token(e.trustees[0]!))).step, 'certificate');
      const first = trusteeKeyStep(await link.ok('GET', '/api/trustee', undefined, token(e.trustees[0]!)));
      await link.ok('POST', '/api/trustee/key', first.submission, token(e.trustees[0]!));
      const stored = (await trusteeSetup(server.ctx.db, e.uuid))[0]!.certificate;
      assert.ok(stored);
      // a fresh certificate (a new seed), sent again through the same link
      const again = trusteeKeyStep({ ...(await link.ok('GET', '/api/trustee', undefined, token(e.trustees[0]!))), step: 'certificate' });
      const refused = await link.request('POST', '/api/trustee/key', again.submission, token(e.trustees[0]!));
      assert.equal(refused.status, 409, refused.text);
      assert.equal(refused.json.code, 'link-step-used');
      assert.equal((await trusteeSetup(server.ctx.db, e.uuid))[0]!.certificate, stored, 'the certificate received first stays');
      // the link is still good for the next step, once the other trustee has sent its certificate
      const other = trusteeKeyStep(await link.ok('GET', '/api/trustee', undefined, token(e.trustees[1]!)));
      await link.ok('POST', '/api/trustee/key', other.submission, token(e.trustees[1]!));
      const task = await link.ok('GET', '/api/trustee', undefined, token(e.trustees[0]!));
      assert.equal(task.step, 'polynomial');
      const poly = trusteeKeyStep(task, first.keyFile!.content);
      await link.ok('POST', '/api/trustee/key', poly.submission, token(e.trustees[0]!));
      const polyAgain = await link.request('POST', '/api/trustee/key', poly.submission, token(e.trustees[0]!));
      assert.equal(polyAgain.status, 409);
      assert.equal(polyAgain.json.code, 'link-step-used');
      const progress = (await managed(e.uuid)).setup.trustees;
      assert.deepEqual(progress.map((t: { certificate: boolean; polynomial: boolean }) => [t.certificate, t.polynomial]), [[true, true], [true, false]]);
    });

    test('a second list through the credential authority link is refused: the count and fingerprint stay', async () => {
      const e = await setUp({ count: 1, threshold: null });
      const sent = await link.ok('POST', '/api/credential-authority/credentials', { credentials: publicCredentials(e.uuid, 2, 'voter') }, token(e.ca));
      assert.equal(sent.count, 2);
      assert.equal(sent.previousFingerprint, null);
      const second = await link.request('POST', '/api/credential-authority/credentials', { credentials: publicCredentials(e.uuid, 1, 'intruder') }, token(e.ca));
      assert.equal(second.status, 409, second.text);
      assert.equal(second.json.code, 'link-step-used');
      const view = await managed(e.uuid);
      assert.equal(view.credentialsFingerprint, sent.fingerprint);
      assert.equal(view.counts.credentials, 2);
      // the page says so, and reading it again uses nothing
      const page = await link.ok('GET', '/api/credential-authority', undefined, token(e.ca));
      assert.equal(page.mayUpload, false);
      assert.deepEqual(page.credentials, { count: 2, fingerprint: sent.fingerprint });
      // a new link for the authority cannot replace the list either
      const reissued = await organiser.ok('POST', `/api/organiser/elections/${e.uuid}/links`, { role: 'credential-authority' });
      const viaNew = await link.request('POST', '/api/credential-authority/credentials', { credentials: publicCredentials(e.uuid, 1, 'intruder') }, token(reissued.token));
      assert.equal(viaNew.status, 409);
      assert.equal(viaNew.json.code, 'link-step-used');
      assert.equal((await managed(e.uuid)).credentialsFingerprint, sent.fingerprint);
    });

    test('links expire: after their lifetime (14 days by default, or as chosen) they are refused with 410 link-expired', async () => {
      const byDefault = await setUp({ count: 1, threshold: null });
      const chosen = await setUp({ count: 1, threshold: null }, { linkLifetimeDays: 2 });
      assert.ok(Math.abs(Date.parse(byDefault.expiresAt) - (Date.now() + 14 * DAY)) < 60_000, byDefault.expiresAt);
      assert.ok(Math.abs(Date.parse(chosen.expiresAt) - (Date.now() + 2 * DAY)) < 60_000, chosen.expiresAt);
      try {
        offset = 3 * DAY;
        const expired = await link.request('GET', '/api/trustee', undefined, token(chosen.trustees[0]!));
        assert.equal(expired.status, 410, expired.text);
        assert.equal(expired.json.code, 'link-expired');
        const upload = await link.request('POST', '/api/credential-authority/credentials', { credentials: publicCredentials(chosen.uuid, 1, 'late') }, token(chosen.ca));
        assert.equal(upload.status, 410);
        assert.equal(upload.json.code, 'link-expired');
        assert.equal((await managed(chosen.uuid)).credentialsFingerprint, null, 'nothing was recorded');
        assert.equal((await managed(chosen.uuid)).setup.trustees[0].linkExpiresAt, null);
        // the default lifetime still runs at 3 days, not at 15
        assert.equal((await link.ok('GET', '/api/trustee', undefined, token(byDefault.trustees[0]!))).step, 'generate-key');
        offset = 15 * DAY;
        const late = await link.request('GET', '/api/credential-authority', undefined, token(byDefault.ca));
        assert.equal(late.status, 410);
        assert.equal(late.json.code, 'link-expired');
      } finally {
        offset = 0;
      }
    });

    test('the organiser revokes a link and issues a new one: the old link is refused (410 link-revoked), the new one works', async () => {
      const e = await setUp({ count: 2, threshold: null });
      const fresh = await organiser.ok('POST', `/api/organiser/elections/${e.uuid}/links`, { role: 'trustee', trustee: 2, lifetimeDays: 3 });
      assert.equal(fresh.revoked, 1);
      assert.equal(fresh.trustee, 2);
      assert.ok(Math.abs(Date.parse(fresh.expiresAt) - (Date.now() + 3 * DAY)) < 60_000);
      const old = await link.request('GET', '/api/trustee', undefined, token(e.trustees[1]!));
      assert.equal(old.status, 410, old.text);
      assert.equal(old.json.code, 'link-revoked');
      const task = await link.ok('GET', '/api/trustee', undefined, token(fresh.token));
      assert.equal(task.index, 2);
      const step = trusteeKeyStep(task);
      const viaOld = await link.request('POST', '/api/trustee/key', step.submission, token(e.trustees[1]!));
      assert.equal(viaOld.status, 410);
      assert.equal(viaOld.json.code, 'link-revoked');
      assert.equal((await trusteeSetup(server.ctx.db, e.uuid))[1]!.public_key, null, 'the revoked link sent nothing');
      await link.ok('POST', '/api/trustee/key', step.submission, token(fresh.token));
      assert.ok((await trusteeSetup(server.ctx.db, e.uuid))[1]!.public_key);
      // the other trustee's link is untouched
      assert.equal((await link.ok('GET', '/api/trustee', undefined, token(e.trustees[0]!))).step, 'generate-key');
      const view = await managed(e.uuid);
      assert.deepEqual(
        view.setup.history.map((h: { event: string; role: string; trustee: number | null }) => [h.event, h.role, h.trustee]),
        [['link-reissued', 'trustee', 2]],
      );
      // no trustee 3 in this election; a trustee number for the authority is refused
      assert.equal((await organiser.request('POST', `/api/organiser/elections/${e.uuid}/links`, { role: 'trustee', trustee: 3 })).status, 400);
      assert.equal((await organiser.request('POST', `/api/organiser/elections/${e.uuid}/links`, { role: 'credential-authority', trustee: 1 })).status, 400);
      // only organisers
      assert.equal((await link.request('POST', `/api/organiser/elections/${e.uuid}/links`, { role: 'trustee', trustee: 1 })).status, 401);
    });

    test('a replacement of the credential list needs the organiser, once, and the history shows both fingerprints', async () => {
      const e = await setUp({ count: 1, threshold: null });
      const nothingYet = await organiser.request('POST', `/api/organiser/elections/${e.uuid}/credentials/allow-replacement`);
      assert.equal(nothingYet.status, 409);
      const first = await link.ok('POST', '/api/credential-authority/credentials', { credentials: publicCredentials(e.uuid, 2, 'voter') }, token(e.ca));
      const allowed = await organiser.ok('POST', `/api/organiser/elections/${e.uuid}/credentials/allow-replacement`);
      assert.equal(allowed.previousFingerprint, first.fingerprint);
      assert.equal((await managed(e.uuid)).setup.credentialAuthority.replacementAllowed, true);
      assert.equal((await link.ok('GET', '/api/credential-authority', undefined, token(e.ca))).mayUpload, true);
      const second = await link.ok('POST', '/api/credential-authority/credentials', { credentials: publicCredentials(e.uuid, 3, 'corrected') }, token(e.ca));
      assert.equal(second.count, 3);
      assert.equal(second.previousFingerprint, first.fingerprint);
      assert.notEqual(second.fingerprint, first.fingerprint);
      // the leave was for one list
      const third = await link.request('POST', '/api/credential-authority/credentials', { credentials: publicCredentials(e.uuid, 1, 'again') }, token(e.ca));
      assert.equal(third.status, 409);
      assert.equal(third.json.code, 'link-step-used');
      const view = await managed(e.uuid);
      assert.equal(view.credentialsFingerprint, second.fingerprint);
      assert.equal(view.counts.credentials, 3);
      assert.equal(view.setup.credentialAuthority.replacementAllowed, false);
      assert.deepEqual(
        view.setup.history.map((h: { event: string; fingerprint: string | null; previousFingerprint: string | null }) => [h.event, h.previousFingerprint, h.fingerprint]),
        [
          ['credentials-sent', null, first.fingerprint],
          ['credentials-replacement-allowed', first.fingerprint, null],
          ['credentials-replaced', first.fingerprint, second.fingerprint],
        ],
      );
    });
  });
}
