// The opinion map of a conversation's report: each mark a base cluster of nearby
// participants (never one person), in its group's colour and shape, with the
// groups' names placed where they cover the fewest marks.
import type { Analysis } from '../../api/conversations.ts';
import { t, tn } from '../../i18n/index.ts';
import { groupName, Marker } from './statements.tsx';

const W = 360;
const H = 260;
const PAD = 34;

export function OpinionMap({ analysis }: { analysis: Analysis }) {
  const points = analysis.map;
  const xs = [...points.map((p) => p.x), ...analysis.groups.map((g) => g.center[0])];
  const ys = [...points.map((p) => p.y), ...analysis.groups.map((g) => g.center[1])];
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const minY = Math.min(...ys);
  const maxY = Math.max(...ys);
  const scale = Math.min((W - 2 * PAD) / Math.max(maxX - minX, 1e-9), (H - 2 * PAD) / Math.max(maxY - minY, 1e-9));
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  const px = (x: number) => W / 2 + (x - cx) * scale;
  const py = (y: number) => H / 2 - (y - cy) * scale;
  const maxSize = Math.max(1, ...points.map((p) => p.size));
  const radius = (size: number) => 3 + 11 * Math.sqrt(size / maxSize);
  const summary = [
    t('report.mapSummary', { participants: tn('report.groupSize', analysis.nClustered), groups: tn('report.mapGroups', analysis.groups.length) }),
    ...analysis.groups.map((g) => tn('report.mapGroup', g.size, { group: groupName(g.id) })),
  ].join(' ');
  return (
    <figure class="opinion-map">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="map-title map-summary" data-testid="opinion-map">
        <title id="map-title">{t('report.mapTitle')}</title>
        <rect class="map-bg" x="0" y="0" width={W} height={H} rx="8" />
        <line class="map-axis" x1={PAD / 2} y1={H / 2} x2={W - PAD / 2} y2={H / 2} />
        <line class="map-axis" x1={W / 2} y1={PAD / 2} x2={W / 2} y2={H - PAD / 2} />
        {points.map((p) => (
          <Marker key={p.id} group={p.group} x={px(p.x)} y={py(p.y)} r={radius(p.size)} />
        ))}
        {analysis.groups.map((g) => {
          // the label above the group's marks (below them when there is no room)
          const mine = points.filter((p) => p.group === g.id);
          const top = Math.min(...mine.map((p) => py(p.y) - radius(p.size)), py(g.center[1]));
          const bottom = Math.max(...mine.map((p) => py(p.y) + radius(p.size)), py(g.center[1]));
          const x = Math.min(W - 70, Math.max(70, px(g.center[0])));
          const label = groupName(g.id);
          const half = label.length * 3.6;
          // marks a label at baseline y would cover
          const covered = (y: number) =>
            points.filter((p) => {
              const cx = px(p.x);
              const cy = py(p.y);
              const r = radius(p.size);
              return cx + r > x - half && cx - r < x + half && cy + r > y - 12 && cy - r < y + 3;
            }).length;
          const candidates = [top - 6, bottom + 16].filter((y) => y >= 16 && y <= H - 6);
          const y = candidates.sort((a, b) => covered(a) - covered(b))[0] ?? Math.max(16, Math.min(H - 6, top - 6));
          return (
            <text key={g.id} class="map-label" x={x} y={y} text-anchor="middle">
              {label}
            </text>
          );
        })}
      </svg>
      <figcaption id="map-summary" class="small">
        {summary}
      </figcaption>
      <p class="muted small">{t('report.mapExplain')}</p>
    </figure>
  );
}
