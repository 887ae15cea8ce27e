// The relations around one entity, one to three steps away: a drawing (laid out by
// network-layout.ts) and the same relations as a table; without an entity, the
// most connected ones to start from.
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { useResource } from '../../api/hooks.ts';
import { zCoverage, zNetwork } from '../../api/sanctions.ts';
import { Pending } from '../../components/pending.tsx';
import { t, tn } from '../../i18n/index.ts';
import { NetworkDrawing } from './network-drawing.tsx';
import { radialLayout } from './network-layout.ts';
import { entityHref, LIST_KEYS, ListCode, Printed, Refs, relationText, SanctionsNav } from './sanctions-parts.tsx';

/** No entity chosen: the most connected ones to start from. */
function NetworkStart() {
  const resource = useResource(() => api('/sanctions/coverage', zCoverage), []);
  const coverage = resource.data;
  if (!coverage) return <Pending resource={resource} />;
  const start = coverage.rows.filter((r) => r.status === 'listed' && r.schema === 'Organization').concat(coverage.rows.filter((r) => r.status === 'listed' && r.schema === 'Person' && r.unlistedRelatives.length > 0));
  return (
    <article class="sanctions" data-testid="sanctions-network-start">
      <h1>{t('sanctions.network')}</h1>
      <SanctionsNav />
      <p>{t('sanctions.networkStart')}</p>
      <ul>
        {start.map((r) => (
          <li key={r.id}>
            <a href={`/sanctions/network/${encodeURIComponent(r.id)}`}>
              <Printed text={r.caption} />
            </a>{' '}
            <Refs refs={r.refs} />
          </li>
        ))}
      </ul>
    </article>
  );
}

function NetworkOf({ id, initialDepth }: { id: string; initialDepth: number }) {
  const [depth, setDepth] = useState(initialDepth);
  const resource = useResource(() => api(`/sanctions/network?ref=${encodeURIComponent(id)}&depth=${depth}`, zNetwork), [id, depth]);
  const net = resource.data;
  if (!net) return <Pending resource={resource} />;
  const size = 720;
  const placed = radialLayout(net.nodes, net.edges, net.nodes.find((n) => n.id === id || n.refs.includes(id))?.id ?? id, size);
  const at = new Map(placed.map((p) => [p.id, p]));
  const centre = placed.find((p) => p.layer === 0);
  const caption = (id: string) => at.get(id)?.caption ?? id;
  return (
    <article class="sanctions" data-testid="sanctions-network">
      <h1>
        {t('sanctions.networkOf')} <Printed text={centre?.caption ?? id} />
      </h1>
      <SanctionsNav />
      <p class="actions no-print">
        {[1, 2, 3].map((d) => (
          <button key={d} type="button" class={d === depth ? 'primary small-button' : 'secondary small-button'} aria-pressed={d === depth} onClick={() => setDepth(d)}>
            {tn('sanctions.depth', d)}
          </button>
        ))}
      </p>
      <NetworkDrawing net={net} placed={placed} size={size} />
      <h2>{t('sanctions.edgesTable')}</h2>
      <div class="table-scroll">
        <table data-testid="network-edges">
          <thead>
            <tr>
              <th scope="col">{t('sanctions.col.from')}</th>
              <th scope="col">{t('sanctions.col.relation')}</th>
              <th scope="col">{t('sanctions.col.to')}</th>
              <th scope="col">{t('sanctions.col.source')}</th>
            </tr>
          </thead>
          <tbody>
            {net.edges.map((e) => (
              <tr key={e.id}>
                <td>
                  <a href={entityHref(e.source)}>
                    <Printed text={caption(e.source)} />
                  </a>
                </td>
                <td>
                  {relationText(e, 'subject')}
                  {e.derived ? <span class="muted small"> ({t('sanctions.inferred')})</span> : null}
                </td>
                <td>
                  <a href={entityHref(e.target)}>
                    <Printed text={caption(e.target)} />
                  </a>
                </td>
                <td class="small">
                  {e.sources.map((s, i) => (
                    <Fragment key={i}>
                      {i > 0 ? t('sanctions.listSeparator') : null}
                      {s.kind === 'claim' ? (
                        t('sanctions.fromClaim')
                      ) : (
                        <>
                          {t(LIST_KEYS[s.list])} <ListCode text={s.reference} />
                        </>
                      )}
                    </Fragment>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </article>
  );
}

export default function NetworkPage({ id: routeId }: { id: string | undefined }) {
  // /sanctions/network/REF, or /sanctions/network?ref=REF&depth=N
  const query = new URLSearchParams(location.search);
  const id = routeId ?? (query.get('ref') || undefined);
  if (!id) return <NetworkStart />;
  return <NetworkOf id={id} initialDepth={Math.min(3, Math.max(1, Number(query.get('depth')) || 1))} />;
}
