// The questions of a saved draft as the organiser reads them before freezing (and while
// the trustees prepare): each question's kind in words — choose min to max answers, rank
// by Schulze, elect a number of candidates by STV, grade by majority judgment —, its
// answers, its seats, its grades (best first), and whether it may be left blank.
import type { ElectionDraft } from '../../../../src/api/election-draft.ts';
import type { Translations } from '../../../../src/kernel/texts.ts';
import { Txt } from '../../components/text.tsx';
import { isRtl, t, type Key } from '../../i18n/index.ts';
import { kindOf } from './question-kinds.ts';

type DraftQuestion = ElectionDraft['questions'][number];

/** The kind of a question, in one sentence of the reader's language. */
export function kindLine(q: DraftQuestion): string {
  const n = q.answers.length;
  const kind = kindOf(q);
  const line =
    q.kind === 'graded'
      ? t('summary.graded', { n, grades: q.grades.length })
      : q.kind === 'ranked'
        ? q.method === 'stv'
          ? t('summary.stv', { seats: q.seats ?? 0, n })
          : t('summary.schulze', { n })
        : t('summary.choose', { min: q.min, max: q.max, n });
  return kind !== 'stv' && q.blank ? `${line} ${t('summary.blank')}` : line;
}

const LIST_KEYS: Record<ReturnType<typeof kindOf>, Key> = { choose: 'summary.answers', schulze: 'summary.options', graded: 'summary.options', stv: 'summary.candidates' };

/** Texts one after another, each in the reader's language (or marked as in another), separated by the language's comma. */
function TextList({ values }: { values: readonly Translations[] }) {
  const comma = isRtl() ? '، ' : ', ';
  return (
    <>
      {values.map((v, i) => (
        <span key={i}>
          {i > 0 ? comma : null}
          <Txt value={v} />
        </span>
      ))}
    </>
  );
}

export function DraftQuestions({ draft }: { draft: Pick<ElectionDraft, 'questions'> }) {
  return (
    <ol class="draft-questions" data-testid="draft-questions">
      {draft.questions.map((q, i) => (
        <li key={i} data-testid={`draft-question-${i}`} data-kind={kindOf(q)}>
          <p class="field-title">
            <Txt value={q.question} />
          </p>
          <p class="small">{kindLine(q)}</p>
          <p class="small">
            {t(LIST_KEYS[kindOf(q)])} <TextList values={q.answers} />
          </p>
          {q.kind === 'graded' ? (
            <p class="small" data-testid={`draft-question-${i}-grades`}>
              {t('summary.grades')} <TextList values={q.grades} />
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
