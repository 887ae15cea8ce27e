// What a ballot says, question by question, read back from the numbers it encrypts: on
// the review screen (the voter's own choices) and after an audit (what the opened
// ballot holds). A choose-question lists the chosen answers; a ranked one its ranking
// in order, then what is not ranked; a graded one each option with its grade.
import { Txt, textOf } from '../../components/text.tsx';
import { currentLanguage, t } from '../../i18n/index.ts';
import { decodeTranslations } from '../../../../src/kernel/texts.ts';
import { isHomomorphic, type Question, type QuestionH, type QuestionNH } from '../../../../src/protocol/codec.ts';
import { nhFormOf, readNhVector } from './ranking.ts';

function ChosenAnswers({ q, row }: { q: QuestionH; row: readonly number[] }) {
  const offset = q.blank ? 1 : 0;
  if (q.blank && row[0] === 1) return <>{t('vote.blank')}</>;
  const names = q.answers.filter((_, j) => row[j + offset] === 1).map((a) => decodeTranslations(a));
  return (
    <>
      {names.map((n, k) => (
        <span key={k}>
          {k > 0 ? '، ' : ''}
          <Txt value={n} />
        </span>
      ))}
    </>
  );
}

function NhAnswers({ q, row }: { q: QuestionNH; row: readonly number[] }) {
  const reading = readNhVector(q, row);
  const answers = q.value.answers.map((a) => decodeTranslations(a));
  const comma = currentLanguage() === 'en' ? ', ' : '، ';
  if (reading.kind === 'blank') return <>{t('vote.blank')}</>;
  if (reading.kind === 'ranked') {
    return (
      <>
        {reading.order.length === 0 ? <span>{t('vote.nothingRanked')}</span> : null}
        <ol class="summary-ranking" data-testid="summary-ranking">
          {reading.order.map((a) => (
            <li key={a}>
              <Txt value={answers[a]!} />
            </li>
          ))}
        </ol>
        {reading.unranked.length > 0 ? <p class="muted small">{t('vote.notRankedList', { answers: reading.unranked.map((a) => textOf(answers[a]!)).join(comma) })}</p> : null}
      </>
    );
  }
  const form = nhFormOf(q);
  const grades = form.kind === 'graded' ? form.grades : [];
  return (
    <ul class="summary-grades" data-testid="summary-grades">
      {reading.grades.map((g, a) => (
        <li key={a}>
          <Txt value={answers[a]!} />: {g === null ? t('vote.notGraded') : <Txt value={grades[g]!} />}
        </li>
      ))}
    </ul>
  );
}

/** One item per question: the question, then what the ballot says on it. */
export function BallotSummary({ questions, plaintext }: { questions: readonly Question[]; plaintext: readonly (readonly number[])[] }) {
  return (
    <ul data-testid="ballot-summary">
      {questions.map((q, i) => {
        const row = plaintext[i] ?? [];
        return (
          <li key={i}>
            <Txt value={decodeTranslations(isHomomorphic(q) ? q.question : q.value.question)} />: {isHomomorphic(q) ? <ChosenAnswers q={q} row={row} /> : <NhAnswers q={q} row={row} />}
          </li>
        );
      })}
    </ul>
  );
}
