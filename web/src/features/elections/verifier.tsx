// A verifier that checks an election's whole archive in this browser (in a worker),
// check by check, with the commands to do the same with other tools.
import { useEffect, useRef, useState } from 'preact/hooks';
import { VerifiedCounts, verifiedCount, type VerifiedCount } from './verified-counts.tsx';
import { fetchStream } from '../../api/client.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { currentLanguage, formatNumber, hasText, t, tn, type Key } from '../../i18n/index.ts';
import type { FromVerifier, ToVerifier } from '../../workers/verify.worker.ts';
import type { Check } from '../../../../src/protocol/verify.ts';
import { detailParts } from './check-details.ts';
import { ArchiveFeed } from './archive-feed.ts';

const CHECK_KEYS: Record<string, true> = Object.fromEntries(
  ['archiveStructure', 'recordHashes', 'eventChain', 'canonicalArchive', 'setupData', 'election', 'trustees', 'publicCredentials', 'ballots', 'encryptedTally', 'shuffles', 'partialDecryptions', 'result'].map((k) => [`check.${k}`, true]),
);

/** Check names in the reader's language. */
function checkName(name: string): string {
  const key = `check.${name.replace(/ (\w)/g, (_, c: string) => c.toUpperCase())}` as Key;
  return key in CHECK_KEYS ? t(key) : name;
}

/** A check's detail in the reader's language: identifiers as code, left to right. */
function CheckDetail({ check }: { check: Check }) {
  const parts = detailParts(check, (key) => (hasText(key as Key) ? t(key as Key) : undefined), currentLanguage());
  return (
    <span class="small detail">
      {parts.map((p, i) =>
        'text' in p ? (
          p.text
        ) : 'id' in p ? (
          <code key={i} class="mono" dir="ltr">
            {p.id}
          </code>
        ) : 'own' in p ? (
          <span key={i} lang={p.lang} data-list-text="" dir="auto">
            {p.own}
          </span>
        ) : (
          <span key={i} lang="en" dir="ltr">
            {p.en}
          </span>
        ),
      )}
    </span>
  );
}

/** "about 3 minutes left", from the rate so far (nothing until there is a rate to go by). */
function timeLeft(checked: number, total: number, elapsedMs: number): string | undefined {
  if (checked < 1 || elapsedMs < 1000 || checked >= total) return undefined;
  const seconds = Math.ceil(((total - checked) * elapsedMs) / checked / 1000);
  const time = seconds >= 90 ? tn('verify.minutes', Math.round(seconds / 60)) : tn('verify.seconds', seconds);
  return t('verify.timeLeft', { time });
}

/** The second reading: bytes read of the first reading's, since `started`; for re-votes, the replaced ballots read again. */
interface Again {
  bytes: number;
  totalBytes: number;
  fromCopy: boolean;
  ballots?: { read: number; of: number };
  started: number;
}

type Phase =
  | { at: 'idle' }
  | { at: 'running'; downloaded: number; checked: number; started: number; now: number; again?: Again }
  | { at: 'done'; status: string; conclusion: string; counted?: VerifiedCount[] }
  | { at: 'cancelled' }
  /** The worker stopped (out of memory on a large archive, its code not loaded): nothing concluded. */
  | { at: 'stopped' };

/**
 * The archive is read as it downloads and handed to the worker in pieces; the worker
 * says each check and how many ballots it has checked, and how far a second reading is
 * (of its copy on this device, or of a second download it asks for). "Stop" aborts the
 * download and ends the worker once it deleted its copy: nothing is concluded from a
 * verification that did not finish.
 */
