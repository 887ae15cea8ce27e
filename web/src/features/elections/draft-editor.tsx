// The organiser's editor for an election draft: every text in the three
// languages, homomorphic questions (choose min to max of n answers, blank or not),
// schedule and trustees. Checked with the server's own schema before sending.
import { useState } from 'preact/hooks';
import { zElectionDraft, type ElectionDraft, type QuestionDraft } from '../../../../src/api/election-draft.ts';
import type { Translations } from '../../../../src/kernel/texts.ts';
import { formatIssues } from '../../../../src/protocol/codec.ts';
import { LANGUAGE_NAMES, LANGUAGES, t } from '../../i18n/index.ts';
import { DIMENSION_ORDER, type Dimension } from '../../../../src/inclusion/dimensions.ts';
import { dimensionName } from '../../../../src/inclusion/questions.ts';
import { textOf } from '../../components/text.tsx';
import { WholeNumberInput } from './whole-number-input.tsx';

/** A question as the editor holds it: the draft's own shape (choose, ranked or graded). */
export type EditableQuestion = QuestionDraft;

export interface EditableDraft {
  name: Translations;
  description: Translations;
  questions: EditableQuestion[];
  opensAt: string;
  closesAt: string;
  trusteeCount: number;
  threshold: number | null;
  /** Self-description questions added to the ballot (anonymous; only totals decrypted). */
  selfDescription: Dimension[];
}

export function emptyDraft(): EditableDraft {
  return {
    name: {},
    description: {},
    questions: [{ question: {}, answers: [{}, {}], min: 1, max: 1, blank: false }],
    opensAt: '',
    closesAt: '',
    trusteeCount: 3,
    threshold: 2,
    selfDescription: [],
  };
}

export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function editableFrom(d: ElectionDraft): EditableDraft {
  return {
    name: d.name,
    description: d.description,
    questions: d.questions.map((q) => ({ ...q })),
    opensAt: toLocalInput(d.opensAt),
    closesAt: toLocalInput(d.closesAt),
    trusteeCount: d.trustees.count,
    threshold: d.trustees.threshold,
    selfDescription: [...(d.selfDescription ?? [])],
  };
}

/** The draft as the API expects it, or the first problem in the reader's language context. */
export function draftOf(e: EditableDraft): { draft?: ElectionDraft; problem?: string } {
  const value = {
    name: e.name,
    description: e.description,
    questions: e.questions,
    opensAt: e.opensAt ? new Date(e.opensAt).toISOString() : null,
    closesAt: e.closesAt ? new Date(e.closesAt).toISOString() : null,
    trustees: { count: e.trusteeCount, threshold: e.threshold },
    selfDescription: e.selfDescription,
  };
  const r = zElectionDraft.safeParse(value);
  return r.success ? { draft: r.data } : { problem: formatIssues(r.error) };
}

export function TextInputs({ name, label, value, onChange, multiline }: { name: string; label: string; value: Translations; onChange: (v: Translations) => void; multiline?: boolean }) {
  return (
    <div>
      <p class="field-title">{label}</p>
      <div class="grid3">
        {LANGUAGES.map((l) => {
          const id = `${name}-${l}`;
          const props = {
            id,
            lang: l,
            dir: (l === 'en' ? 'ltr' : 'rtl') as 'ltr' | 'rtl',
            value: value[l] ?? '',
            onInput: (ev: Event) => onChange({ ...value, [l]: (ev.target as HTMLInputElement).value }),
          };
          return (
            <div key={l}>
              <label for={id} class="small">
                {LANGUAGE_NAMES[l]}
              </label>
              {multiline ? <textarea {...props} /> : <input type="text" {...props} />}
            </div>
          );
        })}
      </div>
    </div>
  );
}

