// The voting booth. The credential is typed here and never leaves this page: the
// browser checks it against the election's published list, encrypts, proves and signs
// the ballot, shows its tracker, and only the ballot is sent. Before casting, a ballot
// may be audited (and then thrown away). An election that is not open now shows where
// it stands, and no booth.
import { useMemo } from 'preact/hooks';
import { api, fetchText } from '../../api/client.ts';
import { zBoothElection, type BoothElection } from '../../api/ballots.ts';
import { useResource } from '../../api/hooks.ts';
import { HelpLink } from '../../components/help-link.tsx';
import { Pending } from '../../components/pending.tsx';
import { Txt } from '../../components/text.tsx';
import { formatDate, t } from '../../i18n/index.ts';
import type { Route } from '../../router.ts';
import { decodeTranslations } from '../../../../src/kernel/texts.ts';
import type { Question } from '../../../../src/protocol/codec.ts';
import { sha256B64 } from '../../../../src/protocol/hash.ts';
import { AuditStep, BoothErrorMessage, ChooseStep, CredentialStep, DoneStep, NotOpenNotice, RefusedStep, ReviewStep, WaitingStep } from './booth-steps.tsx';
import { answerPlaintext } from './selection.ts';
import { useBooth } from './use-booth.ts';
import { noticeReplacesBooth } from './booth-state.ts';
import { keepBoothData } from '../../offline/booth-data.ts';

/** election.json as the booth reads it: its name and its questions (the worker reads the rest). */
type ElectionJson = { name: string; questions: Question[] };

/** Why the booth is not shown now, or null when voting is open. */
export function notOpenNotice(election: BoothElection, now = new Date()): string | null {
  const opens = election.opensAt ? new Date(election.opensAt) : null;
  const closes = election.closesAt ? new Date(election.closesAt) : null;
  if (election.state === 'draft' || election.state === 'setup' || (election.state === 'open' && opens && now < opens)) {
    return opens ? t('vote.notStartedAt', { date: formatDate(opens) }) : t('vote.notStarted');
  }
  if (election.state !== 'open' || (closes && now >= closes)) return t('vote.closed');
  return null;
}

export default function VotePage({ route }: { route: Route }) {
  const uuid = route.page === 'vote' ? route.uuid : '';
  // what the booth reads is kept on this device (all public), so that it opens with no network
  const path = `/elections/${encodeURIComponent(uuid)}`;
  const view = useResource(() => api(path, zBoothElection, { raw: (text) => void keepBoothData(`/api${path}`, text) }), [uuid]);
  const notice = view.data ? notOpenNotice(view.data) : null;
  // election.json as published, byte for byte: its fingerprint is shown, and the ballot is made for it
  // (asked for at once, with the view: on a slow link every round trip counts)
  const resource = useResource(
    () =>
      fetchText(`${path}/election.json`).then((text) => {
        void keepBoothData(`/api${path}/election.json`, text);
        return text;
      }),
    [uuid],
  );
  const electionRaw = resource.data;
  const election = useMemo(() => (electionRaw ? (JSON.parse(electionRaw) as ElectionJson) : null), [electionRaw]);
  // every question, in the election's order: the ballot answers each one (a ranked or graded one with one vector)
  const questions = useMemo(() => (election ? election.questions : []), [election]);
  const { state, dispatch, checkCredential, prepare, audit, cast, keep, send } = useBooth(uuid, electionRaw, questions.length);

  if (!view.data) return <Pending resource={view} />;
  if (notice !== null && noticeReplacesBooth(state.stage)) return <NotOpenNotice uuid={uuid} notice={notice} />;
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
      {stage === 'choose' ? <BoothErrorMessage error={state.error} /> : null}
      {stage === 'credential' || stage === 'checking' ? (
        <CredentialStep credential={state.credential} checking={stage === 'checking'} error={state.error} onType={(credential) => dispatch({ type: 'credential-typed', credential })} onAccept={() => void checkCredential()} />
      ) : null}
      {stage === 'choose' ? (
        <ChooseStep
          questions={questions}
          selections={state.selections}
          onSelect={(question, selection) => dispatch({ type: 'selected', question, selection })}
          onPrepare={() => void prepare(questions.map((q, i) => answerPlaintext(q, state.selections[i]!)))}
        />
      ) : null}
      {stage === 'preparing' || stage === 'casting' ? (
        <p class="notice" role="status">
          {stage === 'preparing' ? t('vote.preparing') : t('vote.casting')}
        </p>
      ) : null}
      {stage === 'casting' && prepared ? (
        <p class="tracker mono" data-testid="tracker">
          {prepared.tracker}
        </p>
      ) : null}
      {stage === 'review' && prepared ? <ReviewStep questions={questions} prepared={prepared} sent={state.sent} error={state.error} onCast={() => void cast()} onKeep={() => void keep()} onAudit={audit} onChange={() => dispatch({ type: 'change-choices' })} /> : null}
      {stage === 'audited' && prepared && state.audit ? <AuditStep uuid={uuid} electionRaw={electionRaw} questions={questions} prepared={prepared} audit={state.audit} onAgain={() => void prepare(prepared.plaintext)} /> : null}
      {stage === 'waiting' && prepared ? <WaitingStep prepared={prepared} onSend={send} onNewBallot={() => dispatch({ type: 'retype-credential' })} /> : null}
      {stage === 'done' && state.cast ? <DoneStep uuid={uuid} cast={state.cast} /> : null}
      {stage === 'refused' && state.refusal ? (
        <RefusedStep uuid={uuid} refusal={state.refusal} prepared={prepared} onRetypeCredential={() => dispatch({ type: 'retype-credential' })} onNewBallot={() => dispatch({ type: 'change-choices' })} />
      ) : null}
      <p><HelpLink guide="voter" section={stage === 'credential' ? 'credential' : stage === 'choose' ? 'choose' : stage === 'audited' ? 'test' : stage === 'done' ? 'check' : 'cast'} /></p>
    </article>
  );
}
