// Agreement per statement, raw beside weighted to the reference shares (raking of
// the participants who described themselves): never the weighted figure alone.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { formatNumber, formatPercent, t } from '../i18n/index.ts';
import { dimName } from './inclusion.tsx';
import type { PublishedEstimate } from '../../../src/inclusion/service.ts';

interface ConversationComposition {
  report: { minCell: number };
  weighting: { dimensions: string[]; excluded: number; converged: boolean; kish: { n: number; effectiveSampleSize: number; designEffect: number } | null; caveats: string[] };
  estimates: { statements: PublishedEstimate[] };
  statements: { id: number; text: string; lang: string }[];
}

export function WeightedAgreement({ id }: { id: string }) {
  const [data, setData] = useState<ConversationComposition | null>(null);
  useEffect(() => {
    api<ConversationComposition>(`/conversations/${encodeURIComponent(id)}/composition`).then(setData, () => setData(null));
  }, [id]);
  if (!data || !data.weighting.kish) return null;
  const k = formatNumber(data.report.minCell);
  const text = new Map(data.statements.map((s) => [s.id, s]));
  const pct = (x: number | null) => (x === null ? '—' : formatPercent(x));
  return (
    <section data-testid="weighted-agreement">
      <h2>{t('incl.weighted')}</h2>
      <p class="small">{t('incl.weightedHelp', { dims: data.weighting.dimensions.map(dimName).join('، '), n: formatNumber(data.weighting.kish.n), neff: formatNumber(Math.round(data.weighting.kish.effectiveSampleSize)) })}</p>
      {data.weighting.caveats.map((c, i) => (
        <p class="muted small" key={i} lang="en" dir="ltr">
          {c}
        </p>
      ))}
      <ol class="plain statements">
        {data.estimates.statements.map((e) => {
          const s = text.get(e.statement);
          return (
            <li key={e.statement} class="card" data-statement={e.statement}>
              <p lang={s?.lang} dir="auto">
                {s?.text}
              </p>
              {e.suppressed || e.raw.share === null ? (
                <p class="muted small">{t('incl.fewerVotes', { k })}</p>
              ) : (
                <p class="small">
                  {t('incl.rawShare', { share: pct(e.raw.share), lo: pct(e.raw.interval?.[0] ?? null), hi: pct(e.raw.interval?.[1] ?? null), n: formatNumber(e.raw.votes ?? 0) })}
                  <br />
                  {e.weighted && !e.weighted.suppressed && e.weighted.share !== null
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
