// The credential authority's page, reached by its one-time link: the voter list is
// turned into credentials in this browser. Secret credentials are printed or saved
// for distribution through trusted channels; only public credentials are sent.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { downloadText, ErrorMessage } from '../components/common.tsx';
import { formatNumber, t } from '../i18n/index.ts';
import { linkToken } from '../router.ts';
import type { CredentialAuthorityTask } from '../../../src/api/setup.ts';
import { publicCredentialsFingerprint, stripCredentialId, type GeneratedCredentials } from '../../../src/protocol/credentials.ts';

interface Voter {
  id: string;
  weight?: string;
}

/** CSV: one voter per line, "id" or "id,weight"; an "id,weight" header is skipped. */
export function parseVoterCsv(text: string): { voters: Voter[]; problem?: string } {
  const voters: Voter[] = [];
  const seen = new Set<string>();
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (i === 0 && /^id\s*(,\s*weight)?$/i.test(line)) continue;
    const [id, weight, extra] = line.split(',').map((x) => x.trim());
    if (!id || extra !== undefined) return { voters, problem: t('ca.csvLine', { n: i + 1 }) };
    if (weight !== undefined && !/^\d+$/.test(weight)) return { voters, problem: t('ca.csvWeight', { n: i + 1 }) };
    if (seen.has(id)) return { voters, problem: t('ca.csvDuplicate', { id }) };
    seen.add(id);
    voters.push(weight === undefined ? { id } : { id, weight });
  }
  if (voters.length === 0) return { voters, problem: t('ca.csvEmpty') };
  return { voters };
}

