// Inclusion on screen: the optional, anonymous self-description of a participant,
// and composition reports (bars against reference shares, hidden small groups,
// disproportionality, delegation rules). Only loaded by the pages that use it.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { ErrorMessage, Txt, textOf } from './common.tsx';
import { currentLanguage, formatNumber, formatPercent, t, type Key } from '../i18n/index.ts';
import { categoryLabel, dimensionName } from '../../../src/inclusion/questions.ts';
import type { CompositionReport } from '../../../src/inclusion/composition.ts';
import type { Rule, RuleResult } from '../../../src/inclusion/delegations.ts';
import { AFGHANISTAN_REFERENCE, type Dimension } from '../../../src/inclusion/dimensions.ts';

export interface InclusionSettings {
  dimensions: Dimension[];
  minCell: number;
  warnBelow: number;
  reference: Record<string, { shares: Record<string, number>; source: string; note: string }>;
  questions: { dimension: Dimension; categories: string[] }[];
}

export const catName = (c: string) => textOf(categoryLabel(c));
export const dimName = (d: string) => textOf(dimensionName(d));

/** Names as a list in the reader's language ("a, b" or «a، b»). */
export const listText = (xs: readonly string[]) => xs.join(currentLanguage() === 'en' ? ', ' : '، ');

/** What a hidden cell says: a small group is "fewer than k"; its complement is only
 * hidden (it may well count k or more, so "fewer than k" would be false). */
export function hiddenText(reason: string | null, k: string): string {
  return reason === 'complementary' ? t('incl.hiddenComplement') : t('incl.fewer', { k });
}

/** The optional "about you" card of a conversation participant. */
export function SelfDescription({ conventionId, conversationId }: { conventionId: string; conversationId: string }) {
  const [settings, setSettings] = useState<InclusionSettings | null>(null);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [state, setState] = useState<'editing' | 'saved' | 'skipped'>('editing');
  const [error, setError] = useState<unknown>(null);
  const path = `/conversations/${encodeURIComponent(conversationId)}/me/profile`;
  useEffect(() => {
    api<InclusionSettings>(`/conventions/${encodeURIComponent(conventionId)}/inclusion`).then(setSettings, setError);
    api<{ answers: Record<string, string> }>(path).then((p) => {
      setAnswers(p.answers);
      if (Object.keys(p.answers).length > 0) setState('saved');
    }, () => undefined);
  }, [conventionId, conversationId]);
  if (!settings || settings.questions.length === 0) return null;
  if (state !== 'editing') {
    return (
      <p class="muted small" data-testid="profile-state">
        {state === 'saved' ? t('incl.saved') : t('incl.skipped')}{' '}
        <button type="button" class="link" onClick={() => setState('editing')}>
          {t('incl.edit')}
        </button>
      </p>
    );
  }
  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const chosen = Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== ''));
      await api(path, { method: 'PUT', body: { answers: chosen } });
      setState('saved');
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form class="card" data-testid="self-description" onSubmit={save}>
      <h2>{t('incl.aboutYou')}</h2>
      <p class="small">{t('incl.aboutYouHelp', { k: formatNumber(settings.minCell) })}</p>
      {settings.questions.map((q) => (
        <p key={q.dimension}>
          <label for={`sd-${q.dimension}`}>{dimName(q.dimension)}</label>
          <select id={`sd-${q.dimension}`} name={q.dimension} value={answers[q.dimension] ?? ''} onChange={(e) => setAnswers({ ...answers, [q.dimension]: (e.target as HTMLSelectElement).value })}>
            <option value="">{t('incl.noAnswer')}</option>
            {q.categories.map((c) => (
              <option key={c} value={c}>
                {catName(c)}
              </option>
            ))}
          </select>
        </p>
      ))}
      <ErrorMessage error={error} />
      <div class="actions">
        <button type="submit" class="primary">
          {t('incl.save')}
        </button>
        <button type="button" class="secondary" onClick={() => setState('skipped')}>
          {t('incl.skip')}
        </button>
      </div>
    </form>
  );
}