export function Verifier({ uuid, ballots }: { uuid: string; ballots: number }) {
  const [checks, setChecks] = useState<Check[]>([]);
  const [phase, setPhase] = useState<Phase>({ at: 'idle' });
  const [error, setError] = useState<unknown>(null);
  const stop = useRef<(() => void) | null>(null);
  useEffect(() => () => stop.current?.(), []);
  const running = phase.at === 'running';
  const update = (f: (p: Extract<Phase, { at: 'running' }>) => Partial<Extract<Phase, { at: 'running' }>>) =>
    setPhase((p) => (p.at === 'running' ? { ...p, ...f(p), now: Date.now() } : p));

  const run = async () => {
    setChecks([]);
    setError(null);
    const now = Date.now();
    setPhase({ at: 'running', downloaded: 0, checked: 0, started: now, now });
    const abort = new AbortController();
    const worker = new Worker(new URL('../../workers/verify.worker.ts', import.meta.url), { type: 'module' });
    let previous: AbortController | undefined;
    let ended = false;
    /** Ends the downloads and the worker; with `tidy`, the worker first deletes its copy of
     * the archive and says 'closed' (ended after two seconds all the same). */
    const end = (tidy: boolean) => {
      if (ended) return;
      ended = true;
      abort.abort();
      previous?.abort();
      stop.current = null;
      if (!tidy) return worker.terminate();
      worker.onmessage = (e: MessageEvent<FromVerifier>) => e.data.type === 'closed' && worker.terminate();
      worker.postMessage({ type: 'cancel' } satisfies ToVerifier);
      setTimeout(() => worker.terminate(), 2000);
    };
    stop.current = () => end(true);
    // a worker that stops (memory, its code cut off) sends nothing more: said, instead of a
    // progress bar frozen until the observer presses Stop
    worker.onerror = (e) => {
      e.preventDefault();
      if (ended) return;
      end(false);
      setPhase({ at: 'stopped' });
    };
    // flow control (archive-feed.ts): a large archive waits in the network, not in the worker's memory
    let feed = new ArchiveFeed(0);
    /** Download the archive and hand it to the worker piece by piece (again when it asks, when
     * it has no copy: then the earlier download, whose pieces it no longer reads, is ended). */
    const send = async (round: number) => {
      previous?.abort();
      const download = (previous = new AbortController());
      const mine = (feed = new ArchiveFeed(round));
      const signal = AbortSignal.any([abort.signal, download.signal]);
      try {
        const { body, size } = await fetchStream(`/elections/${uuid}/archive.bel`, signal);
        if (round === 0) worker.postMessage({ type: 'start', ...(size !== undefined ? { size } : {}) } satisfies ToVerifier);
        const whole = await mine.pump(
          body.getReader(),
          (bytes) => {
            if (round === 0) update((p) => ({ downloaded: p.downloaded + bytes.length }));
            worker.postMessage({ type: 'chunk', round, bytes } satisfies ToVerifier, [bytes.buffer]);
          },
          signal,
        );
        if (whole) worker.postMessage({ type: 'end', round } satisfies ToVerifier);
      } catch (e) {
        if (signal.aborted) return;
        end(true);
        setError(e);
        setPhase({ at: 'idle' });
      }
    };
    worker.onmessage = (e: MessageEvent<FromVerifier>) => {
      const m = e.data;
      if (ended) return;
      if (m.type === 'check') setChecks((c) => [...c, m.check]);
      else if (m.type === 'progress') update(() => ({ checked: m.ballots }));
      else if (m.type === 'taken') {
        if (m.round === feed.round) feed.taken(m.bytes);
      } else if (m.type === 'again') void send(m.round);
      else if (m.type === 'again-progress') {
        const { bytes, totalBytes, fromCopy, ballots } = m;
        update((p) => ({ again: { bytes, totalBytes, fromCopy, ...(ballots ? { ballots } : {}), started: p.again?.started ?? Date.now() } }));
      } else if (m.type === 'done') {
        // the count of each ranked or graded question from the ballots just verified, not from the server's page
        const counted = (m.counted ?? []).flatMap((c) => verifiedCount(c.question, c.ballots) ?? []);
        setPhase({ at: 'done', status: m.status, conclusion: m.conclusion, ...(counted.length ? { counted } : {}) });
        end(false); // its copy is already deleted
      }
    };
    await send(0);
  };
  const cancel = () => {
    stop.current?.();
    setPhase({ at: 'cancelled' });
  };
  return (
    <div data-testid="verifier">
      <p>{t('verify.explain')}</p>
      <div class="actions">
        <button class="primary" type="button" onClick={run} disabled={running} data-testid="verify-run">
          {running ? t('verify.running') : t('verify.run')}
        </button>
        {running ? (
          <button class="secondary" type="button" onClick={cancel} data-testid="verify-cancel">
            {t('verify.cancel')}
          </button>
        ) : null}
        <a class="secondary" href={`/api/elections/${uuid}/archive.bel`} download={`${uuid}.bel`}>
          {t('verify.download')}{' '}
          <code class="mono">.bel</code>
        </a>
      </div>
      <ErrorMessage error={error} />
      {phase.at === 'running' ? <Progress phase={phase} total={Math.max(ballots, phase.checked)} /> : null}
      {phase.at === 'stopped' ? (
        <p class="error" role="alert" data-testid="verify-stopped">
          {t('verify.workerStopped')}
        </p>
      ) : null}
      {phase.at === 'cancelled' ? (
        <p role="status" data-testid="verify-cancelled">
          {t('verify.cancelled')}
        </p>
      ) : null}
      {checks.length > 0 ? (
        <ul class="checks" aria-live="polite">
          {checks.map((c, i) => (
            <li key={i} class={c.status}>
              <strong>{checkName(c.name)}</strong>: <CheckDetail check={c} />
            </li>
          ))}
        </ul>
      ) : null}
      {phase.at === 'done' ? (
        <p class={phase.status === 'valid' ? 'success' : 'failure'} role="status" data-testid="verify-done" data-status={phase.status}>
          {phase.status === 'valid' ? t('verify.valid') : t('verify.invalid')}
        </p>
      ) : null}
      {phase.at === 'done' && phase.counted ? (
        <section data-testid="verify-counts">
          <h3>{t('verify.countsTitle')}</h3>
          <p class="muted small">{t('verify.countsExplain')}</p>
          <VerifiedCounts counts={phase.counted} />
        </section>
      ) : null}
      <details>
        <summary>{t('verify.otherTools')}</summary>
        <p>{t('verify.cli')}</p>
        <pre class="mono small">npx jirga verify {uuid}.bel{'\n'}belenios-tool election verify --dir .</pre>
      </details>
    </div>
  );
}

