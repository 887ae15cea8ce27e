// The organiser's participation codes (shown once, to save or print) and the
// state of a conversation's analysis, with the way to run it again.
import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { useAction } from '../../api/hooks.ts';
import { zCodes, type MathStatus } from '../../api/conversations.ts';
import { zOk } from '../../api/common.ts';
import { downloadText } from '../../components/download.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { formatDate, t, tn, type Key } from '../../i18n/index.ts';
import { formatSeconds } from './statements.tsx';

/** A code as people read it aloud and type it: groups of four. */
const spaced = (code: string) => (/^[A-Z0-9]{12}$/.test(code) ? code.match(/.{4}/g)!.join('-') : code);

export function Codes({ base, id, counts, onDone }: { base: string; id: string; counts: { issued: number; used: number }; onDone: () => Promise<void> }) {
  const [count, setCount] = useState(20);
  const [codes, setCodes] = useState<string[] | null>(null);
  const issue = useAction();
  const url = `${location.origin}/d/${encodeURIComponent(id)}`;
  return (
    <section class="codes" data-testid="codes">
      <h2 class="no-print">{t('orgTalk.codesTitle')}</h2>
      <p class="no-print">{t('orgTalk.codesCount', { issued: tn('orgTalk.codesIssued', counts.issued), used: counts.used })}</p>
      <form
        class="no-print"
        onSubmit={(e) => {
          e.preventDefault();
          void issue.run(async () => {
            setCodes((await api(`${base}/codes`, zCodes, { method: 'POST', body: { count } })).codes);
            await onDone();
          });
        }}
      >
        <label for="code-count">{t('orgTalk.codesHowMany')}</label>
        <input id="code-count" type="number" min={1} max={10000} value={count} onInput={(e) => setCount(Number((e.target as HTMLInputElement).value))} />
        <ErrorMessage error={issue.error} />
        <div class="actions">
          <button type="submit" class="secondary" disabled={issue.pending || !(count >= 1)}>
            {t('orgTalk.codesIssue')}
          </button>
        </div>
      </form>
      {codes ? (
        <div>
          <p class="notice no-print">{t('orgTalk.codesShownOnce')}</p>
          <div class="actions">
            <button type="button" class="primary" onClick={() => downloadText(`participation-codes-${id}.txt`, `${url}\n\n${codes.map(spaced).join('\n')}\n`)}>
              {t('orgTalk.codesDownload')}
            </button>
            <button type="button" class="secondary" onClick={() => window.print()}>
              {t('orgTalk.codesPrint')}
            </button>
          </div>
          <ol class="code-list" data-testid="issued-codes">
            {codes.map((c) => (
              <li key={c} class="code-card">
                <span class="small">{t('orgTalk.codeCard', { url })}</span> <span class="mono">{spaced(c)}</span>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </section>
  );
}

const MATH_KEYS: Record<MathStatus['state'], Key> = {
  idle: 'orgTalk.mathIdle',
  queued: 'orgTalk.mathQueued',
  running: 'orgTalk.mathRunning',
  failed: 'orgTalk.mathFailed',
};

export function MathPanel({ status, base, onDone }: { status: MathStatus; base: string; onDone: () => Promise<void> }) {
  const recompute = useAction();
  return (
    <section data-testid="math">
      <h2>{t('orgTalk.mathTitle')}</h2>
      <dl class="facts">
        <dt>{t('orgTalk.mathState')}</dt>
        <dd data-testid="math-state">{t(MATH_KEYS[status.state])}</dd>
        <dt>{t('orgTalk.mathLast')}</dt>
        <dd>{status.analysedAt ? formatDate(status.analysedAt) : t('orgTalk.mathNever')}</dd>
        <dt>{t('orgTalk.mathVotes')}</dt>
        <dd>{t('orgTalk.mathVotesValue', { included: status.votesIncluded, total: status.votesTotal })}</dd>
        <dt>{t('orgTalk.mathDuration')}</dt>
        <dd>{status.durationMs != null ? t('orgTalk.mathSeconds', { seconds: formatSeconds(status.durationMs) }) : '—'}</dd>
      </dl>
      {status.error ? (
        <p class="failure small" dir="auto">
          {status.error}
        </p>
      ) : null}
      <ErrorMessage error={recompute.error} />
      <div class="actions">
        <button
          type="button"
          class="secondary"
          disabled={recompute.pending}
          onClick={() =>
            recompute.run(async () => {
              await api(`${base}/recompute`, zOk, { method: 'POST' });
              await onDone();
            })
          }
        >
          {t('orgTalk.recompute')}
        </button>
      </div>
    </section>
  );
}
