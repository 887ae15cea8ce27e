// The organiser's "Inclusion" part of a convention: which self-description
// questions participants are asked, the smallest group shown, the delegations
// register (delegates described anonymously) and the rules the app checks.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { ErrorMessage } from './common.tsx';
import { catName, DELEGATION_KIND_KEYS, dimName, listText, RuleResults, type InclusionSettings } from './inclusion.tsx';
import { formatNumber, formatPercent, t } from '../i18n/index.ts';
import { DIMENSION_ORDER, DIMENSIONS, PREFER_NOT, type Dimension } from '../../../src/inclusion/dimensions.ts';
import type { Rule, RuleResult } from '../../../src/inclusion/delegations.ts';

interface Delegation {
  id: string;
  name: string;
  kind: string;
  delegates: Record<string, string>[];
}

/** Delegates as CSV lines in the order of `columns` (ids or names as shown: both accepted). */
export function parseDelegates(text: string, columns: Dimension[]): Record<string, string>[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((line, i) => {
      const cells = line.split(/[,،]/).map((c) => c.trim());
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

export function OrganiserInclusion({ conventionId }: { conventionId: string }) {
  const base = `/conventions/${encodeURIComponent(conventionId)}`;
  const [settings, setSettings] = useState<InclusionSettings | null>(null);
  const [delegations, setDelegations] = useState<Delegation[]>([]);
  const [results, setResults] = useState<{ delegations: { id: string; rules: RuleResult[] }[]; rules: Rule[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [name, setName] = useState('');
  const [kind, setKind] = useState('civil-society');
  const [delegatesText, setDelegatesText] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const [rule, setRule] = useState<{ kind: 'min-share' | 'max-share' | 'all-present'; dimension: Dimension; category: string; percent: string }>({ kind: 'min-share', dimension: 'gender', category: 'woman', percent: '50' });
  const [reference, setReference] = useState<InclusionSettings['reference'] | null>(null);

  const load = async () => {
    try {
      const loaded = await api<InclusionSettings>(`${base}/inclusion`);
      setSettings(loaded);
      setReference(loaded.reference);
      setDelegations(await api<Delegation[]>(`/organiser${base}/delegations`));
      setResults(await api(`${base}/composition`));
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    void load();
  }, [conventionId]);
  if (!settings) return error ? <ErrorMessage error={error} /> : null;
  const columns: Dimension[] = DIMENSION_ORDER.filter((d) => settings.dimensions.includes(d));
  const act = async (f: () => Promise<unknown>) => {
    setError(null);
    try {
      await f();
      await load();
    } catch (e) {
      setError(e);
    }
  };
  const saveSettings = (dimensions: Dimension[], minCell: number, warnBelow = settings.warnBelow) =>
    act(() => api(`/organiser${base}/inclusion`, { method: 'PUT', body: { dimensions, minCell, warnBelow, reference: settings.reference } }));
  const saveDelegation = (e: Event) => {
    e.preventDefault();
    void act(async () => {
      const delegates = parseDelegates(delegatesText, columns);
      const body = { name, kind, delegates };
      if (editing) await api(`/organiser/delegations/${encodeURIComponent(editing)}`, { method: 'PUT', body });
      else await api(`/organiser${base}/delegations`, { method: 'POST', body });
      setName('');
      setDelegatesText('');
      setEditing(null);
    });
  };
  const rules = results?.rules ?? [];
  const addRule = (e: Event) => {
    e.preventDefault();
    let next: Rule;
    if (rule.kind === 'all-present') {
      const shares = settings.reference[rule.dimension]?.shares;
      const categories = shares ? Object.entries(shares).filter(([, v]) => v > 0.05).map(([c]) => c) : [...DIMENSIONS[rule.dimension]];
      next = { kind: 'all-present', dimension: rule.dimension, categories };
    } else if (rule.kind === 'max-share') next = { kind: 'max-share', dimension: rule.dimension, category: rule.category, max: Number(rule.percent) / 100 };
    else next = { kind: 'min-share', dimension: rule.dimension, category: rule.category, min: Number(rule.percent) / 100 };
    void act(() => api(`/organiser${base}/rules`, { method: 'PUT', body: { rules: [...rules, next] } }));
  };
  return (
    <section class="organiser-inclusion" data-testid="organiser-inclusion">
      <h3>{t('incl.settings')}</h3>
      <fieldset>
        <legend>{t('incl.ask')}</legend>
        {DIMENSION_ORDER.map((d) => (
          <label key={d} class="check">
            <input
              type="checkbox"
              name={`ask-${d}`}
              checked={settings.dimensions.includes(d)}
              onChange={(e) => void saveSettings((e.target as HTMLInputElement).checked ? [...settings.dimensions, d] : settings.dimensions.filter((x) => x !== d), settings.minCell)}
            />{' '}
            {dimName(d)}
          </label>
        ))}
      </fieldset>
      <p>
        <label for={`mincell-${conventionId}`}>{t('incl.minCell')}</label>
        <input id={`mincell-${conventionId}`} type="number" min={settings.minCell} value={settings.minCell} onChange={(e) => void saveSettings(settings.dimensions, Number((e.target as HTMLInputElement).value))} />
      </p>
      <p>
        <label for={`warn-${conventionId}`}>{t('incl.warnBelow')}</label>
        <input id={`warn-${conventionId}`} type="number" min={0} max={1} step={0.05} value={settings.warnBelow} onChange={(e) => void saveSettings(settings.dimensions, settings.minCell, Number((e.target as HTMLInputElement).value))} />
      </p>
      <p>
        <a href={`/c/${encodeURIComponent(conventionId)}/inclusion`}>{t('incl.link')}</a>
      </p>

      {reference ? <ReferenceEditor reference={reference} onChange={setReference} onSave={() => void act(() => api(`/organiser${base}/inclusion`, { method: 'PUT', body: { dimensions: settings.dimensions, minCell: settings.minCell, warnBelow: settings.warnBelow, reference } }))} /> : null}

      <h4>{t('incl.delegations')}</h4>
      <ul class="plain">
        {delegations.map((d) => (
          <li key={d.id} class="card">
            <strong dir="auto">{d.name}</strong> — {t(DELEGATION_KIND_KEYS[d.kind] ?? 'incl.kind.independent')} · {t('incl.delegateCount', { n: formatNumber(d.delegates.length) })}
            <RuleResults results={results?.delegations.find((x) => x.id === d.id)?.rules ?? []} />
            <div class="actions">
              <button
                type="button"
                class="secondary"
                onClick={() => {
                  setEditing(d.id);
                  setName(d.name);
                  setKind(d.kind);
                  setDelegatesText(d.delegates.map((x) => columns.map((c) => x[c] ?? '').join(',')).join('\n'));
                }}
              >
                {t('incl.editDelegation')}
              </button>
              <button type="button" class="secondary" onClick={() => void act(() => api(`/organiser/delegations/${encodeURIComponent(d.id)}`, { method: 'DELETE' }))}>
                {t('incl.deleteDelegation')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      <form onSubmit={saveDelegation} data-testid="delegation-form">
        <p>
          <label for={`dname-${conventionId}`}>{t('incl.delegationName')}</label>
          <input id={`dname-${conventionId}`} name="delegation-name" type="text" dir="auto" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} required />
        </p>
        <p>
          <label for={`dkind-${conventionId}`}>{t('incl.delegationKind')}</label>
          <select id={`dkind-${conventionId}`} name="delegation-kind" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value)}>
            {Object.entries(DELEGATION_KIND_KEYS).map(([k, key]) => (
              <option key={k} value={k}>
                {t(key)}
              </option>
            ))}
          </select>
        </p>
        <p>
          <label for={`ddel-${conventionId}`}>{t('incl.delegates', { columns: listText(columns.map(dimName)) })}</label>
          <textarea id={`ddel-${conventionId}`} name="delegates" dir="ltr" value={delegatesText} onInput={(e) => setDelegatesText((e.target as HTMLTextAreaElement).value)} placeholder={columns.map((c) => DIMENSIONS[c][0]).join(',')} />
        </p>
        <DelegateRows prefix={`drow-${conventionId}`} columns={columns} text={delegatesText} onChange={setDelegatesText} />
        <button type="submit" class="primary">
          {editing ? t('incl.saveDelegation') : t('incl.addDelegation')}
        </button>
      </form>

      <h4>{t('incl.rules')}</h4>
      <RuleResults
        results={results ? (results as unknown as { allDelegates: { rules: RuleResult[] } }).allDelegates?.rules ?? [] : []}
        removeLabel={t('incl.removeRule')}
        onRemove={(i) => void act(() => api(`/organiser${base}/rules`, { method: 'PUT', body: { rules: rules.filter((_, j) => j !== i) } }))}
      />
      {rules.length > 0 ? (
        <button type="button" class="secondary" onClick={() => void act(() => api(`/organiser${base}/rules`, { method: 'PUT', body: { rules: [] } }))}>
          {t('incl.clearRules')}
        </button>
      ) : null}
      <form onSubmit={addRule} data-testid="rule-form">
        <p>{t('incl.newRule')}</p>
        <select name="rule-kind" aria-label={t('incl.newRule')} value={rule.kind} onChange={(e) => setRule({ ...rule, kind: (e.target as HTMLSelectElement).value as 'min-share' | 'max-share' | 'all-present' })}>
          <option value="min-share">{t('incl.ruleKindMin')}</option>
          <option value="max-share">{t('incl.ruleKindMax')}</option>
          <option value="all-present">{t('incl.ruleKindAll')}</option>
        </select>
        <div class="grid3">
          <select name="rule-dimension" aria-label={t('incl.dimension')} value={rule.dimension} onChange={(e) => {
            const d = (e.target as HTMLSelectElement).value as Dimension;
            setRule({ ...rule, dimension: d, category: DIMENSIONS[d][0] });
          }}>
            {DIMENSION_ORDER.map((d) => (
              <option key={d} value={d}>
                {dimName(d)}
              </option>
            ))}
          </select>
          <select name="rule-category" aria-label={t('incl.category')} value={rule.category} onChange={(e) => setRule({ ...rule, category: (e.target as HTMLSelectElement).value })}>
            {DIMENSIONS[rule.dimension].map((c) => (
              <option key={c} value={c}>
                {catName(c)}
              </option>
            ))}
          </select>
          <input name="rule-percent" aria-label={t('incl.share')} type="number" min="0" max="100" value={rule.percent} onInput={(e) => setRule({ ...rule, percent: (e.target as HTMLInputElement).value })} />
        </div>
        <button type="submit" class="primary">
          {t('incl.addRule')}
        </button>
      </form>
      <ErrorMessage error={error} />
    </section>
  );
}

/** The reference tables: a share (in %) per category, the source and a note, per dimension. */
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

/**
 * The same delegates as rows of selects, one per line of the CSV box (which stays
 * the single source: a change here rewrites its lines with the ids).
 */
const MAX_ROWS = 100;

function DelegateRows({ prefix, columns, text, onChange }: { prefix: string; columns: Dimension[]; text: string; onChange: (text: string) => void }) {
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
