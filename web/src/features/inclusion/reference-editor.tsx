// The organiser's reference tables: a share (in %) per category, the source and a note.
// Shares are typed in any digits (typed-number.ts); one that cannot be read is
// refused with a message beside it, and nothing is saved until it is corrected.
import { useState } from 'preact/hooks';
import { formatPercent, t } from '../../i18n/index.ts';
import type { InclusionSettings } from '../../api/inclusion.ts';
import { catName, dimName } from './names.ts';
import { readTyped, shownNumber } from './typed-number.ts';

export /** The reference tables: a share (in %) per category, the source and a note, per dimension. */
function ReferenceEditor({ reference, onChange, onSave }: { reference: InclusionSettings['reference']; onChange: (r: InclusionSettings['reference']) => void; onSave: () => void }) {
  // what is typed in each share's box, while it is being typed ("dimension/category" -> text)
  const [typed, setTyped] = useState<Record<string, string>>({});
  const errors = Object.entries(typed)
    .map(([key, text]) => [key, readTyped(text, 0, 100)] as const)
    .filter((x): x is readonly [string, { error: string }] => 'error' in x[1]);
  const errorOf = new Map(errors.map(([k, e]) => [k, e.error]));
  return (
    <details data-testid="reference-editor">
      <summary>{t('incl.referenceEditor')}</summary>
      {Object.entries(reference).map(([d, table]) => {
        const sum = Object.values(table.shares).reduce((a, b) => a + b, 0);
        const set = (patch: Partial<typeof table>) => onChange({ ...reference, [d]: { ...table, ...patch } });
        return (
          <fieldset key={d}>
            <legend>{dimName(d)}</legend>
            {Object.entries(table.shares).map(([c, v]) => {
              const key = `${d}/${c}`;
              const error = errorOf.get(key);
              return (
                <label key={c} class="check">
                  {catName(c)}{' '}
                  <input
                    type="text"
                    inputMode="decimal"
                    dir="ltr"
                    size={6}
                    name={`ref-${d}-${c}`}
                    value={typed[key] ?? shownNumber(Math.round(v * 1000) / 10)}
                    aria-invalid={error ? 'true' : undefined}
                    aria-describedby={error ? `ref-error-${d}-${c}` : undefined}
                    onInput={(e) => {
                      const text = (e.target as HTMLInputElement).value;
                      setTyped({ ...typed, [key]: text });
                      const r = readTyped(text, 0, 100);
                      if ('value' in r) set({ shares: { ...table.shares, [c]: r.value / 100 } });
                    }}
                  />{' '}
                  %
                  {error ? (
                    <span class="error" id={`ref-error-${d}-${c}`} role="alert" data-testid="typed-number-error">
                      {' '}
                      {error}
                    </span>
                  ) : null}
                </label>
              );
            })}
            {Math.abs(sum - 1) > 0.001 ? <p class="error">{t('incl.referenceSum', { sum: formatPercent(sum) })}</p> : null}
            <label>
              {t('incl.referenceSource')}
              <input type="text" dir="auto" value={table.source} onInput={(e) => set({ source: (e.target as HTMLInputElement).value })} />
            </label>
            <label>
              {t('incl.referenceNote')}
              <textarea dir="auto" value={table.note} onInput={(e) => set({ note: (e.target as HTMLTextAreaElement).value })} />
            </label>
          </fieldset>
        );
      })}
      {errors.length > 0 ? (
        <p class="error" role="alert">
          {t('incl.fixNumbers')}
        </p>
      ) : null}
      <button type="button" class="primary" disabled={errors.length > 0} onClick={() => { setTyped({}); onSave(); }}>
        {t('incl.saveReference')}
      </button>
    </details>
  );
}