/** Where a running verification is: megabytes downloaded, ballots checked of the total, time
 * left; then, if the archive is read a second time, how far that reading is. */
function Progress({ phase, total }: { phase: Extract<Phase, { at: 'running' }>; total: number }) {
  if (phase.again) return <AgainProgress again={phase.again} now={phase.now} />;
  const left = timeLeft(phase.checked, total, phase.now - phase.started);
  return (
    <div class="verify-progress" data-testid="verify-progress">
      <progress max={Math.max(total, 1)} value={phase.checked} aria-label={t('verify.progress', { checked: phase.checked, total })} />
      <p class="small" aria-live="polite">
        {phase.checked === 0
          ? t('verify.downloading', { size: formatNumber(Math.round(phase.downloaded / 1e5) / 10) })
          : t('verify.progress', { checked: phase.checked, total })}
        {left ? ` · ${left}` : ''}
      </p>
    </div>
  );
}

/** The second reading: the replaced ballots read again of how many (or megabytes read, when
 * the whole archive is read again), where from, and the time left by the bytes still to read. */
function AgainProgress({ again, now }: { again: Again; now: number }) {
  const megabytes = (bytes: number) => formatNumber(Math.round(bytes / 1e5) / 10);
  const line = again.ballots
    ? t('verify.again', { read: again.ballots.read, of: again.ballots.of })
    : t('verify.againWhole', { done: megabytes(again.bytes), total: megabytes(again.totalBytes) });
  const left = timeLeft(again.bytes, again.totalBytes, now - again.started);
  return (
    <div class="verify-progress" data-testid="verify-progress" data-reading="again">
      <progress max={Math.max(again.totalBytes, 1)} value={Math.min(again.bytes, again.totalBytes)} aria-label={line} />
      <p class="small" aria-live="polite" data-testid="verify-again">
        {line} · {again.fromCopy ? t('verify.fromCopy') : t('verify.downloadedAgain')}
        {left ? ` · ${left}` : ''}
      </p>
    </div>
  );
}
