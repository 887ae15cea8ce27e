// Relations an analyst claims in the monitor's evidence base — a claim of kind
// 'relation', cited to sources and published only after a second person reviewed it —
// added to the network read from the lists, with the claim as their source. The lists'
// own relations are never changed or hidden by a claim. Pure.
import { hasArabicScript } from './arabic.ts';
import type { SanctionsDataset } from './dataset.ts';
import type { Entity, Relation, RelationType, Schema } from './model.ts';
import type { ScreenHit } from './screen.ts';

/** What an analyst can claim, read as "SUBJECT is <relation> OBJECT". */
export const CLAIMED_RELATION_KINDS = ['parent-of', 'child-of', 'sibling-of', 'spouse-of', 'relative-of', 'associate-of', 'business-partner-of', 'owner-of', 'owned-by', 'leader-of', 'member-of'] as const;
export type ClaimedRelationKind = (typeof CLAIMED_RELATION_KINDS)[number];

/** How each claimed relation maps to the model (swap: the claim's object is the model's subject). */
export const CLAIMED_RELATION_MODEL: Record<ClaimedRelationKind, { type: RelationType; kind: string; role?: string; swap?: boolean }> = {
  'parent-of': { type: 'family', kind: 'parent', role: 'parent' },
  'child-of': { type: 'family', kind: 'parent', role: 'parent', swap: true },
  'sibling-of': { type: 'family', kind: 'sibling' },
  'spouse-of': { type: 'family', kind: 'spouse' },
  'relative-of': { type: 'family', kind: 'relative' },
  'associate-of': { type: 'associate', kind: 'associate', role: 'associate' },
  'business-partner-of': { type: 'associate', kind: 'associate', role: 'business partner' },
  'owner-of': { type: 'ownership', kind: 'owner', role: 'owner' },
  'owned-by': { type: 'ownership', kind: 'owner', role: 'owner', swap: true },
  'leader-of': { type: 'leadership', kind: 'leader', role: 'leader' },
  'member-of': { type: 'membership', kind: 'member', role: 'member' },
};

/** A list reference as Jirga prints it: UN "TAi.144", UK "GB:AFG0112", US "US:10743". */
export const LIST_REFERENCE = /^(?:[A-Z]{2}[ie]\.\d{1,4}|GB:[A-Z]{2,4}\d{1,6}|US:\d{1,7})$/;

export interface ClaimedRelation {
  claimId: string;
  /** the list reference of a listed person or organisation */
  subject: string;
  relation: ClaimedRelationKind;
  /** another listed party (by reference), or someone on no list (by name) */
  object: { ref: string } | { name: string; schema: Exclude<Schema, 'Vessel'> };
}

export interface ClaimedRelationsResult {
  dataset: SanctionsDataset;
  /** claims whose references are not in the loaded lists (e.g. after loading other lists) */
  unplaced: Array<{ claimId: string; reason: string }>;
}

/** The dataset with the claimed relations added; the input is not modified. */
export function withClaimedRelations(ds: SanctionsDataset, claims: readonly ClaimedRelation[]): ClaimedRelationsResult {
  if (claims.length === 0) return { dataset: ds, unplaced: [] };
  const entities = [...ds.entities];
  const byId = new Map(ds.byId);
  const relations = [...ds.relations];
  const possibleMatches = new Map(ds.possibleMatches);
  const unplaced: ClaimedRelationsResult['unplaced'] = [];
  const find = (ref: string): Entity | undefined => ds.byRef.get(ref) ?? ds.byId.get(ref);

  for (const c of claims) {
    const subject = find(c.subject);
    if (!subject) {
      unplaced.push({ claimId: c.claimId, reason: `${c.subject} is not in the loaded lists` });
      continue;
    }
    let other: Entity | undefined;
    if ('ref' in c.object) {
      other = find(c.object.ref);
      if (!other) {
        unplaced.push({ claimId: c.claimId, reason: `${c.object.ref} is not in the loaded lists` });
        continue;
      }
    } else {
      // one entity per claim: two people of the same name are not merged on a name alone
      const id = `claimed:${c.claimId}`;
      other = byId.get(id);
      if (!other) {
        const name = c.object.name;
        other = {
          id,
          schema: c.object.schema,
          status: 'unlisted',
          caption: name,
          refs: [],
          records: [],
          names: [{ full: name, kind: 'mentioned', script: hasArabicScript(name) ? 'arabic' : 'latin', reference: `claim ${c.claimId}` }],
          mentions: [{ kind: 'claim', claimId: c.claimId }],
          externalRefs: [],
          resolution: [],
        };
        entities.push(other);
        byId.set(id, other);
        // the analyst's party may be a listed one under another spelling: say so
        const hits: ScreenHit[] = ds.index.search({ name }).filter((h) => h.match && h.entityId !== subject.id && h.comparison.nameCoverage >= 0.8);
        if (hits.length) possibleMatches.set(id, hits);
      }
    }
    if (other.id === subject.id) {
      unplaced.push({ claimId: c.claimId, reason: 'a relation of an entity with itself' });
      continue;
    }
    const spec = CLAIMED_RELATION_MODEL[c.relation];
    const [s, o] = spec.swap ? [other, subject] : [subject, other];
    const relation: Relation = { id: `claim:${c.claimId}`, type: spec.type, kind: spec.kind, subject: s.id, object: o.id, ...(spec.role ? { subjectRole: spec.role } : {}), sources: [{ kind: 'claim', claimId: c.claimId }] };
    relations.push(relation);
  }
  return { dataset: { ...ds, entities, relations, byId, possibleMatches }, unplaced };
}
