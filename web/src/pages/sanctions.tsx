// The sanctions network: name screening that survives transliteration, an entity
// with every name, listing and relation (each with the list sentence or the reviewed
// claim it rests on), a drawing of the relations, and who is on which list — and on
// none. Names and list sentences are shown as the lists print them (in English or
// Arabic script); everything around them is in the reader's language.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { ErrorMessage } from '../components/common.tsx';
import { formatDay, formatNumber, formatPercent, t, tn, type Key } from '../i18n/index.ts';
import type { Route } from '../router.ts';
import { relationCode, type Coverage, type CoverageRow, type EntityRelation, type EntitySummary, type EntityView, type Network, type NetworkNode } from '../../../src/sanctions/views.ts';
import { hasArabicScript } from '../../../src/sanctions/arabic.ts';
import { LIST_IDS, listOfRef, type ListId, type Relation, type Provenance } from '../../../src/sanctions/model.ts';

interface Hit {
  id: string;
  refs: string[];
  name: string;
  score: number;
  match: boolean;
  why: string;
  schema: string;
  lists: ListId[];
  matchedName: string;
}
interface Lists {
  lists: { list: ListId; files: string[]; date: string | null; records: number; latestListing: string | null }[];
  threshold: number;
  entities: number;
}

const LIST_KEYS: Record<ListId, Key> = { UN: 'sanctions.list.UN', GB: 'sanctions.list.GB', US: 'sanctions.list.US' };

/** A date as the lists give it: a day in both calendars, or a year or month as printed. */
function ListDate({ date }: { date: string | null | undefined }) {
  if (!date) return <span>—</span>;
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return <time datetime={date}>{formatDay(date).both}</time>;
  return <time datetime={date}>{date.replace(/\d/g, (d) => formatNumber(Number(d)))}</time>;
}

/** Text as a list prints it (names, sentences): in its own language and direction. */
function Printed({ text, block }: { text: string; block?: boolean }) {
  const arabic = hasArabicScript(text);
  const Tag = block ? 'p' : 'span';
  return (
    <Tag lang={arabic ? 'ar' : 'en'} dir={arabic ? 'rtl' : 'ltr'} class="printed">
      {text}
    </Tag>
  );
}

function ListBadges({ lists, none }: { lists: ListId[]; none?: boolean }) {
  if (lists.length === 0) return none ? <span class="badge unlisted">{t('sanctions.onNoList')}</span> : null;
  return (
    <>
      {LIST_IDS.filter((l) => lists.includes(l)).map((l) => (
        <span key={l} class={`badge list-${l}`} data-list={l}>
          {t(LIST_KEYS[l])}
        </span>
      ))}
    </>
  );
}

function listsOfRefs(refs: string[]): ListId[] {
  return LIST_IDS.filter((l) => refs.some((r) => listOfRef(r) === l));
}

const entityHref = (id: string) => `/sanctions/e/${encodeURIComponent(id)}`;

function Refs({ refs }: { refs: string[] }) {
  return (
    <span class="mono refs" dir="ltr">
      {refs.join(' · ')}
    </span>
  );
}

