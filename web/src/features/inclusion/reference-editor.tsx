// The organiser's reference tables: a share (in %) per category, the source and a note.
import { formatPercent, t } from '../../i18n/index.ts';
import type { InclusionSettings } from '../../api/inclusion.ts';
import { catName, dimName } from './names.ts';

export /** The reference tables: a share (in %) per category, the source and a note, per dimension. */
function ReferenceEditor({ reference, onChange, onSave }: { reference: InclusionSettings['reference']; onChange: (r: InclusionSettings['reference']) => void; onSave: () => void }) {
  return (
    <details data-testid="reference-editor">
      <summary>{t('incl.referenceEditor')}</summary>
      {Object.entries(reference).map(([d, table]) => {
        const sum = Object.values(table.shares).reduce((a, b) => a + b, 0);
        const set = (patch: Partial<typeof table>) => onChange({ ...reference, [d]: { ...table, ...patch } });
        return (
          <fieldset key={d}>
            <legend>{dimName(d)}</legend>
            {Object.entries(table.shares).map(([c, v]) => (
              <label key={c} class="check">
                {catName(c)}{' '}
                <input type="number" name={`ref-${d}-${c}`} min="0" max="100" step="0.1" value={Math.round(v * 1000) / 10} onInput={(e) => set({ shares: { ...table.shares, [c]: Number((e.target as HTMLInputElement).value) / 100 } })} /> %
              </label>
            ))}
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
      <button type="button" class="primary" onClick={onSave}>
        {t('incl.saveReference')}
      </button>
    </details>
  );
}