export function DraftEditor({ initial, onSave, saveLabel }: { initial: EditableDraft; onSave: (d: ElectionDraft) => Promise<unknown>; saveLabel: string }) {
  const [d, setD] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const setQuestion = (i: number, q: EditableQuestion) => setD({ ...d, questions: d.questions.map((x, k) => (k === i ? q : x)) });
  const save = async (e: Event) => {
    e.preventDefault();
    const { draft, problem: p } = draftOf(d);
    setProblem(p ?? null);
    if (!draft) return;
    setBusy(true);
    try {
      await onSave(draft);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={save} class="card">
      <TextInputs name="name" label={t('draft.name')} value={d.name} onChange={(name) => setD({ ...d, name })} />
      <TextInputs name="description" label={t('draft.description')} value={d.description} onChange={(description) => setD({ ...d, description })} multiline />
      {d.questions.map((q, i) => (
        <fieldset key={i}>
          <legend>{t('draft.question', { n: i + 1 })}</legend>
          <TextInputs name={`q${i}`} label={t('draft.questionText', { n: i + 1 })} value={q.question} onChange={(question) => setQuestion(i, { ...q, question })} />
          {q.answers.map((a, j) => (
            <div key={j}>
              <TextInputs name={`q${i}a${j}`} label={t('draft.answer', { n: j + 1 })} value={a} onChange={(v) => setQuestion(i, { ...q, answers: q.answers.map((x, k) => (k === j ? v : x)) })} />
              {q.answers.length > 1 ? (
                <button type="button" class="secondary small-button" onClick={() => setQuestion(i, { ...q, answers: q.answers.filter((_, k) => k !== j) })}>
                  {t('draft.removeAnswer', { n: j + 1 })}
                </button>
              ) : null}
            </div>
          ))}
          <div class="actions">
            <button type="button" class="secondary" onClick={() => setQuestion(i, { ...q, answers: [...q.answers, {}] })}>
              {t('draft.addAnswer')}
            </button>
          </div>
          {q.kind === 'ranked' || q.kind === 'graded' ? null : (
          <div class="grid3">
            <div>
              <label for={`q${i}-min`}>{t('draft.min')}</label>
              <WholeNumberInput id={`q${i}-min`} value={q.min} onValue={(min) => setQuestion(i, { ...q, min: min ?? Number.NaN })} />
            </div>
            <div>
              <label for={`q${i}-max`}>{t('draft.max')}</label>
              <WholeNumberInput id={`q${i}-max`} value={q.max} onValue={(max) => setQuestion(i, { ...q, max: max ?? Number.NaN })} />
            </div>
            <div>
              <label class="choice">
                <input id={`q${i}-blank`} type="checkbox" checked={q.blank} onChange={() => setQuestion(i, { ...q, blank: !q.blank })} />
                <span>{t('draft.blank')}</span>
              </label>
            </div>
          </div>
          )}
          {d.questions.length > 1 ? (
            <button type="button" class="secondary" onClick={() => setD({ ...d, questions: d.questions.filter((_, k) => k !== i) })}>
              {t('draft.removeQuestion')}
            </button>
          ) : null}
        </fieldset>
      ))}
      <div class="actions">
        <button type="button" class="secondary" onClick={() => setD({ ...d, questions: [...d.questions, { question: {}, answers: [{}, {}], min: 1, max: 1, blank: false }] })}>
          {t('draft.addQuestion')}
        </button>
      </div>
      <div class="grid3">
        <div>
          <label for="opens">{t('draft.opensAt')}</label>
          <input id="opens" type="datetime-local" value={d.opensAt} onInput={(e) => setD({ ...d, opensAt: (e.target as HTMLInputElement).value })} />
        </div>
        <div>
          <label for="closes">{t('draft.closesAt')}</label>
          <input id="closes" type="datetime-local" value={d.closesAt} onInput={(e) => setD({ ...d, closesAt: (e.target as HTMLInputElement).value })} />
        </div>
      </div>
      <p class="muted small">{t('draft.scheduleHelp')}</p>
      <div class="grid3">
        <div>
          <label for="trustees">{t('draft.trustees')}</label>
          <WholeNumberInput id="trustees" value={d.trusteeCount} onValue={(n) => setD({ ...d, trusteeCount: n ?? Number.NaN })} />
        </div>
        <div>
          <label for="threshold">{t('draft.threshold')}</label>
          <WholeNumberInput id="threshold" value={d.threshold} optional onValue={(threshold) => setD({ ...d, threshold })} />
        </div>
      </div>
      <p class="muted small">{t('draft.trusteesHelp')}</p>
      <fieldset data-testid="self-description-questions">
        <legend>{t('incl.selfDescription')}</legend>
        {DIMENSION_ORDER.map((dim) => (
          <label key={dim} class="check">
            <input
              type="checkbox"
              name={`self-${dim}`}
              checked={d.selfDescription.includes(dim)}
              onChange={(e) => setD({ ...d, selfDescription: (e.target as HTMLInputElement).checked ? DIMENSION_ORDER.filter((x) => x === dim || d.selfDescription.includes(x)) : d.selfDescription.filter((x) => x !== dim) })}
            />{' '}
            {textOf(dimensionName(dim))}
          </label>
        ))}
      </fieldset>
      {problem ? (
        <div class="failure" role="alert">
          <p class="error">{t('draft.problem')}</p>
          <p class="small" lang="en" dir="ltr">
            {problem}
          </p>
        </div>
      ) : null}
      <div class="actions">
        <button class="primary" type="submit" disabled={busy}>
          {saveLabel}
        </button>
      </div>
    </form>
  );
}
