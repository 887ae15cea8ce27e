// One state's score over time as a step chart: flat between events, a step at each,
// with its dates in the Solar Hijri calendar and a summary in words.
import { formatNumber, isRtl, t } from '../../i18n/index.ts';
import type { CountryTally } from '../../api/monitor.ts';
import { dualDate } from './claims.tsx';

const DAY = 86_400_000;
const dayNumber = (d: string) => Date.parse(`${d.slice(0, 10)}T00:00:00Z`) / DAY;

/** The score as a step function of time: flat between events, a step at each. */
export function StepChart({ series, name }: { series: CountryTally['series']; name: string }) {
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
