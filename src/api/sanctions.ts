// The sanctions network API (docs/sanctions-api.md): name screening, an entity with
// everything the lists say about it, the relation network and the coverage table.
// Public and read-only; answers carry an ETag (304 when the network has not changed).
import { z } from 'zod';
import { endpoint, named } from './contract.ts';
import { PAIR_CODES } from '../sanctions/reasons.ts';

export const zSearchQuery = named(
  z
    .object({
      q: z
        .string({ error: 'q: give a name to search for' })
        .transform((s) => s.trim())
        .pipe(z.string().min(1, { error: 'q: give a name to search for' }).max(200, { error: 'q: a name has at most 200 characters' })),
      dob: z
        .string()
        .regex(/^\d{4}(-\d{2}-\d{2})?$/, { error: 'dob: a year of birth (1977) or a date (1977-05-01)' })
        .optional(),
      limit: z.coerce
        .number({ error: 'limit: a whole number from 1 to 50' })
        .int({ error: 'limit: a whole number from 1 to 50' })
        .min(1, { error: 'limit: a whole number from 1 to 50' })
        .max(50, { error: 'limit: a whole number from 1 to 50' })
        .optional(),
    })
    .strict(),
  'search',
);

export const zNetworkQuery = named(
  z
    .object({
      ref: z.string().trim().min(1).max(100).optional(),
      depth: z.coerce.number({ error: 'depth: 1, 2 or 3' }).int({ error: 'depth: 1, 2 or 3' }).min(1, { error: 'depth: 1, 2 or 3' }).max(3, { error: 'depth: 1, 2 or 3' }).optional(),
    })
    .strict(),
  'network',
);

const zRef = z.string().trim().min(1, { error: 'give a list reference such as TAi.144' }).max(100, { error: 'not a list reference' });
/** A list reference in the path; its errors are named "reference". */
export const zEntityParams = named(z.strictObject({ ref: zRef }), 'reference', 'ref');

// ------------------------------------------------------------------ answers

const zListId = z.enum(['UN', 'GB', 'US']);
const zSchema = z.enum(['Person', 'Organization', 'Vessel']);

export const zLoadedList = z.strictObject({
  list: zListId,
  files: z.array(z.string()),
  date: z.string().nullable(),
  records: z.number(),
  latestListing: z.string().nullable(),
  persons: z.number(),
  organisations: z.number(),
  note: z.string().optional(),
});

const summaryFields = { id: z.string(), caption: z.string(), schema: zSchema, status: z.enum(['listed', 'referenced', 'unlisted']), refs: z.array(z.string()), deceased: z.boolean() };
export const zEntitySummary = z.strictObject(summaryFields);

const zName = z.strictObject({
  full: z.string(),
  kind: z.enum(['primary', 'alias', 'weak-alias', 'former', 'original-script', 'mentioned']),
  script: z.enum(['latin', 'arabic', 'other']),
  reference: z.string(),
});

const zSanction = z.strictObject({
  list: zListId,
  authority: z.string(),
  programme: z.string(),
  reference: z.string(),
  listId: z.string(),
  listedOn: z.string().optional(),
  measures: z.array(z.string()).optional(),
  designationSource: z.string().optional(),
  unReference: z.string().optional(),
  otherIds: z.record(z.string(), z.string()).optional(),
  formerReferences: z.array(z.string()).optional(),
});

/** Where a relation, or a mention of someone on no list, comes from. */
export const zRelationSource = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('list-narrative'), list: zListId, reference: z.string(), field: z.string(), sentence: z.string() }),
  z.strictObject({ kind: z.literal('claim'), claimId: z.string() }),
]);

const zRelationType = z.enum(['family', 'associate', 'ownership', 'leadership', 'membership']);
export const zRelation = z.strictObject({
  id: z.string(),
  type: zRelationType,
  kind: z.string(),
  subject: z.string(),
  object: z.string(),
  subjectRole: z.string().optional(),
  objectRole: z.string().optional(),
  sources: z.array(zRelationSource),
  derived: z.strictObject({ rule: z.string(), via: z.array(z.string()) }).optional(),
});

