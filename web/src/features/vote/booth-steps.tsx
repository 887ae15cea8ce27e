// The booth's screens, one per step: the credential, the choices, the prepared
// ballot (cast it, audit it, or change the choices; after a failure, the same sealed
// ballot to send again), the audit, the cast ballot, and a ballot refused for good.
import { useState } from 'preact/hooks';
import { downloadText } from '../../components/download.ts';
import { CarryBallot } from './carry-ballot.tsx';
import { formatReceipt } from '../../../../src/courier/receipt.ts';
import { currentLanguage, formatNumber, t, type Key } from '../../i18n/index.ts';
import { ApiError, UNEXPECTED_ANSWER } from '../../api/client.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import type { AuditResult } from '../../../../src/protocol/audit.ts';
import { isHomomorphic, type Question } from '../../../../src/protocol/codec.ts';
import type { CastAnswer } from '../../api/ballots.ts';
import type { Prepared, Refusal } from './booth-state.ts';
import { QuestionForm } from './question-form.tsx';
import { answerProblem, NOTHING_CHOSEN, type Selection } from './selection.ts';
import { NhQuestionForm } from './nh-question.tsx';
import { nhStarted } from './ranking.ts';
import { BallotSummary } from './ballot-summary.tsx';
import { auditFile, BOOTH_WORKER_FAILED, BoothError, CREDENTIAL_LIST_UNREACHABLE, CREDENTIAL_UNKNOWN } from './use-booth.ts';
import { CopyButton } from './copy-button.tsx';
import { CREDENTIAL_LENGTH, readCredential, type CredentialReading } from './credential-text.ts';

/** What is wrong with a fully typed credential, in the reader's language (nothing while it is being typed). */
function credentialProblem(reading: CredentialReading, submitted: boolean): string | null {
  switch (reading.kind) {
    case 'ok':
      return null;
    case 'incomplete':
      return submitted ? t('vote.credentialShort', { n: reading.length, total: CREDENTIAL_LENGTH }) : null;
    case 'too-long':
      return t('vote.credentialLong', { n: reading.length, total: CREDENTIAL_LENGTH });
    case 'bad-characters':
      return t('vote.credentialBadCharacters', { groups: reading.groups.map((g) => formatNumber(g)).join(currentLanguage() === 'en' ? ', ' : '، '), characters: reading.characters.map((c) => `«${c}»`).join(' ') });
    case 'checksum':
      return t('vote.credentialChecksum');
  }
}

/** The booth's own refusals of a credential, before any choice. */
function CredentialRefusal({ error }: { error: unknown }) {
  if (!error) return null;
  const code = error instanceof BoothError ? error.code : undefined;
  if (code === CREDENTIAL_UNKNOWN) return <p class="error" role="alert" data-testid="credential-unknown">{t('vote.credentialUnknown')}</p>;
  if (code === CREDENTIAL_LIST_UNREACHABLE) return <p class="error" role="alert">{t('vote.credentialListUnreachable')}</p>;
  return <BoothErrorMessage error={error} />;
}

/** An error of the booth: its own (the worker that failed) in the voter's language, or the ballot box's. */
export function BoothErrorMessage({ error }: { error: unknown }) {
  if (error instanceof BoothError && error.code === BOOTH_WORKER_FAILED) return <p class="error" role="alert" data-testid="booth-worker-failed">{t('vote.workerFailed')}</p>;
  return <ErrorMessage error={error} />;
}

export function CredentialStep({ credential, checking, error, onType, onAccept }: { credential: string; checking: boolean; error: unknown; onType: (c: string) => void; onAccept: () => void }) {
  const [showCredential, setShowCredential] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const reading = readCredential(credential);
  const problem = credentialProblem(reading, submitted);
  const props = {
    id: 'credential',
    class: 'credential-input',
    autocomplete: 'off',
    autocapitalize: 'off' as const,
    autocorrect: 'off',
    spellcheck: false,
    dir: 'ltr' as const,
    value: credential,
    disabled: checking,
    onInput: (e: Event) => {
      setSubmitted(false);
      onType((e.target as HTMLInputElement).value);
    },
    'aria-describedby': problem ? 'credential-help credential-problem' : 'credential-help',
    'aria-invalid': problem ? ('true' as const) : ('false' as const),
  };
  return (
    <section>
      <div class="notice">
        <p>{t('vote.secret')}</p>
        <p>{t('vote.revote')}</p>
        <p data-testid="coercion">{t('vote.coercion')}</p>
        <p>{t('vote.safety')}</p>
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setSubmitted(true);
          if (reading.kind === 'ok' && !checking) onAccept();
        }}
      >
        <label for="credential">{t('vote.credentialLabel')}</label>
        {showCredential ? <input type="text" {...props} /> : <input type="password" {...props} />}
        <p id="credential-help" class="muted small">
          {/* the example is a credential, not words: shown as one, in every language */}
          {t('vote.credentialHelp')
            .split('{example}')
            .map((words, i) => (i === 0 ? words : [<code key={i} class="mono">ABC-def-123-GHk-4mn</code>, words]))}{' '}
          {t('vote.credentialKeyboard')}
        </p>
        <label class="choice">
          <input type="checkbox" checked={showCredential} onChange={() => setShowCredential(!showCredential)} />
          <span>{t('vote.showCredential')}</span>
        </label>
        {problem ? (
          <p id="credential-problem" class="error" role="alert" data-testid="credential-problem">
            {problem}
          </p>
        ) : null}
        <CredentialRefusal error={error} />
        {checking ? (
          <p class="notice" role="status">
            {t('vote.checkingCredential')}
          </p>
        ) : null}
        <div class="actions">
          <button class="primary" type="submit" disabled={checking}>
            {t('vote.continue')}
          </button>
        </div>
      </form>
    </section>
  );
}

