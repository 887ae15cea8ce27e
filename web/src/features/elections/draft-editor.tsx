// The organiser's editor for an election draft: every text in the three
// languages, its questions — choose min to max of n answers (homomorphic), rank the
// options (Schulze) or the candidates (STV, with its seats), grade each option
// (majority judgment, with named grades) —, schedule and trustees. Checked with the
// server's own schema before sending; each question sent with its kind's fields only.
import { useState } from 'preact/hooks';
import { zElectionDraft, type ElectionDraft } from '../../../../src/api/election-draft.ts';
import type { Translations } from '../../../../src/kernel/texts.ts';
import { formatIssues } from '../../../../src/protocol/codec.ts';
import { formatPercent, LANGUAGE_NAMES, LANGUAGES, t, type Key } from '../../i18n/index.ts';
import { DIMENSION_ORDER, type Dimension } from '../../../../src/inclusion/dimensions.ts';
import { categoryLabel, dimensionName } from '../../../../src/inclusion/questions.ts';
import { ETHNICITIES, GENDERS } from '../../../../src/inclusion/dimensions.ts';
import { textOf } from '../../components/text.tsx';
import { WholeNumberInput } from './whole-number-input.tsx';
import { CANDIDATE_DIMENSIONS, withAnswerAdded, withAnswerRemoved, droopShare, editableQuestion, MAX_GRADES, MIN_GRADES, newQuestion, QUESTION_KINDS, questionDraftOf, withKind, type EditableQuestion, type QuestionKind } from './question-kinds.ts';

export type { EditableQuestion } from './question-kinds.ts';

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
    questions: [newQuestion()],
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
    questions: d.questions.map(editableQuestion),
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
    questions: e.questions.map(questionDraftOf),
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

const KIND_LABELS: Record<QuestionKind, Key> = { choose: 'draft.kindChoose', schulze: 'draft.kindSchulze', stv: 'draft.kindStv', graded: 'draft.kindGraded' };
const KIND_EXPLANATIONS: Record<QuestionKind, Key> = { choose: 'draft.explainChoose', schulze: 'draft.explainSchulze', stv: 'draft.explainStv', graded: 'draft.explainGraded' };
/** What the answers are called: answers to choose, options to rank or grade, candidates to elect. */
const ANSWER_TEXTS: Record<QuestionKind, { one: Key; add: Key; remove: Key }> = {
  choose: { one: 'draft.answer', add: 'draft.addAnswer', remove: 'draft.removeAnswer' },
  schulze: { one: 'draft.option', add: 'draft.addOption', remove: 'draft.removeOption' },
  graded: { one: 'draft.option', add: 'draft.addOption', remove: 'draft.removeOption' },
  stv: { one: 'draft.candidate', add: 'draft.addCandidate', remove: 'draft.removeCandidate' },
};

function BlankBox({ index, q, label, onChange }: { index: number; q: EditableQuestion; label: Key; onChange: (q: EditableQuestion) => void }) {
  return (
    <label class="choice">
      <input id={`q${index}-blank`} type="checkbox" checked={q.blank} onChange={() => onChange({ ...q, blank: !q.blank })} />
      <span>{t(label)}</span>
    </label>
  );
}

const CANDIDATE_CATEGORIES: Record<(typeof CANDIDATE_DIMENSIONS)[number], readonly string[]> = { gender: GENDERS, ethnicity: ETHNICITIES };

/** An STV candidate's public description (gender, ethnicity), checked against the delegation rules once elected; "not said" by default. */
function CandidateDescription({ index, j, q, onChange }: { index: number; j: number; q: EditableQuestion; onChange: (q: EditableQuestion) => void }) {
  const own = q.candidates[j] ?? {};
  const set = (d: string, c: string) => onChange({ ...q, candidates: q.answers.map((_, k) => (k === j ? { ...own, [d]: c } : (q.candidates[k] ?? {}))) });
  return (
    <div class="grid3 candidate-description">
      {CANDIDATE_DIMENSIONS.map((d) => (
        <div key={d}>
          <label for={`q${index}a${j}-${d}`}>{t('draft.candidateDescribed', { n: j + 1, dimension: textOf(dimensionName(d)) })}</label>
          <select id={`q${index}a${j}-${d}`} value={own[d] ?? ''} onChange={(e) => set(d, (e.target as HTMLSelectElement).value)}>
            <option value="">{t('draft.notSaid')}</option>
            {CANDIDATE_CATEGORIES[d].map((c) => (
              <option key={c} value={c}>
                {textOf(categoryLabel(c))}
              </option>
            ))}
          </select>
        </div>
      ))}
    </div>
  );
}