export default function CredentialAuthorityPage() {
  const [token] = useState(linkToken);
  const [task, setTask] = useState<CredentialAuthorityTask | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [csv, setCsv] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [generated, setGenerated] = useState<GeneratedCredentials | null>(null);
  const [savedPrivate, setSavedPrivate] = useState(false);
  const [uploaded, setUploaded] = useState<{ count: number; fingerprint: string } | null>(null);

  const load = async () => {
    try {
      setTask(await api<CredentialAuthorityTask>('/credential-authority', { token }));
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    void load();
  }, []);

  if (!token) return <p class="failure">{t('trustee.noToken')}</p>;
  if (!task) return error ? <ErrorMessage error={error} /> : <p class="loading">{t('common.loading')}</p>;

  const generate = () => {
    const { voters, problem: p } = parseVoterCsv(csv);
    setProblem(p ?? null);
    if (p) return;
    setProgress({ done: 0, total: voters.length });
    const worker = new Worker(new URL('../workers/credentials.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<{ type: string; done?: number; result?: GeneratedCredentials; message?: string }>) => {
      if (e.data.type === 'progress') setProgress({ done: e.data.done!, total: voters.length });
      else {
        worker.terminate();
        setProgress(null);
        if (e.data.type === 'done') setGenerated(e.data.result!);
        else setProblem(e.data.message!);
      }
    };
    worker.postMessage({ uuid: task.uuid, group: task.group, voters });
  };

  /** Public credentials made offline (jirga or belenios-tool generate-credentials). */
  const loadPubcreds = async (file: File) => {
    setProblem(null);
    try {
      const list = (JSON.parse(await file.text()) as unknown[]).map((x) => stripCredentialId(String(x)));
      setGenerated({ privateLines: [], publicCredentials: list, publicWithIds: [], fingerprint: publicCredentialsFingerprint(list) });
      setSavedPrivate(true);
    } catch {
      setProblem(t('ca.pubcredsInvalid'));
    }
  };

  const upload = async () => {
    setError(null);
    try {
      setUploaded(await api<{ count: number; fingerprint: string }>('/credential-authority/credentials', { method: 'POST', token, body: { credentials: generated!.publicCredentials } }));
      await load();
    } catch (e) {
      setError(e);
    }
  };

  const privateText = generated ? generated.privateLines.join('\n') + '\n' : '';
  const voteUrl = `${location.origin}/e/${task.uuid}/vote`;
  return (
    <article>
      <h1 class="no-print">{t('ca.title')}</h1>
      <p class="no-print">{t('ca.role')}</p>
      <p class="muted small no-print">
        {t('trustee.election')} <span class="mono">{task.uuid}</span>
      </p>
      <ErrorMessage error={error} />
      {task.credentials ? (
        <div class="success no-print">
          <p>{t('ca.serverHas', { n: formatNumber(task.credentials.count) })}</p>
          <p>
            {t('election.credentialsFingerprint')} <span class="mono">{task.credentials.fingerprint}</span>
          </p>
          {task.state !== 'setup' ? <p>{t('ca.compare')}</p> : null}
        </div>
      ) : null}

      {task.state === 'setup' && !generated ? (
        <section class="no-print">
          <h2>{t('ca.listTitle')}</h2>
          <p>{t('ca.listExplain')}</p>
          <label for="csv">{t('ca.csvLabel')}</label>
          <textarea id="csv" class="mono" dir="ltr" value={csv} onInput={(e) => setCsv((e.target as HTMLTextAreaElement).value)} placeholder={'id,weight\nvoter-001\nvoter-002,2'} />
          <label for="csvfile">{t('ca.csvFile')}</label>
          <input id="csvfile" type="file" accept=".csv,text/csv,text/plain" onChange={async (e) => {
            const file = (e.target as HTMLInputElement).files?.[0];
            if (file) setCsv(await file.text());
          }} />
          {problem ? <p class="error" role="alert">{problem}</p> : null}
          <div class="actions">
            <button class="primary" type="button" disabled={csv.trim() === '' || progress !== null} onClick={generate}>
              {t('ca.generate')}
            </button>
          </div>
          {progress ? <p role="status">{t('ca.progress', { done: formatNumber(progress.done), total: formatNumber(progress.total) })}</p> : null}
          <details>
            <summary>{t('ca.offlineTitle')}</summary>
            <p>{t('ca.offlineExplain')}</p>
            <label for="pubcreds">{t('ca.pubcredsFile')}</label>
            <input id="pubcreds" type="file" accept=".pubcreds,.json,application/json" onChange={(e) => {
              const file = (e.target as HTMLInputElement).files?.[0];
              if (file) void loadPubcreds(file);
            }} />
          </details>
        </section>
      ) : null}

      {generated ? (
        <section>
          <div class="no-print">
            {generated.privateLines.length > 0 ? (
              <>
            <h2>{t('ca.distributeTitle')}</h2>
            <p>{t('ca.distributeExplain')}</p>
            <div class="actions">
              <button class="primary" type="button" onClick={() => { downloadText(`jirga-${task.uuid}-private-credentials.txt`, privateText); setSavedPrivate(true); }}>
                {t('ca.savePrivate')}
              </button>
              <button class="secondary" type="button" onClick={() => { window.print(); setSavedPrivate(true); }}>
                {t('ca.print')}
              </button>
            </div>
              </>
            ) : null}
            <h2>{t('ca.sendTitle')}</h2>
            <p>{t('ca.sendExplain')}</p>
            <p>
              {t('ca.yourFingerprint')} <span class="mono">{generated.fingerprint}</span>
            </p>
            <div class="actions">
              <button class="primary" type="button" disabled={!savedPrivate || task.state !== 'setup'} onClick={upload}>
                {t('ca.send')}
              </button>
            </div>
            {uploaded ? (
              <p class={uploaded.fingerprint === generated.fingerprint ? 'success' : 'failure'} role="status">
                {uploaded.fingerprint === generated.fingerprint ? t('ca.fingerprintMatch') : t('ca.fingerprintMismatch')}
              </p>
            ) : null}
          </div>
          <div class="print-only">
            {generated.privateLines.map((line) => {
              const [id, credential] = [line.slice(0, line.lastIndexOf(' ')).split(',')[0], line.slice(line.lastIndexOf(' ') + 1)];
              return (
                <div class="credential-card" key={line}>
                  <p>
                    <strong>{t('ca.cardVoter')}</strong> {id}
                  </p>
                  <p>
                    <strong>{t('ca.cardCredential')}</strong> <span class="mono">{credential}</span>
                  </p>
                  <p class="small">{t('ca.cardInstructions', { url: voteUrl })}</p>
                </div>
              );
            })}
          </div>
        </section>
      ) : null}
    </article>
  );
}
