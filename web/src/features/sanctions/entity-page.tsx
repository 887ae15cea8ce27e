// One entity with everything the lists say about it: every name (both scripts),
// its listings, facts, relations (each with the list sentence or the reviewed claim
// it rests on), the sentences that name it, and how its list records were merged.
import { api } from '../../api/client.ts';
import { useResource } from '../../api/hooks.ts';
import { zEntityView, type EntityRelation, type EntitySummary, type EntityView, type SanctionsSource } from '../../api/sanctions.ts';
import { Pending } from '../../components/pending.tsx';
import { currentLanguage, formatPercent, t, type Key } from '../../i18n/index.ts';
import type { ListId } from '../../../../src/sanctions/model.ts';
import { entityHref, LIST_KEYS, ListBadges, ListCode, ListDate, listsOfRefs, Printed, Refs, relationText, SanctionsNav, TYPE_KEYS, TYPE_ORDER } from './sanctions-parts.tsx';

const EVIDENCE_KEYS: Record<EntityView['resolution'][number]['evidence'][number]['feature'], Key> = {
  'un-reference': 'sanctions.evidence.unReference',
  name: 'sanctions.evidence.name',
  'listing-date': 'sanctions.evidence.listingDate',
  'birth-date': 'sanctions.evidence.birthDate',
  nationality: 'sanctions.evidence.nationality',
  schema: 'sanctions.evidence.schema',
  identification: 'sanctions.evidence.identification',
};

function SourceQuote({ source }: { source: SanctionsSource }) {
  if (source.kind === 'claim') {
    return (
      <li class="source-claim">
        <a href={`/monitor/claims/${encodeURIComponent(source.claimId)}`}>{t('sanctions.fromClaim')}</a>
      </li>
    );
  }
  return (
    <li>
      <blockquote class="list-sentence">
        <Printed text={source.sentence} />
      </blockquote>
      <span class="muted small">
        — {t(LIST_KEYS[source.list])}, <a href={entityHref(source.reference)} class="mono" dir="ltr" lang="en" data-list-text>{source.reference}</a>
      </span>
    </li>
  );
}

function StatusBadge({ entity }: { entity: EntitySummary & { lists?: ListId[] } }) {
  if (entity.status === 'listed') return <ListBadges lists={entity.lists ?? listsOfRefs(entity.refs)} />;
  if (entity.status === 'referenced') return <span class="badge pending">{t('sanctions.referencedElsewhere')}</span>;
  return <span class="badge unlisted">{t('sanctions.onNoList')}</span>;
}

function RelationItem({ r }: { r: EntityRelation }) {
  const side = r.relation.subject === r.other.id ? 'object' : 'subject';
  const roles = [side === 'subject' ? r.relation.subjectRole : r.relation.objectRole].filter((x): x is string => !!x);
  return (
    <li class="relation card" data-other={r.other.id} data-type={r.relation.type}>
      <p>
        <strong>{relationText(r.relation, side)}</strong>{' '}
        <a href={entityHref(r.other.id)}>
          <Printed text={r.other.caption} />
        </a>{' '}
        {r.other.refs.length ? <Refs refs={r.other.refs} /> : null} <StatusBadge entity={r.other} />
        {r.other.deceased ? <span class="badge closed">{t('sanctions.deceased')}</span> : null}
        {roles.length ? (
          <span class="muted small">
            {' '}
            ({t('sanctions.listWord')}: <Printed text={roles.join(', ')} />)
          </span>
        ) : null}
      </p>
      {r.relation.derived ? <p class="small warning">{t(r.relation.derived.rule.startsWith('children') ? 'sanctions.inferredSiblings' : 'sanctions.inferredUncle')}</p> : null}
      <ul class="plain sources" data-testid="relation-sources">
        {r.relation.sources.map((s, i) => (
          <SourceQuote key={i} source={s} />
        ))}
      </ul>
    </li>
  );
}

