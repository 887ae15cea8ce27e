// The organiser's "Inclusion" part of a convention: which self-description
// questions participants are asked, the smallest group shown, the delegations
// register (delegates described anonymously) and the rules the app checks.
import { useEffect, useState } from 'preact/hooks';
import { z } from 'zod';
import { api } from '../../api/client.ts';
import { useAction, useResource } from '../../api/hooks.ts';
import { zConventionComposition, zCreatedDelegation, zDelegation, zInclusionSettings, type InclusionSettings } from '../../api/inclusion.ts';
import { zOk } from '../../api/common.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { formatNumber, t } from '../../i18n/index.ts';
import { DIMENSION_ORDER, DIMENSIONS, type Dimension } from '../../../../src/inclusion/dimensions.ts';
import type { Rule } from '../../../../src/inclusion/delegations.ts';
import { RuleResults } from './composition.tsx';
import { DelegateRows, parseDelegates } from './delegates.tsx';
import { catName, DELEGATION_KIND_KEYS, dimName, listText } from './names.ts';
import { ReferenceEditor } from './reference-editor.tsx';
import { NumberField } from './number-field.tsx';
import { readTyped, shownNumber } from './typed-number.ts';

/** The settings, the delegations and how they fare against the rules. */
async function loadInclusion(base: string) {
  const settings = await api(`${base}/inclusion`, zInclusionSettings);
  const delegations = await api(`/organiser${base}/delegations`, z.array(zDelegation));
  const results = await api(`${base}/composition`, zConventionComposition);
  return { settings, delegations, results };
}

