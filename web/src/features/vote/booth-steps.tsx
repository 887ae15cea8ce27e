// The booth's screens, one per step: the credential, the choices, the prepared
// ballot (cast it, audit it, or change the choices), the audit, and the cast ballot.
import { useState } from 'preact/hooks';
import { downloadText } from '../../components/download.ts';
import { Txt } from '../../components/text.tsx';
import { t } from '../../i18n/index.ts';
import { decodeTranslations } from '../../../../src/kernel/texts.ts';
import { isValidSecretCredential } from '../../../../src/protocol/credentials.ts';
import type { AuditResult } from '../../../../src/protocol/audit.ts';
import type { QuestionH } from '../../../../src/protocol/codec.ts';
import type { CastAnswer } from '../../api/ballots.ts';
import type { Prepared } from './booth-state.ts';
import { QuestionForm } from './question-form.tsx';
import { NOTHING_CHOSEN, selectionProblem, type Selection } from './selection.ts';
import { auditFile } from './use-booth.ts';

export function CredentialStep({ credential, onType, onAccept }: { credential: string; onType: (c: string) => void; onAccept: () => void }) {
  const [showCredential, setShowCredential] = useState(false);
  const credentialOk = isValidSecretCredential(credential.trim());
  const props = {
    id: 'credential',
    class: 'credential-input',
    autocomplete: 'off',
    autocapitalize: 'off' as const,
    spellcheck: false,
    value: credential,
    onInput: (e: Event) => onType((e.target as HTMLInputElement).value),
    'aria-describedby': 'credential-help',
  };
  return (
    <section>
      <div class="notice">
        <p>{t('vote.secret')}</p>
        <p>{t('vote.revote')}</p>
        <p>{t('vote.safety')}</p>
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (credentialOk) onAccept();
        }}
      >
        <label for="credential">{t('vote.credentialLabel')}</label>
        {showCredential ? <input type="text" {...props} /> : <input type="password" {...props} />}
        <p id="credential-help" class="muted small">
          {/* the example is a credential, not words: shown as one, in every language */}
          {t('vote.credentialHelp')
            .split('{example}')
            .map((words, i) => (i === 0 ? words : [<code key={i} class="mono">ABC-def-123-GHk-4mn</code>, words]))}
        </p>
        <label class="choice">
          <input type="checkbox" checked={showCredential} onChange={() => setShowCredential(!showCredential)} />
          <span>{t('vote.showCredential')}</span>
        </label>
        {credential.trim() !== '' && !credentialOk ? <p class="error">{t('vote.credentialInvalid')}</p> : null}
        <div class="actions">
          <button class="primary" type="submit" disabled={!credentialOk}>
            {t('vote.continue')}
          </button>
        </div>
      </form>
    </section>
  );
}

export function ChooseStep({ questions, selections, onSelect, onPrepare }: { questions: QuestionH[]; selections: Selection[]; onSelect: (question: number, s: Selection) => void; onPrepare: () => void }) {
  const problems = questions.map((q, i) => (selections[i] ? selectionProblem(q, selections[i]!) : undefined));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (problems.every((p) => !p)) onPrepare();
      }}
    >
      {questions.map((q, i) => (
        <div key={i}>
          <QuestionForm q={q} index={i} selection={selections[i] ?? NOTHING_CHOSEN} onChange={(s) => onSelect(i, s)} />
          {problems[i] && (selections[i]?.chosen.length ?? 0) > 0 ? <p class="error">{problems[i]}</p> : null}
        </div>
      ))}
      <div class="actions">
        <button class="primary" type="submit" disabled={problems.some((p) => p)}>
          {t('vote.prepare')}
        </button>
      </div>
    </form>
  );
}

export function ReviewStep({ prepared, onCast, onAudit, onChange }: { prepared: Prepared; onCast: () => void; onAudit: () => void; onChange: () => void }) {
  return (
    <section>
      <h2>{t('vote.reviewTitle')}</h2>
      <p>{t('vote.trackerExplain')}</p>
      <p class="tracker mono" data-testid="tracker">
        {prepared.tracker}
      </p>
      <div class="actions">
        <button class="primary" type="button" onClick={onCast}>
          {t('vote.cast')}
        </button>
        <button class="secondary" type="button" onClick={onAudit}>
          {t('vote.audit')}
        </button>
        <button class="secondary" type="button" onClick={onChange}>
          {t('vote.change')}
        </button>
      </div>
      <p class="muted small">{t('vote.auditExplain')}</p>
    </section>
  );
}

export function AuditStep({ uuid, electionRaw, questions, prepared, audit, onAgain }: { uuid: string; electionRaw: string; questions: QuestionH[]; prepared: Prepared; audit: AuditResult; onAgain: () => void }) {
  return (
    <section>
      <h2>{t('vote.auditTitle')}</h2>
      {audit.ok && audit.matchesClaim ? <p class="success">{t('vote.auditPassed')}</p> : <p class="failure">{t('vote.auditFailed')}</p>}
      {audit.ok ? (
        <ul>
          {questions.map((q, i) => {
            const row = audit.choices[i]!;
            const offset = q.blank ? 1 : 0;
            const names = q.answers.filter((_, j) => row[j + offset] === 1).map((a) => decodeTranslations(a));
            return (
              <li key={i}>
                <Txt value={decodeTranslations(q.question)} />:{' '}
                {q.blank && row[0] === 1 ? t('vote.blank') : names.map((n, k) => <span key={k}>{k > 0 ? '، ' : ''}<Txt value={n} /></span>)}
              </li>
            );
          })}
        </ul>
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

export function DoneStep({ uuid, cast }: { uuid: string; cast: CastAnswer }) {
  return (
    <section>
      <p class="success" role="status">
        {cast.replaced ? t('vote.doneReplaced') : t('vote.done')}
      </p>
      <p>{t('vote.doneTracker')}</p>
      <p class="tracker mono" data-testid="cast-tracker">
        {cast.tracker}
      </p>
      <p>{t('vote.doneRevote')}</p>
      <div class="actions">
        <a class="secondary" href={`/e/${uuid}`}>
          {t('vote.seeBox')}
        </a>
      </div>
    </section>
  );
}
