// The voting booth. The credential is typed here and never leaves this page: the
// browser encrypts, proves and signs the ballot, shows its tracker, and only the
// ballot is sent. Before casting, a ballot may be audited (and then thrown away).
import { useMemo } from 'preact/hooks';
import { fetchText } from '../../api/client.ts';
import { useResource } from '../../api/hooks.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { HelpLink } from '../../components/help-link.tsx';
import { Pending } from '../../components/pending.tsx';
import { Txt } from '../../components/text.tsx';
import { t } from '../../i18n/index.ts';
import type { Route } from '../../router.ts';
import { decodeTranslations } from '../../../../src/kernel/texts.ts';
import { isHomomorphic, type QuestionH } from '../../../../src/protocol/codec.ts';
import { sha256B64 } from '../../../../src/protocol/hash.ts';
import { AuditStep, ChooseStep, CredentialStep, DoneStep, ReviewStep } from './booth-steps.tsx';
import { plaintextOf } from './selection.ts';
import { useBooth } from './use-booth.ts';

/** election.json as the booth reads it: its name and its questions (the worker reads the rest). */
type ElectionJson = { name: string; questions: QuestionH[] };

export default function VotePage({ route }: { route: Route }) {
  const uuid = route.page === 'vote' ? route.uuid : '';
  // election.json as published, byte for byte: its fingerprint is shown, and the ballot is made for it
  const resource = useResource(() => fetchText(`/elections/${encodeURIComponent(uuid)}/election.json`), [uuid]);
  const electionRaw = resource.data;
  const election = useMemo(() => (electionRaw ? (JSON.parse(electionRaw) as ElectionJson) : null), [electionRaw]);
  const questions = useMemo(() => (election ? election.questions.filter((q) => isHomomorphic(q)) : []), [election]);
  const { state, dispatch, prepare, audit, cast } = useBooth(uuid, electionRaw, questions.length);

  if (!election || !electionRaw) return <Pending resource={resource} />;
  const { stage, prepared } = state;
  return (
    <article>
      <h1>
        <Txt value={decodeTranslations(election.name)} />
      </h1>
      <p class="muted small">
        {t('vote.fingerprint')} <span class="mono">{sha256B64(electionRaw)}</span>
      </p>
      <ErrorMessage error={state.error} />
      {stage === 'credential' ? <CredentialStep credential={state.credential} onType={(credential) => dispatch({ type: 'credential-typed', credential })} onAccept={() => dispatch({ type: 'credential-accepted' })} /> : null}
      {stage === 'choose' ? (
        <ChooseStep
          questions={questions}
          selections={state.selections}
          onSelect={(question, selection) => dispatch({ type: 'selected', question, selection })}
          onPrepare={() => prepare(questions.map((q, i) => plaintextOf(q, state.selections[i]!)))}
        />
      ) : null}
      {stage === 'preparing' || stage === 'casting' ? (
        <p class="notice" role="status">
          {stage === 'preparing' ? t('vote.preparing') : t('vote.casting')}
        </p>
      ) : null}
      {stage === 'review' && prepared ? <ReviewStep prepared={prepared} onCast={cast} onAudit={audit} onChange={() => dispatch({ type: 'change-choices' })} /> : null}
      {stage === 'audited' && prepared && state.audit ? <AuditStep uuid={uuid} electionRaw={electionRaw} questions={questions} prepared={prepared} audit={state.audit} onAgain={() => prepare(prepared.plaintext)} /> : null}
      {stage === 'done' && state.cast ? <DoneStep uuid={uuid} cast={state.cast} /> : null}
      <p><HelpLink guide="voter" section={stage === 'credential' ? 'credential' : stage === 'choose' ? 'choose' : stage === 'audited' ? 'test' : stage === 'done' ? 'check' : 'cast'} /></p>
    </article>
  );
}
