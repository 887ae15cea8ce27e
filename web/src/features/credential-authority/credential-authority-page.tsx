// The credential authority's page, reached by its one-time link: the voter list is
// turned into credentials in this browser. Secret credentials are printed or saved
// for distribution through trusted channels; only public credentials are sent.
import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { useAction, useResource } from '../../api/hooks.ts';
import { zCredentialAuthorityTask, zCredentialsUploaded } from '../../api/setup.ts';
import { downloadText } from '../../components/download.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { Pending } from '../../components/pending.tsx';
import { currentLanguage, formatDate, formatNumber, t, tn } from '../../i18n/index.ts';
import { linkToken } from '../../router.ts';
import { publicCredentialsFingerprint, stripCredentialId, type GeneratedCredentials } from '../../../../src/protocol/credentials.ts';
import { parseVoterCsv } from './voter-csv.ts';
import { HelpLink } from '../../components/help-link.tsx';

export default function CredentialAuthorityPage() {
  const [token] = useState(linkToken);
  const resource = useResource(() => api('/credential-authority', zCredentialAuthorityTask, { token }), []);
  const [csv, setCsv] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [generated, setGenerated] = useState<GeneratedCredentials | null>(null);
  const [savedPrivate, setSavedPrivate] = useState(false);
  const upload = useAction<{ count: number; fingerprint: string; previousFingerprint: string | null }>();

  if (!token) return <p class="failure">{t('trustee.noToken')}</p>;
  const task = resource.data;
  if (!task) return <Pending resource={resource} />;
  const error = upload.error ?? resource.error;
  const uploaded = upload.result;

  const generate = () => {
    const { voters, problem: p } = parseVoterCsv(csv);
    setProblem(p ?? null);
    if (p) return;
    setProgress({ done: 0, total: voters.length });
    const worker = new Worker(new URL('../../workers/credentials.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<{ type: string; done?: number; result?: GeneratedCredentials; message?: string }>) => {
      if (e.data.type === 'progress') setProgress({ done: e.data.done!, total: voters.length });
      else {
        worker.terminate();
        setProgress(null);
        if (e.data.type === 'done') setGenerated(e.data.result!);
        // the list was checked before (parseVoterCsv): a failure here is unexpected, and its words are English
        else setProblem(currentLanguage() === 'en' ? e.data.message! : t('error.unexpected'));
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

  const send = () =>
    upload.run(async () => {
      const answer = await api('/credential-authority/credentials', zCredentialsUploaded, { method: 'POST', token, body: { credentials: generated!.publicCredentials } });
      await resource.reload();
      return answer;
    });

  const privateText = generated ? generated.privateLines.join('\n') + '\n' : '';
  const voteUrl = `${location.origin}/e/${task.uuid}/vote`;
  return (
    <article>
      <h1 class="no-print">{t('ca.title')}</h1>
      <p class="no-print">{t('ca.role')}</p>
      <p class="muted small no-print">
        {t('trustee.election')} <span class="mono">{task.uuid}</span> · {t('ca.linkExpires', { date: formatDate(task.expiresAt) })}
      </p>
      <ErrorMessage error={error} />
      {task.credentials ? (
        <div class="success no-print">
          <p>{tn('ca.serverHas', task.credentials.count)}</p>
          <p>
            {t('election.credentialsFingerprint')} <span class="mono">{task.credentials.fingerprint}</span>
          </p>
          {task.state !== 'setup' ? <p>{t('ca.compare')}</p> : null}
          {task.state === 'setup' && !uploaded ? <p data-testid="ca-upload-state">{task.mayUpload ? t('ca.replacementAllowed') : t('ca.alreadySent')}</p> : null}
        </div>
      ) : null}

      {task.state === 'setup' && !generated && task.mayUpload ? (
        <section class="no-print">
          <h2>{t('ca.listTitle')}</h2>
          <p><HelpLink guide="credential-authority" section="list" /></p>
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
            <p><HelpLink guide="credential-authority" section="keep" /></p>
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
            <p><HelpLink guide="credential-authority" section="send" /></p>
            <p>{t('ca.sendExplain')}</p>
            <p>
              {t('ca.yourFingerprint')} <span class="mono">{generated.fingerprint}</span>
            </p>
            <div class="actions">
              <button class="primary" type="button" disabled={!savedPrivate || task.state !== 'setup' || !task.mayUpload} onClick={send}>
                {t('ca.send')}
              </button>
            </div>
            {uploaded ? (
              <p class={uploaded.fingerprint === generated.fingerprint ? 'success' : 'failure'} role="status">
                {uploaded.fingerprint === generated.fingerprint ? t('ca.fingerprintMatch') : t('ca.fingerprintMismatch')}
              </p>
            ) : null}
            {uploaded?.previousFingerprint ? (
              <p class="small wrap-anywhere" data-testid="ca-replaced">
                {t('ca.replaced', { previous: `\u2068${uploaded.previousFingerprint}\u2069`, fingerprint: `\u2068${uploaded.fingerprint}\u2069` })}
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
