// The accountability monitor API (docs/monitor-api.md): the public dashboard,
// benchmark and state pages, published claims with their feed and exports; editors'
// and reviewers' work behind the session cookie. The input schemas are the monitor's
// own (src/monitor/model.ts), named here for error messages.
import { z } from 'zod';
import { CLAIMED_RELATION_KINDS } from '../sanctions/claims.ts';
import {
  ASSESSMENTS,
  BENCHMARK_IDS,
  CLAIM_KINDS,
  CLAIM_STATUSES,
  ENGAGEMENT_TYPES,
  SCORED_TYPES,
  SECTORS,
  zBenchmarkEdit,
  zClaimInput,
  zRejectNote,
  zRetraction,
  zReviewNote,
  zSourceInput,
  zWeights,
} from '../monitor/model.ts';
import { bytes, endpoint, file, named, zCreated, zIdParams, zOk, zTexts } from './contract.ts';

export const zClaimFilter = named(
  z
    .object({
      kind: z.enum(CLAIM_KINDS).optional(),
      state: z.string().regex(/^[A-Za-z]{2}$/, { error: 'state: an ISO 3166 two-letter code' }).optional(),
      benchmark: z.enum(BENCHMARK_IDS).optional(),
    })
    .strict(),
  'filter',
);

export const zMonitorImport = named(
  z.object({ format: z.enum(['json', 'csv'], { error: 'format: json or csv' }), content: z.string().min(1, { error: 'the file is empty' }).max(20_000_000) }).strict(),
  'import',
);

// ------------------------------------------------------------------ answers

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

const zSourcesById = z.record(z.string(), zSource);
const zHistoryEntry = z.strictObject({ at: z.string(), action: z.string(), by: z.string(), note: z.string().nullable(), changes: z.array(z.string()) });

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

const zCode = z.strictObject({ code: z.string() });
const tag = 'monitor';
const copy = bytes('application/octet-stream', "the source's uploaded copy, as uploaded");

export const monitorApi = {
  dashboard: endpoint({ method: 'GET', path: '/monitor', tag, summary: 'Benchmarks with their current assessment, the recognition tally of every state, weights', response: zDashboard }),
  benchmark: endpoint({
    method: 'GET',
    path: '/monitor/benchmarks/:id',
    tag,
    summary: 'A benchmark, its assessments and the evidence they cite',
    params: zIdParams,
    response: z.strictObject({ benchmark: zBenchmark, assessments: z.array(zClaim), evidence: z.array(zClaim), sources: zSourcesById }),
  }),
  state: endpoint({
    method: 'GET',
    path: '/monitor/states/:code',
    tag,
    summary: "A state's engagement with the regime and its recognition score",
    params: zCode,
    response: z.strictObject({ state: z.string(), names: zTexts, tally: zCountryTally, weights: zWeightsView, events: z.array(zClaim), sources: zSourcesById }),
  }),
  claims: endpoint({ method: 'GET', path: '/monitor/claims', tag, summary: 'Published (and retracted) claims, filtered', query: zClaimFilter, response: z.strictObject({ claims: z.array(zClaim), sources: zSourcesById }) }),
  claim: endpoint({ method: 'GET', path: '/monitor/claims/:id', tag, summary: 'A published claim, its sources and its history', params: zIdParams, response: zClaimPage }),
  map: endpoint({
    method: 'GET',
    path: '/monitor/map',
    tag,
    summary: 'The world map (SVG paths) and the names of every state',
    response: z.strictObject({
      width: z.number(),
      height: z.number(),
      shapes: z.array(z.strictObject({ code: z.string().nullable(), name: z.string(), d: z.string() })),
      states: z.array(z.strictObject({ code: z.string(), names: zTexts })),
    }),
  }),
  sourceCopy: endpoint({ method: 'GET', path: '/monitor/sources/:id/copy', tag, summary: 'The uploaded copy of a source a published claim cites', params: zIdParams, response: copy }),
  feed: endpoint({ method: 'GET', path: '/monitor/feed.atom', tag, summary: 'Published claims as an Atom feed', response: file('application/atom+xml', 'an Atom feed') }),
  claimsJson: endpoint({ method: 'GET', path: '/monitor/claims.json', tag, summary: 'Every published claim and its sources, as a file', response: file('application/json', 'claims and sources (JSON)', zClaimsExport) }),
  claimsCsv: endpoint({ method: 'GET', path: '/monitor/claims.csv', tag, summary: 'Every published claim, one row each', response: file('text/csv', 'claims (CSV)') }),

  work: endpoint({ method: 'GET', path: '/monitor/work', tag, summary: 'The work page: every claim and source, who may review what', response: zWork }),
  workClaim: endpoint({ method: 'GET', path: '/monitor/work/claims/:id', tag, summary: 'A claim in any state, with names', params: zIdParams, response: zClaimPage }),
  workSourceCopy: endpoint({ method: 'GET', path: '/monitor/work/sources/:id/copy', tag, summary: 'The uploaded copy of any source', params: zIdParams, response: copy }),
  fullExport: endpoint({ method: 'GET', path: '/monitor/work/export.json', tag, summary: 'Everything, with history, as a file', response: file('application/json', 'claims, sources and history (JSON)', zFullExport) }),
  addSource: endpoint({
    method: 'POST',
    path: '/monitor/sources',
    tag,
    summary: 'Add a source (with an optional uploaded copy)',
    body: named(zSourceInput, 'source'),
    response: z.strictObject({ id: z.string(), sha256: z.string().nullable() }),
  }),
  propose: endpoint({ method: 'POST', path: '/monitor/claims', tag, summary: 'Propose a claim', body: named(zClaimInput, 'claim'), response: zCreated }),
  edit: endpoint({ method: 'PUT', path: '/monitor/claims/:id', tag, summary: 'Edit a proposed claim', params: zIdParams, body: zClaimInput, response: zOk }),
  approve: endpoint({ method: 'POST', path: '/monitor/claims/:id/approve', tag, summary: 'Publish a claim (a reviewer who did not write it)', params: zIdParams, body: named(zReviewNote.nullish(), 'approval'), response: zOk }),
  reject: endpoint({ method: 'POST', path: '/monitor/claims/:id/reject', tag, summary: 'Reject a proposed claim, saying why', params: zIdParams, body: named(zRejectNote, 'rejection'), response: zOk }),
  retract: endpoint({ method: 'POST', path: '/monitor/claims/:id/retract', tag, summary: 'Retract a published claim, saying why', params: zIdParams, body: named(zRetraction, 'retraction'), response: zOk }),
  putWeights: endpoint({ method: 'PUT', path: '/monitor/weights', tag, summary: 'Set the weights of the recognition tally', body: named(zWeights, 'weights'), response: zOk }),
  weightsHistory: endpoint({
    method: 'GET',
    path: '/monitor/weights/history',
    tag,
    summary: 'Every change of the weights',
    response: z.array(z.strictObject({ at: z.string(), by: z.string().nullable(), weights: z.unknown() })),
  }),
  putBenchmark: endpoint({ method: 'PUT', path: '/monitor/benchmarks/:id', tag, summary: "Edit a benchmark's title and definition", params: zIdParams, body: named(zBenchmarkEdit, 'benchmark'), response: zOk }),
  import: endpoint({ method: 'POST', path: '/monitor/import', tag, summary: 'Import sources and claims (all or nothing)', body: zMonitorImport, response: z.strictObject({ sources: z.number(), claims: z.number() }) }),
};
