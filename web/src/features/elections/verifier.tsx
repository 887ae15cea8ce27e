// A verifier that checks an election's whole archive in this browser (in a worker),
// check by check, with the commands to do the same with other tools.
import { useState } from 'preact/hooks';
import { fetchBytes } from '../../api/client.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { currentLanguage, hasText, t, type Key } from '../../i18n/index.ts';
import type { Check } from '../../../../src/protocol/verify.ts';
import { detailParts } from './check-details.ts';

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

export function Verifier({ uuid }: { uuid: string }) {
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
      const worker = new Worker(new URL('../../workers/verify.worker.ts', import.meta.url), { type: 'module' });
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
    <div data-testid="verifier">
      <p>{t('verify.explain')}</p>
      <div class="actions">
        <button class="primary" type="button" onClick={run} disabled={running} data-testid="verify-run">
          {running ? t('verify.running') : t('verify.run')}
        </button>
        <a class="secondary" href={`/api/elections/${uuid}/archive.bel`} download={`${uuid}.bel`}>
          {t('verify.download')}{' '}
          <code class="mono">.bel</code>
        </a>
      </div>
      <ErrorMessage error={error} />
      {checks.length > 0 ? (
        <ul class="checks" aria-live="polite">
          {checks.map((c, i) => (
            <li key={i} class={c.status}>
              <strong>{checkName(c.name)}</strong>: <CheckDetail check={c} />
            </li>
          ))}
        </ul>
      ) : null}
      {done ? (
        <p class={done.status === 'valid' ? 'success' : 'failure'} role="status" data-testid="verify-done">
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
