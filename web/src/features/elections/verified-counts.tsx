// What the browser verifier says, once an archive is valid, of each ranked or graded
// question: its count under its method, computed on the reader's device from the decrypted
// ballots it has just verified (src/protocol/methods: the functions `jirga verify` and the
// result page use) — in a few lines: who is elected, or the order found. The page's result
// cards show how the count unfolded; these lines are the check that they say the same.
import { decodeTranslations } from '../../../../src/kernel/texts.ts';
import type { QuestionNH } from '../../../../src/protocol/codec.ts';
import { countOutcome, questionMethod, type CountOutcome } from '../../../../src/protocol/methods/index.ts';
import { Txt, textOf } from '../../components/text.tsx';
import { formatNumber, isRtl, t } from '../../i18n/index.ts';

type Text = ReturnType<typeof decodeTranslations>;

export interface VerifiedCount {
  question: Text;
  choices: Text[];
  outcome: CountOutcome;
}

/** The count of one question from its verified ballots, or undefined when its "extra" names no method (Belenios then counts nothing either). */
export function verifiedCount(question: QuestionNH, ballots: number[][]): VerifiedCount | undefined {
  const method = questionMethod(question.extra);
  if (!method) return undefined;
  return { question: decodeTranslations(question.value.question), choices: question.value.answers.map(decodeTranslations), outcome: countOutcome(method, question.value.answers.length, ballots) };
}

/** One line per question: the elected candidates, or the order (tied choices joined by =). */
export function countLine(c: VerifiedCount): string {
  const name = (i: number) => (c.choices[i] ? textOf(c.choices[i]) : formatNumber(i + 1));
  const comma = isRtl() ? '، ' : ', ';
  const o = c.outcome;
  if (o.kind === 'refused') return t('verify.countNone');
  if (o.kind === 'elected') return t('verify.countElected', { seats: formatNumber(o.seats), names: o.elected.map(name).join(comma) });
  return t('verify.countRanking', { order: o.levels.map((level, k) => `${formatNumber(k + 1)}. ${level.map(name).join(' = ')}`).join(comma) });
}

export function VerifiedCounts({ counts }: { counts: readonly VerifiedCount[] }) {
  return (
    <ul data-testid="verified-counts">
      {counts.map((c, i) => (
        <li key={i} data-testid="verified-count">
          <Txt value={c.question} />: <span data-testid="verified-count-line">{countLine(c)}</span>
        </li>
      ))}
    </ul>
  );
}
