// Inclusion over HTTP, on PGlite and on the machine's Postgres: a convention's
// questions and reference shares (defaults, updates, the smallest cell only ever
// raised); participants' self-descriptions (set, cleared, refused with a clear 400);
// the composition of a conversation (small groups hidden with a complement, women
// first), its weighting and agreement estimates (raw beside weighted, hidden below
// the smallest cell); delegations and their rules (pass/fail with the numbers); an
// election that asks self-description on the ballot, verified by belenios-tool, whose
// published view gives the composition of its voters; CSV and JSON exports.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseCsv } from '../../src/kernel/csv.ts';
import type { ElectionDraft } from '../../src/api/election-draft.ts';
import { closeOverHttp, ballotFor, Client, decryptOverHttp, openElectionOverHttp } from '../helpers/api-flow.ts';
import { Browser } from '../helpers/browser-client.ts';
import { ORGANISER_PASSWORD, startTestServer, type DbKind, type TestServer } from '../helpers/server.ts';
import { beleniosVerify } from '../helpers/tools.ts';


const close = (a: number | null | undefined, b: number, eps = 1e-9) => a !== null && a !== undefined && Math.abs(a - b) < eps;

/** A category line of a composition report. */
function line(report: any, dimension: string, category: string): any {
  const d = report.dimensions.find((x: any) => x.dimension === dimension);
  assert.ok(d, `the report has a ${dimension} dimension: ${JSON.stringify(report.dimensions.map((x: any) => x.dimension))}`);
  const c = d.categories.find((x: any) => x.category === category);
  assert.ok(c, `${dimension} has a ${category} line`);
  return c;
}

const GOOD_REFERENCE = {
  gender: { shares: { man: 0.5, woman: 0.5 }, source: 'Test source', note: '' },
  ethnicity: { shares: { pashtun: 0.4, tajik: 0.3, hazara: 0.2, uzbek: 0.1 }, source: 'Another test source', note: 'Disputed' },
};