/** One question: its text, how voters answer it (with what that means), its answers, and its kind's own fields. */
export function QuestionEditor({ index: i, q, onChange, onRemove }: { index: number; q: EditableQuestion; onChange: (q: EditableQuestion) => void; onRemove: (() => void) | undefined }) {
  const words = ANSWER_TEXTS[q.kind];
  const seatsKnown = Number.isInteger(q.seats) && q.seats >= 1;
  return (
    <fieldset data-testid={`question-${i}`}>
      <legend>{t('draft.question', { n: i + 1 })}</legend>
      <TextInputs name={`q${i}`} label={t('draft.questionText', { n: i + 1 })} value={q.question} onChange={(question) => onChange({ ...q, question })} />
      <fieldset class="question-kind">
        <legend>{t('draft.kind')}</legend>
        {QUESTION_KINDS.map((k) => (
          <label key={k} class={`choice${q.kind === k ? ' selected' : ''}`}>
            <input id={`q${i}-kind-${k}`} type="radio" name={`q${i}-kind`} value={k} checked={q.kind === k} aria-describedby={q.kind === k ? `q${i}-kind-explain` : undefined} onChange={() => onChange(withKind(q, k))} />
            <span>{t(KIND_LABELS[k])}</span>
          </label>
        ))}
        <p class="muted small" id={`q${i}-kind-explain`} data-testid={`q${i}-kind-explain`}>
          {t(KIND_EXPLANATIONS[q.kind])}
          {q.kind === 'choose' ? null : ` ${t('draft.explainShuffled')}`}
        </p>
      </fieldset>
      {q.answers.map((a, j) => (
        <div key={j}>
          <TextInputs name={`q${i}a${j}`} label={t(words.one, { n: j + 1 })} value={a} onChange={(v) => onChange({ ...q, answers: q.answers.map((x, k) => (k === j ? v : x)) })} />
          {q.kind === 'stv' ? <CandidateDescription index={i} j={j} q={q} onChange={onChange} /> : null}
          {q.answers.length > 1 ? (
            <button type="button" class="secondary small-button" onClick={() => onChange(withAnswerRemoved(q, j))}>
              {t(words.remove, { n: j + 1 })}
            </button>
          ) : null}
        </div>
      ))}
      <div class="actions">
        <button type="button" class="secondary" onClick={() => onChange(withAnswerAdded(q))}>
          {t(words.add)}
        </button>
      </div>
      {q.kind === 'choose' ? (
        <div class="grid3">
          <div>
            <label for={`q${i}-min`}>{t('draft.min')}</label>
            <WholeNumberInput id={`q${i}-min`} value={q.min} onValue={(min) => onChange({ ...q, min: min ?? Number.NaN })} />
          </div>
          <div>
            <label for={`q${i}-max`}>{t('draft.max')}</label>
            <WholeNumberInput id={`q${i}-max`} value={q.max} onValue={(max) => onChange({ ...q, max: max ?? Number.NaN })} />
          </div>
          <div>
            <BlankBox index={i} q={q} label="draft.blank" onChange={onChange} />
          </div>
        </div>
      ) : null}
      {q.kind === 'schulze' ? <BlankBox index={i} q={q} label="draft.blankRanked" onChange={onChange} /> : null}
      {q.kind === 'stv' ? (
        <div>
          <label for={`q${i}-seats`}>{t('draft.seats')}</label>
          <WholeNumberInput id={`q${i}-seats`} value={q.seats} onValue={(seats) => onChange({ ...q, seats: seats ?? Number.NaN })} />
          <p class="muted small">{t('draft.candidatesHelp')}</p>
          <p class="muted small" data-testid={`q${i}-quota`}>
            {t('draft.stvQuota')}
            {seatsKnown ? ` ${t('draft.stvShare', { seats: q.seats, share: formatPercent(droopShare(q.seats)) })}` : null}
          </p>
        </div>
      ) : null}
      {q.kind === 'graded' ? (
        <fieldset class="grades" data-testid={`q${i}-grades`}>
          <legend>{t('draft.grades')}</legend>
          <p class="muted small">{t('draft.gradesHelp', { min: MIN_GRADES, max: MAX_GRADES })}</p>
          {q.grades.map((g, j) => (
            <div key={j}>
              <TextInputs name={`q${i}g${j}`} label={t('draft.grade', { n: j + 1 })} value={g} onChange={(v) => onChange({ ...q, grades: q.grades.map((x, k) => (k === j ? v : x)) })} />
              {q.grades.length > MIN_GRADES ? (
                <button type="button" class="secondary small-button" onClick={() => onChange({ ...q, grades: q.grades.filter((_, k) => k !== j) })}>
                  {t('draft.removeGrade', { n: j + 1 })}
                </button>
              ) : null}
            </div>
          ))}
          {q.grades.length < MAX_GRADES ? (
            <div class="actions">
              <button type="button" class="secondary" onClick={() => onChange({ ...q, grades: [...q.grades, {}] })}>
                {t('draft.addGrade')}
              </button>
            </div>
          ) : null}
          <BlankBox index={i} q={q} label="draft.blankGraded" onChange={onChange} />
        </fieldset>
      ) : null}
      {onRemove ? (
        <button type="button" class="secondary" onClick={onRemove}>
          {t('draft.removeQuestion')}
        </button>
      ) : null}
    </fieldset>
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
        <QuestionEditor key={i} index={i} q={q} onChange={(next) => setQuestion(i, next)} onRemove={d.questions.length > 1 ? () => setD({ ...d, questions: d.questions.filter((_, k) => k !== i) }) : undefined} />
      ))}
      <div class="actions">
        <button type="button" class="secondary" onClick={() => setD({ ...d, questions: [...d.questions, newQuestion()] })}>
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