const zMergeDecision = z.strictObject({
  a: z.string(),
  b: z.string(),
  score: z.number(),
  merged: z.boolean(),
  evidence: z.array(
    z.strictObject({
      feature: z.enum(['un-reference', 'name', 'listing-date', 'birth-date', 'nationality', 'schema', 'identification']),
      weight: z.number(),
      text: z.string(),
    }),
  ),
});

const zReferenced = z.strictObject({ text: z.string(), reference: z.string() });

export const zEntityView = z.strictObject({
  ...summaryFields,
  names: z.array(zName),
  listings: z.array(zSanction),
  birthDates: z.array(z.strictObject({ text: z.string(), from: z.string(), to: z.string(), approximate: z.boolean(), reference: z.string() })),
  birthPlaces: z.array(zReferenced),
  nationalities: z.array(zReferenced),
  titles: z.array(zReferenced),
  positions: z.array(zReferenced),
  identifications: z.array(z.strictObject({ type: z.string(), number: z.string(), country: z.string().optional(), note: z.string().optional(), reference: z.string() })),
  addresses: z.array(z.strictObject({ text: z.string(), country: z.string().optional(), reference: z.string() })),
  narratives: z.array(z.strictObject({ list: zListId, reference: z.string(), field: z.string(), text: z.string() })),
  deceasedNote: z.string().optional(),
  relations: z.array(z.strictObject({ phrase: z.string(), other: zEntitySummary, relation: zRelation })),
  mentions: z.array(zRelationSource),
  externalRefs: z.array(z.string()),
  resolution: z.array(zMergeDecision),
  possibleMatches: z.array(z.strictObject({ entityId: z.string(), caption: z.string(), refs: z.array(z.string()), score: z.number(), why: z.string() })),
});

export const zNetwork = z.strictObject({
  nodes: z.array(z.strictObject({ ...summaryFields, lists: z.array(zListId) })),
  edges: z.array(
    z.strictObject({ id: z.string(), source: z.string(), target: z.string(), type: zRelationType, kind: z.string(), label: z.string(), derived: z.boolean(), sources: z.array(zRelationSource) }),
  ),
});

const zUnlistedOther = z.strictObject({ id: z.string(), caption: z.string(), phrase: z.string(), deceased: z.boolean() });
export const zCoverage = z.strictObject({
  lists: z.array(zLoadedList),
  rows: z.array(
    z.strictObject({
      ...summaryFields,
      UN: z.array(z.string()),
      GB: z.array(z.string()),
      US: z.array(z.string()),
      unlistedRelatives: z.array(zUnlistedOther),
      unlistedPartners: z.array(zUnlistedOther),
      namedBy: z.array(z.string()),
    }),
  ),
  totals: z.strictObject({
    listed: z.number(),
    byLists: z.record(z.string(), z.number()),
    unlistedRelatives: z.number(),
    unlistedPartners: z.number(),
    referencedNotLoaded: z.number(),
    listedDeceased: z.number(),
  }),
});

const zNameKind = z.enum(['primary', 'alias', 'weak-alias', 'former', 'original-script', 'mentioned']);
const zPairCode = z.enum(Object.values(PAIR_CODES) as [(typeof PAIR_CODES)[keyof typeof PAIR_CODES], ...(typeof PAIR_CODES)[keyof typeof PAIR_CODES][]]);
const zNoParams = z.strictObject({});
/** One reason why a name came near a listed entry, as a code with parameters (src/sanctions/reasons.ts):
 * the screens word it in the reader's language. Names, tokens, references and dates are as the query or the lists spell them. */
