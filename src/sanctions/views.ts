// What screens and the server show: one entity with everything known about it, the
// network (nodes listed by which lists, or unlisted; edges with their sources), and
// coverage (who is on which list, and which relatives and partners are on none). Pure.
import type { SanctionsDataset } from './dataset.ts';
import type { BirthDate, Entity, EntityStatus, Identification, ListId, MergeDecision, Name, Narrative, Relation, Sanction, Schema, Provenance } from './model.ts';

/** What a relation is, from one side, without the lists' own role words: the screens translate these. */
export const RELATION_CODES = ['parentOf', 'childOf', 'siblingOf', 'uncleOf', 'nephewOf', 'grandparentOf', 'grandchildOf', 'cousinOf', 'inLawOf', 'marriageTo', 'spouseOf', 'relativeOf', 'ownerOf', 'ownedBy', 'leaderOf', 'ledBy', 'memberOf', 'hasMember', 'associateOf'] as const;
export type RelationCode = (typeof RELATION_CODES)[number];

/** Family kinds: [the subject's side, the object's side]. */
const FAMILY_CODES: Record<string, [RelationCode, RelationCode]> = {
  parent: ['parentOf', 'childOf'],
  sibling: ['siblingOf', 'siblingOf'],
  uncle: ['uncleOf', 'nephewOf'],
  grandparent: ['grandparentOf', 'grandchildOf'],
  cousin: ['cousinOf', 'cousinOf'],
  'in-law': ['inLawOf', 'inLawOf'],
  marriage: ['marriageTo', 'marriageTo'],
  spouse: ['spouseOf', 'spouseOf'],
};

export function relationCode(r: Pick<Relation, 'type' | 'kind'>, side: 'subject' | 'object'): RelationCode {
  const s = side === 'subject';
  switch (r.type) {
    case 'family': {
      const [a, b] = FAMILY_CODES[r.kind] ?? ['relativeOf', 'relativeOf'];
      return s ? a : b;
    }
    case 'ownership':
      return s ? 'ownerOf' : 'ownedBy';
    case 'leadership':
      return s ? 'leaderOf' : 'ledBy';
    case 'membership':
      return s ? 'memberOf' : 'hasMember';
    default:
      return 'associateOf';
  }
}

/** English words of the family codes ("uncle or aunt" of). */
const FAMILY_WORDS: Partial<Record<RelationCode, string>> = {
  parentOf: 'parent',
  childOf: 'child',
  siblingOf: 'sibling',
  uncleOf: 'uncle or aunt',
  nephewOf: 'nephew or niece',
  grandparentOf: 'grandparent',
  grandchildOf: 'grandchild',
  cousinOf: 'cousin',
  inLawOf: 'in-law',
  marriageTo: 'linked by marriage',
  spouseOf: 'spouse',
  relativeOf: 'relative',
};

/** How a relation reads from one side in English, with the lists' role words ("father of", "son of", "deputy to", "owned by"). */
export function relationPhrase(r: Relation, side: 'subject' | 'object'): string {
  const s = r.subjectRole;
  const o = r.objectRole;
  let phrase: string;
  switch (r.type) {
    case 'family': {
      const role = (side === 'subject' ? s : o) ?? FAMILY_WORDS[relationCode(r, side)]!;
      phrase = role === 'linked by marriage' ? 'linked by marriage to' : `${role} of`;
      break;
    }
    case 'ownership':
      phrase = side === 'subject' ? `${s ?? 'owner'} of` : `owned by (${s ?? 'owner'})`;
      break;
    case 'leadership':
      phrase = side === 'subject' ? `${s ?? 'leader'} of` : s === 'founder' ? 'founded by' : s === 'head' ? 'headed by' : 'led by';
      break;
    case 'membership':
      phrase = side === 'subject' ? `${s ?? 'member'} of` : `has as ${s ?? 'member'}`;
      break;
    default: {
      const forward: Record<string, string> = {
        deputy: 'deputy to',
        'deputy commander': 'deputy commander of',
        advisor: 'advisor to',
        treasurer: 'treasurer to',
        secretary: 'secretary to',
        spokesperson: 'spokesperson for',
        assistant: 'assistant to',
        subordinate: 'under',
        'linked to': 'linked to',
        'raised funds for': 'raised funds for',
        'financial services provider': 'provided financial services to',
        supporter: 'supports',
        'named together': 'named together with',
        'inner circle': 'in the inner circle of',
        'close relations': 'close relations with',
        associate: 'associate of',
        'business partner': 'business partner of',
      };
      const backward: Record<string, string> = {
        subordinate: 'has under them',
        'raised funds for': 'funds raised by',
        'financial services provider': 'received financial services from',
        supporter: 'supported by',
        'linked to': 'linked with',
        'named together': 'named together with',
        'inner circle': 'has in their inner circle',
        'close relations': 'close relations with',
        associate: 'associate of',
        'business partner': 'business partner of',
      };
      if (side === 'subject') phrase = s ? (forward[s] ?? `${s} to`) : 'associated with';
      else phrase = o ? `${o} of` : s ? (backward[s] ?? `has as ${s}`) : 'associated with';
    }
  }
  return r.derived ? `${phrase} (inferred: ${r.derived.rule})` : phrase;
}

