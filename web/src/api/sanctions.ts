// What the sanctions screens read (src/sanctions/views.ts, answered by
// src/server/routes/sanctions.ts). Names and list sentences come as the lists
// print them. Replace by src/api once it has them.
import { z } from 'zod';

export const zListId = z.enum(['UN', 'GB', 'US']);
const zSchema = z.enum(['Person', 'Organization', 'Vessel']);
const zRelationType = z.enum(['family', 'associate', 'ownership', 'leadership', 'membership']);

export const zLists = z.object({
  lists: z.array(z.object({ list: zListId, files: z.array(z.string()), date: z.string().nullable(), records: z.number(), latestListing: z.string().nullable() })),
  threshold: z.number(),
  entities: z.number(),
});
export type Lists = z.infer<typeof zLists>;

export const zHit = z.object({
  id: z.string(),
  refs: z.array(z.string()),
  name: z.string(),
  score: z.number(),
  match: z.boolean(),
  why: z.string(),
  schema: z.string(),
  lists: z.array(zListId),
  matchedName: z.string(),
});
export const zSearchAnswer = z.object({ query: z.string(), matches: z.array(zHit) });
export type SearchAnswer = z.infer<typeof zSearchAnswer>;

/** Where a relation (or an unlisted person) comes from: a list's sentence, or a reviewed claim of the monitor. */
export const zSanctionsSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('list-narrative'), list: zListId, reference: z.string(), field: z.string(), sentence: z.string() }),
  z.object({ kind: z.literal('claim'), claimId: z.string() }),
]);
export type SanctionsSource = z.infer<typeof zSanctionsSource>;

export const zRelation = z.object({
  id: z.string(),
  type: zRelationType,
  kind: z.string(),
  subject: z.string(),
  object: z.string(),
  subjectRole: z.string().optional(),
  objectRole: z.string().optional(),
  sources: z.array(zSanctionsSource),
  derived: z.object({ rule: z.string(), via: z.array(z.string()) }).optional(),
});

export const zEntitySummary = z.object({
  id: z.string(),
  caption: z.string(),
  schema: zSchema,
  status: z.enum(['listed', 'referenced', 'unlisted']),
  refs: z.array(z.string()),
  deceased: z.boolean(),
});
export type EntitySummary = z.infer<typeof zEntitySummary>;

const zTextWithRef = z.object({ text: z.string(), reference: z.string() });

export const zEntityView = zEntitySummary.extend({
  names: z.array(z.object({ full: z.string(), kind: z.enum(['primary', 'alias', 'weak-alias', 'former', 'original-script', 'mentioned']), script: z.enum(['latin', 'arabic', 'other']), reference: z.string() })),
  listings: z.array(z.object({ list: zListId, programme: z.string(), reference: z.string(), listedOn: z.string().optional() })),
  birthDates: z.array(zTextWithRef),
  birthPlaces: z.array(zTextWithRef),
  nationalities: z.array(zTextWithRef),
  titles: z.array(zTextWithRef),
  positions: z.array(zTextWithRef),
  identifications: z.array(z.object({ type: z.string(), number: z.string(), country: z.string().optional(), note: z.string().optional(), reference: z.string() })),
  addresses: z.array(zTextWithRef),
  narratives: z.array(z.object({ list: zListId, reference: z.string(), field: z.string(), text: z.string() })),
  relations: z.array(z.object({ phrase: z.string(), other: zEntitySummary, relation: zRelation })),
  mentions: z.array(zSanctionsSource),
  resolution: z.array(z.object({ a: z.string(), b: z.string(), score: z.number(), merged: z.boolean(), evidence: z.array(z.object({ text: z.string() })) })),
  possibleMatches: z.array(z.object({ entityId: z.string(), caption: z.string(), refs: z.array(z.string()), score: z.number() })),
});
export type EntityView = z.infer<typeof zEntityView>;
export type EntityRelation = EntityView['relations'][number];

export const zNetworkNode = zEntitySummary.extend({ lists: z.array(zListId) });
export type NetworkNode = z.infer<typeof zNetworkNode>;

export const zNetwork = z.object({
  nodes: z.array(zNetworkNode),
  edges: z.array(
    z.object({ id: z.string(), source: z.string(), target: z.string(), type: zRelationType, kind: z.string(), label: z.string(), derived: z.boolean(), sources: z.array(zSanctionsSource) }),
  ),
});
export type Network = z.infer<typeof zNetwork>;
export type NetworkEdge = Network['edges'][number];

const zAround = z.object({ id: z.string(), caption: z.string(), phrase: z.string(), deceased: z.boolean() });

export const zCoverageRow = zEntitySummary.extend({
  UN: z.array(z.string()),
  GB: z.array(z.string()),
  US: z.array(z.string()),
  unlistedRelatives: z.array(zAround),
  unlistedPartners: z.array(zAround),
  namedBy: z.array(z.string()),
});
export type CoverageRow = z.infer<typeof zCoverageRow>;

export const zCoverage = z.object({
  rows: z.array(zCoverageRow),
  totals: z.object({ listed: z.number(), unlistedRelatives: z.number(), unlistedPartners: z.number() }),
});
export type Coverage = z.infer<typeof zCoverage>;
