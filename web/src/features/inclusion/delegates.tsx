// The delegates of a delegation, described anonymously: as CSV lines (the single
// source of truth), and the same lines as rows of choices for those who prefer them.
import { formatNumber, t } from '../../i18n/index.ts';
import { DIMENSIONS, PREFER_NOT, type Dimension } from '../../../../src/inclusion/dimensions.ts';
import { catName, dimName } from './names.ts';
import { splitTypedFields } from '../../../../src/kernel/typed-fields.ts';

/** Delegates as CSV lines in the order of `columns` (ids or names as shown: both accepted). */
export function parseDelegates(text: string, columns: Dimension[]): Record<string, string>[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((line, i) => {
      const cells = splitTypedFields(line);
      const out: Record<string, string> = {};
      columns.forEach((d, j) => {
        const v = cells[j] ?? '';
        if (v === '') return;
        const cats = [...DIMENSIONS[d], PREFER_NOT] as string[];
        const found = cats.find((c) => c === v.toLowerCase() || catName(c) === v);
        if (!found) throw new Error(t('incl.badDelegate', { line: formatNumber(i + 1), value: v }));
        out[d] = found;
      });
      return out;
    });
}

/**
 * The same delegates as rows of selects, one per line of the CSV box (which stays
 * the single source: a change here rewrites its lines with the ids).
 */
const MAX_ROWS = 100;

export function DelegateRows({ prefix, columns, text, onChange }: { prefix: string; columns: Dimension[]; text: string; onChange: (text: string) => void }) {
  let rows: Record<string, string>[];
  try {
    rows = parseDelegates(text, columns);
  } catch (e) {
    return (
      <p class="error" role="alert">
        {e instanceof Error ? e.message : String(e)}
      </p>
    );
  }
  if (columns.length === 0) return null;
  // thousands of rows of selects would be too heavy for a cheap phone: the lines suffice
  if (rows.length > MAX_ROWS) return <p class="muted small">{t('incl.rowsTooMany', { n: formatNumber(MAX_ROWS) })}</p>;
  const write = (next: Record<string, string>[]) => onChange(next.map((r) => columns.map((c) => r[c] ?? '').join(',')).join('\n'));
  return (
    <div data-testid="delegate-rows">
      {rows.map((r, i) => (
        <fieldset key={i} class="delegate-row">
          <legend>{t('incl.delegateRow', { n: formatNumber(i + 1) })}</legend>
          <div class="grid3">
            {columns.map((d) => (
              <div key={d}>
                <label class="small" for={`${prefix}-${i}-${d}`}>
                  {dimName(d)}
                </label>
                <select id={`${prefix}-${i}-${d}`} value={r[d] ?? ''} onChange={(e) => write(rows.map((x, j) => (j === i ? { ...x, [d]: (e.target as HTMLSelectElement).value } : x)))}>
                  <option value="">{t('incl.noAnswer')}</option>
                  {[...DIMENSIONS[d], PREFER_NOT].map((c) => (
                    <option key={c} value={c}>
                      {catName(c)}
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </div>
          <button type="button" class="secondary small-button" onClick={() => write(rows.filter((_, j) => j !== i))}>
            {t('incl.removeDelegate', { n: formatNumber(i + 1) })}
          </button>
        </fieldset>
      ))}
      <div class="actions">
        <button type="button" class="secondary" onClick={() => write([...rows, columns.length > 1 ? {} : { [columns[0]!]: PREFER_NOT }])}>
          {t('incl.addDelegate')}
        </button>
      </div>
    </div>
  );
}
