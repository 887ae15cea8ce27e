// The voting booth's steps (web/src/features/vote/booth-state.ts) and what a
// selection encrypts to (selection.ts): the credential is forgotten once the ballot
// is cast, a failure goes back one step and keeps what the voter did.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { boothReducer, castRefusal, INITIAL_BOOTH, noticeReplacesBooth, type BoothEvent, type BoothState, type Prepared, type Stage } from '../../web/src/features/vote/booth-state.ts';
import { ApiError, UNEXPECTED_ANSWER } from '../../web/src/api/client.ts';
import { NOTHING_CHOSEN, plaintextOf, selectionProblem } from '../../web/src/features/vote/selection.ts';
import { readCredential } from '../../web/src/features/vote/credential-text.ts';
import { generateSecretCredential } from '../../src/protocol/credentials.ts';
import type { QuestionH } from '../../src/protocol/codec.ts';

const run = (events: BoothEvent[], from: BoothState = INITIAL_BOOTH) => events.reduce(boothReducer, from);
const PREPARED: Prepared = { text: '{"ballot":1}', tracker: 'TRACKER', randomness: [['1', '2']], plaintext: [[1, 0]] };
/** One question, a credential accepted, a ballot prepared, and "Cast" pressed. */
const UP_TO_CASTING: BoothEvent[] = [
  { type: 'questions', count: 1 },
  { type: 'credential-typed', credential: 'secret' },
  { type: 'credential-accepted' },
  { type: 'preparing' },
  { type: 'prepared', prepared: PREPARED },
  { type: 'casting' },
];
const question = (q: Partial<QuestionH>): QuestionH => ({ question: 'Q', answers: ['a', 'b', 'c'], min: 1, max: 1, ...q }) as QuestionH;