export function ChooseStep({ questions, selections, onSelect, onPrepare }: { questions: Question[]; selections: Selection[]; onSelect: (question: number, s: Selection) => void; onPrepare: () => void }) {
  const problems = questions.map((q, i) => (selections[i] ? answerProblem(q, selections[i]!) : undefined));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (problems.every((p) => !p)) onPrepare();
      }}
    >
      {questions.map((q, i) => {
        const selection = selections[i] ?? NOTHING_CHOSEN;
        // a problem is said once the voter has started on the question
        const started = isHomomorphic(q) ? selection.chosen.length > 0 : nhStarted(selection);
        return (
          <div key={i}>
            {isHomomorphic(q) ? <QuestionForm q={q} index={i} selection={selection} onChange={(s) => onSelect(i, s)} /> : <NhQuestionForm q={q} index={i} selection={selection} onChange={(s) => onSelect(i, s)} />}
            {problems[i] && started ? (
              <p class="error" data-testid="question-problem">
                {problems[i]}
              </p>
            ) : null}
          </div>
        );
      })}
      <div class="actions">
        <button class="primary" type="submit" disabled={problems.some((p) => p)}>
          {t('vote.prepare')}
        </button>
      </div>
    </form>
  );
}

/** A failure at "Cast" whose outcome is unknown: the request or only its answer may have been lost. */
const outcomeUnknown = (e: unknown) => !(e instanceof ApiError) || e.status === 0 || e.status >= 500 || e.code === UNEXPECTED_ANSWER;

export function ReviewStep({ questions, prepared, sent, error, onCast, onKeep, onAudit, onChange }: { questions: readonly Question[]; prepared: Prepared; sent: boolean; error: unknown; onCast: () => void; onKeep: () => void; onAudit: () => void; onChange: () => void }) {
  return (
    <section>
      <h2>{t('vote.reviewTitle')}</h2>
      {error ? (
        <div class="card" role="alert" data-testid="cast-failed">
          {outcomeUnknown(error) ? <p class="error">{t('vote.castUnconfirmed')}</p> : <ErrorMessage error={error} />}
          <p>{t('vote.castKept')}</p>
        </div>
      ) : null}
      {error && outcomeUnknown(error) ? (
        <div class="card" data-testid="keep-ballot">
          <p>{t('vote.keepExplain')}</p>
          <div class="actions">
            <button class="primary" type="button" onClick={onKeep} data-testid="keep">
              {t('vote.keep')}
            </button>
          </div>
        </div>
      ) : null}
      {error && outcomeUnknown(error) ? <CarryBallot prepared={prepared} /> : null}
      <div class="card ballot-summary">
        <p class="field-title">{t('vote.yourChoices')}</p>
        <BallotSummary questions={questions} plaintext={prepared.plaintext} />
      </div>
      <p>{t('vote.trackerExplain')}</p>
      <p class="tracker mono" data-testid="tracker">
        {prepared.tracker}
      </p>
      <p>
        <CopyButton text={prepared.tracker} />
      </p>
      <div class="actions">
        <button class="primary" type="button" onClick={onCast}>
          {sent ? t('vote.tryAgain') : t('vote.cast')}
        </button>
        {sent ? null : (
          <button class="secondary" type="button" onClick={onAudit}>
            {t('vote.audit')}
          </button>
        )}
        <button class="secondary" type="button" onClick={onChange}>
          {t('vote.change')}
        </button>
      </div>
      <p class="muted small">{sent ? t('vote.sentNoAudit') : t('vote.auditExplain')}</p>
    </section>
  );
}

/** The sealed ballot waits on this device for the network (web/src/offline/outbox.ts). */
export function WaitingStep({ prepared, onSend, onNewBallot }: { prepared: Prepared; onSend: () => void; onNewBallot: () => void }) {
  return (
    <section>
      <h2>{t('vote.waitingTitle')}</h2>
      <p class="notice" role="status" data-testid="ballot-waiting">
        {t('vote.waiting')}
      </p>
      <p>{t('vote.trackerExplain')}</p>
      <p class="tracker mono" data-testid="tracker">
        {prepared.tracker}
      </p>
      <div class="actions">
        <button class="primary" type="button" onClick={onSend}>
          {t('vote.sendNow')}
        </button>
        <button class="secondary" type="button" onClick={onNewBallot}>
          {t('vote.waitingNewBallot')}
        </button>
      </div>
      <p class="muted small">{t('vote.waitingErase')}</p>
      <CarryBallot prepared={prepared} />
    </section>
  );
}

