// A trustee's page, reached by the one-time link. Keys are generated here, saved
// by the trustee as a file, and never sent: only public keys, certificates,
// encrypted shares and, at the end, a partial decryption with its proof.
import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { useAction, useResource } from '../../api/hooks.ts';
import { zPartialDecryptionAnswer, zShuffleAnswer, zTrusteeTask } from '../../api/setup.ts';
import { zOk } from '../../api/common.ts';
import { downloadText } from '../../components/download.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { Pending } from '../../components/pending.tsx';
import { formatDate, formatNumber, t, tn, type Key } from '../../i18n/index.ts';
import { linkToken } from '../../router.ts';
import { trusteeDecryption, trusteeKeyStep, trusteeShuffle, type KeyStep } from '../../../../src/trustee/client.ts';
import { HelpLink } from '../../components/help-link.tsx';

function KeyFileInput({ onText }: { onText: (text: string) => void }) {
  return (
    <div>
      <label for="keyfile">{t('trustee.loadKey')}</label>
      <input id="keyfile" type="file" accept=".json,.key,.privkey,application/json,text/plain" onChange={async (e) => {
        const file = (e.target as HTMLInputElement).files?.[0];
        if (file) onText(await file.text());
      }} />
    </div>
  );
}

const nextTick = () => new Promise((r) => setTimeout(r, 30));

