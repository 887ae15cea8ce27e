// Composition reports on screen: bars against reference shares, hidden small
// groups, disproportionality, and delegation rules as pass/fail. Only loaded by the
// pages that show them.
import { formatNumber, formatPercent, t, type Key } from '../../i18n/index.ts';
import type { CompositionReportView, RuleResultView } from '../../api/inclusion.ts';
import { AFGHANISTAN_REFERENCE } from '../../../../src/inclusion/dimensions.ts';
import { catName, dimName, hiddenText, listText, ruleText } from './names.ts';

/** One composition report: per dimension (women first), bars against reference marks. */
export function CompositionView({ report, testid }: { report: CompositionReportView; testid?: string }) {
  const k = formatNumber(report.minCell);
  return (
    <div data-testid={testid}>
      {report.dimensions.map((d) => {
        const known = d.categories.filter((c) => c.reference !== null || c.share !== null);
        const others = d.categories.filter((c) => c.reference === null && c.share === null);
        return (
          <section class="card composition" key={d.dimension} data-dimension={d.dimension}>
            <h3>{dimName(d.dimension)}</h3>
            {d.tooFewAnswers ? (
              <p class="notice small" data-testid="too-few-answers">
                {t('incl.tooFewAnswers', { n: formatNumber(d.answered), min: formatNumber(report.minAnswers) })}
              </p>
            ) : null}
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

export function RuleResults({ results, onRemove, removeLabel }: { results: RuleResultView[]; onRemove?: (index: number) => void; removeLabel?: string }) {
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
