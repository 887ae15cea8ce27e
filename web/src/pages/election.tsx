// The public page of an election: questions, state, result, the ballot box, and a
// verifier that checks the whole archive in this browser.
import { useEffect, useState } from 'preact/hooks';
import { api, fetchBytes } from '../api.ts';
import { Dates, ErrorMessage, ResultBars, StateBadge, Txt } from '../components/common.tsx';
import { formatNumber, t, tn, type Key } from '../i18n/index.ts';
import type { Route } from '../router.ts';
import { CompositionView } from '../components/inclusion.tsx';
import type { ElectionView } from '../../../src/services/elections/views.ts';
import type { Check } from '../../../src/protocol/verify.ts';

/** Check names in the reader's language; details stay as the verifier wrote them. */
function checkName(name: string): string {
  const key = `check.${name.replace(/ (\w)/g, (_, c: string) => c.toUpperCase())}` as Key;
  return key in CHECK_KEYS ? t(key) : name;
}
const CHECK_KEYS: Record<string, true> = Object.fromEntries(
  ['archiveStructure', 'recordHashes', 'eventChain', 'canonicalArchive', 'setupData', 'election', 'trustees', 'publicCredentials', 'ballots', 'encryptedTally', 'shuffles', 'partialDecryptions', 'result'].map((k) => [`check.${k}`, true]),
);

function Questions({ election }: { election: ElectionView }) {
  return (
    <ol>
      {election.questions.map((q, i) => (
        <li key={i}>
          <Txt value={q.question} />
          <p class="muted small">{q.min === q.max ? tn('question.exactly', q.min) : t('question.between', { min: q.min, max: q.max })}{q.blank ? ` ${t('question.blankAllowed')}` : ''}</p>
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

function TrackerCheck({ uuid }: { uuid: string }) {
  const [tracker, setTracker] = useState('');
  const [answer, setAnswer] = useState<{ found: boolean; counted?: boolean } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const check = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setAnswer(null);
    try {
      const r = await api<{ counted: boolean }>(`/elections/${uuid}/ballot?tracker=${encodeURIComponent(tracker.trim())}`);
      setAnswer({ found: true, counted: r.counted });
    } catch (err) {
      if ((err as { status?: number }).status === 404) setAnswer({ found: false });
      else setError(err);
    }
  };
  return (
    <form onSubmit={check}>
      <label for="tracker">{t('election.trackerLabel')}</label>
      <input id="tracker" type="text" class="mono" value={tracker} onInput={(e) => setTracker((e.target as HTMLInputElement).value)} autocomplete="off" spellcheck={false} />
      <div class="actions">
        <button class="secondary" type="submit" disabled={tracker.trim() === ''}>
          {t('election.trackerCheck')}
        </button>
      </div>
      {answer?.found ? <p class="success">{answer.counted ? t('election.trackerCounted') : t('election.trackerReplaced')}</p> : null}
      {answer && !answer.found ? <p class="failure">{t('election.trackerMissing')}</p> : null}
      <ErrorMessage error={error} />
    </form>
  );
}

function BallotBox({ uuid }: { uuid: string }) {
  const [box, setBox] = useState<{ tracker: string; counted: boolean }[] | null>(null);
  const [all, setAll] = useState(false);
  useEffect(() => {
    api<{ tracker: string; counted: boolean }[]>(`/elections/${uuid}/ballots`).then(setBox, () => setBox([]));
  }, [uuid]);
  if (!box) return <p class="loading">{t('common.loading')}</p>;
  if (box.length === 0) return <p class="muted">{t('election.boxEmpty')}</p>;
  const shown = all ? box : box.slice(-20);
  return (
    <div>
      <p class="muted small">{t('election.boxExplain')}</p>
      <ol class="mono small" start={all ? 1 : box.length - shown.length + 1}>
        {shown.map((b) => (
          <li key={b.tracker}>
            {b.tracker} {b.counted ? null : <span class="muted">({t('election.replaced')})</span>}
          </li>
        ))}
      </ol>
      {!all && box.length > shown.length ? (
        <button class="secondary" type="button" onClick={() => setAll(true)}>
          {t('election.boxShowAll', { n: box.length })}
        </button>
      ) : null}
    </div>
  );
}

function Verifier({ uuid }: { uuid: string }) {
  const [checks, setChecks] = useState<Check[]>([]);
  const [done, setDone] = useState<{ status: string; conclusion: string } | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async () => {
    setChecks([]);
    setDone(null);
    setError(null);
    setRunning(true);
    try {
      const bytes = await fetchBytes(`/elections/${uuid}/archive.bel`);
      const worker = new Worker(new URL('../workers/verify.worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = (e: MessageEvent<{ type: string; check?: Check; status?: string; conclusion?: string }>) => {
        if (e.data.type === 'check') setChecks((c) => [...c, e.data.check!]);
        else {
          setDone({ status: e.data.status!, conclusion: e.data.conclusion! });
          setRunning(false);
          worker.terminate();
        }
      };
      worker.postMessage(bytes, [bytes.buffer]);
    } catch (e) {
      setError(e);
      setRunning(false);
    }
  };
  return (
    <div>
      <p>{t('verify.explain')}</p>
      <div class="actions">
        <button class="primary" type="button" onClick={run} disabled={running}>
          {running ? t('verify.running') : t('verify.run')}
        </button>
        <a class="secondary" href={`/api/elections/${uuid}/archive.bel`} download={`${uuid}.bel`}>
          {t('verify.download')}
        </a>
      </div>
      <ErrorMessage error={error} />
      {checks.length > 0 ? (
        <ul class="checks" aria-live="polite">
          {checks.map((c, i) => (
            <li key={i} class={c.status}>
              <strong>{checkName(c.name)}</strong>: <span lang="en" dir="ltr" class="small">{c.detail}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {done ? (
        <p class={done.status === 'valid' ? 'success' : 'failure'} role="status">
          {done.status === 'valid' ? t('verify.valid') : t('verify.invalid')}
        </p>
      ) : null}
      <details>
        <summary>{t('verify.otherTools')}</summary>
        <p>{t('verify.cli')}</p>
        <pre class="mono small">npx jirga verify {uuid}.bel{'\n'}belenios-tool election verify --dir .</pre>
      </details>
    </div>
  );
}

export default function ElectionPage({ route }: { route: Route }) {
  const uuid = route.page === 'election' ? route.uuid : '';
  const [election, setElection] = useState<ElectionView | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<ElectionView>(`/elections/${encodeURIComponent(uuid)}`).then(setElection, setError);
  }, [uuid]);
  if (error) return <ErrorMessage error={error} />;
  if (!election) return <p class="loading">{t('common.loading')}</p>;
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
      {election.state === 'open' ? (
        <div class="actions">
          <a class="primary" href={`/e/${uuid}/vote`}>
            {t('election.vote')}
          </a>
        </div>
      ) : null}
      <p class="muted">
        {t('election.counts', { ballots: formatNumber(election.counts.ballots), voters: formatNumber(election.counts.voters), credentials: formatNumber(election.counts.credentials) })}
      </p>
      {election.result ? (
        <section>
          <h2>{t('election.result')}</h2>
          <ResultBars election={election} />
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
      {hasBoard ? (
        <>
          <section>
            <h2>{t('election.checkBallot')}</h2>
            <TrackerCheck uuid={uuid} />
          </section>
          <section>
            <h2>{t('verify.title')}</h2>
            <Verifier uuid={uuid} />
          </section>
          <section>
            <h2>{t('election.box')}</h2>
            <BallotBox uuid={uuid} />
          </section>
          <section>
            <h2>{t('election.fingerprints')}</h2>
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