/** One composition report: per dimension (women first), bars against reference marks. */
export function CompositionView({ report, testid }: { report: CompositionReport; testid?: string }) {
  const k = formatNumber(report.minCell);
  return (
    <div data-testid={testid}>
      {report.dimensions.map((d) => {
        const known = d.categories.filter((c) => c.reference !== null || c.share !== null);
        const others = d.categories.filter((c) => c.reference === null && c.share === null);
        return (
          <section class="card composition" key={d.dimension} data-dimension={d.dimension}>
            <h3>{dimName(d.dimension)}</h3>
            {known.map((c) => (
              <div class="bar-row" key={c.category} data-category={c.category}>
                <div class="bar-label">
                  <span>{catName(c.category)}</span>
                  <span class="count">
                    {c.count === null ? hiddenText(c.suppressed, k) : formatNumber(c.count)}
                    {c.share !== null ? ` · ${formatPercent(c.share)}` : ''}
                    {c.reference !== null ? ` · ${t('incl.reference', { share: formatPercent(c.reference) })}` : ''}
                    {c.ratio !== null ? ` · ${t('incl.ratio', { ratio: formatNumber(Math.round(c.ratio * 100) / 100) })}` : ''}
                  </span>
                </div>
                <div class="bar with-reference" role="img" aria-label={c.count === null ? hiddenText(c.suppressed, k) : `${formatNumber(c.count)} (${c.share !== null ? formatPercent(c.share) : ''})`}>
                  {c.share !== null ? <span style={{ width: `${(c.share * 100).toFixed(1)}%` }} /> : <span class="hidden-cell" />}
                  {c.reference !== null ? <i class="reference-mark" style={{ insetInlineStart: `${(c.reference * 100).toFixed(1)}%` }} /> : null}
                </div>
              </div>
            ))}
            {others.length ? (
              <p class="muted small">
                {others.map((c) => `${catName(c.category)}: ${c.count === null ? hiddenText(c.suppressed, k) : formatNumber(c.count)}`).join(' · ')}
              </p>
            ) : null}
            {d.warnings.map((w) => (
              <p class="warning" key={w.category}>
                {t('incl.warning', { group: catName(w.category), share: formatPercent(w.share), reference: formatPercent(w.reference) })}
              </p>
            ))}
            {d.gallagher !== null && d.loosemoreHanby !== null ? (
              <p class="muted small">{t('incl.indices', { g: formatNumber(Math.round(d.gallagher * 10) / 10), lh: formatNumber(Math.round(d.loosemoreHanby * 10) / 10) })}</p>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}

// The default reference tables' source and note, in the reader's language; an
// organiser's own words are shown as written (dir="auto": they may be in any script).
const DEFAULT_REFERENCE_TEXTS: Record<string, { source: Key; note: Key }> = {
  gender: { source: 'incl.refGenderSource', note: 'incl.refGenderNote' },
  ethnicity: { source: 'incl.refEthnicitySource', note: 'incl.refEthnicityNote' },
};

export function ReferenceText({ dimension, field, value }: { dimension: string; field: 'source' | 'note'; value: string }) {
  const keys = DEFAULT_REFERENCE_TEXTS[dimension];
  const standard = (AFGHANISTAN_REFERENCE as Record<string, { source: string; note: string } | undefined>)[dimension]?.[field];
  if (keys && standard !== undefined && value.trim() === standard) return <span>{t(keys[field])}</span>;
  return <span dir="auto">{value}</span>;
}

export function ruleText(rule: Rule): string {
  const dimension = dimName(rule.dimension);
  if (rule.kind === 'all-present') return t('incl.ruleAll', { dimension, categories: listText(rule.categories.map(catName)) });
  if (rule.kind === 'min-share') return t('incl.ruleMin', { share: formatPercent(rule.min), category: catName(rule.category), dimension });
  return t('incl.ruleMax', { share: formatPercent(rule.max), category: catName(rule.category), dimension });
}

export function RuleResults({ results, onRemove, removeLabel }: { results: RuleResult[]; onRemove?: (index: number) => void; removeLabel?: string }) {
  if (results.length === 0) return null;
  return (
    <ul class="plain rules">
      {results.map((r, i) => {
        const d = r.detail;
        const numbers = 'missing' in d ? (d.missing.length ? t('incl.ruleMissing', { missing: listText(d.missing.map(catName)) }) : '') : t('incl.ruleCount', { count: formatNumber(d.count), total: formatNumber(d.total), share: formatPercent(d.share) });
        return (
          <li key={i} class={r.pass ? 'rule pass' : 'rule fail'} data-testid="rule">
            <strong>{r.pass ? t('incl.rulePass') : t('incl.ruleFail')}</strong> — {ruleText(r.rule)}
            {numbers ? `: ${numbers}` : ''}
            {onRemove ? (
              <>
                {' '}
                <button type="button" class="secondary small-button" onClick={() => onRemove(i)}>
                  {removeLabel}
                </button>
              </>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

export const DELEGATION_KIND_KEYS: Record<string, Key> = {
  'womens-movement': 'incl.kind.womens',
  'political-party': 'incl.kind.party',
  'armed-resistance': 'incl.kind.armed',
  'civil-society': 'incl.kind.civil',
  'diaspora-association': 'incl.kind.diaspora',
  'religious-or-ethnic-council': 'incl.kind.council',
  independent: 'incl.kind.independent',
};

export { Txt };