function ListsNote() {
  const [lists, setLists] = useState<Lists | null>(null);
  useEffect(() => {
    api<Lists>('/sanctions/lists').then(setLists, () => setLists(null));
  }, []);
  return (
    <div class="notice small" data-testid="lists-note">
      <p>{t('sanctions.notProof')}</p>
      {lists ? (
        <ul class="plain">
          {lists.lists.map((l) => (
            <li key={l.list}>
              <strong>{t(LIST_KEYS[l.list])}</strong>: {t('sanctions.listAsOf')} <ListDate date={l.date} /> — {t('sanctions.entries', { n: formatNumber(l.records) })}
              {l.latestListing ? (
                <span data-testid={`latest-${l.list}`}>
                  {' '}
                  — {t('sanctions.latestListing')} <ListDate date={l.latestListing} />
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function SanctionsNav() {
  return (
    <p class="actions no-print">
      <a class="secondary" href="/sanctions">
        {t('sanctions.search')}
      </a>
      <a class="secondary" href="/sanctions/network">
        {t('sanctions.network')}
      </a>
      <a class="secondary" href="/sanctions/coverage">
        {t('sanctions.coverage')}
      </a>
    </p>
  );
}

// ------------------------------------------------------------------ search

function SearchPage() {
  const [name, setName] = useState('');
  const [year, setYear] = useState('');
  const [result, setResult] = useState<{ query: string; matches: Hit[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [empty, setEmpty] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (name.trim() === '') {
      setEmpty(true);
      setResult(null);
      return;
    }
    setEmpty(false);
    setBusy(true);
    try {
      const params = new URLSearchParams({ q: name.trim() });
      if (year.trim()) params.set('dob', year.trim());
      setResult(await api(`/sanctions/search?${params.toString()}`));
    } catch (err) {
      setError(err);
      setResult(null);
    } finally {
      setBusy(false);
    }
  };
  return (
    <article class="sanctions" data-testid="sanctions-search">
      <h1>{t('sanctions.title')}</h1>
      <p>{t('sanctions.intro')}</p>
      <SanctionsNav />
      <form class="card" onSubmit={submit} noValidate role="search">
        <label for="sq-name">{t('sanctions.nameLabel')}</label>
        <input id="sq-name" name="q" type="text" dir="auto" autocomplete="off" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} aria-describedby="sq-help" />
        <p id="sq-help" class="muted small">
          {t('sanctions.nameHelp')}
        </p>
        <label for="sq-year">{t('sanctions.yearLabel')}</label>
        <input id="sq-year" name="dob" type="text" inputmode="numeric" dir="ltr" autocomplete="off" value={year} onInput={(e) => setYear((e.target as HTMLInputElement).value)} />
        {empty ? (
          <p class="failure" role="alert" data-testid="empty-search">
            {t('sanctions.emptyName')}
          </p>
        ) : null}
        <ErrorMessage error={error} />
        <div class="actions">
          <button class="primary" type="submit" disabled={busy}>
            {t('sanctions.searchButton')}
          </button>
        </div>
      </form>
      {result ? <Results result={result} /> : null}
      <ListsNote />
    </article>
  );
}

function Results({ result }: { result: { query: string; matches: Hit[] } }) {
  const matches = result.matches.filter((m) => m.match).length;
  return (
    <section data-testid="results" aria-live="polite">
      <h2>{matches === 0 ? t('sanctions.noMatch') : t('sanctions.matches', { n: formatNumber(matches) })}</h2>
      {result.matches.length === 0 ? <p class="muted">{t('sanctions.nothingNear')}</p> : null}
      <ol class="plain">
        {result.matches.map((m) => (
          <li key={m.id} class={`card hit ${m.match ? 'match' : 'near'}`} data-entity={m.id} data-match={String(m.match)}>
            <p class="kicker">
              <span class={`badge ${m.match ? 'rejected' : 'closed'}`}>{m.match ? t('sanctions.possibleMatch') : t('sanctions.belowThreshold')}</span>
              <ListBadges lists={m.lists} />
            </p>
            <h3>
              <a href={entityHref(m.id)}>
                <Printed text={m.name} />
              </a>
            </h3>
            <p>
              <Refs refs={m.refs} />
            </p>
            <div class="bar-row">
              <div class="bar-label small">
                <span>{t('sanctions.score')}</span>
                <span class="score">{formatPercent(m.score)}</span>
              </div>
              <svg class="votebar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">
                <rect class="vb-track" width="100" height="6" />
                <rect class={m.match ? 'vb-disagree' : 'vb-agree'} width={Math.round(m.score * 100)} height="6" />
              </svg>
            </div>
            <details class="why">
              <summary>{t('sanctions.why')}</summary>
              <Printed text={m.why} block />
            </details>
          </li>
        ))}
      </ol>
    </section>
  );
}

// ------------------------------------------------------------------ entity

/** A relation read from this entity's side, in the reader's language. */
export function relationText(r: Pick<Relation, 'type' | 'kind'>, side: 'subject' | 'object'): string {
  return t(`sanctions.rel.${relationCode(r, side)}` as Key);
}

const TYPE_ORDER: Relation['type'][] = ['family', 'leadership', 'ownership', 'membership', 'associate'];
const TYPE_KEYS: Record<Relation['type'], Key> = {
  family: 'sanctions.type.family',
  leadership: 'sanctions.type.leadership',
  ownership: 'sanctions.type.ownership',
  membership: 'sanctions.type.membership',
  associate: 'sanctions.type.associate',
};

function SourceQuote({ source }: { source: Provenance }) {
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
        — {t(LIST_KEYS[source.list])}, <a href={entityHref(source.reference)} class="mono" dir="ltr">{source.reference}</a>
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

function EntityPage({ id }: { id: string }) {
  const [e, setE] = useState<EntityView | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setE(null);
    setError(null);
    api<EntityView>(`/sanctions/entities/${encodeURIComponent(id)}`).then(setE, setError);
  }, [id]);
  if (!e) return error ? <ErrorMessage error={error} /> : <p class="loading">{t('common.loading')}</p>;
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
                  <Printed text={n.full} /> <span class="muted small mono">{n.reference}</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <h3>{t('sanctions.latinScript')}</h3>
        <ul class="names">
          {latin.map((n, i) => (
            <li key={`l${i}`} data-script="latin">
              <Printed text={n.full} /> <span class="muted small">({t(NAME_KIND_KEYS[n.kind])})</span> <span class="muted small mono">{n.reference}</span>
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
                    <td class="mono">{l.reference}</td>
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
              <p class="muted small mono">
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
                  <span class="mono">
                    {d.a} = {d.b}
                  </span>{' '}
                  ({formatPercent(d.score)})
                  <ul>
                    {d.evidence.map((x, i) => (
                      <li key={i}>
                        <Printed text={x.text} />
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
                    <Printed text={x.text} /> <span class="muted small mono">{x.reference}</span>
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

// ------------------------------------------------------------------ network

interface Placed extends NetworkNode {
  x: number;
  y: number;
  layer: number;
}

/** A radial drawing: the chosen entity in the centre, each further step on a wider circle, near its neighbour. */
export function layout(net: Network, centre: string, size: number): Placed[] {
  const adjacency = new Map<string, string[]>();
  for (const e of net.edges) {
    adjacency.set(e.source, [...(adjacency.get(e.source) ?? []), e.target]);
    adjacency.set(e.target, [...(adjacency.get(e.target) ?? []), e.source]);
  }
  const layerOf = new Map([[centre, 0]]);
  const angleOf = new Map([[centre, 0]]);
  let frontier = [centre];
  const rings: string[][] = [[centre]];
  while (frontier.length) {
    const next: string[] = [];
    for (const id of frontier) for (const n of (adjacency.get(id) ?? []).sort()) if (!layerOf.has(n)) {
      layerOf.set(n, rings.length);
      next.push(n);
    }
    if (!next.length) break;
    // order a ring by the angle of the neighbour that brought each node in
    const parentAngle = (id: string) => Math.min(...(adjacency.get(id) ?? []).filter((p) => layerOf.get(p) === rings.length - 1).map((p) => angleOf.get(p) ?? 0));
    next.sort((a, b) => parentAngle(a) - parentAngle(b) || a.localeCompare(b));
    next.forEach((id, i) => angleOf.set(id, (2 * Math.PI * i) / next.length));
    rings.push(next);
    frontier = next;
  }
  const c = size / 2;
  const step = (size / 2 - 70) / Math.max(1, rings.length - 1);
  const byId = new Map(net.nodes.map((n) => [n.id, n]));
  const placed: Placed[] = [];
  rings.forEach((ring, layer) =>
    ring.forEach((id, i) => {
      const node = byId.get(id);
      if (!node) return;
      const a = angleOf.get(id)! - Math.PI / 2;
      // a crowded ring: every other node a little further in, so neighbouring spokes' labels do not overlap
      const r = step * layer - (ring.length > 16 && i % 2 === 1 ? step * 0.12 : 0);
      placed.push({ ...node, layer, x: c + Math.cos(a) * r, y: c + Math.sin(a) * r });
    }),
  );
  return placed;
}

/** The first words of a name, up to about 24 letters (the whole name is in the link's label and the table). */
function shortName(name: string): string {
  const words = name.split(/\s+/);
  let out = words[0] ?? '';
  for (const w of words.slice(1)) {
    if (out.length + 1 + w.length > 24) break;
    out += ` ${w}`;
  }
  return out;
}

/** Room at the sides of the drawing for the names of the outermost nodes. */
const MARGIN = 100;

/** A node's name outside its circle, away from the centre: to the side for nodes left and right, above or below for the others. */
function labelAt(n: Placed, c: number): { x: number; y: number; 'text-anchor': 'start' | 'middle' | 'end' } {
  const dx = n.x - c;
  const dy = n.y - c;
  const len = Math.hypot(dx, dy);
  if (n.layer === 0 || len === 0) return { x: n.x, y: n.y + 28, 'text-anchor': 'middle' };
  const [ux, uy] = [dx / len, dy / len];
  if (Math.abs(ux) < 0.35) return { x: n.x, y: uy > 0 ? n.y + 23 : n.y - 15, 'text-anchor': 'middle' };
  return { x: n.x + ux * 14, y: n.y + uy * 10 + 4, 'text-anchor': ux > 0 ? 'start' : 'end' };
}

function nodeClass(n: NetworkNode): string {
  // a council or shura the lists name: on no list, but not a person
  if (n.status === 'unlisted' && n.id.startsWith('body:')) return 'node unlisted body';
  if (n.status === 'unlisted') return 'node unlisted';
  if (n.status === 'referenced') return 'node referenced';
  return `node listed lists-${n.lists.length}`;
}

function NetworkPage({ id: routeId }: { id: string | undefined }) {
  // /sanctions/network/REF, or /sanctions/network?ref=REF&depth=N
  const query = new URLSearchParams(location.search);
  const id = routeId ?? (query.get('ref') || undefined);
  const [depth, setDepth] = useState(() => Math.min(3, Math.max(1, Number(query.get('depth')) || 1)));
  const [net, setNet] = useState<Network | null>(null);
  const [coverage, setCoverage] = useState<Coverage | null>(null);
  const [error, setError] = useState<unknown>(null);
  const scroller = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // on a narrow screen the drawing scrolls sideways: start with its centre in view
    const el = scroller.current;
    if (el) el.scrollLeft = (el.scrollWidth - el.clientWidth) / 2;
  }, [net]);
  useEffect(() => {
    setNet(null);
    setError(null);
    if (id) api<Network>(`/sanctions/network?ref=${encodeURIComponent(id)}&depth=${depth}`).then(setNet, setError);
    else api<Coverage>('/sanctions/coverage').then(setCoverage, setError);
  }, [id, depth]);
  if (!id) {
    // no entity chosen: the most connected ones to start from
    if (!coverage) return error ? <ErrorMessage error={error} /> : <p class="loading">{t('common.loading')}</p>;
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
  if (!net) return error ? <ErrorMessage error={error} /> : <p class="loading">{t('common.loading')}</p>;
  const size = 720;
  const placed = layout(net, net.nodes.find((n) => n.id === id || n.refs.includes(id))?.id ?? id, size);
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
      <figure class="network">
        <div class="network-scroll" dir="ltr" ref={scroller}>
          <svg viewBox={`${-MARGIN} 0 ${size + 2 * MARGIN} ${size}`} role="group" aria-labelledby="network-title" dir="ltr" data-testid="network-svg">
            <title id="network-title">{t('sanctions.networkAlt', { n: formatNumber(placed.length), m: formatNumber(net.edges.length) })}</title>
            {net.edges.map((e) => {
              const a = at.get(e.source);
              const b = at.get(e.target);
              if (!a || !b) return null;
              return (
                <line key={e.id} x1={a.x} y1={a.y} x2={b.x} y2={b.y} class={`edge ${e.type}${e.derived ? ' derived' : ''}`}>
                  <title>{`${a.caption} — ${relationText(e, 'subject')} — ${b.caption}`}</title>
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
              <a key={n.id} href={entityHref(n.id)} data-node={n.id} data-status={n.status} aria-label={`${n.caption}${n.refs.length ? ` (${n.refs.join(', ')})` : ''}`}>
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
                <td class="small">{e.sources.map((s) => (s.kind === 'claim' ? t('sanctions.fromClaim') : `${t(LIST_KEYS[s.list])} ${s.reference}`)).join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </article>
  );
}

// ------------------------------------------------------------------ coverage

type Filter = 'all' | 'not-UN' | 'not-GB' | 'not-US' | 'unlisted-around';
const FILTERS: [Filter, Key][] = [
  ['all', 'sanctions.filter.all'],
  ['not-US', 'sanctions.filter.notUS'],
  ['not-GB', 'sanctions.filter.notGB'],
  ['not-UN', 'sanctions.filter.notUN'],
  ['unlisted-around', 'sanctions.filter.unlistedAround'],
];

function keep(r: CoverageRow, f: Filter): boolean {
  if (f === 'not-UN') return r.UN.length === 0;
  if (f === 'not-GB') return r.GB.length === 0;
  if (f === 'not-US') return r.US.length === 0;
  if (f === 'unlisted-around') return r.unlistedRelatives.length + r.unlistedPartners.length > 0;
  return true;
}

function CoverageCell({ refs }: { refs: string[] }) {
  return refs.length ? (
    <td class="listed" data-listed="true">
      {refs.map((r) => (
        <span key={r} class="ref" dir="ltr">
          {r}
        </span>
      ))}
    </td>
  ) : (
    <td class="not-listed" data-listed="false">
      {t('sanctions.notListed')}
    </td>
  );
}

function CoveragePage() {
  const [cov, setCov] = useState<Coverage | null>(null);
  const [filter, setFilter] = useState<Filter>('all');
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<Coverage>('/sanctions/coverage').then(setCov, setError);
  }, []);
  if (!cov) return error ? <ErrorMessage error={error} /> : <p class="loading">{t('common.loading')}</p>;
  const listed = cov.rows.filter((r) => r.status === 'listed');
  const rows = listed.filter((r) => keep(r, filter));
  const count = (f: (r: CoverageRow) => boolean) => formatNumber(listed.filter(f).length);
  return (
    <article class="sanctions" data-testid="sanctions-coverage">
      <h1>{t('sanctions.coverage')}</h1>
      <SanctionsNav />
      <p>{t('sanctions.coverageIntro')}</p>
      <ul class="counts" data-testid="coverage-counts">
        <li>{t('sanctions.count.listed', { n: formatNumber(cov.totals.listed) })}</li>
        <li>{t('sanctions.count.onUN', { n: count((r) => r.UN.length > 0) })}</li>
        <li>{t('sanctions.count.onGB', { n: count((r) => r.GB.length > 0) })}</li>
        <li>{t('sanctions.count.onUS', { n: count((r) => r.US.length > 0) })}</li>
        <li>{t('sanctions.count.relatives', { n: formatNumber(cov.totals.unlistedRelatives) })}</li>
        <li>{t('sanctions.count.partners', { n: formatNumber(cov.totals.unlistedPartners) })}</li>
      </ul>
      <ListsNote />
      <fieldset class="no-print">
        <legend>{t('sanctions.filter')}</legend>
        {FILTERS.map(([f, key]) => (
          <label key={f} class="check">
            <input type="radio" name="coverage-filter" value={f} checked={filter === f} onChange={() => setFilter(f)} /> {t(key)}
          </label>
        ))}
      </fieldset>
      <p class="muted small" aria-live="polite">
        {t('sanctions.shown', { n: formatNumber(rows.length) })}
      </p>
      <div class="table-scroll">
        <table data-testid="coverage-table">
          <thead>
            <tr>
              <th scope="col">{t('sanctions.col.entity')}</th>
              <th scope="col">{t('sanctions.list.UN')}</th>
              <th scope="col">{t('sanctions.list.GB')}</th>
              <th scope="col">{t('sanctions.list.US')}</th>
              <th scope="col">{t('sanctions.col.unlistedAround')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-entity={r.id}>
                <th scope="row">
                  <a href={entityHref(r.id)}>
                    <Printed text={r.caption} />
                  </a>
                </th>
                <CoverageCell refs={r.UN} />
                <CoverageCell refs={r.GB} />
                <CoverageCell refs={r.US} />
                <td class="unlisted-around">
                  {[...r.unlistedRelatives.map((x) => ({ ...x, family: true })), ...r.unlistedPartners.map((x) => ({ ...x, family: false }))].map((x) => (
                    <span key={x.id} class="around">
                      <a href={entityHref(x.id)}>
                        <Printed text={x.caption} />
                      </a>
                      {x.deceased ? <span class="muted small"> ({t('sanctions.deceased')})</span> : null}
                      <span class="muted small"> — {x.family ? t('sanctions.type.family') : t('sanctions.type.associate')}</span>
                    </span>
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

export default function SanctionsPages({ route }: { route: Route }) {
  if (route.page === 'sanctions-entity') return <EntityPage id={route.ref} />;
  if (route.page === 'sanctions-network') return <NetworkPage id={route.ref} />;
  if (route.page === 'sanctions-coverage') return <CoveragePage />;
  return <SearchPage />;
}