export function OrganiserInclusion({ conventionId }: { conventionId: string }) {
  const base = `/conventions/${encodeURIComponent(conventionId)}`;
  const resource = useResource(() => loadInclusion(base), [conventionId]);
  const action = useAction();
  const [name, setName] = useState('');
  const [kind, setKind] = useState('civil-society');
  const [delegatesText, setDelegatesText] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const [rule, setRule] = useState<{ kind: 'min-share' | 'max-share' | 'all-present'; dimension: Dimension; category: string; percent: string }>({ kind: 'min-share', dimension: 'gender', category: 'woman', percent: shownNumber(50) });
  // the reference tables as edited here, until saved (reset to the saved ones at each load)
  const [ruleError, setRuleError] = useState<string | null>(null);
  const [reference, setReference] = useState<InclusionSettings['reference'] | null>(null);
  useEffect(() => {
    if (resource.data) setReference(resource.data.settings.reference);
  }, [resource.data]);
  const error = action.error ?? resource.error;
  if (!resource.data) return error ? <ErrorMessage error={error} /> : null;
  const { settings, delegations, results } = resource.data;
  const columns: Dimension[] = DIMENSION_ORDER.filter((d) => settings.dimensions.includes(d));
  const act = (f: () => Promise<unknown>) =>
    action.run(async () => {
      await f();
      await resource.reload();
    });
  const saveSettings = (dimensions: Dimension[], minCell: number, warnBelow = settings.warnBelow, minAnswers = settings.minAnswers) =>
    act(() => api(`/organiser${base}/inclusion`, zOk, { method: 'PUT', body: { dimensions, minCell, warnBelow, minAnswers, reference: settings.reference } }));
  const saveDelegation = (e: Event) => {
    e.preventDefault();
    void act(async () => {
      const delegates = parseDelegates(delegatesText, columns);
      const body = { name, kind, delegates };
      if (editing) await api(`/organiser/delegations/${encodeURIComponent(editing)}`, zOk, { method: 'PUT', body });
      else await api(`/organiser${base}/delegations`, zCreatedDelegation, { method: 'POST', body });
      setName('');
      setDelegatesText('');
      setEditing(null);
    });
  };
  const rules: Rule[] = results.rules;
  const addRule = (e: Event) => {
    e.preventDefault();
    let next: Rule;
    const percent = rule.kind === 'all-present' ? { value: 0 } : readTyped(rule.percent, 0, 100);
    if ('error' in percent) return setRuleError(percent.error);
    setRuleError(null);
    if (rule.kind === 'all-present') {
      const shares = settings.reference[rule.dimension]?.shares;
      const categories = shares ? Object.entries(shares).filter(([, v]) => v > 0.05).map(([c]) => c) : [...DIMENSIONS[rule.dimension]];
      next = { kind: 'all-present', dimension: rule.dimension, categories };
    } else if (rule.kind === 'max-share') next = { kind: 'max-share', dimension: rule.dimension, category: rule.category, max: percent.value / 100 };
    else next = { kind: 'min-share', dimension: rule.dimension, category: rule.category, min: percent.value / 100 };
    void act(() => api(`/organiser${base}/rules`, zOk, { method: 'PUT', body: { rules: [...rules, next] } }));
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
      <NumberField id={`mincell-${conventionId}`} name="min-cell" label={t('incl.minCell')} value={settings.minCell} min={settings.minCell} max={100_000} whole onSave={(n) => void saveSettings(settings.dimensions, n)} />
      <NumberField id={`warn-${conventionId}`} name="warn-below" label={t('incl.warnBelow')} value={settings.warnBelow} min={0} max={1} onSave={(n) => void saveSettings(settings.dimensions, settings.minCell, n)} />
      <NumberField
        id={`minanswers-${conventionId}`}
        name="min-answers"
        label={t('incl.minAnswers')}
        value={settings.minAnswers}
        min={1}
        max={1_000_000}
        whole
        onSave={(n) => void saveSettings(settings.dimensions, settings.minCell, settings.warnBelow, n)}
      />
      <p>
        <a href={`/c/${encodeURIComponent(conventionId)}/inclusion`}>{t('incl.link')}</a>
      </p>

      {reference ? <ReferenceEditor reference={reference} onChange={setReference} onSave={() => void act(() => api(`/organiser${base}/inclusion`, zOk, { method: 'PUT', body: { dimensions: settings.dimensions, minCell: settings.minCell, warnBelow: settings.warnBelow, minAnswers: settings.minAnswers, reference } }))} /> : null}

      <h4>{t('incl.delegations')}</h4>
      <ul class="plain">
        {delegations.map((d) => (
          <li key={d.id} class="card">
            <strong dir="auto">{d.name}</strong> — {t(DELEGATION_KIND_KEYS[d.kind] ?? 'incl.kind.independent')} · {t('incl.delegateCount', { n: formatNumber(d.delegates.length) })}
            <RuleResults results={results.delegations.find((x) => x.id === d.id)?.rules ?? []} />
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
              <button type="button" class="secondary" onClick={() => void act(() => api(`/organiser/delegations/${encodeURIComponent(d.id)}`, zOk, { method: 'DELETE' }))}>
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
        results={results.allDelegates.rules}
        removeLabel={t('incl.removeRule')}
        onRemove={(i) => void act(() => api(`/organiser${base}/rules`, zOk, { method: 'PUT', body: { rules: rules.filter((_, j) => j !== i) } }))}
      />
      {rules.length > 0 ? (
        <button type="button" class="secondary" onClick={() => void act(() => api(`/organiser${base}/rules`, zOk, { method: 'PUT', body: { rules: [] } }))}>
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
          <input name="rule-percent" aria-label={t('incl.share')} type="text" inputMode="decimal" dir="ltr" value={rule.percent} aria-invalid={ruleError ? 'true' : undefined} onInput={(e) => setRule({ ...rule, percent: (e.target as HTMLInputElement).value })} />
        </div>
        {ruleError ? (
          <p class="error" role="alert" data-testid="typed-number-error">
            {ruleError}
          </p>
        ) : null}
        <button type="submit" class="primary">
          {t('incl.addRule')}
        </button>
      </form>
      <ErrorMessage error={error} />
    </section>
  );
}
