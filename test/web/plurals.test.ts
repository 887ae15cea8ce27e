// Counts read as a person would write them: "1 ballot cast by 1 voter", not "1 ballots cast
// by 1 voters" (plural forms by Intl.PluralRules, web/src/i18n/index.ts tn()).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { loadTexts, t, tn } from '../../web/src/i18n/index.ts';

describe('plural forms in English', () => {
  before(async () => loadTexts(['elections', 'organiser', 'trustee', 'credential-authority', 'deliberation']));

  const counts = (ballots: number, voters: number, credentials: number) =>
    t('election.counts', { ballots: tn('election.ballots', ballots), voters: tn('election.voters', voters), credentials: tn('election.credentials', credentials) });

  test('the election counts', () => {
    assert.equal(counts(1, 1, 1), '1 ballot cast by 1 voter, out of 1 credential.');
    assert.equal(counts(3, 2, 1000), '3 ballots cast by 2 voters, out of 1,000 credentials.');
    assert.equal(counts(0, 0, 5), '0 ballots cast by 0 voters, out of 5 credentials.');
  });

  test('credentials received, trustees, a conversation’s counts', () => {
    assert.equal(tn('manage.credentialsUploaded', 1), '1 public credential received');
    assert.equal(tn('ca.serverHas', 2), 'The server holds 2 public credentials.');
    assert.match(tn('trustee.role', 1), /^You are the only trustee\./);
    assert.match(tn('trustee.role', 3), /^You are one of 3 trustees\./);
    assert.equal(t('talk.counts', { participants: tn('talk.participants', 1), statements: tn('talk.statements', 2), votes: tn('talk.votes', 1) }), '1 participant, 2 statements, 1 vote');
  });
});

describe('plural forms in a conversation', () => {
  before(async () => loadTexts(['deliberation']));
  test('characters over the limit, group sizes', () => {
    assert.equal(tn('talk.charsOver', 1), 'Too long by 1 character');
    assert.equal(tn('talk.charsOver', 12), 'Too long by 12 characters');
    assert.equal(tn('report.groupSize', 1), '1 participant');
    assert.equal(tn('report.mapGroup', 1, { group: 'A' }), 'A: 1 participant.');
    assert.equal(tn('report.mapGroup', 4, { group: 'B' }), 'B: 4 participants.');
  });
});

describe('plural forms in the monitor, the sanctions pages and a conversation’s organiser', () => {
  before(async () => loadTexts(['monitor', 'sanctions', 'deliberation', 'organiser']));

  test('the monitor’s counts and an import’s result', () => {
    const counts = (published: number, retracted: number, sources: number) =>
      t('monitor.counts', { published: tn('monitor.publishedClaims', published), retracted, sources: tn('monitor.sourcesCited', sources) });
    assert.equal(counts(1, 0, 1), '1 published claim, 0 retracted, 1 source cited.');
    assert.equal(counts(2, 1, 3), '2 published claims, 1 retracted, 3 sources cited.');
    const imported = (sources: number, claims: number) => t('monitor.imported', { sources: tn('monitor.importedSources', sources), claims: tn('monitor.importedClaims', claims) });
    assert.equal(imported(1, 1), 'Imported as proposed: 1 source and 1 claim.');
    assert.equal(imported(2, 1200), 'Imported as proposed: 2 sources and 1,200 claims.');
  });

  test('the sanctions lists, their coverage and the network drawing', () => {
    assert.equal(tn('sanctions.entries', 1), '1 entry');
    assert.equal(tn('sanctions.entries', 268), '268 entries');
    assert.equal(tn('sanctions.count.listed', 1), '1 listed person or organisation');
    assert.equal(tn('sanctions.count.listed', 2), '2 listed people and organisations');
    assert.equal(tn('sanctions.count.relatives', 1), '1 relative on no list');
    assert.equal(tn('sanctions.count.relatives', 4), '4 relatives on no list');
    assert.equal(tn('sanctions.count.partners', 1), '1 partner on no list');
    assert.equal(tn('sanctions.count.partners', 0), '0 partners on no list');
    const alt = (people: number, relations: number) => t('sanctions.networkAlt', { people: tn('sanctions.networkPeople', people), relations: tn('sanctions.networkRelations', relations) });
    assert.equal(alt(2, 1), 'A drawing of 2 people and organisations and 1 relation; the same relations are in the table below.');
    assert.equal(alt(1, 0), 'A drawing of 1 person or organisation and 0 relations; the same relations are in the table below.');
  });

  test('the opinion map, an imported conversation, its participation codes', () => {
    const map = (participants: number, groups: number) => t('report.mapSummary', { participants: tn('report.groupSize', participants), groups: tn('report.mapGroups', groups) });
    assert.equal(map(1, 1), 'The map places 1 participant in 1 opinion group.');
    assert.equal(map(40, 3), 'The map places 40 participants in 3 opinion groups.');
    const imported = (statements: number, participants: number, votes: number) =>
      t('orgTalk.imported', { statements: tn('orgTalk.importedStatements', statements), participants: tn('orgTalk.importedParticipants', participants), votes: tn('orgTalk.importedVotes', votes) });
    assert.equal(imported(1, 1, 1), 'Imported 1 statement, 1 participant and 1 vote.');
    assert.equal(imported(5, 2, 0), 'Imported 5 statements, 2 participants and 0 votes.');
    assert.equal(t('orgTalk.codesCount', { issued: tn('orgTalk.codesIssued', 1), used: 0 }), '1 code created, 0 used.');
    assert.equal(t('orgTalk.codesCount', { issued: tn('orgTalk.codesIssued', 30), used: 7 }), '30 codes created, 7 used.');
  });

  test('Dari and Pashto have both forms of each; Pashto inflects its nouns', async () => {
    const bases = ['monitor.publishedClaims', 'monitor.sourcesCited', 'monitor.importedSources', 'monitor.importedClaims', 'sanctions.entries', 'sanctions.count.listed', 'sanctions.count.relatives', 'sanctions.count.partners', 'sanctions.networkPeople', 'sanctions.networkRelations', 'report.mapGroups', 'orgTalk.importedStatements', 'orgTalk.importedParticipants', 'orgTalk.importedVotes', 'orgTalk.codesIssued'];
    const texts: Record<string, Record<string, string>> = {};
    for (const lang of ['fa-AF', 'ps-AF']) {
      texts[lang] = {};
      for (const f of ['monitor', 'sanctions', 'deliberation', 'organiser']) Object.assign(texts[lang]!, (await import(`../../web/src/i18n/${lang}/${f}.ts`)).default);
      for (const base of bases) for (const form of ['one', 'other']) assert.match(texts[lang]![`${base}.${form}`] ?? '', /\{n\}/, `${lang} ${base}.${form}`);
    }
    const ps = texts['ps-AF']!;
    for (const base of ['monitor.publishedClaims', 'monitor.importedClaims', 'sanctions.entries', 'sanctions.count.listed', 'report.mapGroups', 'orgTalk.importedVotes', 'orgTalk.codesIssued']) {
      assert.notEqual(ps[`${base}.one`], ps[`${base}.other`], `ps-AF ${base}: singular and plural differ`);
    }
  });
});
