// The drawing of a network: edges, the relation on each spoke from the centre,
// nodes coloured by the lists they are on (each a link to the entity), and the legend.
// Always left to right (a drawing is not text); it scrolls sideways on a narrow screen.
import { useEffect, useRef } from 'preact/hooks';
import type { Network, NetworkNode } from '../../api/sanctions.ts';
import { t, tn } from '../../i18n/index.ts';
import { labelAt, shortName, type Placed } from './network-layout.ts';
import { entityHref, relationText, TYPE_KEYS, TYPE_ORDER } from './sanctions-parts.tsx';

/** Room at the sides of the drawing for the names of the outermost nodes. */
const MARGIN = 100;

function nodeClass(n: NetworkNode): string {
  // a council or shura the lists name: on no list, but not a person
  if (n.status === 'unlisted' && n.id.startsWith('body:')) return 'node unlisted body';
  if (n.status === 'unlisted') return 'node unlisted';
  if (n.status === 'referenced') return 'node referenced';
  return `node listed lists-${n.lists.length}`;
}

export function NetworkDrawing({ net, placed, size }: { net: Network; placed: Placed<NetworkNode>[]; size: number }) {
  const at = new Map(placed.map((p) => [p.id, p]));
  const centre = placed.find((p) => p.layer === 0);
  const scroller = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // on a narrow screen the drawing scrolls sideways: start with its centre in view
    const el = scroller.current;
    if (el) el.scrollLeft = (el.scrollWidth - el.clientWidth) / 2;
  }, [net]);
  return (
    <figure class="network">
      <div class="network-scroll" dir="ltr" ref={scroller}>
        <svg viewBox={`${-MARGIN} 0 ${size + 2 * MARGIN} ${size}`} role="group" aria-labelledby="network-title" dir="ltr" data-testid="network-svg">
          <title id="network-title">{t('sanctions.networkAlt', { people: tn('sanctions.networkPeople', placed.length), relations: tn('sanctions.networkRelations', net.edges.length) })}</title>
          {net.edges.map((e) => {
            const a = at.get(e.source);
            const b = at.get(e.target);
            if (!a || !b) return null;
            return (
              <line key={e.id} x1={a.x} y1={a.y} x2={b.x} y2={b.y} class={`edge ${e.type}${e.derived ? ' derived' : ''}`}>
                <title>
                  <tspan data-list-text>{a.caption}</tspan> — {relationText(e, 'subject')} — <tspan data-list-text>{b.caption}</tspan>
                </title>
              </line>
            );
          })}
          {centre
            ? net.edges.map((e, _, all) => {
                // on each spoke from the centre, what the other party is to the person in the centre
                const outer = e.source === centre.id ? at.get(e.target) : e.target === centre.id ? at.get(e.source) : undefined;
                if (!outer) return null;
                // many spokes: their labels further out, where there is more room between them
                const along = all.filter((x) => x.source === centre.id || x.target === centre.id).length > 12 ? 0.7 : 0.55;
                const x = centre.x + (outer.x - centre.x) * along;
                const y = centre.y + (outer.y - centre.y) * along;
                return (
                  <text key={`l-${e.id}`} x={x} y={y} class={`edge-label ${e.type}`} text-anchor="middle" dominant-baseline="middle" aria-hidden="true">
                    {relationText(e, outer.id === e.source ? 'subject' : 'object')}
                  </text>
                );
              })
            : null}
          {placed.map((n) => (
            <a key={n.id} href={entityHref(n.id)} data-node={n.id} data-status={n.status} data-list-text aria-label={`${n.caption}${n.refs.length ? ` (${n.refs.join(', ')})` : ''}`}>
              <circle cx={n.x} cy={n.y} r={n.layer === 0 ? 14 : 9} class={nodeClass(n)}>
                <title>{`${n.caption}${n.refs.length ? ` (${n.refs.join(', ')})` : ''}`}</title>
              </circle>
              <text {...labelAt(n, size / 2)} class="node-label" aria-hidden="true">
                {shortName(n.caption)}
              </text>
            </a>
          ))}
        </svg>
      </div>
      <figcaption class="legend small">
        {(
          [
            ['lists-3', 'sanctions.legend.allThree'],
            ['lists-2', 'sanctions.legend.two'],
            ['lists-1', 'sanctions.legend.one'],
            ['unlisted', 'sanctions.legend.none'],
            ['unlisted body', 'sanctions.legend.body'],
            ['referenced', 'sanctions.legend.referenced'],
          ] as const
        ).map(([cls, key]) => (
          <span class="legend-item" key={cls}>
            <svg class="swatch" viewBox="0 0 10 10" aria-hidden="true">
              <circle cx="5" cy="5" r="4" class={`node ${cls.startsWith('unlisted') || cls === 'referenced' ? cls : `listed ${cls}`}`} />
            </svg>
            {t(key)}
          </span>
        ))}
        {TYPE_ORDER.filter((type) => net.edges.some((e) => e.type === type)).map((type) => (
          <span class="legend-item" key={`edge-${type}`}>
            <svg class="swatch line" viewBox="0 0 20 10" aria-hidden="true">
              <line x1="1" y1="5" x2="19" y2="5" class={`edge ${type}`} />
            </svg>
            {t(TYPE_KEYS[type])}
          </span>
        ))}
        {net.edges.some((e) => e.derived) ? (
          <span class="legend-item">
            <svg class="swatch line" viewBox="0 0 20 10" aria-hidden="true">
              <line x1="1" y1="5" x2="19" y2="5" class="edge family derived" />
            </svg>
            {t('sanctions.inferred')}
          </span>
        ) : null}
      </figcaption>
    </figure>
  );
}