export default function TrusteePage() {
  const [token] = useState(linkToken);
  const [pending, setPending] = useState<KeyStep | null>(null);
  const [saved, setSaved] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const [keyText, setKeyText] = useState<string | null>(null);
  const [message, setMessage] = useState<Key | null>(null);
  const work = useAction();
  const working = work.pending;
  // the others' progress, every 10 s, but not while this trustee is in the middle of a step
  const resource = useResource(() => api('/trustee', zTrusteeTask, { token }), [], { refreshMs: pending || working ? null : 10_000 });

  /** A step of the trustee's work: the page is drawn (the button shows it is working) before the computation starts. */
  const run = (body: () => Promise<void>) =>
    work.run(async () => {
      await nextTick();
      await body();
    });

  const send = async (step: KeyStep) => {
    await api('/trustee/key', zOk, { method: 'POST', token, body: step.submission });
    setPending(null);
    setSaved(false);
    setConfirmed(false);
    setMessage('trustee.sent');
    await resource.reload();
  };

  if (!token) return <p class="failure">{t('trustee.noToken')}</p>;
  const task = resource.data;
  if (!task) return <Pending resource={resource} />;
  const error = work.error ?? resource.error;

  const needsKeyFile = task.step === 'polynomial' || task.step === 'voutput' || task.step === 'decrypt';
  return (
    <article>
      <h1>{t('trustee.title', { n: task.index })}</h1>
      <p>{tn('trustee.role', task.count)}</p>
      <p><HelpLink guide="trustee" section={task.step === 'decrypt' || task.step === 'shuffle' || task.step === 'wait-to-shuffle' ? 'decrypt' : task.step === 'polynomial' || task.step === 'voutput' ? 'threshold' : 'key'} /></p>
      <p class="muted small">
        {t('trustee.election')} <span class="mono">{task.uuid}</span> ·{' '}
        {task.threshold === null ? t('trustee.modeBasic') : t('trustee.modeThreshold', { t: task.threshold, n: task.count })} ·{' '}
        {t('trustee.linkExpires', { date: formatDate(task.expiresAt) })}
      </p>
      <ErrorMessage error={error} />
      {message ? <p class="success" role="status">{t(message)}</p> : null}

      {(task.step === 'generate-key' || task.step === 'certificate') && !pending ? (
        <section>
          <h2>{t('trustee.generateTitle')}</h2>
          <p>{t('trustee.generateExplain')}</p>
          <div class="actions">
            <button class="primary" type="button" disabled={working} onClick={() => run(async () => setPending(trusteeKeyStep(task)))}>
              {t('trustee.generate')}
            </button>
          </div>
        </section>
      ) : null}

      {pending?.keyFile ? (
        <section class="card">
          <h2>{t('trustee.saveTitle')}</h2>
          <p>{t('trustee.saveExplain')}</p>
          <div class="actions">
            <button
              class="primary"
              type="button"
              onClick={() => {
                downloadText(pending.keyFile!.name, pending.keyFile!.content, 'application/json');
                setSaved(true);
              }}
            >
              {t('trustee.saveKey')}
            </button>
          </div>
          <label class="choice">
            <input type="checkbox" checked={confirmed} disabled={!saved} onChange={() => setConfirmed(!confirmed)} />
            <span>{t('trustee.savedConfirm')}</span>
          </label>
          <div class="actions">
            <button class="primary" type="button" disabled={!saved || !confirmed || working} onClick={() => run(() => send(pending))}>
              {t('trustee.sendPublic')}
            </button>
          </div>
        </section>
      ) : null}

      {needsKeyFile ? (
        <section>
          <h2>{task.step === 'decrypt' ? t('trustee.decryptTitle') : t('trustee.continueTitle')}</h2>
          <p>{task.step === 'decrypt' ? t('trustee.decryptExplain') : t('trustee.continueExplain')}</p>
          <KeyFileInput onText={setKeyText} />
          <div class="actions">
            <button
              class="primary"
              type="button"
              disabled={!keyText || working}
              onClick={() =>
                run(async () => {
                  if (task.step === 'decrypt') {
                    const value = trusteeDecryption(task, keyText!);
                    const r = await api('/trustee/partial-decryption', zPartialDecryptionAnswer, { method: 'POST', token, body: { value } });
                    setMessage(r.published ? 'trustee.decryptedPublished' : 'trustee.decrypted');
                    await resource.reload();
                  } else {
                    await send(trusteeKeyStep(task, keyText!));
                  }
                })
              }
            >
              {working ? t('trustee.working') : task.step === 'decrypt' ? t('trustee.decrypt') : t('trustee.continue')}
            </button>
          </div>
        </section>
      ) : null}

      {task.step === 'shuffle' ? (
        <section>
          <h2>{t('trustee.shuffleTitle')}</h2>
          <p>{t('trustee.shuffleExplain')}</p>
          <div class="actions">
            <button
              class="primary"
              type="button"
              disabled={working}
              onClick={() =>
                run(async () => {
                  // on this page's thread (as the decryption is): the page shows it is working meanwhile
                  const value = trusteeShuffle(task);
                  await api('/trustee/shuffle', zShuffleAnswer, { method: 'POST', token, body: { value } });
                  setMessage('trustee.shuffled');
                  await resource.reload();
                })
              }
            >
              {working ? t('trustee.working') : t('trustee.shuffle')}
            </button>
          </div>
        </section>
      ) : null}
      {task.step === 'wait-to-shuffle' ? (
        <p class="notice">{task.shuffleFingerprint || task.shuffleTurn === undefined ? t('trustee.waitShuffleDone') : t('trustee.waitShuffle', { n: formatNumber(task.shuffleTurn) })}</p>
      ) : null}
      {task.shuffleFingerprint ? (
        <p class="small" data-testid="shuffle-fingerprint">
          {t('trustee.shuffleFingerprint')} <span class="mono">{task.shuffleFingerprint}</span> {t('trustee.shuffleFingerprintCheck')}
        </p>
      ) : null}
      {task.step === 'wait-for-others' ? (
        <p class="notice">
          {t('trustee.waiting')}{' '}
          {task.threshold === null
            ? t('trustee.progressKeys', { done: formatNumber(task.progress.keys), n: formatNumber(task.count) })
            : t('trustee.progressThreshold', { c: formatNumber(task.progress.certificates), p: formatNumber(task.progress.polynomials), v: formatNumber(task.progress.voutputs), n: formatNumber(task.count) })}
        </p>
      ) : null}
      {task.step === 'key-ready' ? <p class="success">{task.state === 'setup' ? t('trustee.keyReady') : t('trustee.keyReadyOpen')}</p> : null}
      {task.step === 'decrypted' ? <p class="success">{t('trustee.decrypted')}</p> : null}
      {task.step === 'finished' ? <p class="notice">{t('trustee.finished')}</p> : null}
      <p class="muted small">{t('trustee.safety')}</p>
    </article>
  );
}