export interface EntitySummary {
  id: string;
  caption: string;
  schema: Schema;
  status: EntityStatus;
  refs: string[];
  deceased: boolean;
}

export function summary(e: Entity): EntitySummary {
  return { id: e.id, caption: e.caption, schema: e.schema, status: e.status, refs: e.refs, deceased: e.deceased !== undefined };
}

export interface EntityRelation {
  /** this entity's side, read as a phrase: "son of", "owner of", "deputy to" */
  phrase: string;
  other: EntitySummary;
  relation: Relation;
}

export interface EntityView extends EntitySummary {
  names: Name[];
  listings: Sanction[];
  birthDates: Array<BirthDate & { reference: string }>;
  birthPlaces: Array<{ text: string; reference: string }>;
  nationalities: Array<{ text: string; reference: string }>;
  titles: Array<{ text: string; reference: string }>;
  positions: Array<{ text: string; reference: string }>;
  identifications: Array<Identification & { reference: string }>;
  addresses: Array<{ text: string; country?: string; reference: string }>;
  narratives: Narrative[];
  deceasedNote?: string;
  relations: EntityRelation[];
  /** for referenced or unlisted entities: the sentences that name them */
  mentions: Provenance[];
  externalRefs: string[];
  /** how the list records were merged, with the evidence */
  resolution: MergeDecision[];
  /** for unlisted people: listed entities whose name matches theirs (to check by hand) */
  possibleMatches: Array<{ entityId: string; caption: string; refs: string[]; score: number; why: string }>;
}

/** Find an entity by id or any list reference ("TAi.144", "GB:AFG0112", "US:10743", former UN references). */
export function findEntity(ds: SanctionsDataset, idOrRef: string): Entity | undefined {
  const key = idOrRef.trim();
  return ds.byId.get(key) ?? ds.byRef.get(key) ?? ds.byRef.get(key.replace(/^(gb|us):/i, (m) => m.toUpperCase()));
}

function withRef<T>(records: Entity['records'], pick: (r: Entity['records'][number]) => T[]): Array<{ value: T; reference: string }> {
  return records.flatMap((r) => pick(r).map((value) => ({ value, reference: r.reference })));
}

export function entityView(ds: SanctionsDataset, idOrRef: string): EntityView | undefined {
  const e = findEntity(ds, idOrRef);
  if (!e) return undefined;
  const relations: EntityRelation[] = [];
  for (const r of ds.relations) {
    if (r.subject !== e.id && r.object !== e.id) continue;
    const side = r.subject === e.id ? 'subject' : 'object';
    const other = ds.byId.get(side === 'subject' ? r.object : r.subject);
    if (!other) continue;
    relations.push({ phrase: relationPhrase(r, side), other: summary(other), relation: r });
  }
  const order = ['family', 'leadership', 'ownership', 'membership', 'associate'];
  relations.sort((a, b) => order.indexOf(a.relation.type) - order.indexOf(b.relation.type) || Number(!!a.relation.derived) - Number(!!b.relation.derived) || a.other.id.localeCompare(b.other.id));
  const view: EntityView = {
    ...summary(e),
    names: e.names,
    listings: e.records.map((r) => r.sanction),
    birthDates: withRef(e.records, (r) => r.birthDates).map((x) => ({ ...x.value, reference: x.reference })),
    birthPlaces: withRef(e.records, (r) => r.birthPlaces).map((x) => ({ text: x.value, reference: x.reference })),
    nationalities: withRef(e.records, (r) => r.nationalities).map((x) => ({ text: x.value, reference: x.reference })),
    titles: withRef(e.records, (r) => r.titles).map((x) => ({ text: x.value, reference: x.reference })),
    positions: withRef(e.records, (r) => r.positions).map((x) => ({ text: x.value, reference: x.reference })),
    identifications: withRef(e.records, (r) => r.identifications).map((x) => ({ ...x.value, reference: x.reference })),
    addresses: withRef(e.records, (r) => r.addresses).map((x) => ({ ...x.value, reference: x.reference })),
    narratives: e.records.flatMap((r) => r.narratives),
    relations,
    mentions: e.mentions,
    externalRefs: e.externalRefs,
    resolution: e.resolution,
    possibleMatches: (ds.possibleMatches.get(e.id) ?? []).map((h) => ({ entityId: h.entityId, caption: h.caption, refs: h.refs, score: h.score, why: h.why })),
  };
  if (e.deceased) view.deceasedNote = e.deceased;
  return view;
}

