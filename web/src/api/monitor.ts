// What the accountability monitor's pages read (src/services/monitor/service.ts
// answers; the request schemas are in src/monitor/model.ts, which the web app does
// not load: it brings the country names library). Replace by src/api once it has them.
import { z } from 'zod';
import { ASSESSMENTS, BENCHMARK_IDS, CLAIM_KINDS, CLAIM_STATUSES, ENGAGEMENT_TYPES, SCORED_TYPES, SECTORS, type ScoredType, type Sector } from '../../../src/monitor/constants.ts';
import { CLAIMED_RELATION_KINDS } from '../../../src/sanctions/claims.ts';
import { zText } from './common.ts';

const numbersOf = <K extends string>(keys: readonly K[]) => z.object(Object.fromEntries(keys.map((k) => [k, z.number()])) as Record<K, z.ZodNumber>);

export const zWeights = z.object({ types: numbersOf<ScoredType>(SCORED_TYPES), sectors: numbersOf<Sector>(SECTORS) });
export type Weights = z.infer<typeof zWeights>;

export const zSource = z.object({
  id: z.string(),
  title: z.string(),
  publisher: z.string(),
  url: z.string(),
  publishedOn: z.string(),
  language: z.string(),
  sha256: z.string().nullable(),
  copy: z.object({ name: z.string(), type: z.string(), size: z.number() }).nullable(),
  sample: z.boolean(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type Source = z.infer<typeof zSource>;

export const zClaim = z.object({
  id: z.string(),
  kind: z.enum(CLAIM_KINDS),
  status: z.enum(CLAIM_STATUSES),
  text: zText,
  date: z.string(),
  sources: z.array(z.string()),
  benchmarks: z.array(z.enum(BENCHMARK_IDS)),
  engagement: z.object({ state: z.string(), type: z.enum(ENGAGEMENT_TYPES), sector: z.enum(SECTORS).optional() }).nullable(),
  assessment: z.object({ benchmark: z.enum(BENCHMARK_IDS), status: z.enum(ASSESSMENTS), evidence: z.array(z.string()) }).nullable(),
  relation: z
    .object({
      subject: z.string(),
      relation: z.enum(CLAIMED_RELATION_KINDS),
      object: z.union([z.object({ ref: z.string() }), z.object({ name: z.string(), schema: z.enum(['Person', 'Organization']) })]),
    })
    .nullable(),
  sample: z.boolean(),
  revision: z.number(),
  proposedBy: z.string().nullable(),
  proposedAt: z.string(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewNote: z.string().nullable(),
  retractedBy: z.string().nullable(),
  retractedAt: z.string().nullable(),
  retractionReason: z.string().nullable(),
});
export type Claim = z.infer<typeof zClaim>;

export const zBenchmark = z.object({ id: z.enum(BENCHMARK_IDS), title: zText, definition: zText });
export type Benchmark = z.infer<typeof zBenchmark>;

export const zCountryTally = z.object({
  state: z.string(),
  score: z.number(),
  events: z.number(),
  humanitarian: z.number(),
  byType: z.partialRecord(z.enum(ENGAGEMENT_TYPES), z.number()),
  firstDate: z.string().nullable(),
  lastDate: z.string().nullable(),
  sample: z.boolean(),
  series: z.array(z.object({ date: z.string(), score: z.number() })),
});
export type CountryTally = z.infer<typeof zCountryTally>;

export const zDashboard = z.object({
  benchmarks: z.array(zBenchmark.extend({ current: zClaim.nullable(), assessments: z.number() })),
  states: z.array(zCountryTally),
  weights: zWeights,
  counts: z.object({ published: z.number(), retracted: z.number(), sources: z.number() }),
  samples: z.boolean(),
});
export type Dashboard = z.infer<typeof zDashboard>;

/** The world map drawn on the server, and every ISO 3166 state's names. */
export const zMapAnswer = z.object({
  width: z.number(),
  height: z.number(),
  shapes: z.array(z.object({ code: z.string().nullable(), name: z.string(), d: z.string() })),
  states: z.array(z.object({ code: z.string(), names: zText })),
});
export type MapAnswer = z.infer<typeof zMapAnswer>;

const zSourcesById = z.record(z.string(), zSource);

export const zBenchmarkAnswer = z.object({ benchmark: zBenchmark, assessments: z.array(zClaim), evidence: z.array(zClaim), sources: zSourcesById });
export const zStateAnswer = z.object({ state: z.string(), names: zText, tally: zCountryTally, weights: zWeights, events: z.array(zClaim), sources: zSourcesById });

export const zHistoryEntry = z.object({ at: z.string(), action: z.string(), by: z.string(), note: z.string().nullable(), changes: z.array(z.string()) });
export type HistoryEntry = z.infer<typeof zHistoryEntry>;

export const zClaimAnswer = z.object({ claim: zClaim, sources: z.array(zSource), history: z.array(zHistoryEntry) });

// ------------------------------------------------------ editors and reviewers

export const zWork = z.object({
  me: z.object({ username: z.string(), role: z.enum(['editor', 'reviewer', 'organiser']), canReview: z.boolean() }),
  claims: z.array(zClaim),
  sources: z.array(zSource),
  benchmarks: z.array(zBenchmark),
  weights: zWeights,
  /** who proposed or edited each proposed claim: none of them may approve it */
  authors: z.record(z.string(), z.array(z.string())),
});
export type Work = z.infer<typeof zWork>;

export const zWeightsHistory = z.array(z.object({ at: z.string(), by: z.string().nullable() }));
export const zSourceAdded = z.object({ id: z.string(), sha256: z.string().nullable() });
export const zClaimProposed = z.object({ id: z.string() });
export const zMonitorImported = z.object({ sources: z.number(), claims: z.number() });
