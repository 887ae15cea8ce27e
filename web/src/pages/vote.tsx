// The voting booth. The credential is typed here and never leaves this page: the
// browser encrypts, proves and signs the ballot, shows its tracker, and only the
// ballot is sent. Before casting, a ballot may be audited (and then thrown away).
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, fetchText } from '../api.ts';
import { downloadText, ErrorMessage, Txt } from '../components/common.tsx';
import { formatNumber, t, tn } from '../i18n/index.ts';
import type { Route } from '../router.ts';
import { decodeTranslations } from '../../../src/kernel/texts.ts';
import { isHomomorphic, type QuestionH } from '../../../src/protocol/codec.ts';
import { isValidSecretCredential } from '../../../src/protocol/credentials.ts';
import { auditBallot, type AuditResult } from '../../../src/protocol/audit.ts';
import { sha256B64 } from '../../../src/protocol/hash.ts';

type Stage = 'credential' | 'choose' | 'preparing' | 'review' | 'audited' | 'casting' | 'done';

interface Prepared {
  text: string;
  tracker: string;
  randomness: string[][];
  plaintext: number[][];
}

/** Selections of one question: chosen answer indexes, or blank. */
interface Selection {
  chosen: number[];
  blank: boolean;
}

function plaintextOf(q: QuestionH, s: Selection): number[] {
  const values = q.answers.map((_, i) => (s.chosen.includes(i) ? 1 : 0));
  if (q.blank) return s.blank ? [1, ...values.map(() => 0)] : [0, ...values];
  return values;
}

function selectionProblem(q: QuestionH, s: Selection): string | undefined {
  if (s.blank) return undefined;
  const n = s.chosen.length;
  if (n < q.min || n > q.max) return q.min === q.max ? tn('question.exactly', q.min) : t('question.between', { min: q.min, max: q.max });
  return undefined;
}

function QuestionForm({ q, index, selection, onChange }: { q: QuestionH; index: number; selection: Selection; onChange: (s: Selection) => void }) {
  const question = decodeTranslations(q.question);
  const single = q.max === 1;
  const name = `q${index}`;
  const toggle = (i: number) => {
    if (single) return onChange({ chosen: [i], blank: false });
    const chosen = selection.chosen.includes(i) ? selection.chosen.filter((x) => x !== i) : [...selection.chosen, i];
    onChange({ chosen, blank: false });
  };
  const full = !single && selection.chosen.length >= q.max;
  return (
    <fieldset>
      <legend>
        {formatNumber(index + 1)}. <Txt value={question} />
      </legend>
      <p class="muted small">{q.min === q.max ? tn('question.exactly', q.min) : t('question.between', { min: q.min, max: q.max })}</p>
      {q.answers.map((a, i) => {
        const checked = !selection.blank && selection.chosen.includes(i);
        return (
          <label key={i} class={checked ? 'choice selected' : 'choice'}>
            <input
              type={single ? 'radio' : 'checkbox'}
              name={name}
              checked={checked}
              disabled={!checked && full}
              onChange={() => toggle(i)}
            />
            <Txt value={decodeTranslations(a)} />
          </label>
        );
      })}
      {q.blank ? (
        <label class={selection.blank ? 'choice selected' : 'choice'}>
          <input type={single ? 'radio' : 'checkbox'} name={name} checked={selection.blank} onChange={() => onChange({ chosen: [], blank: !selection.blank || single })} />
          <span>{t('vote.blank')}</span>
        </label>
      ) : null}
    </fieldset>
  );
}

