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
