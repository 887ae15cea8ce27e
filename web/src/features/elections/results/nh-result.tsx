// The result of a ranked or graded question: counts the decrypted ballots with the
// question's method (Schulze, single transferable vote, majority judgment) and shows
// how the count unfolded. Given the question's texts, its method and options, and the
// ballots as Belenios's result has them (one array of integers per ballot).
import { t, tn } from '../../../i18n/index.ts';
import { Txt } from '../../../components/text.tsx';
import { countNh, type NhQuestionResult } from './nh-count.ts';
import { SchulzeResult } from './schulze-result.tsx';
import { StvResult } from './stv-result.tsx';
import { MajorityJudgmentResult } from './majority-judgment-result.tsx';

export function NhResult({ result, id }: { result: NhQuestionResult; id: string }) {
  const counted = countNh(result);
  const { method, choices } = result;
  return (
    <section class="card nh-question" data-testid="nh-result" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        <Txt value={result.question} />
      </h3>
      <p class="muted small">
        {method.kind === 'schulze' ? t('nh.method.schulze') : method.kind === 'stv' ? t('nh.method.stv', { n: method.seats }) : t('nh.method.mj', { grades: method.grades.length })}
      </p>
      {counted.kind === 'refused' ? (
        <p class="notice" data-testid="nh-refused">
          {t('nh.refused')}{' '}
          <span lang="en" dir="ltr">
            {counted.reason}
          </span>
        </p>
      ) : (
        <>
          <p class="small">
            {counted.kind === 'stv' ? tn('nh.valid', counted.count.valid) : tn('nh.valid', counted.view.valid)}
            {counted.kind !== 'stv' && counted.view.blank ? ` ${tn('nh.blank', counted.view.blank)}` : ''}
            {counted.kind === 'majority-judgment' && counted.view.invalid > 0 ? ` ${tn('nh.invalid', counted.view.invalid)}` : ''}
          </p>
          {counted.kind === 'schulze' ? (
            <SchulzeResult view={counted.view} choices={choices} id={id} />
          ) : counted.kind === 'stv' ? (
            <StvResult count={counted.count} choices={choices} invalid={counted.invalid} id={id} />
          ) : method.kind === 'majority-judgment' ? (
            <MajorityJudgmentResult view={counted.view} choices={choices} grades={method.grades} id={id} />
          ) : null}
        </>
      )}
    </section>
  );
}
