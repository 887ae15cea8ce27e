// Pieces the election screens share (public, organiser, home): the state badge,
// the schedule, and the result as bars.
import { formatDate, formatNumber, formatPercent, t, type Key } from '../../i18n/index.ts';
import { Txt } from '../../components/text.tsx';
import type { ElectionView } from '../../api/elections.ts';

const STATE_KEYS: Record<ElectionView['state'], Key> = {
  draft: 'state.draft',
  setup: 'state.setup',
  open: 'state.open',
  closed: 'state.closed',
  tallied: 'state.tallied',
  published: 'state.published',
};

export function StateBadge({ state }: { state: ElectionView['state'] }) {
  return <span class={`badge ${state}`}>{t(STATE_KEYS[state])}</span>;
}

export function Dates({ election }: { election: Pick<ElectionView, 'opensAt' | 'closesAt'> }) {
  if (!election.opensAt && !election.closesAt) return null;
  return (
    <p class="muted small">
      {election.opensAt ? <span>{t('election.opens', { date: formatDate(election.opensAt) })} </span> : null}
      {election.closesAt ? <span>{t('election.closes', { date: formatDate(election.closesAt) })}</span> : null}
    </p>
  );
}

/** Counts per answer as bars; blank votes shown apart. */
export function ResultBars({ election }: { election: ElectionView }) {
  if (!election.result) return null;
  return (
    <div>
      {election.questions.map((q, i) => {
        const counts = election.result![i]!.map((x) => Number(x));
        const offset = q.blank ? 1 : 0;
        const total = counts.slice(offset).reduce((a, b) => a + b, 0);
        return (
          <section class="card" key={i}>
            <h3>
              <Txt value={q.question} />
            </h3>
            {q.answers.map((a, j) => {
              const n = counts[j + offset]!;
              const share = total > 0 ? n / total : 0;
              return (
                <div class="bar-row" key={j}>
                  <div class="bar-label">
                    <Txt value={a} />
                    <span>
                      {formatNumber(n)} · {formatPercent(share)}
                    </span>
                  </div>
                  <div class="bar" role="img" aria-label={`${formatNumber(n)} (${formatPercent(share)})`}>
                    <span style={{ width: `${(share * 100).toFixed(1)}%` }} />
                  </div>
                </div>
              );
            })}
            {q.blank ? <p class="muted small">{t('result.blank', { n: counts[0]! })}</p> : null}
          </section>
        );
      })}
    </div>
  );
}