describe('the voting booth', () => {
  test('"voting has closed" replaces the booth only before the voter began: never the casting, the receipt or a refusal', () => {
    const before: Stage[] = ['credential', 'checking'];
    const after: Stage[] = ['choose', 'preparing', 'review', 'audited', 'casting', 'waiting', 'done', 'refused'];
    for (const stage of before) assert.equal(noticeReplacesBooth(stage), true, stage);
    for (const stage of after) assert.equal(noticeReplacesBooth(stage), false, stage);
    // a ballot cast a second before the closing time, its answer after it: the receipt stays
    const done = run([...UP_TO_CASTING, { type: 'cast', answer: { tracker: 'TRACKER', replaced: false, alreadyRecorded: false } }]);
    assert.equal(noticeReplacesBooth(done.stage), false);
  });

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
    assert.deepEqual(s.cast, { tracker: 'TRACKER', replaced: false, alreadyRecorded: false });
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

  test('a credential is checked before the choices: one not on the list goes back to the credential, with what was typed', () => {
    const refusal = new Error('credential-not-listed');
    const typed = run([{ type: 'credential-typed', credential: 'ABC def' }, { type: 'credential-checking' }]);
    assert.equal(typed.stage, 'checking');
    // typing is ignored while the check runs
    assert.equal(boothReducer(typed, { type: 'credential-typed', credential: 'x' }).credential, 'ABC def');
    const refused = boothReducer(typed, { type: 'credential-refused', error: refusal });
    assert.equal(refused.stage, 'credential');
    assert.equal(refused.error, refusal);
    assert.equal(refused.credential, 'ABC def');
    // typing again clears the refusal; a later acceptance keeps the form found on the list
    assert.equal(boothReducer(refused, { type: 'credential-typed', credential: 'ABC-def' }).error, null);
    const accepted = run([{ type: 'credential-checking' }, { type: 'credential-accepted', credential: 'ABC-def-123' }], refused);
    assert.equal(accepted.stage, 'choose');
    assert.equal(accepted.credential, 'ABC-def-123');
    // a late refusal after acceptance changes nothing
    assert.equal(boothReducer(accepted, { type: 'credential-refused', error: refusal }).stage, 'choose');
  });

  test('a ballot that failed at "Cast" stays sealed with its tracker; the retry sends it again and it is never offered for testing', () => {
    const lost = { status: 0, code: 'network' };
    const s = run([{ type: 'credential-typed', credential: 'secret' }, { type: 'credential-accepted' }, { type: 'preparing' }, { type: 'prepared', prepared: PREPARED }, { type: 'casting' }, { type: 'casting-failed', error: lost }]);
    assert.equal(s.stage, 'review');
    assert.equal(s.prepared, PREPARED);
    assert.equal(s.sent, true);
    // the ballot may be on the board: opening it would reveal a vote that may count
    assert.equal(boothReducer(s, { type: 'audited', audit: { ok: true, choices: [[1, 0]], matchesClaim: true, tracker: 'TRACKER' } }).stage, 'review');
    const retry = boothReducer(s, { type: 'casting' });
    assert.equal(retry.stage, 'casting');
    assert.equal(retry.prepared, PREPARED, 'the same ballot');
    assert.equal(retry.error, null);
    const done = boothReducer(retry, { type: 'cast', answer: { tracker: 'TRACKER', replaced: false, alreadyRecorded: true } });
    assert.equal(done.stage, 'done');
    assert.equal(done.cast?.alreadyRecorded, true);
    // a new ballot prepared after changing the choices may be tested again
    const changed = run([{ type: 'change-choices' }, { type: 'preparing' }, { type: 'prepared', prepared: { ...PREPARED, tracker: 'OTHER' } }], s);
    assert.equal(changed.sent, false);
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

  const castThenFail = (error: unknown) =>
    run([{ type: 'credential-typed', credential: 'secret' }, { type: 'credential-accepted' }, { type: 'preparing' }, { type: 'prepared', prepared: PREPARED }, { type: 'casting' }, { type: 'casting-failed', error }]);

  test('lost connections, server errors and too many requests keep the sealed ballot for "Try again"', () => {
    for (const error of [new ApiError('offline', 0, 'network'), new ApiError('boom', 500, 'internal'), new ApiError('down', 503), new ApiError('slow down', 429, 'rate-limited'), new ApiError('odd', 200, UNEXPECTED_ANSWER), new Error('worker')]) {
      assert.equal(castRefusal(error), null, String(error.message));
      const s = castThenFail(error);
      assert.equal(s.stage, 'review', error.message);
      assert.equal(s.refusal, null);
      assert.equal(s.prepared, PREPARED);
      assert.equal(boothReducer(s, { type: 'casting' }).stage, 'casting', 'sent again');
    }
    // a refusal code on a server error is not trusted as definitive
    assert.equal(castRefusal(new ApiError('x', 502, 'voting-closed')), null);
  });

  test('definitive refusals at "Cast" are told apart by their code', () => {
    assert.equal(castRefusal(new ApiError('closed', 409, 'voting-closed')), 'closed');
    assert.equal(castRefusal(new ApiError('who', 403, 'unknown-credential')), 'credential');
    assert.equal(castRefusal(new ApiError('bad', 400, 'invalid-ballot')), 'invalid');
    assert.equal(castRefusal(new ApiError('bad', 400, 'malformed-ballot')), 'invalid');
    assert.equal(castRefusal(new ApiError('again', 409, 'replayed-ballot')), 'replayed');
    assert.equal(castRefusal({ status: 409, code: 'voting-closed' }), null, 'only an answer of the server is a refusal');
  });

  test('voting closed: the ballot is refused for good, nothing can be sent, chosen or tested again, the credential is forgotten', () => {
    const error = new ApiError('voting is closed', 409, 'voting-closed');
    const s = castThenFail(error);
    assert.equal(s.stage, 'refused');
    assert.equal(s.refusal, 'closed');
    assert.equal(s.error, error);
    assert.equal(s.prepared, null, 'no tracker to show: the ballot is not on the board');
    assert.equal(s.credential, '');
    assert.equal(boothReducer(s, { type: 'casting' }), s, 'no "Try again"');
    assert.equal(boothReducer(s, { type: 'change-choices' }), s, 'nothing left to choose');
    assert.equal(boothReducer(s, { type: 'retype-credential' }), s);
  });

  test('unknown credential: back to the credential with what was typed and the choices, the refused ballot dropped', () => {
    const s = castThenFail(new ApiError('not on the list', 403, 'unknown-credential'));
    assert.equal(s.stage, 'refused');
    assert.equal(s.refusal, 'credential');
    assert.equal(s.prepared, null);
    assert.equal(boothReducer(s, { type: 'casting' }).stage, 'refused', 'no "Try again"');
    const back = run([{ type: 'questions', count: 1 }, { type: 'selected', question: 0, selection: { chosen: [1], blank: false } }, { type: 'preparing' }, { type: 'prepared', prepared: PREPARED }, { type: 'casting' }, { type: 'casting-failed', error: new ApiError('x', 403, 'unknown-credential') }, { type: 'retype-credential' }], { ...INITIAL_BOOTH, credential: 'secret', stage: 'choose' });
    assert.equal(back.stage, 'credential');
    assert.equal(back.credential, 'secret');
    assert.deepEqual(back.selections, [{ chosen: [1], blank: false }]);
    assert.equal(back.refusal, null);
    assert.equal(back.error, null);
    assert.equal(back.sent, false);
    // retype-credential means nothing outside this refusal
    assert.equal(boothReducer(castThenFail(new ApiError('bad', 400, 'invalid-ballot')), { type: 'retype-credential' }).stage, 'refused');
  });

  test('invalid ballot: no "Try again", a new ballot is prepared from the kept choices and credential', () => {
    const s = castThenFail(new ApiError('invalid ballot', 400, 'malformed-ballot'));
    assert.equal(s.stage, 'refused');
    assert.equal(s.refusal, 'invalid');
    assert.equal(s.prepared, null);
    assert.equal(s.credential, 'secret');
    assert.equal(boothReducer(s, { type: 'casting' }).stage, 'refused');
    const again = run([{ type: 'change-choices' }, { type: 'preparing' }, { type: 'prepared', prepared: { ...PREPARED, tracker: 'NEW' } }], s);
    assert.equal(again.stage, 'review');
    assert.equal(again.refusal, null);
    assert.equal(again.sent, false);
    assert.equal(again.prepared?.tracker, 'NEW');
  });

  test('replayed ballot: its tracker stays visible (it is on the board) but it is never sent or opened again; a new ballot can be prepared', () => {
    const s = castThenFail(new ApiError('replay', 409, 'replayed-ballot'));
    assert.equal(s.stage, 'refused');
    assert.equal(s.refusal, 'replayed');
    assert.equal(s.prepared, PREPARED);
    assert.equal(s.credential, 'secret');
    assert.equal(boothReducer(s, { type: 'casting' }).stage, 'refused');
    assert.equal(boothReducer(s, { type: 'audited', audit: { ok: true, choices: [[1, 0]], matchesClaim: true, tracker: 'TRACKER' } }).stage, 'refused');
    const again = boothReducer(s, { type: 'change-choices' });
    assert.equal(again.stage, 'choose');
    assert.equal(again.refusal, null);
  });

  test('a ballot that could not be delivered can be kept on the device: the credential is forgotten at once, it is never sent from the booth again, and its outcome ends the wait', () => {
    const failed = run([...UP_TO_CASTING, { type: 'casting-failed', error: new ApiError('network', 0, 'network') }]);
    // a ballot never sent is not kept (it could still be tested, and nothing failed)
    assert.equal(run([{ type: 'kept' }], run([{ type: 'questions', count: 1 }, { type: 'credential-typed', credential: 'secret' }, { type: 'credential-accepted' }, { type: 'preparing' }, { type: 'prepared', prepared: PREPARED }])).stage, 'review');
    const waiting = run([{ type: 'kept' }], failed);
    assert.equal(waiting.stage, 'waiting');
    assert.equal(waiting.credential, '', 'only the sealed ballot is kept, not the credential');
    assert.equal(waiting.prepared?.tracker, 'TRACKER');
    // the outbox sends it: "Cast", the choices, a test are not offered
    assert.equal(run([{ type: 'casting' }], waiting).stage, 'waiting');
    assert.equal(run([{ type: 'change-choices' }], waiting).stage, 'waiting');
    assert.equal(run([{ type: 'audited', audit: { ok: true } as never }], waiting).stage, 'waiting');
    // sent when the network returned
    const done = run([{ type: 'cast', answer: { tracker: 'TRACKER', replaced: false, alreadyRecorded: false } }], waiting);
    assert.equal(done.stage, 'done');
    assert.equal(done.prepared, null);
    // refused for good when it arrived (voting had closed meanwhile)
    const closed = run([{ type: 'casting-failed', error: new ApiError('closed', 400, 'voting-closed') }], waiting);
    assert.equal(closed.stage, 'refused');
    assert.equal(closed.refusal, 'closed');
    // voting differently needs the credential again (the new ballot replaces the kept one)
    const again = run([{ type: 'retype-credential' }], waiting);
    assert.equal(again.stage, 'credential');
    assert.equal(again.prepared, null);
    assert.equal(again.sent, false);
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

describe('a credential as phones type it', () => {
  const valid = (() => {
    // a real credential whose checksum holds, with digits in it
    for (;;) {
      const c = generateSecretCredential();
      if (/[1-9].*[1-9]/.test(c)) return c;
    }
  })();
  const persian = (s: string) => s.replace(/[0-9]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);
  const arabic = (s: string) => s.replace(/[0-9]/g, (d) => '٠١٢٣٤٥٦٧٨٩'[Number(d)]!);

  test('Persian and Arabic-Indic digits, spaces, en and em dashes, direction marks are read as the printed credential', () => {
    const typed = [valid, persian(valid), arabic(valid), valid.replaceAll('-', ' '), valid.replaceAll('-', '–'), valid.replaceAll('-', '—'), `\u200F${persian(valid).replaceAll('-', ' - ')}\u200E `, valid.replaceAll('-', '')];
    for (const t of typed) {
      const r = readCredential(t);
      assert.equal(r.kind, 'ok', JSON.stringify(t));
      assert.deepEqual(r.kind === 'ok' && r.candidates, [valid, valid.replaceAll('-', '')]);
    }
  });

  test('nothing is said while fewer than 15 characters are typed; too many, a wrong character (by its group) or a broken checksum are told apart', () => {
    assert.deepEqual(readCredential('ABC-de'), { kind: 'incomplete', length: 5 });
    assert.deepEqual(readCredential(''), { kind: 'incomplete', length: 0 });
    assert.equal(readCredential(valid + 'x').kind, 'too-long');
    // 0, O, I, l are not base-58; a Persian zero is a 0
    assert.deepEqual(readCredential('ABC-d0f-123-GHk-4mI'), { kind: 'bad-characters', groups: [2, 5], characters: ['0', 'I'] });
    assert.deepEqual(readCredential('ABC-def-1۰3-GHk-4mn'), { kind: 'bad-characters', groups: [3], characters: ['0'] });
    assert.deepEqual(readCredential('ABC-def-123-GHk-4مn'), { kind: 'bad-characters', groups: [5], characters: ['م'] });
    // one character changed: the checksum catches it (53 is prime, one change always shows)
    const i = valid.search(/[A-Za-z]/);
    const wrong = valid.slice(0, i) + (valid[i] === 'a' ? 'b' : 'a') + valid.slice(i + 1);
    assert.deepEqual(readCredential(wrong), { kind: 'checksum' });
  });
});
