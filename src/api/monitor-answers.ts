// What the accountability monitor answers (src/services/monitor/service.ts): sources,
// claims, benchmarks, the recognition tally, the dashboard and the pages built on them.
// Kept apart from the endpoints (src/api/monitor.ts), whose input schemas come from
// src/monitor/model.ts and bring the country names library: the web app reads its
// answers with these schemas and imports only this file, the monitor's vocabularies
// (src/monitor/constants.ts) and the claimed relations (src/sanctions/claims.ts).
import { z } from 'zod';
import { ASSESSMENTS, BENCHMARK_IDS, CLAIM_KINDS, CLAIM_STATUSES, ENGAGEMENT_TYPES, SCORED_TYPES, SECTORS } from '../monitor/constants.ts';
import { CLAIMED_RELATION_KINDS } from '../sanctions/claims.ts';
import { zTexts } from './contract.ts';

export const zSource = z.strictObject({
  id: z.string(),
  title: z.string(),
  publisher: z.string(),
  url: z.string(),
  publishedOn: z.string(),
  language: z.string(),
  sha256: z.string().nullable(),
  copy: z.strictObject({ name: z.string(), type: z.string(), size: z.number() }).nullable(),
  sample: z.boolean(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});

export const zClaim = z.strictObject({
  id: z.string(),
  kind: z.enum(CLAIM_KINDS),
  status: z.enum(CLAIM_STATUSES),
  text: zTexts,
  date: z.string(),
  sources: z.array(z.string()),
  benchmarks: z.array(z.enum(BENCHMARK_IDS)),
  engagement: z.strictObject({ state: z.string(), type: z.enum(ENGAGEMENT_TYPES), sector: z.enum(SECTORS).optional() }).nullable(),
  assessment: z.strictObject({ benchmark: z.enum(BENCHMARK_IDS), status: z.enum(ASSESSMENTS), evidence: z.array(z.string()) }).nullable(),
  relation: z
    .strictObject({
      subject: z.string(),
      relation: z.enum(CLAIMED_RELATION_KINDS),
      object: z.union([z.strictObject({ ref: z.string() }), z.strictObject({ name: z.string(), schema: z.enum(['Person', 'Organization']) })]),
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

export const zBenchmark = z.strictObject({ id: z.enum(BENCHMARK_IDS), title: zTexts, definition: zTexts });
export const zWeightsView = z.strictObject({ types: z.record(z.enum(SCORED_TYPES), z.number()), sectors: z.record(z.enum(SECTORS), z.number()) });

export const zCountryTally = z.strictObject({
  state: z.string(),
  score: z.number(),
  events: z.number(),
  humanitarian: z.number(),
  byType: z.partialRecord(z.enum(ENGAGEMENT_TYPES), z.number()),
  firstDate: z.string().nullable(),
  lastDate: z.string().nullable(),
  sample: z.boolean(),
  series: z.array(z.strictObject({ date: z.string(), score: z.number() })),
});

export const zSourcesById = z.record(z.string(), zSource);
// `account`: the acting account's number, a stable pseudonym (the public sees roles and numbers, never names)
export const zHistoryEntry = z.strictObject({ at: z.string(), action: z.string(), by: z.string(), account: z.number().nullable(), note: z.string().nullable(), changes: z.array(z.string()) });

/** One account creation or role change: the public record behind the two-person rule. */
export const zAccountEvent = z.strictObject({
  at: z.string(),
  action: z.enum(['created', 'role-changed']),
  account: z.number(),
  role: z.string(),
  previousRole: z.string().nullable(),
  /** the organiser's account that did it; null for the server itself (first start) */
  by: z.number().nullable(),
  byRole: z.string().nullable(),
});
export const zAccountHistory = z.strictObject({ entries: z.array(zAccountEvent) });

export const zDashboard = z.strictObject({
  benchmarks: z.array(zBenchmark.extend({ current: zClaim.nullable(), assessments: z.number() })),
  states: z.array(zCountryTally),
  weights: zWeightsView,
  counts: z.strictObject({ published: z.number(), retracted: z.number(), sources: z.number() }),
  samples: z.boolean(),
});

export const zClaimPage = z.strictObject({ claim: zClaim, sources: z.array(zSource), history: z.array(zHistoryEntry) });

export const zClaimsExport = z.strictObject({ generated: z.string(), licence: z.string(), sources: z.array(zSource), claims: z.array(zClaim) });

export const zFullExport = z.strictObject({
  generated: z.string(),
  sources: z.array(zSource),
  claims: z.array(zClaim),
  history: z.array(
    z.strictObject({
      seq: z.number(),
      entity: z.string(),
      entityId: z.string(),
      at: z.string(),
      action: z.string(),
      account: z.number().nullable(),
      username: z.string().nullable(),
      role: z.string().nullable(),
      before: z.unknown(),
      after: z.unknown(),
      note: z.string().nullable(),
    }),
  ),
});

export const zWork = z.strictObject({
  me: z.strictObject({ username: z.string(), role: z.enum(['editor', 'reviewer', 'organiser']), canReview: z.boolean() }),
  claims: z.array(zClaim),
  sources: z.array(zSource),
  benchmarks: z.array(zBenchmark),
  weights: zWeightsView,
  /** Who proposed or edited each proposed claim: they may not approve it. */
  authors: z.record(z.string(), z.array(z.string())),
});

export const zBenchmarkPage = z.strictObject({ benchmark: zBenchmark, assessments: z.array(zClaim), evidence: z.array(zClaim), sources: zSourcesById });

export const zStatePage = z.strictObject({ state: z.string(), names: zTexts, tally: zCountryTally, weights: zWeightsView, events: z.array(zClaim), sources: zSourcesById });

export const zClaimList = z.strictObject({ claims: z.array(zClaim), sources: zSourcesById });

/** The world map drawn on the server (SVG paths), and every ISO 3166 state's names. */
export const zMap = z.strictObject({
  width: z.number(),
  height: z.number(),
  shapes: z.array(z.strictObject({ code: z.string().nullable(), name: z.string(), d: z.string() })),
  states: z.array(z.strictObject({ code: z.string(), names: zTexts })),
});

export const zSourceAdded = z.strictObject({ id: z.string(), sha256: z.string().nullable() });
export const zWeightsHistory = z.array(z.strictObject({ at: z.string(), by: z.string().nullable(), weights: z.unknown() }));
export const zMonitorImported = z.strictObject({ sources: z.number(), claims: z.number() });
