// The network: relations read from every listing's narrative, their targets found
// (by list reference; by name for OFAC "Linked To" targets and old-style
// references), relatives named without a reference made entities of their own
// (unlisted), duplicates from both sides merged into one relation with all its
// sources, and two inferences made explicit (siblings through a common parent,
// uncles through a parent's sibling). Pure.
import { analyseName, asciiFold, nameKey } from './names.ts';
import { extractRelations, linkedToRelations, type ExtractedRelation, type Mention } from './narrative.ts';
import type { NameIndex } from './screen.ts';
import type { Entity, Relation, Schema, Source } from './model.ts';

const SYMMETRIC = new Set(['sibling', 'cousin', 'in-law', 'marriage', 'spouse']);

function slug(text: string): string {
  return asciiFold(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

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

/** A narrative target named without a list reference matches a listed entity only on a near-exact name. */
function findByName(index: NameIndex, name: string, schema: Schema | null): Entity | undefined {
  const hits = index.search({ name }, { limit: 3 });
  const top = hits[0];
  if (!top) return undefined;
  const c = top.comparison;
  const entity = index.entities.find((e) => e.id === top.entityId);
  if (!entity || (schema && entity.schema !== schema)) return undefined;
  if (c.queryCoverage >= 0.95 && c.nameCoverage >= 0.9 && c.matchedQuery === c.queryTokens) return entity;
  return undefined;
}

export function buildGraph(input: GraphInput): Graph {
  const entities = [...input.entities];
  const byRef = new Map<string, Entity>();
  for (const e of entities) {
    for (const r of e.refs) byRef.set(r, e);
    for (const rec of e.records) for (const f of rec.sanction.formerReferences ?? []) if (!byRef.has(f)) byRef.set(f, e);
  }
  const extra = new Map<string, Entity>();
  const unlistedByKey = new Map<string, Entity>();

  const source = (e: Entity, rel: ExtractedRelation, list = e.records[0]!.list, reference = e.refs[0]!): Source => ({ kind: 'list-narrative', list, reference, field: rel.field, sentence: rel.sentence });

  const newEntity = (id: string, schema: Schema, status: Entity['status'], caption: string): Entity => ({ id, schema, status, caption, refs: [], records: [], names: [], mentions: [], externalRefs: [], resolution: [] });

  const addName = (e: Entity, name: string, reference: string) => {
    if (!e.names.some((n) => n.full === name)) e.names.push({ full: name, kind: 'mentioned', script: 'latin', reference });
  };

  /** The entity a mention names. */
  const target = (m: Mention, family: boolean, from: Entity, fromRef: string, src: Source): Entity => {
    if (m.ref) {
      const known = byRef.get(m.ref);
      if (known) return known;
      let e = extra.get(m.ref);
      if (!e) {
        e = newEntity(m.ref, /^[A-Z]{2}e\./.test(m.ref) ? 'Organization' : 'Person', 'referenced', m.name);
        e.externalRefs.push(m.ref);
        extra.set(m.ref, e);
      }
      addName(e, m.name, fromRef);
      if (!e.mentions.some((s) => s.kind === 'list-narrative' && s.sentence === (src as { sentence: string }).sentence)) e.mentions.push(src);
      return e;
    }
    if (m.body && m.name === 'Taliban') {
      // the Taliban itself: the organisation on a loaded list (OFAC lists it), or one on none
      const listed = findByName(input.index, 'Taliban', 'Organization');
      if (listed) return listed;
    }
    if (m.body) {
      // one body however a sentence writes it: "Taliban's Supreme Council" and "Supreme Council of the Taliban" are "Supreme Council"
      const key = m.name
        .replace(/['’]s\b/g, '')
        .replace(/\bof the Taliban\b|\bTaliban\b|^the\s+/gi, ' ')
        .replace(/\s+/g, ' ')
        .trim()
        .toLowerCase();
      const id = `body:${slug(key) || slug(m.name) || 'unnamed'}`;
      let e = extra.get(id);
      if (!e) {
        e = newEntity(id, 'Organization', 'unlisted', m.name);
        extra.set(id, e);
      }
      addName(e, m.name, fromRef);
      if (!e.mentions.some((s) => s.kind === 'list-narrative' && s.sentence === (src as { sentence: string }).sentence && s.reference === (src as { reference: string }).reference)) e.mentions.push(src);
      return e;
    }
    if (!family) {
      // an OFAC "Linked To" target, an old-style reference, or someone named "(deceased)"
      const schemaGuess: Schema | null = m.deceased ? 'Person' : null;
      const found = findByName(input.index, m.name, schemaGuess);
      if (found && found !== from) return found;
      if (m.otherRef || (!m.deceased && fromRef.startsWith('US:'))) {
        const id = m.otherRef ?? `named:${slug(m.name)}`;
        let e = extra.get(id);
        if (!e) {
          e = newEntity(id, m.name.includes(',') ? 'Person' : 'Organization', 'referenced', m.name);
          if (m.otherRef) e.externalRefs.push(m.otherRef);
          extra.set(id, e);
        }
        addName(e, m.name, fromRef);
        e.mentions.push(src);
        return e;
      }
    }
    // a relative or partner named without a reference: an unlisted person
    const a = analyseName(m.name);
    const key = a.tokens.filter((t) => !t.soft).length >= 2 ? nameKey(m.name) : `${nameKey(m.name)}@${fromRef}`;
    let e = unlistedByKey.get(key);
    if (!e) {
      for (const alias of m.aliases) {
        const k = analyseName(alias).tokens.length >= 2 ? nameKey(alias) : '';
        if (k && unlistedByKey.has(k)) e = unlistedByKey.get(k);
      }
    }
    if (!e) {
      const base = `unlisted:${slug(m.name) || slug(a.tokens.map((t) => t.fold).join(' ')) || 'unnamed'}`;
      let id = key.includes('@') ? `${base}.${slug(fromRef)}` : base;
      for (let n = 2; extra.has(id); n++) id = `${base}-${n}`;
      e = newEntity(id, 'Person', 'unlisted', m.name);
      extra.set(id, e);
    }
    unlistedByKey.set(key, e);
    addName(e, m.name, fromRef);
    for (const alias of m.aliases) {
      addName(e, alias, fromRef);
      if (analyseName(alias).tokens.length >= 2) unlistedByKey.set(nameKey(alias), e);
    }
    if (m.deceased && !e.deceased) e.deceased = `deceased (${fromRef}: "${(src as { sentence: string }).sentence}")`;
    if (!e.mentions.some((s) => s.kind === 'list-narrative' && s.sentence === (src as { sentence: string }).sentence && s.reference === (src as { reference: string }).reference)) e.mentions.push(src);
    return e;
  };

  const relations = new Map<string, Relation>();
  const add = (r: Omit<Relation, 'id'>) => {
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
      for (const s of r.sources) if (!known.sources.some((k) => JSON.stringify(k) === JSON.stringify(s))) known.sources.push(s);
      if (!known.subjectRole && subjectRole) known.subjectRole = subjectRole;
      if (!known.objectRole && objectRole) known.objectRole = objectRole;
      if (known.derived && !r.derived) delete known.derived;
      return;
    }
    const sources: Source[] = [];
    for (const src of r.sources) if (!sources.some((k) => JSON.stringify(k) === JSON.stringify(src))) sources.push(src);
    const rel: Relation = { id, type: r.type, kind: r.kind, subject, object, sources };
    if (subjectRole) rel.subjectRole = subjectRole;
    if (objectRole) rel.objectRole = objectRole;
    if (r.derived) rel.derived = r.derived;
    relations.set(id, rel);
  };

  for (const e of input.entities) {
    for (const rec of e.records) {
      const extracted = [...rec.narratives.flatMap((n) => extractRelations(n)), ...linkedToRelations(rec.linkedTo)];
      for (const rel of extracted) {
        const src = source(e, rel, rec.list, rec.reference);
        const family = rel.type === 'family';
        const subj = rel.subject === 'self' ? e : target(rel.subject, family, e, rec.reference, src);
        const obj = rel.object === 'self' ? e : target(rel.object, family, e, rec.reference, src);
        let type = rel.type;
        let kind = rel.kind;
        let subjectRole = rel.subjectRole;
        // membership, leadership and ownership are of organisations: of a person, it is an association
        if ((type === 'membership' || type === 'leadership' || type === 'ownership') && obj.schema === 'Person') {
          type = 'associate';
          kind = 'associate';
          subjectRole = /inner circle/i.test(rel.sentence) ? 'inner circle' : subjectRole;
        }
        add({ type, kind, subject: subj.id, object: obj.id, ...(subjectRole ? { subjectRole } : {}), ...(rel.objectRole ? { objectRole: rel.objectRole } : {}), sources: [src] });
      }
    }
  }

  // inferences: children of one parent are siblings; a parent's sibling is an uncle
  const explicit = [...relations.values()];
  const parents = new Map<string, Relation[]>();
  for (const r of explicit) if (r.type === 'family' && r.kind === 'parent') parents.set(r.subject, [...(parents.get(r.subject) ?? []), r]);
  for (const [parent, rels] of parents) {
    for (let i = 0; i < rels.length; i++) {
      for (let j = i + 1; j < rels.length; j++) {
        const a = rels[i]!;
        const b = rels[j]!;
        add({ type: 'family', kind: 'sibling', subject: a.object, object: b.object, sources: [...a.sources, ...b.sources], derived: { rule: 'children of the same parent', via: [parent] } });
      }
    }
  }
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
        add({ type: 'family', kind: 'uncle', subject: x, object: p.object, sources: [...r.sources, ...p.sources], derived: { rule: "a parent's sibling", via: [y] } });
      }
    }
  }
  for (const e of extra.values()) {
    if (e.status !== 'listed') e.caption = e.names[0]?.full ?? e.caption;
  }
  return { entities: [...entities, ...[...extra.values()].sort((a, b) => a.id.localeCompare(b.id))], relations: [...relations.values()] };
}
