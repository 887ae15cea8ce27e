// One question of the ballot: radio buttons when one answer is asked for,
// check boxes otherwise (no more than the maximum can be ticked), and blank.
import { Txt } from '../../components/text.tsx';
import { formatNumber, t } from '../../i18n/index.ts';
import { decodeTranslations } from '../../../../src/kernel/texts.ts';
import type { QuestionH } from '../../../../src/protocol/codec.ts';
import { howManyText, type Selection } from './selection.ts';

export function QuestionForm({ q, index, selection, onChange }: { q: QuestionH; index: number; selection: Selection; onChange: (s: Selection) => void }) {
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
      <p class="muted small">{howManyText(q)}</p>
      {q.answers.map((a, i) => {
        const checked = !selection.blank && selection.chosen.includes(i);
        return (
          <label key={i} class={checked ? 'choice selected' : 'choice'}>
            <input type={single ? 'radio' : 'checkbox'} name={name} checked={checked} disabled={!checked && full} onChange={() => toggle(i)} />
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