export const zReason = z.union([
  z.strictObject({ code: z.literal('as-form'), params: z.strictObject({ form: z.string() }) }),
  z.strictObject({ code: z.literal('name-parts'), params: z.strictObject({ matched: z.number(), of: z.number(), kind: zNameKind, name: z.string(), reference: z.string() }) }),
  z.strictObject({ code: zPairCode, params: z.strictObject({ query: z.string(), listed: z.string() }) }),
  z.strictObject({ code: z.literal('not-in-name'), params: z.strictObject({ tokens: z.array(z.string()) }) }),
  z.strictObject({ code: z.literal('name-also-has'), params: z.strictObject({ tokens: z.array(z.string()) }) }),
  z.strictObject({ code: z.literal('title-set-aside'), params: z.strictObject({ titles: z.array(z.string()), listed: z.string().optional(), bonus: z.number().optional() }) }),
  z.strictObject({ code: z.literal('listed-title-set-aside'), params: z.strictObject({ titles: z.array(z.string()) }) }),
  z.strictObject({ code: z.literal('reordered'), params: zNoParams }),
  z.strictObject({ code: z.literal('order-differs'), params: zNoParams }),
  z.strictObject({ code: z.literal('birth-not-given'), params: zNoParams }),
  z.strictObject({ code: z.literal('birth-not-listed'), params: z.strictObject({ year: z.string() }) }),
  z.strictObject({ code: z.literal('birth-fits'), params: z.strictObject({ year: z.string(), listed: z.array(z.string()) }) }),
  z.strictObject({ code: z.literal('birth-near'), params: z.strictObject({ year: z.string(), gap: z.number(), listed: z.array(z.string()) }) }),
  z.strictObject({ code: z.literal('birth-far'), params: z.strictObject({ year: z.string(), gap: z.number(), listed: z.array(z.string()) }) }),
  z.strictObject({ code: z.literal('not-a-match'), params: z.strictObject({ because: z.enum(['few-parts', 'common-names', 'other']) }) }),
]);

/** A search's answer: the closest entries, best first, each with its reasons (what a reader looking
 * someone up wants), and apart from them the screening verdict: `match` on an entry, true when it
 * reaches the strict compliance threshold (`threshold`, with enough name parts in agreement). */
export const zSearchAnswer = z.strictObject({
  query: z.string(),
  threshold: z.number(),
  /** for a one-part name (titles set aside): how many listed people and organisations carry it, and how the lists spell it */
  sameName: z.strictObject({ name: z.string(), people: z.number(), organisations: z.number(), spellings: z.array(z.string()) }).nullable(),
  matches: z.array(
    z.strictObject({
      id: z.string(),
      refs: z.array(z.string()),
      name: z.string(),
      score: z.number(),
      match: z.boolean(),
      /** the reasons in English (as the CLI gives them) */
      why: z.string(),
      reasons: z.array(zReason),
      schema: zSchema,
      lists: z.array(zListId),
      matchedName: z.string(),
    }),
  ),
});

const tag = 'sanctions';

export const sanctionsApi = {
  lists: endpoint({
    method: 'GET',
    path: '/sanctions/lists',
    tag,
    summary: 'The loaded lists, the match threshold and how many are listed',
    response: z.strictObject({ lists: z.array(zLoadedList), threshold: z.number(), entities: z.number() }),
  }),
  search: endpoint({ method: 'GET', path: '/sanctions/search', tag, summary: 'Screen a name (optionally with a year or date of birth)', query: zSearchQuery, response: zSearchAnswer, revalidates: true }),
  entity: endpoint({ method: 'GET', path: '/sanctions/entities/:ref', tag, summary: 'Everything the lists say about someone, by list reference', params: zEntityParams, response: zEntityView, revalidates: true }),
  network: endpoint({ method: 'GET', path: '/sanctions/network', tag, summary: 'The relation network, or the neighbourhood of one entity', query: zNetworkQuery, response: zNetwork, revalidates: true }),
  coverage: endpoint({ method: 'GET', path: '/sanctions/coverage', tag, summary: 'Who is on which list; relatives and partners on none', response: zCoverage, revalidates: true }),
};