const REFUSAL_TEXT: Record<Refusal, Key> = { closed: 'vote.refusedClosed', credential: 'vote.refusedCredential', invalid: 'vote.refusedInvalid', replayed: 'vote.refusedReplayed' };

/** A ballot the ballot box refused for good: what happened and what the voter can still do (never "Try again"). */
export function RefusedStep({ uuid, refusal, prepared, onRetypeCredential, onNewBallot }: { uuid: string; refusal: Refusal; prepared: Prepared | null; onRetypeCredential: () => void; onNewBallot: () => void }) {
  return (
    <section>
      <h2>{t('vote.refusedTitle')}</h2>
      <p class="error" role="alert" data-testid="cast-refused" data-refusal={refusal}>
        {t(REFUSAL_TEXT[refusal])}
      </p>
      {refusal === 'replayed' && prepared ? (
        <p class="tracker mono" data-testid="tracker">
          {prepared.tracker}
        </p>
      ) : null}
      <div class="actions">
        {refusal === 'credential' ? (
          <button class="primary" type="button" onClick={onRetypeCredential}>
            {t('vote.retypeCredential')}
          </button>
        ) : null}
        {refusal === 'invalid' || refusal === 'replayed' ? (
          <button class="primary" type="button" onClick={onNewBallot}>
            {t('vote.prepareNew')}
          </button>
        ) : null}
        <a class="secondary" href={`/e/${encodeURIComponent(uuid)}`}>
          {t('vote.toElection')}
        </a>
      </div>
    </section>
  );
}

export function AuditStep({ uuid, electionRaw, questions, prepared, audit, onAgain }: { uuid: string; electionRaw: string; questions: readonly Question[]; prepared: Prepared; audit: AuditResult; onAgain: () => void }) {
  return (
    <section>
      <h2>{t('vote.auditTitle')}</h2>
      {audit.ok && audit.matchesClaim ? <p class="success">{t('vote.auditPassed')}</p> : <p class="failure">{t('vote.auditFailed')}</p>}
      {audit.ok ? (
        <BallotSummary questions={questions} plaintext={audit.choices} />
      ) : (
        <p lang="en" dir="ltr" class="small">{audit.message}</p>
      )}
      <p>{t('vote.auditDiscarded')}</p>
      <div class="actions">
        <button class="secondary" type="button" onClick={() => downloadText(`jirga-ballot-audit-${uuid}.json`, JSON.stringify(auditFile(electionRaw, prepared), null, 1), 'application/json')}>
          {t('vote.auditDownload')}
        </button>
        <button class="primary" type="button" onClick={onAgain}>
          {t('vote.auditAgain')}
        </button>
      </div>
      <p class="muted small">{t('vote.auditCli')}</p>
    </section>
  );
}

/** The voter's receipt: the tracker and the board event that holds it, to check any copy of the board against. */
function ReceiptLine({ uuid, tracker, event }: { uuid: string; tracker: string; event: { height: number; hash: string } }) {
  const line = formatReceipt({ election: uuid, tracker, height: event.height, hash: event.hash });
  return (
    <div class="card" data-testid="receipt">
      <p>{t('vote.receiptExplain')}</p>
      <p class="mono small receipt" dir="ltr" data-testid="receipt-line">
        {line}
      </p>
      <CopyButton text={line} label="vote.copyReceipt" testId="copy-receipt" />
    </div>
  );
}

export function DoneStep({ uuid, cast }: { uuid: string; cast: CastAnswer }) {
  return (
    <section>
      <p class="success" role="status" data-testid="cast-done">
        {cast.alreadyRecorded ? t('vote.doneAlready') : cast.replaced ? t('vote.doneReplaced') : t('vote.done')}
      </p>
      <p>{t('vote.doneTracker')}</p>
      <p class="tracker mono" data-testid="cast-tracker">
        {cast.tracker}
      </p>
      {cast.event ? <ReceiptLine uuid={uuid} tracker={cast.tracker} event={cast.event} /> : null}
      <p>{t('vote.doneRevote')}</p>
      <div class="actions">
        <CopyButton text={cast.tracker} />
        <a class="secondary" href={`/e/${encodeURIComponent(uuid)}?tracker=${encodeURIComponent(cast.tracker)}${cast.event ? `#receipt=${encodeURIComponent(formatReceipt({ election: uuid, tracker: cast.tracker, ...cast.event }))}` : '#check'}`}>
          {t('vote.seeBox')}
        </a>
      </div>
    </section>
  );
}

/** Where an election that is not open now stands: no booth, no credential box. */
export function NotOpenNotice({ uuid, notice }: { uuid: string; notice: string }) {
  return (
    <section>
      <p class="notice" role="status" data-testid="booth-closed">
        {notice}
      </p>
      <div class="actions">
        <a class="secondary" href={`/e/${encodeURIComponent(uuid)}`}>
          {t('vote.toElection')}
        </a>
      </div>
    </section>
  );
}
