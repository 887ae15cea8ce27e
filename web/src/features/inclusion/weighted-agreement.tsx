// Agreement per statement, raw beside weighted to the reference shares (raking of
// the participants who described themselves): never the weighted figure alone.
import { api } from '../../api/client.ts';
import { useResource } from '../../api/hooks.ts';
import { zConversationComposition } from '../../api/inclusion.ts';
import { formatNumber, formatPercent, t } from '../../i18n/index.ts';
import { StatementText } from '../deliberation/statements.tsx';
import { catName, dimName, listText } from './names.ts';

/**
 * The weighting's caveats, which the server writes in English with ids
 * (src/inclusion/estimates.ts, redacted in src/inclusion/service.ts), in the
 * reader's language. null for a caveat this page does not know (shown as written).
 */
export function caveatText(c: string): string | null {
  if (c === 'nobody described themselves on a dimension with reference shares: no weighting') return t('incl.caveatNone');
  const HIDDEN = 'possibly some of the groups whose numbers are hidden (small cells)';
  // "a, b" or "a, b, and HIDDEN" or "HIDDEN" (src/services/inclusion/service.ts): the hidden ones are never named
  const parse = (list: string) => ({ hidden: list.includes(HIDDEN), shown: list.replace(`, and ${HIDDEN}`, '').replace(HIDDEN, '').split(', ').filter((x) => x !== '') });
  let m = /^([a-z-]+): nobody in the room is (.+?); their reference share cannot be represented and was left out$/.exec(c);
  if (m) {
    const { hidden, shown } = parse(m[2]!);
    const dimension = dimName(m[1]!);
    if (shown.length === 0) return t('incl.caveatAbsentHidden', { dimension });
    const groups = listText(shown.map(catName));
    return hidden ? t('incl.caveatAbsentAlso', { dimension, groups }) : t('incl.caveatAbsent', { dimension, groups });
  }
  m = /^([a-z-]+): (.+?) has no reference share and gets no weight$/.exec(c);
  if (m) return t('incl.caveatNoShare', { dimension: dimName(m[1]!), groups: listText(parse(m[2]!).shown.map(catName)) });
  m = /^the weights could not meet every reference share \(largest gap ([\d.]+) points\)$/.exec(c);
  if (m) return t('incl.caveatGap', { gap: formatNumber(Number(m[1])) });
  return null;
}

export function WeightedAgreement({ id }: { id: string }) {
  // shown only when there is something to show: a failure leaves it out
  const { data } = useResource(() => api(`/conversations/${encodeURIComponent(id)}/composition`, zConversationComposition), [id]);
  if (!data || !data.weighting.kish) return null;
  const k = formatNumber(data.report.minCell);
  const text = new Map(data.statements.map((s) => [s.id, s]));
  const pct = (x: number | null) => (x === null ? '—' : formatPercent(x));
  // raked from fewer self-descriptions than the minimum: the raw agreement only, and why
  const tooFew = data.weighting.kish.n < data.report.minAnswers;
  return (
    <section data-testid="weighted-agreement">
      <h2>{t('incl.weighted')}</h2>
      {tooFew ? (
        <p class="notice small" data-testid="weight-too-few">
          {t('incl.weightTooFew', { n: formatNumber(data.weighting.kish.n), min: formatNumber(data.report.minAnswers) })}
        </p>
      ) : (
        <p class="small">{t('incl.weightedHelp', { dims: listText(data.weighting.dimensions.map(dimName)), n: formatNumber(data.weighting.kish.n), neff: formatNumber(Math.round(data.weighting.kish.effectiveSampleSize)) })}</p>
      )}
      {(tooFew ? [] : data.weighting.caveats).map((c, i) => {
        const text = caveatText(c);
        return text !== null ? (
          <p class="muted small" key={i} data-testid="caveat">
            {text}
          </p>
        ) : (
          <p class="muted small" key={i} lang="en" dir="ltr" data-testid="caveat">
            {c}
          </p>
        );
      })}
      <ol class="plain statements">
        {data.estimates.statements.map((e) => {
          const s = text.get(e.statement);
          return (
            <li key={e.statement} class="card" data-statement={e.statement}>
              {s ? <StatementText s={s} /> : null}
              {e.suppressed || e.raw.share === null ? (
                <p class="muted small">{t('incl.fewerVotes', { k })}</p>
              ) : (
                <p class="small">
                  {t('incl.rawShare', { share: pct(e.raw.share), lo: pct(e.raw.interval?.[0] ?? null), hi: pct(e.raw.interval?.[1] ?? null), n: formatNumber(e.raw.votes ?? 0) })}
                  {tooFew ? null : <br />}
                  {tooFew ? null : e.weighted && !e.weighted.suppressed && e.weighted.share !== null
                    ? t('incl.weightedShare', { share: pct(e.weighted.share), lo: pct(e.weighted.interval?.[0] ?? null), hi: pct(e.weighted.interval?.[1] ?? null), neff: formatNumber(Math.round(e.weighted.effectiveN ?? 0)) })
                    : t('incl.weightedHidden', { k })}
                </p>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
