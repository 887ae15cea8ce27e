// The network: relations read from every listing's narrative, their targets found
// (mention-targets.ts: by list reference; by name for OFAC "Linked To" targets and
// old-style references; relatives named without a reference made entities of their
// own, unlisted), duplicates from both sides merged into one relation with all its
// sources, and two inferences made explicit (siblings through a common parent, uncles
// through a parent's sibling). Pure.
import { extractRelations, linkedToRelations, type ExtractedRelation } from './narrative.ts';
import { MentionTargets, type NarrativeProvenance } from './mention-targets.ts';
import type { NameIndex } from './screen.ts';
import type { Entity, Relation, Provenance } from './model.ts';

const SYMMETRIC = new Set(['sibling', 'cousin', 'in-law', 'marriage', 'spouse']);

export interface GraphInput {
  entities: Entity[];
  /** finds listed entities by name, for targets given without a usable reference */
  index: NameIndex;
}

export interface Graph {
  /** the listed entities and the referenced or unlisted ones the narratives add */
  entities: Entity[];
  relations: Relation[];
}

type NewRelation = Omit<Relation, 'id'>;

export function buildGraph(input: GraphInput): Graph {
  const targets = new MentionTargets(entitiesByReference(input.entities), input.index);
  const relations = new Map<string, Relation>();
  for (const r of relationsInNarratives(input.entities, targets)) addRelation(relations, r);
  const parents = parentRelations(relations);
  inferSiblings(relations, parents);
  inferUncles(relations, parents);
  const added = [...targets.added.values()];
  for (const e of added) {
    if (e.status !== 'listed') e.caption = e.names[0]?.full ?? e.caption;
  }
  return { entities: [...input.entities, ...added.sort((a, b) => a.id.localeCompare(b.id))], relations: [...relations.values()] };
}

/** The listed entities by their references, and by former references no current one uses. */
function entitiesByReference(entities: readonly Entity[]): Map<string, Entity> {
  const byRef = new Map<string, Entity>();
  for (const e of entities) {
    for (const r of e.refs) byRef.set(r, e);
    for (const rec of e.records) for (const f of rec.sanction.formerReferences ?? []) if (!byRef.has(f)) byRef.set(f, e);
  }
  return byRef;
}

/** Every relation each listing's narratives and "Linked To" entries state, in list order. */
function relationsInNarratives(entities: readonly Entity[], targets: MentionTargets): NewRelation[] {
  const found: NewRelation[] = [];
  for (const e of entities) {
    for (const rec of e.records) {
      const extracted = [...rec.narratives.flatMap((n) => extractRelations(n)), ...linkedToRelations(rec.linkedTo)];
      for (const rel of extracted) {
        const src: NarrativeProvenance = { kind: 'list-narrative', list: rec.list, reference: rec.reference, field: rel.field, sentence: rel.sentence };
        const family = rel.type === 'family';
        const subject = rel.subject === 'self' ? e : targets.target(rel.subject, family, e, rec.reference, src);
        const object = rel.object === 'self' ? e : targets.target(rel.object, family, e, rec.reference, src);
        found.push(relationBetween(rel, subject, object, src));
      }
    }
  }
  return found;
}

/** The relation `rel` states between two entities: membership, leadership and ownership are of organisations; of a person, it is an association. */
function relationBetween(rel: ExtractedRelation, subject: Entity, object: Entity, src: Provenance): NewRelation {
  let type = rel.type;
  let kind = rel.kind;
  let subjectRole = rel.subjectRole;
  if ((type === 'membership' || type === 'leadership' || type === 'ownership') && object.schema === 'Person') {
    type = 'associate';
    kind = 'associate';
    subjectRole = /inner circle/i.test(rel.sentence) ? 'inner circle' : subjectRole;
  }
  return { type, kind, subject: subject.id, object: object.id, ...(subjectRole ? { subjectRole } : {}), ...(rel.objectRole ? { objectRole: rel.objectRole } : {}), sources: [src] };
}

const sameProvenance = (a: Provenance, b: Provenance) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Adds a relation, or merges it into the one already there: a symmetric relation is
 * stored with its ends in id order, so that both sides' statements meet.
 */
function addRelation(relations: Map<string, Relation>, r: NewRelation): void {
  let { subject, object } = r;
  if (subject === object) return;
  const symmetric = SYMMETRIC.has(r.kind) || (r.type === 'associate' && !r.subjectRole && !r.objectRole);
  let subjectRole = r.subjectRole;
  let objectRole = r.objectRole;
  if (symmetric && subject > object) {
    [subject, object] = [object, subject];
    [subjectRole, objectRole] = [objectRole, subjectRole];
  }
  const id = `${r.type}:${r.kind}:${subject}>${object}${r.type === 'associate' ? `:${subjectRole ?? ''}` : ''}`;
  const known = relations.get(id);
  if (known) {
    for (const s of r.sources) if (!known.sources.some((k) => sameProvenance(k, s))) known.sources.push(s);
    if (!known.subjectRole && subjectRole) known.subjectRole = subjectRole;
    if (!known.objectRole && objectRole) known.objectRole = objectRole;
    if (known.derived && !r.derived) delete known.derived;
    return;
  }
  const sources: Provenance[] = [];
  for (const src of r.sources) if (!sources.some((k) => sameProvenance(k, src))) sources.push(src);
  const rel: Relation = { id, type: r.type, kind: r.kind, subject, object, sources };
  if (subjectRole) rel.subjectRole = subjectRole;
  if (objectRole) rel.objectRole = objectRole;
  if (r.derived) rel.derived = r.derived;
  relations.set(id, rel);
}

/** The stated parent relations, by parent. */
function parentRelations(relations: ReadonlyMap<string, Relation>): Map<string, Relation[]> {
  const parents = new Map<string, Relation[]>();
  for (const r of relations.values()) if (r.type === 'family' && r.kind === 'parent') parents.set(r.subject, [...(parents.get(r.subject) ?? []), r]);
  return parents;
}

/** Children of one parent are siblings. */
function inferSiblings(relations: Map<string, Relation>, parents: ReadonlyMap<string, Relation[]>): void {
  for (const [parent, rels] of parents) {
    for (let i = 0; i < rels.length; i++) {
      for (let j = i + 1; j < rels.length; j++) {
        const a = rels[i]!;
        const b = rels[j]!;
        addRelation(relations, { type: 'family', kind: 'sibling', subject: a.object, object: b.object, sources: [...a.sources, ...b.sources], derived: { rule: 'children of the same parent', via: [parent] } });
      }
    }
  }
}

/** A parent's sibling is an uncle (of each child of that parent). */
function inferUncles(relations: Map<string, Relation>, parents: ReadonlyMap<string, Relation[]>): void {
  for (const r of [...relations.values()]) {
    if (r.type !== 'family' || r.kind !== 'sibling') continue;
    for (const [x, y] of [
      [r.subject, r.object],
      [r.object, r.subject],
    ] as const) {
      // x is a sibling of y; y's children are x's nephews
      for (const p of parents.get(y) ?? []) {
        if (p.object === x) continue;
        const id = `family:uncle:${x}>${p.object}`;
        if (relations.has(id)) continue;
        addRelation(relations, { type: 'family', kind: 'uncle', subject: x, object: p.object, sources: [...r.sources, ...p.sources], derived: { rule: "a parent's sibling", via: [y] } });
      }
    }
  }
}