export default function EntityPage({ id }: { id: string }) {
  const resource = useResource(() => api(`/sanctions/entities/${encodeURIComponent(id)}`, zEntityView), [id]);
  const e = resource.data;
  if (!e) return <Pending resource={resource} />;
  const latin = e.names.filter((n) => n.script !== 'arabic');
  const arabic = e.names.filter((n) => n.script === 'arabic');
  const groups = TYPE_ORDER.map((type) => ({ type, items: e.relations.filter((r) => r.relation.type === type) })).filter((g) => g.items.length);
  return (
    <article class="sanctions entity" data-testid="sanctions-entity" data-entity={e.id}>
      <SanctionsNav />
      <p class="kicker">
        <StatusBadge entity={e} />
        <span>{e.schema === 'Person' ? t('sanctions.person') : t('sanctions.organisation')}</span>
        {e.deceased ? <span class="badge closed">{t('sanctions.deceased')}</span> : null}
      </p>
      <h1>
        <Printed text={e.caption} />
      </h1>
      {e.refs.length ? (
        <p>
          <Refs refs={e.refs} />
        </p>
      ) : null}
      <p class="actions no-print">
        <a class="secondary" href={`/sanctions/network/${encodeURIComponent(e.id)}`}>
          {t('sanctions.showNetwork')}
        </a>
      </p>

      <section data-testid="names">
        <h2>{t('sanctions.names')}</h2>
        {arabic.length ? (
          <>
            <h3>{t('sanctions.arabicScript')}</h3>
            <ul class="names">
              {arabic.map((n, i) => (
                <li key={`a${i}`} data-script="arabic">
                  <Printed text={n.full} /> <ListCode small text={n.reference} />
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <h3>{t('sanctions.latinScript')}</h3>
        <ul class="names">
          {latin.map((n, i) => (
            <li key={`l${i}`} data-script="latin">
              <Printed text={n.full} /> <span class="muted small">({t(NAME_KIND_KEYS[n.kind])})</span> <ListCode small text={n.reference} />
            </li>
          ))}
        </ul>
      </section>

      {e.listings.length ? (
        <section data-testid="listings">
          <h2 id="listings-title">{t('sanctions.listings')}</h2>
          <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="listings-title">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('sanctions.col.list')}</th>
                  <th scope="col">{t('sanctions.col.reference')}</th>
                  <th scope="col">{t('sanctions.col.programme')}</th>
                  <th scope="col">{t('sanctions.col.listedOn')}</th>
                </tr>
              </thead>
              <tbody>
                {e.listings.map((l) => (
                  <tr key={l.reference} data-list={l.list}>
                    <td>{t(LIST_KEYS[l.list])}</td>
                    <td>
                      <ListCode text={l.reference} />
                    </td>
                    <td>
                      <Printed text={l.programme} />
                    </td>
                    <td>
                      <ListDate date={l.listedOn} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      <Facts e={e} />

      <section data-testid="relations">
        <h2>{t('sanctions.relations')}</h2>
        {groups.length === 0 ? <p class="muted">{t('sanctions.noRelations')}</p> : null}
        {groups.map((g) => (
          <div key={g.type} data-relation-type={g.type}>
            <h3>{t(TYPE_KEYS[g.type])}</h3>
            <ul class="plain">
              {g.items.map((r) => (
                <RelationItem key={r.relation.id} r={r} />
              ))}
            </ul>
          </div>
        ))}
      </section>

      {e.mentions.length ? (
        <section data-testid="mentions">
          <h2>{t('sanctions.namedIn')}</h2>
          <ul class="plain sources">
            {e.mentions.map((s, i) => (
              <SourceQuote key={i} source={s} />
            ))}
          </ul>
        </section>
      ) : null}

      {e.possibleMatches.length ? (
        <section class="notice" data-testid="possible-matches">
          <h2>{t('sanctions.possiblyListed')}</h2>
          <p class="small">{t('sanctions.possiblyListedHelp')}</p>
          <ul>
            {e.possibleMatches.map((m) => (
              <li key={m.entityId}>
                <a href={entityHref(m.entityId)}>
                  <Printed text={m.caption} />
                </a>{' '}
                <Refs refs={m.refs} /> — {formatPercent(m.score)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {e.narratives.length ? (
        <details class="card">
          <summary>{t('sanctions.narratives')}</summary>
          {e.narratives.map((n, i) => (
            <div key={i}>
              <p class="muted small mono" dir="ltr" lang="en" data-list-text>
                {n.reference} · {n.field}
              </p>
              <Printed text={n.text} block />
            </div>
          ))}
        </details>
      ) : null}

      {e.resolution.length ? (
        <details class="card" data-testid="resolution">
          <summary>{t('sanctions.whyOne')}</summary>
          <ul>
            {e.resolution
              .filter((d) => d.merged)
              .map((d) => (
                <li key={`${d.a}-${d.b}`}>
                  <span class="mono" dir="ltr" lang="en" data-list-text>
                    {d.a} = {d.b}
                  </span>{' '}
                  ({formatPercent(d.score)})
                  <ul>
                    {d.evidence.map((x, i) => (
                      <li key={i} data-feature={x.feature}>
                        {t(EVIDENCE_KEYS[x.feature])}: {x.weight > 0 ? t('sanctions.evidence.for') : t('sanctions.evidence.against')}
                        {/* the details are Jirga's own words in English: for English readers only */}
                        {currentLanguage() === 'en' ? <> ({x.text})</> : null}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
          </ul>
        </details>
      ) : null}
    </article>
  );
}

const NAME_KIND_KEYS: Record<EntityView['names'][number]['kind'], Key> = {
  primary: 'sanctions.nameKind.primary',
  alias: 'sanctions.nameKind.alias',
  'weak-alias': 'sanctions.nameKind.weakAlias',
  former: 'sanctions.nameKind.former',
  'original-script': 'sanctions.nameKind.originalScript',
  mentioned: 'sanctions.nameKind.mentioned',
};

function Facts({ e }: { e: EntityView }) {
  const rows: [Key, { text: string; reference: string }[]][] = [
    ['sanctions.born', e.birthDates.map((d) => ({ text: d.text, reference: d.reference }))],
    ['sanctions.birthPlace', e.birthPlaces],
    ['sanctions.nationality', e.nationalities],
    ['sanctions.titles', e.titles],
    ['sanctions.positions', e.positions],
    ['sanctions.documents', e.identifications.map((d) => ({ text: [d.type, d.number, d.country, d.note].filter(Boolean).join(', '), reference: d.reference }))],
    ['sanctions.addresses', e.addresses],
  ];
  const shown = rows.filter(([, v]) => v.length);
  if (!shown.length) return null;
  return (
    <section data-testid="facts">
      <h2>{t('sanctions.facts')}</h2>
      <dl class="facts">
        {shown.map(([k, v]) => (
          <>
            <dt key={`t-${k}`}>{t(k)}</dt>
            <dd key={`d-${k}`}>
              <ul class="plain">
                {v.map((x, i) => (
                  <li key={i}>
                    <Printed text={x.text} /> <ListCode small text={x.reference} />
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ))}
      </dl>
    </section>
  );
}
