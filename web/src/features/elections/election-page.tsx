// The public page of an election: questions, state, result, the ballot box, and a
// verifier that checks the whole archive in this browser.
import { api } from '../../api/client.ts';
import { useResource } from '../../api/hooks.ts';
import { zElectionView, type ElectionView } from '../../api/elections.ts';
import { Pending } from '../../components/pending.tsx';
import { Txt, textOf } from '../../components/text.tsx';
import { formatNumber, isRtl, t, tn } from '../../i18n/index.ts';
import type { Route } from '../../router.ts';
import { CompositionView } from '../inclusion/composition.tsx';
import { BallotBox, ReceiptCheck, TrackerCheck } from './ballot-box.tsx';
import { Dates, ResultBars, StateBadge } from './election-parts.tsx';
import { Verifier } from './verifier.tsx';
import { ScheduleChanges } from './schedule-changes.tsx';
import { HelpLink } from '../../components/help-link.tsx';
import { NhResults } from './results/nh-results.tsx';
import { nhResultsOf } from './results/nh-count.ts';

/** How a ranked or graded question is answered and counted, in the reader's language. */
function nhHowText(q: ElectionView['nhQuestions'][number]): string {
  const m = q.method;
  if (!m) return '';
  if (m.kind === 'stv') return t('question.rankStv', { seats: formatNumber(m.seats) });
  if (m.kind === 'schulze') return `${t('question.rankSchulze')}${m.blank ? ` ${t('question.blankAllowed')}` : ''}`;
  return `${t('question.grade', { grades: m.grades.map(textOf).join(isRtl() ? '، ' : ', ') })}${m.blank ? ` ${t('question.blankAllowed')}` : ''}`;
}

/** Every question in the election's order, with how it is answered: choose questions (homomorphic) and ranked or graded ones. */
export function questionItems(election: Pick<ElectionView, 'questions' | 'nhQuestions'>) {
  type Item = { position: number; question: ElectionView['questions'][number]['question']; how: string; answers: ElectionView['questions'][number]['answers'] };
  const nhAt = new Set(election.nhQuestions.map((q) => q.position));
  const items: Item[] = election.nhQuestions.map((q) => ({ position: q.position, question: q.question, how: nhHowText(q), answers: q.answers }));
  // the choose questions fill the places the ranked and graded ones leave, in order
  let position = 0;
  for (const q of election.questions) {
    while (nhAt.has(position)) position++;
    items.push({ position, question: q.question, how: `${q.min === q.max ? tn('question.exactly', q.min) : t('question.between', { min: q.min, max: q.max })}${q.blank ? ` ${t('question.blankAllowed')}` : ''}`, answers: q.answers });
    position++;
  }
  return items.sort((a, b) => a.position - b.position);
}

function Questions({ election }: { election: ElectionView }) {
  const items = questionItems(election);
  return (
    <ol>
      {items.map((q) => (
        <li key={q.position}>
          <Txt value={q.question} />
          <p class="muted small">{q.how}</p>
          <ul>
            {q.answers.map((a, j) => (
              <li key={j}>
                <Txt value={a} />
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

/** Open, and within its dates (the server closes an election on time, a few seconds late at most). */
function votingNow(election: ElectionView, now = new Date()): boolean {
  if (election.opensAt && now < new Date(election.opensAt)) return false;
  return !(election.closesAt && now >= new Date(election.closesAt));
}

/** The demo's sample credentials: a visitor of a hosted demo never sees the server's console. The server sends them for the demo's open election only. */
function DemoCredentials({ credentials }: { credentials: string[] }) {
  return (
    <section class="card" data-testid="demo-credentials">
      <h2>{t('election.demoTitle')}</h2>
      <p class="small">{t('election.demoExplain')}</p>
      <ul class="mono small">
        {credentials.map((c) => (
          <li key={c} dir="ltr">
            {c}
          </li>
        ))}
      </ul>
    </section>
  );
}

export default function ElectionPage({ route }: { route: Route }) {
  const uuid = route.page === 'election' ? route.uuid : '';
  const resource = useResource(() => api(`/elections/${encodeURIComponent(uuid)}`, zElectionView), [uuid]);
  const election = resource.data;
  if (!election) return <Pending resource={resource} />;
  const hasBoard = election.fingerprint !== null;
  return (
    <article>
      <p>
        <StateBadge state={election.state} />
      </p>
      <h1>
        <Txt value={election.name} />
      </h1>
      <Txt value={election.description} block />
      <Dates election={election} />
      <ScheduleChanges election={election} />
      {election.state === 'open' ? (
        votingNow(election) ? (
          <div class="actions">
            <a class="primary" href={`/e/${uuid}/vote`}>
              {t('election.vote')}
            </a>
            <HelpLink guide="voter" />
          </div>
        ) : (
          <p class="notice">{t('election.notOpenNow')}</p>
        )
      ) : null}
      {election.demoCredentials && election.state === 'open' ? <DemoCredentials credentials={election.demoCredentials} /> : null}
      <p class="muted">
        {t('election.counts', { ballots: tn('election.ballots', election.counts.ballots), voters: tn('election.voters', election.counts.voters), credentials: tn('election.credentials', election.counts.credentials) })}
      </p>
      {election.result ? (
        <section>
          <h2>{t('election.result')}</h2>
          <ResultBars election={election} />
          <NhResults results={nhResultsOf(election)} />
          {election.composition ? (
            <section data-testid="election-composition">
              <h3>{t('incl.whoVoted')}</h3>
              <p class="muted small">{t('incl.election', { n: formatNumber(election.composition.dimensions[0]?.total ?? 0) })}</p>
              <CompositionView report={election.composition} />
            </section>
          ) : null}
        </section>
      ) : null}
      <section>
        <h2>{t('election.questions')}</h2>
        <Questions election={election} />
      </section>
      {election.shuffles.length > 0 ? (
        <section data-testid="shuffles">
          <h2>{t('election.shuffles')}</h2>
          <p class="muted small">{t('election.shufflesExplain')}</p>
          <ol>
            {election.shuffles.map((s) => (
              <li key={s.fingerprint}>
                {s.trustee === 0 ? t('election.shuffleServer') : t('election.shuffleTrustee', { n: formatNumber(s.trustee) })} <span class="mono">{s.fingerprint}</span>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {hasBoard ? (
        <>
          <section id="check">
            <h2>{t('election.checkBallot')}</h2>
            <p><HelpLink guide="voter" section="check" /></p>
            <TrackerCheck uuid={uuid} />
            <ReceiptCheck uuid={uuid} />
          </section>
          <section>
            <h2>{t('verify.title')}</h2>
            <p><HelpLink guide="observer" section="browser" /></p>
            <Verifier uuid={uuid} ballots={election.counts.ballots} />
          </section>
          <section>
            <h2>{t('election.box')}</h2>
            <BallotBox uuid={uuid} />
          </section>
          <section>
            <h2>{t('election.fingerprints')}</h2>
            <p><HelpLink guide="observer" section="fingerprints" /></p>
            <p class="small">{t('election.fingerprintExplain')}</p>
            <p>
              {t('election.fingerprint')} <span class="mono">{election.fingerprint}</span>
            </p>
            <p>
              {t('election.credentialsFingerprint')} <span class="mono">{election.credentialsFingerprint}</span>
            </p>
          </section>
        </>
      ) : (
        <p class="notice">{t('election.notOpenYet')}</p>
      )}
    </article>
  );
}
