// One state's engagement with the regime: its current score (with the weights in
// use), the score over time as a step chart, and every published or retracted
// event with its sources (retracted ones struck through and not counted).
import { textOf } from '../components/common.tsx';
import { ClaimSummary, dualDate, MonitorFrame, SourceList, useMonitorAnswer, WeightsTable, type Claim, type Source, type StateTally, type Weights } from '../components/monitor.tsx';
import { formatNumber, isRtl, t } from '../i18n/index.ts';
import type { Route } from '../router.ts';
import type { Translations } from '../../../src/kernel/texts.ts';

interface StateAnswer {
  state: string;
  names: Translations;
  tally: StateTally;
  weights: Weights;
  events: Claim[];
  sources: Record<string, Source>;
}

const DAY = 86_400_000;
const dayNumber = (d: string) => Date.parse(`${d.slice(0, 10)}T00:00:00Z`) / DAY;

/** The score as a step function of time: flat between events, a step at each. */
export function StepChart({ series, name }: { series: StateTally['series']; name: string }) {
  if (series.length === 0) return null;
  const W = 640;
  const H = 220;
  const pad = { left: 50, right: 16, top: 16, bottom: 42 };
  const today = new Date().toISOString().slice(0, 10);
  const first = dayNumber(series[0]!.date);
  const last = Math.max(dayNumber(today), dayNumber(series.at(-1)!.date));
  const span = Math.max(1, last - first);
  const x0 = first - span * 0.05;
  const max = Math.max(1, ...series.map((p) => p.score));
  // labels in Dari and Pashto are written right to left: "start" and "end" swap sides
  const rtl = isRtl();
  const label = (anchor: 'start' | 'end') => ({ 'text-anchor': rtl ? (anchor === 'start' ? 'end' : 'start') : anchor, direction: rtl ? 'rtl' : 'ltr' }) as const;
  const x = (d: string | number) => pad.left + (((typeof d === 'string' ? dayNumber(d) : d) - x0) / (last - x0)) * (W - pad.left - pad.right);
  const y = (s: number) => H - pad.bottom - (s / max) * (H - pad.top - pad.bottom);
  let d = `M${x(x0).toFixed(1)},${y(0).toFixed(1)}`;
  let previous = 0;
  for (const p of series) {
    d += ` H${x(p.date).toFixed(1)} V${y(p.score).toFixed(1)}`;
    previous = p.score;
  }
  d += ` H${x(last).toFixed(1)}`;
  const summary = t('monitor.chartSummary', { state: name, score: formatNumber(previous), date: dualDate(series[0]!.date).gregorian });
  return (
    <figure class="step-chart" data-testid="step-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} dir="ltr">
        <line class="axis" x1={pad.left} y1={y(0)} x2={W - pad.right} y2={y(0)} />
        <line class="axis" x1={pad.left} y1={pad.top} x2={pad.left} y2={y(0)} />
        <line class="grid" x1={pad.left} y1={y(max)} x2={W - pad.right} y2={y(max)} />
        <text class="tick" x={pad.left - 6} y={y(0) + 4} {...label('end')}>
          {formatNumber(0)}
        </text>
        <text class="tick" x={pad.left - 6} y={y(max) + 4} {...label('end')}>
          {formatNumber(max)}
        </text>
        <text class="tick" x={x(series[0]!.date)} y={H - 12} {...label('start')}>
          {dualDate(series[0]!.date).hijri}
        </text>
        <text class="tick" x={x(last)} y={H - 12} {...label('end')}>
          {dualDate(new Date(last * DAY).toISOString().slice(0, 10)).hijri}
        </text>
        <path class="step" d={d} />
        {series.map((p) => (
          <circle key={p.date} class="step-point" cx={x(p.date)} cy={y(p.score)} r="4">
            <title>{`${dualDate(p.date).hijri} (${dualDate(p.date).gregorian}): ${formatNumber(p.score)}`}</title>
          </circle>
        ))}
      </svg>
      <figcaption class="muted small">{summary}</figcaption>
    </figure>
  );
}

export default function MonitorStatePage({ route }: { route: Route }) {
  const code = route.page === 'monitor-state' ? route.code.toUpperCase() : '';
  const { data, error } = useMonitorAnswer<StateAnswer>(`/monitor/states/${encodeURIComponent(code)}`, false);
  const name = data ? textOf(data.names) : code;
  const names = new Map(data ? [[data.state, data.names]] : []);
  return (
    <MonitorFrame testid="monitor-state" error={error} loading={!data}>
      {data ? (
        <>
          <h1>{name}</h1>
          <p class="score-line" data-testid="state-score">
            {t('monitor.currentScore')} <strong class="big-score">{formatNumber(data.tally.score)}</strong>
            <span class="muted small"> · {t('monitor.scoredEvents', { n: formatNumber(data.tally.events) })}</span>
            {data.tally.humanitarian ? <span class="muted small"> · {t('monitor.contacts', { n: formatNumber(data.tally.humanitarian) })}</span> : null}
          </p>
          <section>
            <h2>{t('monitor.overTime')}</h2>
            {data.tally.series.length ? <StepChart series={data.tally.series} name={name} /> : <p class="muted">{t('monitor.noScore')}</p>}
          </section>
          <section>
            <h2>{t('monitor.events')}</h2>
            {data.events.length === 0 ? <p class="muted">{t('monitor.noEventsState')}</p> : null}
            <ol class="plain" data-testid="events">
              {data.events.map((e) => (
                <li key={e.id} class={e.status === 'retracted' ? 'card event retracted-item' : 'card event'} data-claim={e.id} data-status={e.status}>
                  <ClaimSummary claim={e} names={names} />
                  {e.engagement?.type === 'humanitarian-contact' ? <p class="muted small">{t('monitor.notScoredHumanitarian')}</p> : null}
                  {e.status === 'retracted' ? <p class="muted small">{t('monitor.notCounted')}</p> : null}
                  <SourceList ids={e.sources} sources={data.sources} />
                  <p>
                    <a href={`/monitor/claims/${encodeURIComponent(e.id)}`}>{t('monitor.seeClaim')}</a>
                  </p>
                </li>
              ))}
            </ol>
          </section>
          <details class="card">
            <summary>{t('monitor.weightsTitle')}</summary>
            <WeightsTable weights={data.weights} />
          </details>
        </>
      ) : null}
    </MonitorFrame>
  );
}
