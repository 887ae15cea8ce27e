// Freezing an election whose texts are not in all three languages: the server refuses
// (409, code missing-translations, naming each text and its missing languages) unless
// the organiser says so ({ allowMissingTranslations: true }); a draft in all three
// languages freezes without being asked. The draft stays a draft after a refusal.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { missingTranslations, type ElectionDraft } from '../../src/api/election-draft.ts';
import { Client } from '../helpers/api-flow.ts';
import { ORGANISER_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';

const FULL: ElectionDraft = {
  name: { en: 'Future government', 'fa-AF': 'حکومت آینده', 'ps-AF': 'راتلونکی حکومت' },
  description: {},
  questions: [
    {
      question: { en: 'Which form?', 'fa-AF': 'کدام شکل؟', 'ps-AF': 'کوم ډول؟' },
      answers: [
        { en: 'Republic', 'fa-AF': 'جمهوری', 'ps-AF': 'جمهوریت' },
        { en: 'Monarchy', 'fa-AF': 'پادشاهی', 'ps-AF': 'پاچاهي' },
      ],
      min: 1,
      max: 1,
      blank: false,
    },
  ],
  opensAt: null,
  closesAt: null,
  trustees: { count: 1, threshold: null },
};

const PARTIAL: ElectionDraft = {
  ...FULL,
  description: { en: 'English only' },
  questions: [{ ...FULL.questions[0]!, answers: [FULL.questions[0]!.answers[0]!, { en: 'Monarchy', 'fa-AF': 'پادشاهی' }] }],
};

describe('freezing a draft whose texts are not in three languages', () => {
  let server: TestServer;
  let organiser: Client;
  let conventionId: string;
  const draftOf = async (draft: ElectionDraft): Promise<string> => (await organiser.ok('POST', `/api/organiser/conventions/${conventionId}/elections`, draft)).uuid;
  const stateOf = async (uuid: string): Promise<string> => (await organiser.ok('GET', `/api/organiser/elections/${uuid}`)).state;

  before(async () => {
    server = await startTestServer('pglite');
    organiser = new Client(server.base);
    await organiser.ok('POST', '/api/session', { username: 'organiser', password: ORGANISER_PASSWORD });
    conventionId = (await organiser.ok('POST', '/api/organiser/conventions', { title: { en: 'Test convention' }, description: {} })).id;
  });
  after(async () => server?.stop());

  test('missingTranslations names each text and the languages it lacks; an empty description is not missing', () => {
    assert.deepEqual(missingTranslations(FULL), []);
    assert.deepEqual(missingTranslations(PARTIAL), [
      { text: 'description', missing: ['fa-AF', 'ps-AF'] },
      { text: 'answer', question: 1, answer: 2, missing: ['ps-AF'] },
    ]);
  });

  test('refused without the override, with the code and the texts named; the draft stays a draft', async () => {
    const uuid = await draftOf(PARTIAL);
    for (const body of [undefined, {}, { allowMissingTranslations: false }]) {
      const r = await organiser.request('POST', `/api/organiser/elections/${uuid}/setup`, body);
      assert.equal(r.status, 409, JSON.stringify(body));
      assert.equal(r.json.code, 'missing-translations');
      assert.match(r.json.error ?? r.json.message, /description \(fa-AF, ps-AF\).*answer 1\.2 \(ps-AF\)/);
    }
    assert.equal(await stateOf(uuid), 'draft');
  });

  test('frozen when the organiser overrides', async () => {
    const uuid = await draftOf(PARTIAL);
    const links = await organiser.ok('POST', `/api/organiser/elections/${uuid}/setup`, { allowMissingTranslations: true });
    assert.equal(links.trustees.length, 1);
    assert.equal(await stateOf(uuid), 'setup');
  });

  test('a draft in all three languages freezes without being asked', async () => {
    const uuid = await draftOf(FULL);
    const links = await organiser.ok('POST', `/api/organiser/elections/${uuid}/setup`);
    assert.equal(typeof links.credentialAuthority, 'string');
    assert.equal(await stateOf(uuid), 'setup');
  });

  test('an unknown field in the request is refused, not ignored', async () => {
    const uuid = await draftOf(PARTIAL);
    const r = await organiser.request('POST', `/api/organiser/elections/${uuid}/setup`, { allowMissing: true });
    assert.equal(r.status, 400);
    assert.equal(await stateOf(uuid), 'draft');
  });
});