export default function VotePage({ route }: { route: Route }) {
  const uuid = route.page === 'vote' ? route.uuid : '';
  const [electionRaw, setElectionRaw] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [stage, setStage] = useState<Stage>('credential');
  const [credential, setCredential] = useState('');
  const [showCredential, setShowCredential] = useState(false);
  const [selections, setSelections] = useState<Selection[]>([]);
  const [prepared, setPrepared] = useState<Prepared | null>(null);
  const [audit, setAudit] = useState<AuditResult | null>(null);
  const [result, setResult] = useState<{ tracker: string; replaced: boolean } | null>(null);
  const worker = useRef<Worker | null>(null);

  useEffect(() => {
    fetchText(`/elections/${encodeURIComponent(uuid)}/election.json`).then(setElectionRaw, setError);
    return () => worker.current?.terminate();
  }, [uuid]);

  const election = useMemo(() => (electionRaw ? JSON.parse(electionRaw) as { name: string; description: string; uuid: string; questions: QuestionH[] } : null), [electionRaw]);
  const questions = useMemo(() => (election ? election.questions.filter((q) => isHomomorphic(q)) : []), [election]);
  useEffect(() => setSelections(questions.map(() => ({ chosen: [], blank: false }))), [questions]);

  if (error) return <ErrorMessage error={error} />;
  if (!election || !electionRaw) return <p class="loading">{t('common.loading')}</p>;

  const credentialOk = isValidSecretCredential(credential.trim());
  const problems = questions.map((q, i) => (selections[i] ? selectionProblem(q, selections[i]!) : undefined));

  const prepare = (plaintext: number[][]) => {
    setStage('preparing');
    setError(null);
    worker.current ??= new Worker(new URL('../workers/booth.worker.ts', import.meta.url), { type: 'module' });
    worker.current.onmessage = (e: MessageEvent<{ ok: boolean; text?: string; tracker?: string; randomness?: string[][]; message?: string }>) => {
      if (!e.data.ok) {
        setError(new Error(e.data.message));
        setStage('choose');
        return;
      }
      setPrepared({ text: e.data.text!, tracker: e.data.tracker!, randomness: e.data.randomness!, plaintext });
      setStage('review');
    };
    worker.current.postMessage({ electionRaw, credential: credential.trim(), plaintext });
  };

  const startPreparing = () => prepare(questions.map((q, i) => plaintextOf(q, selections[i]!)));

  const auditThis = () => {
    if (!prepared) return;
    const file = { jirga: 'ballot-audit' as const, version: 1 as const, election: electionRaw, ballot: prepared.text, randomness: prepared.randomness, choices: prepared.plaintext };
    setAudit(auditBallot(file));
    setStage('audited');
  };

  const cast = async () => {
    if (!prepared) return;
    setStage('casting');
    setError(null);
    try {
      const r = await api<{ tracker: string; replaced: boolean }>(`/elections/${encodeURIComponent(uuid)}/ballots`, { method: 'POST', rawBody: prepared.text });
      setResult(r);
      setStage('done');
      setCredential(''); // forget the credential as soon as it is no longer needed
      setPrepared(null);
    } catch (e) {
      setError(e);
      setStage('review');
    }
  };

  return (
    <article>
      <h1>
        <Txt value={decodeTranslations(election.name)} />
      </h1>
      <p class="muted small">
        {t('vote.fingerprint')} <span class="mono">{sha256B64(electionRaw)}</span>
      </p>
      <ErrorMessage error={error} />

      {stage === 'credential' ? (
        <section>
          <div class="notice">
            <p>{t('vote.secret')}</p>
            <p>{t('vote.revote')}</p>
            <p>{t('vote.safety')}</p>
          </div>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (credentialOk) setStage('choose');
            }}
          >
            <label for="credential">{t('vote.credentialLabel')}</label>
            {(() => {
              const props = {
                id: 'credential',
                class: 'credential-input',
                autocomplete: 'off',
                autocapitalize: 'off' as const,
                spellcheck: false,
                value: credential,
                onInput: (e: Event) => setCredential((e.target as HTMLInputElement).value),
                'aria-describedby': 'credential-help',
              };
              return showCredential ? <input type="text" {...props} /> : <input type="password" {...props} />;
            })()}
            <p id="credential-help" class="muted small">
              {t('vote.credentialHelp')}
            </p>
            <label class="choice">
              <input type="checkbox" checked={showCredential} onChange={() => setShowCredential(!showCredential)} />
              <span>{t('vote.showCredential')}</span>
            </label>
            {credential.trim() !== '' && !credentialOk ? <p class="error">{t('vote.credentialInvalid')}</p> : null}
            <div class="actions">
              <button class="primary" type="submit" disabled={!credentialOk}>
                {t('vote.continue')}
              </button>
            </div>
          </form>
        </section>
      ) : null}

      {stage === 'choose' ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (problems.every((p) => !p)) startPreparing();
          }}
        >
          {questions.map((q, i) => (
            <div key={i}>
              <QuestionForm q={q} index={i} selection={selections[i] ?? { chosen: [], blank: false }} onChange={(s) => setSelections(selections.map((x, k) => (k === i ? s : x)))} />
              {problems[i] && (selections[i]?.chosen.length ?? 0) > 0 ? <p class="error">{problems[i]}</p> : null}
            </div>
          ))}
          <div class="actions">
            <button class="primary" type="submit" disabled={problems.some((p) => p)}>
              {t('vote.prepare')}
            </button>
          </div>
        </form>
      ) : null}

      {stage === 'preparing' || stage === 'casting' ? (
        <p class="notice" role="status">
          {stage === 'preparing' ? t('vote.preparing') : t('vote.casting')}
        </p>
      ) : null}

      {stage === 'review' && prepared ? (
        <section>
          <h2>{t('vote.reviewTitle')}</h2>
          <p>{t('vote.trackerExplain')}</p>
          <p class="tracker mono" data-testid="tracker">
            {prepared.tracker}
          </p>
          <div class="actions">
            <button class="primary" type="button" onClick={cast}>
              {t('vote.cast')}
            </button>
            <button class="secondary" type="button" onClick={auditThis}>
              {t('vote.audit')}
            </button>
            <button class="secondary" type="button" onClick={() => setStage('choose')}>
              {t('vote.change')}
            </button>
          </div>
          <p class="muted small">{t('vote.auditExplain')}</p>
        </section>
      ) : null}

      {stage === 'audited' && prepared && audit ? (
        <section>
          <h2>{t('vote.auditTitle')}</h2>
          {audit.ok && audit.matchesClaim ? <p class="success">{t('vote.auditPassed')}</p> : <p class="failure">{t('vote.auditFailed')}</p>}
          {audit.ok ? (
            <ul>
              {questions.map((q, i) => {
                const row = audit.choices[i]!;
                const offset = q.blank ? 1 : 0;
                const names = q.answers.filter((_, j) => row[j + offset] === 1).map((a) => decodeTranslations(a));
                return (
                  <li key={i}>
                    <Txt value={decodeTranslations(q.question)} />:{' '}
                    {q.blank && row[0] === 1 ? t('vote.blank') : names.map((n, k) => <span key={k}>{k > 0 ? '، ' : ''}<Txt value={n} /></span>)}
                  </li>
                );
              })}
            </ul>
          ) : (
            <p lang="en" dir="ltr" class="small">{audit.message}</p>
          )}
          <p>{t('vote.auditDiscarded')}</p>
          <div class="actions">
            <button
              class="secondary"
              type="button"
              onClick={() =>
                downloadText(
                  `jirga-ballot-audit-${uuid}.json`,
                  JSON.stringify({ jirga: 'ballot-audit', version: 1, election: electionRaw, ballot: prepared.text, randomness: prepared.randomness, choices: prepared.plaintext }, null, 1),
                  'application/json',
                )
              }
            >
              {t('vote.auditDownload')}
            </button>
            <button class="primary" type="button" onClick={() => prepare(prepared.plaintext)}>
              {t('vote.auditAgain')}
            </button>
          </div>
          <p class="muted small">{t('vote.auditCli')}</p>
        </section>
      ) : null}

      {stage === 'done' && result ? (
        <section>
          <p class="success" role="status">
            {result.replaced ? t('vote.doneReplaced') : t('vote.done')}
          </p>
          <p>{t('vote.doneTracker')}</p>
          <p class="tracker mono" data-testid="cast-tracker">
            {result.tracker}
          </p>
          <p>{t('vote.doneRevote')}</p>
          <div class="actions">
            <a class="secondary" href={`/e/${uuid}`}>
              {t('vote.seeBox')}
            </a>
          </div>
        </section>
      ) : null}
    </article>
  );
}