for (const kind of ['pglite', 'postgres'] as DbKind[]) {
  describe(`inclusion API on ${kind}`, () => {
    let server: TestServer;
    let org: Browser;
    let anonymous: Browser;

    before(async () => {
      server = await startTestServer(kind, { math: { minIntervalMs: 0, intervalMs: 200, debounceMs: 20 } });
      org = new Browser(server.base);
      anonymous = new Browser(server.base);
      await org.ok('POST', '/api/session', { username: 'organiser', password: ORGANISER_PASSWORD });
    });
    after(async () => server?.stop());

    const newConvention = async (title = 'Inclusion tests'): Promise<string> => (await org.ok('POST', '/api/organiser/conventions', { title: { en: title }, description: {} })).id;
    const newConversation = async (conventionId: string, texts: string[] = ['A first statement']): Promise<string> =>
      (await org.ok('POST', `/api/organiser/conventions/${conventionId}/conversations`, { topic: { en: 'Who is here' }, access: 'open', moderation: 'loose', seeds: texts.map((text) => ({ text, lang: 'en' })) })).id;
    const join = async (conversationId: string): Promise<{ b: Browser; participant: number }> => {
      const b = new Browser(server.base);
      const { participant } = await b.ok('POST', `/api/conversations/${conversationId}/participants`, {});
      return { b, participant };
    };
    const count = async (sql: string, params: unknown[]) => (await server.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0]!.n;

    test('settings: defaults for Afghanistan, an organiser update, and minCell only ever raised', async () => {
      const id = await newConvention();
      const s = await anonymous.ok('GET', `/api/conventions/${id}/inclusion`);
      assert.deepEqual(s.dimensions, ['gender', 'ethnicity', 'residence']);
      assert.equal(s.minCell, 10);
      assert.equal(s.warnBelow, 0.8);
      assert.equal(s.minAnswers, 30, 'no ratio, index or warning from fewer than 30 answers, by default');
      assert.deepEqual(Object.keys(s.reference), ['gender', 'ethnicity']);
      assert.deepEqual(Object.keys(s.reference.gender.shares), ['woman', 'man', 'other'], 'women first');
      assert.equal(s.reference.ethnicity.shares.pashtun, 0.42);
      assert.match(s.reference.ethnicity.note, /No census exists/);
      assert.match(s.reference.ethnicity.source, /CIA World Factbook/);
      assert.deepEqual(s.questions[0], { dimension: 'gender', categories: ['woman', 'man', 'other', 'prefer-not-to-say'] });
      assert.deepEqual(s.questions.map((q: any) => q.dimension), ['gender', 'ethnicity', 'residence']);
      assert.equal(s.questions[1].categories.at(-1), 'prefer-not-to-say');
      assert.equal((await anonymous.request('GET', '/api/conventions/NoSuchConvention1/inclusion')).status, 404);

      const put = (body: unknown, who = org) => who.request('PUT', `/api/organiser/conventions/${id}/inclusion`, body);
      assert.equal((await put({ dimensions: ['gender'], minCell: 10, warnBelow: 0.8, reference: {} }, anonymous)).status, 401);
      // the organiser's order does not matter: stored canonically (gender first, women first)
      assert.deepEqual(await org.ok('PUT', `/api/organiser/conventions/${id}/inclusion`, { dimensions: ['age', 'ethnicity', 'gender'], minCell: 12, warnBelow: 0.7, reference: GOOD_REFERENCE }), { ok: true });
      const updated = await anonymous.ok('GET', `/api/conventions/${id}/inclusion`);
      assert.deepEqual(updated.dimensions, ['gender', 'ethnicity', 'age']);
      assert.equal(updated.minCell, 12);
      assert.equal(updated.warnBelow, 0.7);
      assert.deepEqual(Object.keys(updated.reference.gender.shares), ['woman', 'man']);
      assert.deepEqual(updated.reference.ethnicity, { shares: { pashtun: 0.4, tajik: 0.3, hazara: 0.2, uzbek: 0.1 }, source: 'Another test source', note: 'Disputed' });
      assert.deepEqual(updated.questions.map((q: any) => q.dimension), ['gender', 'ethnicity', 'age']);

      const refused = async (body: unknown, message: RegExp) => {
        const r = await put(body);
        assert.equal(r.status, 400, r.text);
        assert.match(r.json.error, message);
      };
      const base = { dimensions: ['gender'], minCell: 12, warnBelow: 0.8, reference: GOOD_REFERENCE };
      await refused({ ...base, minCell: 11 }, /minCell may only be raised: it is 12, so it cannot be set to 11/);
      await refused({ ...base, minCell: 9 }, /minCell must be at least 10/);
      await refused({ ...base, minCell: 10.5 }, /minCell must be a whole number/);
      await refused({ ...base, warnBelow: 2 }, /warnBelow must be between 0 and 1/);
      await refused({ ...base, minAnswers: 0 }, /minAnswers must be at least 1/);
      await refused({ ...base, minAnswers: 12.5 }, /minAnswers must be a whole number/);
      await refused({ ...base, dimensions: ['gender', 'height'] }, /dimensions\[1\]: each self-description question must be one of gender, ethnicity, province, residence, country, age/);
      await refused({ ...base, dimensions: ['gender', 'gender'] }, /each self-description question at most once/);
      await refused({ ...base, reference: { gender: { shares: { woman: 0.5, man: 0.4 }, source: 'x' } } }, /reference\.gender\.shares: the shares sum to 0\.9, not 1/);
      await refused({ ...base, reference: { gender: { shares: { woman: 1.5, man: -0.5 }, source: 'x' } } }, /reference\.gender\.shares\.woman: a share cannot be above 1/);
      await refused({ ...base, reference: { ethnicity: { shares: { pashtoon: 1 }, source: 'x' } } }, /reference\.ethnicity\.shares\.pashtoon: "pashtoon" is not a category of ethnicity/);
      await refused({ ...base, reference: { height: { shares: { tall: 1 }, source: 'x' } } }, /reference\.height: "height" is not a dimension/);
      await refused({ ...base, reference: { gender: { shares: { woman: 0.5, man: 0.5 }, source: '  ' } } }, /reference\.gender\.source: give the source of these shares/);
      await refused({ ...base, reference: { gender: { shares: { woman: 0.5, man: 0.5 }, source: 'x', note: 'n'.repeat(2001) } } }, /the note has at most 2000 characters/);
      await refused({ ...base, reference: { gender: { shares: { woman: 0.5, man: 0.5 }, source: 's'.repeat(501) } } }, /the source has at most 500 characters/);
      // nothing of the refused updates was stored
      assert.deepEqual(await anonymous.ok('GET', `/api/conventions/${id}/inclusion`), updated);
      // raising (and keeping) the smallest cell is fine; shares within ±0.001 of 1 too
      await org.ok('PUT', `/api/organiser/conventions/${id}/inclusion`, { ...base, minCell: 12, reference: { gender: { shares: { woman: 0.4995, man: 0.5 }, source: 'x' } } });
      await org.ok('PUT', `/api/organiser/conventions/${id}/inclusion`, { ...base, minCell: 15 });
      assert.equal((await anonymous.ok('GET', `/api/conventions/${id}/inclusion`)).minCell, 15);
      await refused({ ...base, minCell: 12 }, /it is 15/);
      // the minimum of answers is the organiser's to set (up or down: it hides nothing)
      await org.ok('PUT', `/api/organiser/conventions/${id}/inclusion`, { ...base, minCell: 15, minAnswers: 50 });
      assert.equal((await anonymous.ok('GET', `/api/conventions/${id}/inclusion`)).minAnswers, 50);
      await org.ok('PUT', `/api/organiser/conventions/${id}/inclusion`, { ...base, minCell: 15, minAnswers: 20 });
      assert.equal((await anonymous.ok('GET', `/api/conventions/${id}/inclusion`)).minAnswers, 20);
      assert.equal((await org.request('PUT', '/api/organiser/conventions/NoSuchConvention1/inclusion', base)).status, 404);
    });

    test('profile: set, read, cleared; bad category, question not asked, not joined, closed conversation refused', async () => {
      const conventionId = await newConvention();
      const id = await newConversation(conventionId);
      const path = `/api/conversations/${id}/me/profile`;
      const stranger = new Browser(server.base);
      let r = await stranger.request('GET', path);
      assert.equal(r.status, 401);
      assert.equal(r.json.code, 'not-joined');
      r = await stranger.request('PUT', path, { answers: { gender: 'woman' } });
      assert.equal(r.status, 401);
      assert.equal(r.json.code, 'not-joined');

      const { b, participant } = await join(id);
      assert.deepEqual(await b.ok('GET', path), { answers: {} });
      assert.deepEqual(await b.ok('PUT', path, { answers: { ethnicity: 'hazara', gender: 'woman', residence: '' } }), { ok: true });
      assert.deepEqual(await b.ok('GET', path), { answers: { gender: 'woman', ethnicity: 'hazara' } });
      // stored with the pseudonymous participant number only
      const rows = await server.ctx.db.query<{ participant: number; answers: Record<string, string> }>('SELECT participant, answers FROM participant_profiles WHERE conversation_id = $1', [id]);
      assert.deepEqual(rows, [{ participant, answers: { gender: 'woman', ethnicity: 'hazara' } }]);
      const columns = (await server.ctx.db.query<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_name = 'participant_profiles' ORDER BY column_name")).map((c) => c.column_name);
      // and with no time (docs/trust-model.md, "What can be learned about a participant")
      assert.deepEqual(columns, ['answers', 'conversation_id', 'participant']);

      const bad = async (body: unknown, message: RegExp, code?: string) => {
        const reply = await b.request('PUT', path, body);
        assert.equal(reply.status, 400, reply.text);
        assert.match(reply.json.error, message);
        if (code) assert.equal(reply.json.code, code);
      };
      await bad({ answers: { gender: 'womn' } }, /answers\.gender: "womn" is not a category of gender \(one of woman, man, other, prefer-not-to-say\)/, 'unknown-category');
      await bad({ answers: { gender: 'woman', province: 'kabul' } }, /answers\.province: this convention does not ask about province \(it asks about gender, ethnicity, residence\)/, 'question-not-asked');
      await bad({ answers: { height: 'tall' } }, /"height" is not a self-description question/, 'unknown-question');
      await bad({ answers: { gender: 3 } }, /answers\.gender: each answer must be a category/);
      await bad({ answers: 'woman' }, /answers must be an object/);
      await bad('{"answers": ', /not valid JSON/);
      assert.deepEqual(await b.ok('GET', path), { answers: { gender: 'woman', ethnicity: 'hazara' } }, 'refused answers change nothing');

      // "prefer not to say" is an answer; an empty object clears everything
      await b.ok('PUT', path, { answers: { gender: 'prefer-not-to-say' } });
      assert.deepEqual(await b.ok('GET', path), { answers: { gender: 'prefer-not-to-say' } });
      await b.ok('PUT', path, { answers: {} });
      assert.deepEqual(await b.ok('GET', path), { answers: {} });
      assert.equal(await count('participant_profiles WHERE conversation_id = $1', [id]), 0);

      // another conversation's cookie does not count there
      const other = await newConversation(conventionId, ['Another conversation']);
      assert.equal((await b.request('PUT', `/api/conversations/${other}/me/profile`, { answers: { gender: 'man' } })).status, 401);

      await org.ok('POST', `/api/organiser/conversations/${id}/state`, { state: 'closed' });
      r = await b.request('PUT', path, { answers: { gender: 'man' } });
      assert.equal(r.status, 409);
      assert.equal(r.json.code, 'conversation-closed');
      assert.equal((await anonymous.request('GET', '/api/conversations/NoSuchConversation1/composition')).status, 404);
    });

    describe('30 participants describe themselves', () => {
      let conventionId: string;
      let id: string;
      let composition: any;
      // 12 women and 18 men; Pashtun 14, Tajik 12, Hazara 4 (a small group); 20 inside, 10 abroad
      const people = [
        ...Array.from({ length: 12 }, (_, i) => ({ gender: 'woman', ethnicity: i < 5 ? 'pashtun' : i < 10 ? 'tajik' : 'hazara', residence: i < 8 ? 'inside' : 'abroad' })),
        ...Array.from({ length: 18 }, (_, i) => ({ gender: 'man', ethnicity: i < 9 ? 'pashtun' : i < 16 ? 'tajik' : 'hazara', residence: i < 12 ? 'inside' : 'abroad' })),
      ];

      before(async () => {
        conventionId = await newConvention('Composition tests');
        id = await newConversation(conventionId, [
          'Women must sit on every council', // 0: every woman agrees, every man disagrees
          'Roads need repair', // 1: everyone agrees
          'A meta statement about the process', // 2: made meta: left out of estimates
          'Only five people voted on this', // 3: 5 votes: hidden
          'Twelve voted, nine of them described', // 4: raw shown, weighted hidden
        ]);
        await org.ok('POST', `/api/organiser/conversations/${id}/statements/2/moderation`, { action: 'meta' });
        const joined = await Promise.all(people.map(async (p) => ({ ...(await join(id)), profile: p })));
        const silent = await Promise.all([0, 1, 2].map(() => join(id)));
        await Promise.all(
          joined.map(async ({ b, profile }, i) => {
            await b.ok('PUT', `/api/conversations/${id}/me/profile`, { answers: profile });
            await b.ok('POST', `/api/conversations/${id}/votes`, { statement: 0, vote: profile.gender === 'woman' ? 1 : -1 });
            await b.ok('POST', `/api/conversations/${id}/votes`, { statement: 1, vote: 1 });
            await b.ok('POST', `/api/conversations/${id}/votes`, { statement: 2, vote: 1 });
            if (i < 5) await b.ok('POST', `/api/conversations/${id}/votes`, { statement: 3, vote: 1 });
            if (i >= 21) await b.ok('POST', `/api/conversations/${id}/votes`, { statement: 4, vote: 1 });
          }),
        );
        for (const { b } of silent) {
          await b.ok('POST', `/api/conversations/${id}/votes`, { statement: 1, vote: -1 });
          await b.ok('POST', `/api/conversations/${id}/votes`, { statement: 4, vote: -1 });
        }
        await server.math!.idle();
        composition = await anonymous.ok('GET', `/api/conversations/${id}/composition`);
      });

      test('counts and shares, women first; the group of 4 hidden with a complement; no answer counted', () => {
        assert.equal(composition.respondents, 33);
        const report = composition.report;
        assert.equal(report.minCell, 10);
        assert.deepEqual(report.dimensions.map((d: any) => d.dimension), ['gender', 'ethnicity', 'residence']);
        const gender = report.dimensions[0];
        assert.equal(gender.total, 33);
        assert.equal(gender.answered, 30);
        assert.equal(gender.categories[0].category, 'woman', 'women first');
        assert.equal(gender.categories[0].count, 12);
        assert.ok(close(gender.categories[0].share, 0.4));
        assert.equal(gender.categories[0].reference, 0.495);
        assert.ok(close(gender.categories[0].ratio, 0.4 / 0.495));
        assert.equal(line(report, 'gender', 'man').count, 18);
        // the three without a profile count as "no answer": published as it is (not a group
        // identity, and total − answered gives it anyway; docs/inclusion.md)
        assert.equal(line(report, 'gender', 'no-answer').count, 3);
        assert.equal(line(report, 'gender', 'no-answer').suppressed, null);
        assert.ok(gender.gallagher > 0);

        const hazara = line(report, 'ethnicity', 'hazara');
        assert.equal(hazara.count, null, 'a group of 4 is not published');
        assert.equal(hazara.share, null);
        assert.equal(hazara.ratio, null);
        assert.equal(hazara.suppressed, 'small');
        const ethnicity = report.dimensions[1];
        const complements = ethnicity.categories.filter((c: any) => c.suppressed === 'complementary');
        assert.ok(complements.length >= 1, 'a complement is hidden too');
        for (const c of complements) assert.equal(c.count, null);
        assert.equal(line(report, 'ethnicity', 'pashtun').count, 14);
        // the complement is the smallest non-zero group (Tajik 12), not an empty one: an empty
        // category is often known from elsewhere, and would give the 4 back
        assert.equal(line(report, 'ethnicity', 'tajik').count, null);
        assert.equal(line(report, 'ethnicity', 'tajik').suppressed, 'complementary');
        // what is published does not give the 4 back: the answered total minus the published counts spreads over 2+ hidden cells
        const hidden = ethnicity.categories.filter((c: any) => c.reference !== null && c.count === null);
        assert.ok(hidden.length >= 2);
        assert.ok(report.suppressed.some((s: any) => s.dimension === 'ethnicity' && s.category === 'hazara' && s.reason === 'small'));
        assert.ok(!JSON.stringify(report).includes('"count":4'), 'no 4 anywhere');
        // 30 answers reach the minimum: ratios and indices are shown…
        assert.equal(report.minAnswers, 30);
        assert.equal(ethnicity.tooFewAnswers, false);
        assert.ok(ethnicity.gallagher > 0);
        // …but nobody is called under-represented on chance: Turkmen (3%) would be 0.9 of 30
        // answers, fewer than the smallest cell, so "nobody here" is no verdict (issue 15: it
        // was flagged before, though 30 random draws miss a 3% group 40% of the time);
        // hidden groups are never named either
        assert.equal(line(report, 'ethnicity', 'turkmen').count, 0);
        assert.equal(line(report, 'ethnicity', 'turkmen').ratio, 0);
        assert.deepEqual(ethnicity.warnings, []);
        // a question without reference shares (residence): counts and shares, no ratio
        const inside = line(report, 'residence', 'inside');
        assert.equal(inside.count, 20);
        assert.ok(close(inside.share, 20 / 30));
        assert.equal(inside.reference, null);
        assert.equal(line(report, 'residence', 'abroad').count, 10);
        assert.equal(report.dimensions[2].gallagher, null);
      });

      test('weighting: raked to gender and ethnicity, with a caveat for reference groups nobody belongs to (and no hidden group named)', () => {
        const w = composition.weighting;
        assert.deepEqual(w.dimensions, ['gender', 'ethnicity']);
        assert.equal(w.excluded, 3, 'the three who did not describe themselves');
        assert.equal(w.converged, true);
        assert.ok(w.maxError < 1e-6);
        assert.equal(w.kish.n, 30);
        assert.ok(w.kish.effectiveSampleSize > 0 && w.kish.effectiveSampleSize <= 30);
        const absent = w.caveats.find((c: string) => /^ethnicity: nobody in the room is/.test(c));
        assert.ok(absent, JSON.stringify(w.caveats));
        assert.match(absent, /turkmen/);
        assert.match(absent, /baloch/);
        // the complement hidden in the report (a zero) is not named: naming it would give the hazara count back
        const hiddenNames = composition.report.suppressed.filter((s: any) => s.dimension === 'ethnicity').map((s: any) => s.category);
        for (const n of hiddenNames) assert.ok(!new RegExp(`\\b${n}\\b`).test(absent), `${n} is hidden in the report and must not be named: ${absent}`);
      });

      test('estimates: raw and weighted side by side; hidden below the smallest cell; meta statements left out', () => {
        const byId = new Map(composition.estimates.statements.map((e: any) => [e.statement, e]));
        assert.deepEqual([...byId.keys()], [0, 1, 3, 4], 'the meta statement is left out');
        assert.deepEqual(composition.statements.map((s: any) => [s.id, s.lang]), [[0, 'en'], [1, 'en'], [3, 'en'], [4, 'en']]);
        assert.equal(composition.statements[0].text, 'Women must sit on every council');
        const s0: any = byId.get(0);
        assert.equal(s0.suppressed, false);
        assert.equal(s0.raw.agree, 12);
        assert.equal(s0.raw.votes, 30);
        assert.ok(close(s0.raw.share, 0.4));
        assert.ok(s0.raw.interval[0] < 0.4 && s0.raw.interval[1] > 0.4);
        // every woman agrees and no man does: weighted to 49.5% women, agreement is 49.5%
        assert.equal(s0.weighted.suppressed, false);
        assert.ok(close(s0.weighted.share, 0.495, 1e-6), `weighted ${s0.weighted.share}`);
        assert.equal(s0.weighted.votes, 30);
        assert.ok(s0.weighted.effectiveN < 30);
        const s1: any = byId.get(1);
        assert.equal(s1.raw.votes, 33);
        assert.equal(s1.raw.agree, 30);
        assert.ok(close(s1.weighted.share, 1), 'everyone weighted agreed');
        const s3: any = byId.get(3);
        assert.deepEqual(s3, { statement: 3, suppressed: true, raw: { agree: null, votes: null, share: null, interval: null }, weighted: { share: null, interval: null, effectiveN: null, votes: null, suppressed: true } });
        const s4: any = byId.get(4);
        assert.equal(s4.suppressed, false);
        assert.equal(s4.raw.votes, 12);
        assert.equal(s4.raw.agree, 9);
        assert.deepEqual(s4.weighted, { share: null, interval: null, effectiveN: null, votes: null, suppressed: true }, 'only 9 weighted votes');
        // per opinion group: every published figure rests on at least 10 votes
        assert.ok(composition.estimates.groups.length >= 1, 'the analysis found groups');
        for (const g of composition.estimates.groups) {
          for (const e of g.statements) {
            if (e.suppressed) assert.equal(e.raw.votes, null);
            else assert.ok(e.raw.votes >= 10, JSON.stringify(e));
            if (e.weighted && !e.weighted.suppressed) assert.ok(e.weighted.votes >= 10);
          }
        }
      });

      test('a raised smallest cell hides more', async () => {
        await org.ok('PUT', `/api/organiser/conventions/${conventionId}/inclusion`, { dimensions: ['gender', 'ethnicity', 'residence'], minCell: 13, warnBelow: 0.8, reference: GOOD_REFERENCE });
        const c = await anonymous.ok('GET', `/api/conversations/${id}/composition`);
        assert.equal(c.report.minCell, 13);
        assert.equal(line(c.report, 'gender', 'woman').count, null, '12 women < 13');
        assert.equal(line(c.report, 'ethnicity', 'tajik').count, null);
        assert.equal(line(c.report, 'residence', 'abroad').count, null);
        assert.equal(c.estimates.statements.find((e: any) => e.statement === 4).suppressed, true, '12 votes < 13');
        // Uzbek (nobody, published as 0) is named; the hidden Tajik and Hazara are not
        assert.ok(c.weighting.caveats.includes('ethnicity: nobody in the room is uzbek; their reference share cannot be represented and was left out'), JSON.stringify(c.weighting.caveats));
        assert.equal(line(c.report, 'ethnicity', 'uzbek').count, 0);
      });
    });

    describe('delegations and rules', () => {
      let conventionId: string;
      const women1of4 = [
        { gender: 'woman', ethnicity: 'pashtun' },
        { gender: 'man', ethnicity: 'pashtun' },
        { gender: 'man', ethnicity: 'tajik' },
        { gender: 'man', ethnicity: 'tajik', residence: 'abroad' },
      ];
      const women2of4 = [
        { gender: 'woman', ethnicity: 'hazara' },
        { gender: 'woman', ethnicity: 'uzbek' },
        { gender: 'man', ethnicity: 'pashtun' },
        { gender: 'man', ethnicity: 'tajik', age: '25-34' },
      ];

      before(async () => {
        conventionId = await newConvention('Delegation tests');
      });

      test('delegations: create, list, update, delete; bad input refused and nothing stored', async () => {
        const path = `/api/organiser/conventions/${conventionId}/delegations`;
        assert.equal((await anonymous.request('POST', path, { name: 'x', kind: 'independent', delegates: [] })).status, 401);
        assert.equal((await anonymous.request('GET', path)).status, 401);
        const bad = async (body: unknown, message: RegExp) => {
          const r = await org.request('POST', path, body);
          assert.equal(r.status, 400, r.text);
          assert.match(r.json.error, message);
        };
        await bad({ name: ' ', kind: 'independent', delegates: [] }, /delegation: name: give the delegation a name/);
        await bad({ name: 'n'.repeat(201), kind: 'independent', delegates: [] }, /the name has at most 200 characters/);
        await bad({ name: 'Union', kind: 'trade-union', delegates: [] }, /kind must be one of womens-movement, political-party, armed-resistance, civil-society, diaspora-association, religious-or-ethnic-council, independent/);
        await bad({ name: 'Union', kind: 'independent', delegates: [{ gender: 'woman' }, { gender: 'female' }] }, /delegates\[1\]\.gender: "female" is not a category of gender/);
        await bad({ name: 'Union', kind: 'independent', delegates: [{ sex: 'woman' }] }, /delegates\[0\]\.sex: "sex" is not a dimension/);
        await bad({ name: 'Union', kind: 'independent', delegates: Array.from({ length: 5001 }, () => ({})) }, /at most 5000 delegates/);
        await bad({ name: 'Union', kind: 'independent' }, /delegates/);
        assert.equal(await count('delegations WHERE convention_id = $1', [conventionId]), 0);
        assert.equal((await org.request('POST', '/api/organiser/conventions/NoSuchConvention1/delegations', { name: 'x', kind: 'independent', delegates: [] })).status, 404);

        const { id } = await org.ok('POST', path, { name: 'Temporary', kind: 'civil-society', delegates: [{ gender: 'woman', residence: '' }] });
        assert.match(id, /^[1-9A-HJ-NP-Za-km-z]{14}$/);
        let list = await org.ok('GET', path);
        assert.equal(list.length, 1);
        assert.deepEqual({ ...list[0], updatedAt: undefined }, { id, name: 'Temporary', kind: 'civil-society', delegates: [{ gender: 'woman' }], updatedAt: undefined });
        assert.ok(!Number.isNaN(Date.parse(list[0].updatedAt)));
        assert.deepEqual(await org.ok('PUT', `/api/organiser/delegations/${id}`, { name: 'Renamed', kind: 'independent', delegates: [{ gender: 'man' }, {}] }), { ok: true });
        list = await org.ok('GET', path);
        assert.deepEqual(list.map((d: any) => [d.name, d.kind, d.delegates]), [['Renamed', 'independent', [{ gender: 'man' }, {}]]]);
        const badPut = await org.request('PUT', `/api/organiser/delegations/${id}`, { name: 'Renamed', kind: 'independent', delegates: [{ gender: 'x' }] });
        assert.equal(badPut.status, 400);
        assert.deepEqual((await org.ok('GET', path))[0].delegates, [{ gender: 'man' }, {}], 'a refused update changes nothing');
        assert.equal((await org.request('PUT', '/api/organiser/delegations/NoSuchDelegation', { name: 'x', kind: 'independent', delegates: [] })).status, 404);
        assert.equal((await anonymous.request('DELETE', `/api/organiser/delegations/${id}`)).status, 401);
        assert.deepEqual(await org.ok('DELETE', `/api/organiser/delegations/${id}`), { ok: true });
        assert.equal((await org.request('DELETE', `/api/organiser/delegations/${id}`)).status, 404);
        assert.deepEqual(await org.ok('GET', path), []);
      });

      test('rules: "at least 50% women" fails 1 of 4 and passes 2 of 4, with the numbers; "every major group present" lists what is missing', async () => {
        const rulesPath = `/api/organiser/conventions/${conventionId}/rules`;
        const badRules = async (rules: unknown, message: RegExp) => {
          const r = await org.request('PUT', rulesPath, { rules });
          assert.equal(r.status, 400, r.text);
          assert.match(r.json.error, message);
        };
        await badRules([{ kind: 'min-share', dimension: 'gender', category: 'woman', min: 50 }], /rules\[0\]\.min: min must be between 0 and 1 \(0\.5 for 50%\)/);
        await badRules([{ kind: 'min-share', dimension: 'gender', category: 'women', min: 0.5 }], /rules\[0\]\.category: "women" is not a category of gender/);
        await badRules([{ kind: 'min-share', dimension: 'sex', category: 'woman', min: 0.5 }], /rules\[0\]\.dimension/);
        await badRules([{ kind: 'most', dimension: 'gender', category: 'woman' }], /kind must be 'min-share', 'max-share' or 'all-present'/);
        await badRules([{ kind: 'all-present', dimension: 'ethnicity', categories: [] }], /name at least one category/);
        await badRules(Array.from({ length: 51 }, () => ({ kind: 'max-share', dimension: 'gender', category: 'man', max: 0.5 })), /at most 50 rules/);
        assert.equal((await anonymous.request('PUT', rulesPath, { rules: [] })).status, 401);

        const rules = [
          { kind: 'min-share', dimension: 'gender', category: 'woman', min: 0.5 },
          { kind: 'all-present', dimension: 'ethnicity', categories: ['pashtun', 'tajik', 'hazara', 'uzbek'] },
          { kind: 'max-share', dimension: 'residence', category: 'abroad', max: 0.5 },
        ];
        await org.ok('PUT', rulesPath, { rules });
        const path = `/api/organiser/conventions/${conventionId}/delegations`;
        const a = (await org.ok('POST', path, { name: 'Party A', kind: 'political-party', delegates: women1of4 })).id;
        const b = (await org.ok('POST', path, { name: 'Women’s network', kind: 'womens-movement', delegates: women2of4 })).id;

        const c = await anonymous.ok('GET', `/api/conventions/${conventionId}/composition`);
        assert.deepEqual(c.rules, rules);
        const da = c.delegations.find((d: any) => d.id === a);
        const db = c.delegations.find((d: any) => d.id === b);
        assert.equal(da.name, 'Party A');
        assert.equal(da.kind, 'political-party');
        assert.equal(da.size, 4);
        assert.deepEqual(da.rules[0], { rule: rules[0], pass: false, detail: { count: 1, total: 4, share: 0.25 } });
        assert.deepEqual(db.rules[0], { rule: rules[0], pass: true, detail: { count: 2, total: 4, share: 0.5 } });
        assert.deepEqual(da.rules[1], { rule: rules[1], pass: false, detail: { missing: ['hazara', 'uzbek'], present: ['pashtun', 'tajik'] } });
        assert.deepEqual(db.rules[1], { rule: rules[1], pass: true, detail: { missing: [], present: ['pashtun', 'tajik', 'hazara', 'uzbek'] } });
        // only one delegate of A gave a residence: 1 of 1 abroad
        assert.deepEqual(da.rules[2], { rule: rules[2], pass: false, detail: { count: 1, total: 1, share: 1 } });
        assert.equal(db.rules[2].pass, true);
        assert.equal(c.allDelegates.size, 8);
        assert.deepEqual(c.allDelegates.rules[0].detail, { count: 3, total: 8, share: 0.375 });
        assert.equal(c.allDelegates.rules[0].pass, false);
        assert.equal(c.allDelegates.rules[1].pass, true);
        // delegations' compositions go through the same suppression: 1 woman of 4 is not a published count
        assert.equal(line(da.report, 'gender', 'woman').count, null);
        assert.deepEqual(da.report.dimensions.map((d: any) => d.dimension), ['gender', 'ethnicity', 'residence', 'age'], 'asked questions and any other a delegation uses');
        const age = da.report.dimensions[3];
        assert.deepEqual([age.total, age.answered], [4, 0], 'nobody in party A gave an age');
      });
    });

    test('an election asking gender and ethnicity on the ballot: belenios-tool verifies it, and its view gives the composition of its voters', async () => {
      const conventionId = await newConvention('Election composition');
      const client = new Client(server.base);
      const draft: ElectionDraft = {
        name: { en: 'Council model' },
        description: {},
        questions: [{ question: { en: 'Which council?' }, answers: [{ en: 'Elected' }, { en: 'Appointed' }], min: 1, max: 1, blank: false }],
        selfDescription: ['gender', 'ethnicity'],
        opensAt: null,
        closesAt: null,
        trustees: { count: 1, threshold: null },
      };
      // a bad selfDescription is refused when drafting
      await client.ok('POST', '/api/session', { username: 'organiser', password: ORGANISER_PASSWORD });
      const badDraft = await client.request('POST', `/api/organiser/conventions/${conventionId}/elections`, { ...draft, selfDescription: ['gender', 'height'] });
      assert.equal(badDraft.status, 400);
      assert.match(badDraft.json.error, /selfDescription\[1\]: each self-description question must be one of/);
      const twice = await client.request('POST', `/api/organiser/conventions/${conventionId}/elections`, { ...draft, selfDescription: ['gender', 'gender'] });
      assert.equal(twice.status, 400);

      const voters = 20;
      const e = await openElectionOverHttp(client, { voters, draft, password: ORGANISER_PASSWORD, conventionId });
      const questions = e.ctx.election.questions;
      assert.equal(questions.length, 3, 'the governance question, then gender and ethnicity');
      // 10 women and 10 men; 10 Pashtun and 10 Tajik (no cell below 10: every count is published)
      // plaintexts: the blank flag first, then one 0/1 per answer
      const gender = (i: number) => {
        const row = new Array(5).fill(0);
        row[i < 10 ? 1 : 2] = 1;
        return row;
      };
      const ethnicity = (i: number) => {
        const row = new Array(14).fill(0);
        row[i % 2 === 0 ? 1 : 2] = 1;
        return row;
      };
      for (let i = 0; i < voters; i++) {
        const r = await client.request('POST', `/api/elections/${e.uuid}/ballots`, ballotFor(e, i, [i < 14 ? [1, 0] : [0, 1], gender(i), ethnicity(i)]));
        assert.equal(r.status, 200, r.text);
      }
      await closeOverHttp(client, e.uuid);
      assert.equal((await decryptOverHttp(client, e, 0)).published, true);

      const view = await client.ok('GET', `/api/elections/${e.uuid}`);
      assert.equal(view.state, 'published');
      assert.deepEqual(view.selfDescription, ['gender', 'ethnicity']);
      assert.equal(view.questions.length, 1, 'self-description questions are not shown as governance questions');
      assert.deepEqual(view.result, [['14', '6']], 'nor among the results');
      const report = view.composition;
      assert.ok(report, 'a published election that asked self-description has a composition');
      assert.deepEqual(report.dimensions.map((d: any) => d.dimension), ['gender', 'ethnicity']);
      for (const d of report.dimensions) {
        assert.equal(d.total, voters);
        const sum = d.categories.reduce((a: number, c: any) => a + c.count, 0);
        assert.equal(sum, voters, `${d.dimension}: the counts sum to the ballots counted`);
      }
      assert.equal(line(report, 'gender', 'woman').count, 10);
      assert.equal(report.dimensions[0].categories[0].category, 'woman');
      assert.equal(line(report, 'gender', 'man').count, 10);
      assert.equal(report.suppressed.length, 0);
      assert.equal(line(report, 'ethnicity', 'pashtun').count, 10);
      assert.equal(line(report, 'ethnicity', 'tajik').count, 10);
      assert.equal(line(report, 'ethnicity', 'uzbek').count, 0);

      // the convention's composition lists the election
      const c = await anonymous.ok('GET', `/api/conventions/${conventionId}/composition`);
      assert.equal(c.elections.length, 1);
      assert.equal(c.elections[0].uuid, e.uuid);
      assert.equal(c.elections[0].voters, voters);
      assert.deepEqual(c.elections[0].name, { en: 'Council model' });
      assert.deepEqual(c.elections[0].report, report);

      const bytes = new Uint8Array(await (await fetch(`${server.base}/api/elections/${e.uuid}/archive.bel`)).arrayBuffer());
      const verified = beleniosVerify(bytes);
      assert.equal(verified.code, 0, `belenios-tool election verify: ${verified.stderr}${verified.stdout}`);
    });

    test('exports: the convention composition as JSON and CSV (hidden numbers empty)', async () => {
      const conventionId = await newConvention('Exports');
      const id = await newConversation(conventionId);
      const answers = [...Array.from({ length: 11 }, () => ({ gender: 'woman', ethnicity: 'tajik' })), ...Array.from({ length: 3 }, () => ({ gender: 'man', ethnicity: 'tajik' }))];
      for (const a of answers) {
        const { b } = await join(id);
        await b.ok('PUT', `/api/conversations/${id}/me/profile`, { answers: a });
      }
      await org.ok('POST', `/api/organiser/conventions/${conventionId}/delegations`, { name: 'Council, "elders"', kind: 'religious-or-ethnic-council', delegates: [{ gender: 'man' }] });

      const live = await anonymous.ok('GET', `/api/conventions/${conventionId}/composition`);
      assert.equal(live.conversations.length, 1);
      assert.equal(live.conversations[0].respondents, 14);
      assert.deepEqual(live.conversations[0].topic, { en: 'Who is here' });
      assert.deepEqual(live.elections, []);

      const json = await anonymous.request('GET', `/api/conventions/${conventionId}/composition.json`);
      assert.equal(json.status, 200);
      assert.match(String(json.headers['content-disposition']), new RegExp(`^attachment; filename="convention-${conventionId}-composition\\.json"$`));
      assert.match(String(json.headers['content-type']), /^application\/json/);
      assert.deepEqual(json.json, live);

      const csv = await anonymous.request('GET', `/api/conventions/${conventionId}/composition.csv`);
      assert.equal(csv.status, 200);
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      assert.match(String(csv.headers['content-disposition']), /^attachment; filename=".*\.csv"$/);
      const rows = parseCsv(csv.text);
      assert.deepEqual(rows[0], ['source', 'dimension', 'category', 'count', 'share', 'reference', 'ratio', 'suppressed']);
      for (const r of rows.slice(1)) assert.equal(r.length, 8);
      const find = (source: string, dimension: string, category: string) => rows.find((r) => r[0] === source && r[1] === dimension && r[2] === category);
      const women = find(`conversation:${id}`, 'gender', 'woman')!;
      assert.deepEqual([women[3], women[4], women[5], women[7]], ['', '', '0.495', 'complementary'], 'the 11 women hide the 3 men (a non-zero complement)');
      const men = find(`conversation:${id}`, 'gender', 'man')!;
      assert.deepEqual([men[3], men[4], men[6], men[7]], ['', '', '', 'small'], 'the 3 men are hidden');
      assert.deepEqual([find(`conversation:${id}`, 'gender', 'other')![3], find(`conversation:${id}`, 'gender', 'other')![7]], ['0', '']);
      assert.equal(find(`conversation:${id}`, 'ethnicity', 'tajik')![3], '14');
      assert.ok(!rows.some((r) => r[3] === '3'), 'no 3 anywhere');
      assert.ok(rows.some((r) => r[0] === 'all-delegates' && r[1] === 'gender'));
      assert.equal(rows.filter((r) => r[0]!.startsWith('delegation:')).length, rows.filter((r) => r[0] === 'all-delegates').length);
      assert.equal((await anonymous.request('GET', '/api/conventions/NoSuchConvention1/composition.csv')).status, 404);
    });
  });
}