export interface NetworkNode extends EntitySummary {
  /** the loaded lists it is on (empty for referenced and unlisted entities) */
  lists: ListId[];
}

export interface NetworkEdge {
  id: string;
  source: string;
  target: string;
  type: Relation['type'];
  kind: string;
  /** the relation read from the source's side */
  label: string;
  derived: boolean;
  sources: Provenance[];
}

export interface Network {
  nodes: NetworkNode[];
  edges: NetworkEdge[];
}

function node(e: Entity): NetworkNode {
  return { ...summary(e), lists: [...new Set(e.records.map((r) => r.list))] };
}

function edge(r: Relation): NetworkEdge {
  return { id: r.id, source: r.subject, target: r.object, type: r.type, kind: r.kind, label: relationPhrase(r, 'subject'), derived: r.derived !== undefined, sources: r.sources };
}

/** The whole network, or the neighbourhood of one entity up to `depth` relations away. */
export function network(ds: SanctionsDataset, idOrRef?: string, depth = 1): Network | undefined {
  if (idOrRef === undefined) {
    return { nodes: ds.entities.map(node), edges: ds.relations.map(edge) };
  }
  const start = findEntity(ds, idOrRef);
  if (!start) return undefined;
  const seen = new Set([start.id]);
  let frontier = [start.id];
  for (let d = 0; d < depth; d++) {
    const next: string[] = [];
    for (const r of ds.relations) {
      for (const [a, b] of [
        [r.subject, r.object],
        [r.object, r.subject],
      ] as const) {
        if (frontier.includes(a) && !seen.has(b)) {
          seen.add(b);
          next.push(b);
        }
      }
    }
    frontier = next;
  }
  return {
    nodes: [...seen].map((id) => node(ds.byId.get(id)!)),
    edges: ds.relations.filter((r) => seen.has(r.subject) && seen.has(r.object)).map(edge),
  };
}

export interface CoverageRow extends EntitySummary {
  UN: string[];
  GB: string[];
  US: string[];
  /** relatives on none of the loaded lists */
  unlistedRelatives: Array<{ id: string; caption: string; phrase: string; deceased: boolean }>;
  /** partners (owners, associates, organisations) on none of the loaded lists */
  unlistedPartners: Array<{ id: string; caption: string; phrase: string; deceased: boolean }>;
  /** for rows of unlisted or referenced entities: the listed entities that name them */
  namedBy: string[];
}

export interface Coverage {
  lists: SanctionsDataset['lists'];
  rows: CoverageRow[];
  totals: {
    listed: number;
    byLists: Record<string, number>;
    unlistedRelatives: number;
    unlistedPartners: number;
    referencedNotLoaded: number;
    listedDeceased: number;
  };
}

export function coverage(ds: SanctionsDataset): Coverage {
  const rows: CoverageRow[] = [];
  const byLists: Record<string, number> = {};
  const relatives = new Set<string>();
  const partners = new Set<string>();
  for (const e of ds.entities) {
    const refs = (l: ListId) => e.refs.filter((r) => e.records.find((x) => x.reference === r)?.list === l);
    const row: CoverageRow = { ...summary(e), UN: refs('UN'), GB: refs('GB'), US: refs('US'), unlistedRelatives: [], unlistedPartners: [], namedBy: [] };
    for (const r of ds.relations) {
      if (r.subject !== e.id && r.object !== e.id) continue;
      const side = r.subject === e.id ? 'subject' : 'object';
      const other = ds.byId.get(side === 'subject' ? r.object : r.subject)!;
      if (e.status !== 'listed' && other.status === 'listed' && !row.namedBy.includes(other.id)) row.namedBy.push(other.id);
      if (other.status !== 'unlisted' || e.status !== 'listed') continue;
      // a council or shura the person sits on is neither a relative nor a partner
      if (other.id.startsWith('body:')) continue;
      const item = { id: other.id, caption: other.caption, phrase: relationPhrase(r, side === 'subject' ? 'object' : 'subject'), deceased: other.deceased !== undefined };
      if (r.type === 'family') {
        row.unlistedRelatives.push(item);
        relatives.add(other.id);
      } else {
        row.unlistedPartners.push(item);
        partners.add(other.id);
      }
    }
    if (e.status === 'listed') {
      const key = ['UN', 'GB', 'US'].filter((l) => row[l as ListId].length > 0).join('+');
      byLists[key] = (byLists[key] ?? 0) + 1;
    }
    rows.push(row);
  }
  return {
    lists: ds.lists,
    rows,
    totals: {
      listed: ds.entities.filter((e) => e.status === 'listed').length,
      byLists,
      unlistedRelatives: relatives.size,
      unlistedPartners: [...partners].filter((p) => !relatives.has(p)).length,
      referencedNotLoaded: ds.entities.filter((e) => e.status === 'referenced').length,
      listedDeceased: ds.entities.filter((e) => e.status === 'listed' && e.deceased).length,
    },
  };
}
