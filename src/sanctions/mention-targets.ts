// Who a narrative mention names: a listed entity (by list reference, or by a
// near-exact name), an entity referenced but not on the loaded lists, a named body
// ("Supreme Council"), or a relative named without a reference — an unlisted person,
// one entity however many listings name them. Pure apart from the entities it adds.
import { analyseName, asciiFold, nameKey } from './names.ts';
import type { Mention } from './narrative.ts';
import type { NameIndex } from './screen.ts';
import type { Entity, Schema, Provenance } from './model.ts';

/** Where a mention was read: one sentence of one listing's narrative. */
export type NarrativeProvenance = Extract<Provenance, { kind: 'list-narrative' }>;

function slug(text: string): string {
  return asciiFold(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
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

function newEntity(id: string, schema: Schema, status: Entity['status'], caption: string): Entity {
  return { id, schema, status, caption, refs: [], records: [], names: [], mentions: [], externalRefs: [], resolution: [] };
}

function addName(e: Entity, name: string, reference: string): void {
  if (!e.names.some((n) => n.full === name)) e.names.push({ full: name, kind: 'mentioned', script: 'latin', reference });
}

/** Whether `e` already records this sentence (from the same listing too, if `sameListing`). */
function mentionedIn(e: Entity, src: NarrativeProvenance, sameListing: boolean): boolean {
  return e.mentions.some((s) => s.kind === 'list-narrative' && s.sentence === src.sentence && (!sameListing || s.reference === src.reference));
}

/** One body however a sentence writes it: "Taliban's Supreme Council" and "Supreme Council of the Taliban" are "Supreme Council". */
function bodyId(name: string): string {
  const key = name
    .replace(/['’]s\b/g, '')
    .replace(/\bof the Taliban\b|\bTaliban\b|^the\s+/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
  return `body:${slug(key) || slug(name) || 'unnamed'}`;
}

/** Finds or creates the entity each mention names; the created ones are kept in `added`. */
export class MentionTargets {
  /** the entities the narratives add (referenced or unlisted), by id */
  readonly added = new Map<string, Entity>();
  private readonly unlistedByKey = new Map<string, Entity>();

  /** `byRef`: the listed entities by current and former list reference. */
  constructor(
    private readonly byRef: ReadonlyMap<string, Entity>,
    private readonly index: NameIndex,
  ) {}

  /** The entity `m` names, in a sentence of `from`'s listing `fromRef`; `family`: a family relation. */
  target(m: Mention, family: boolean, from: Entity, fromRef: string, src: NarrativeProvenance): Entity {
    if (m.ref) return this.byReference(m, m.ref, fromRef, src);
    if (m.body && m.name === 'Taliban') {
      // the Taliban itself: the organisation on a loaded list (OFAC lists it), or one on none
      const listed = findByName(this.index, 'Taliban', 'Organization');
      if (listed) return listed;
    }
    if (m.body) return this.body(m, fromRef, src);
    if (!family) {
      const named = this.byName(m, from, fromRef, src);
      if (named) return named;
    }
    return this.unlistedPerson(m, fromRef, src);
  }

  /** Listed under `ref`, or an entity of that reference that no loaded list holds. */
  private byReference(m: Mention, ref: string, fromRef: string, src: NarrativeProvenance): Entity {
    const known = this.byRef.get(ref);
    if (known) return known;
    let e = this.added.get(ref);
    if (!e) {
      e = newEntity(ref, /^[A-Z]{2}e\./.test(ref) ? 'Organization' : 'Person', 'referenced', m.name);
      e.externalRefs.push(ref);
      this.added.set(ref, e);
    }
    addName(e, m.name, fromRef);
    if (!mentionedIn(e, src, false)) e.mentions.push(src);
    return e;
  }

  private body(m: Mention, fromRef: string, src: NarrativeProvenance): Entity {
    const id = bodyId(m.name);
    let e = this.added.get(id);
    if (!e) {
      e = newEntity(id, 'Organization', 'unlisted', m.name);
      this.added.set(id, e);
    }
    addName(e, m.name, fromRef);
    if (!mentionedIn(e, src, true)) e.mentions.push(src);
    return e;
  }

  /** An OFAC "Linked To" target, an old-style reference, or someone named "(deceased)"; undefined if none of these. */
  private byName(m: Mention, from: Entity, fromRef: string, src: NarrativeProvenance): Entity | undefined {
    const schemaGuess: Schema | null = m.deceased ? 'Person' : null;
    const found = findByName(this.index, m.name, schemaGuess);
    if (found && found !== from) return found;
    if (!m.otherRef && (m.deceased || !fromRef.startsWith('US:'))) return undefined;
    const id = m.otherRef ?? `named:${slug(m.name)}`;
    let e = this.added.get(id);
    if (!e) {
      e = newEntity(id, m.name.includes(',') ? 'Person' : 'Organization', 'referenced', m.name);
      if (m.otherRef) e.externalRefs.push(m.otherRef);
      this.added.set(id, e);
    }
    addName(e, m.name, fromRef);
    e.mentions.push(src);
    return e;
  }

  /**
   * A relative or partner named without a reference: an unlisted person, the same one
   * wherever a full name (or one of their aliases) recurs; a single name is only the
   * same person within one listing.
   */
  private unlistedPerson(m: Mention, fromRef: string, src: NarrativeProvenance): Entity {
    const a = analyseName(m.name);
    const key = a.tokens.filter((t) => !t.soft).length >= 2 ? nameKey(m.name) : `${nameKey(m.name)}@${fromRef}`;
    let e = this.unlistedByKey.get(key);
    if (!e) {
      for (const alias of m.aliases) {
        const k = analyseName(alias).tokens.length >= 2 ? nameKey(alias) : '';
        if (k && this.unlistedByKey.has(k)) e = this.unlistedByKey.get(k);
      }
    }
    if (!e) {
      const base = `unlisted:${slug(m.name) || slug(a.tokens.map((t) => t.fold).join(' ')) || 'unnamed'}`;
      let id = key.includes('@') ? `${base}.${slug(fromRef)}` : base;
      for (let n = 2; this.added.has(id); n++) id = `${base}-${n}`;
      e = newEntity(id, 'Person', 'unlisted', m.name);
      this.added.set(id, e);
    }
    this.unlistedByKey.set(key, e);
    addName(e, m.name, fromRef);
    for (const alias of m.aliases) {
      addName(e, alias, fromRef);
      if (analyseName(alias).tokens.length >= 2) this.unlistedByKey.set(nameKey(alias), e);
    }
    if (m.deceased && !e.deceased) e.deceased = `deceased (${fromRef}: "${src.sentence}")`;
    if (!mentionedIn(e, src, true)) e.mentions.push(src);
    return e;
  }
}
