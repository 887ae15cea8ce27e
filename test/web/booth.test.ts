// The voting booth's steps (web/src/features/vote/booth-state.ts) and what a
// selection encrypts to (selection.ts): the credential is forgotten once the ballot
// is cast, a failure goes back one step and keeps what the voter did.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { boothReducer, INITIAL_BOOTH, type BoothEvent, type BoothState, type Prepared } from '../../web/src/features/vote/booth-state.ts';
import { NOTHING_CHOSEN, plaintextOf, selectionProblem } from '../../web/src/features/vote/selection.ts';
import type { QuestionH } from '../../src/protocol/codec.ts';

const run = (events: BoothEvent[], from: BoothState = INITIAL_BOOTH) => events.reduce(boothReducer, from);
const PREPARED: Prepared = { text: '{"ballot":1}', tracker: 'TRACKER', randomness: [['1', '2']], plaintext: [[1, 0]] };
const question = (q: Partial<QuestionH>): QuestionH => ({ question: 'Q', answers: ['a', 'b', 'c'], min: 1, max: 1, ...q }) as QuestionH;

describe('the voting booth', () => {
  test('credential, choices, prepared ballot, cast: the credential and the ballot are forgotten at the end', () => {
    const s = run([
      { type: 'questions', count: 2 },
      { type: 'credential-typed', credential: 'secret' },
      { type: 'credential-accepted' },
      { type: 'selected', question: 1, selection: { chosen: [2], blank: false } },
      { type: 'preparing' },
      { type: 'prepared', prepared: PREPARED },
      { type: 'casting' },
      { type: 'cast', answer: { tracker: 'TRACKER', replaced: false, alreadyRecorded: false } },
    ]);
    assert.equal(s.stage, 'done');
    assert.equal(s.credential, '');
    assert.equal(s.prepared, null);
    assert.deepEqual(s.cast, { tracker: 'TRACKER', replaced: false });
    assert.deepEqual(s.selections, [NOTHING_CHOSEN, { chosen: [2], blank: false }]);
  });

  test('the credential step is left only from the credential step', () => {
    assert.equal(run([{ type: 'credential-accepted' }]).stage, 'choose');
    const done = run([{ type: 'credential-accepted' }, { type: 'preparing' }, { type: 'prepared', prepared: PREPARED }, { type: 'casting' }, { type: 'cast', answer: { tracker: 't', replaced: true, alreadyRecorded: false } }]);
    assert.equal(boothReducer(done, { type: 'credential-accepted' }).stage, 'done');
  });

  test('a ballot that could not be prepared goes back to the choices, with the error and the credential kept', () => {
    const error = new Error('bad credential');
    const s = run([{ type: 'credential-typed', credential: 'secret' }, { type: 'credential-accepted' }, { type: 'preparing' }, { type: 'preparing-failed', error }]);
    assert.equal(s.stage, 'choose');
    assert.equal(s.error, error);
    assert.equal(s.credential, 'secret');
    // the next attempt clears the error
    assert.equal(boothReducer(s, { type: 'preparing' }).error, null);
  });

  test('a ballot the server refused stays prepared, to cast again or change', () => {
    const refusal = { status: 409 };
    const s = run([{ type: 'credential-typed', credential: 'secret' }, { type: 'credential-accepted' }, { type: 'preparing' }, { type: 'prepared', prepared: PREPARED }, { type: 'casting' }, { type: 'casting-failed', error: refusal }]);
    assert.equal(s.stage, 'review');
    assert.equal(s.prepared, PREPARED);
    assert.equal(s.credential, 'secret');
    assert.equal(s.error, refusal);
    assert.equal(boothReducer(s, { type: 'change-choices' }).stage, 'choose');
  });

  test('an audit shows its result; the audited ballot is prepared again before casting', () => {
    const audit = { ok: true as const, choices: [[1, 0]], matchesClaim: true, tracker: 'TRACKER' };
    const s = run([{ type: 'credential-accepted' }, { type: 'preparing' }, { type: 'prepared', prepared: PREPARED }, { type: 'audited', audit }]);
    assert.equal(s.stage, 'audited');
    assert.equal(s.audit, audit);
    assert.equal(boothReducer(s, { type: 'preparing' }).stage, 'preparing');
  });

  test('new questions reset the selections', () => {
    const s = run([{ type: 'questions', count: 1 }, { type: 'selected', question: 0, selection: { chosen: [0], blank: false } }, { type: 'questions', count: 3 }]);
    assert.deepEqual(s.selections, [NOTHING_CHOSEN, NOTHING_CHOSEN, NOTHING_CHOSEN]);
  });
});

describe('selections', () => {
  test('a choice encrypts to one 0/1 per answer, the blank choice first when the question allows it', () => {
    assert.deepEqual(plaintextOf(question({}), { chosen: [1], blank: false }), [0, 1, 0]);
    assert.deepEqual(plaintextOf(question({ blank: true }), { chosen: [1], blank: false }), [0, 0, 1, 0]);
    assert.deepEqual(plaintextOf(question({ blank: true }), { chosen: [], blank: true }), [1, 0, 0, 0]);
  });

  test('too few or too many answers is a problem; blank never is', () => {
    const q = question({ min: 1, max: 2 });
    assert.notEqual(selectionProblem(q, { chosen: [], blank: false }), undefined);
    assert.equal(selectionProblem(q, { chosen: [0], blank: false }), undefined);
    assert.equal(selectionProblem(q, { chosen: [0, 2], blank: false }), undefined);
    assert.notEqual(selectionProblem(q, { chosen: [0, 1, 2], blank: false }), undefined);
    assert.equal(selectionProblem(q, { chosen: [], blank: true }), undefined);
  });
});
