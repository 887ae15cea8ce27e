// The accountability monitor API (docs/monitor-api.md): the public dashboard,
// benchmark and state pages, published claims with their feed and exports; editors'
// and reviewers' work behind the session cookie. The input schemas are the monitor's
// own (src/monitor/model.ts), named here for error messages.
import { z } from 'zod';
import {
  BENCHMARK_IDS,
  CLAIM_KINDS,
  zBenchmarkEdit,
  zClaimInput,
  zRejectNote,
  zRetraction,
  zReviewNote,
  zSourceInput,
  zWeights,
} from '../monitor/model.ts';
import { bytes, endpoint, file, named, zCreated, zIdParams, zOk } from './contract.ts';
import {
  zAccountHistory,
  zBenchmarkPage,
  zClaimList,
  zClaimPage,
  zClaimsExport,
  zDashboard,
  zFullExport,
  zMap,
  zMonitorImported,
  zSourceAdded,
  zStatePage,
  zWeightsHistory,
  zWork,
} from './monitor-answers.ts';

export * from './monitor-answers.ts';

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
    response: zBenchmarkPage,
  }),
  state: endpoint({
    method: 'GET',
    path: '/monitor/states/:code',
    tag,
    summary: "A state's engagement with the regime and its recognition score",
    params: zCode,
    response: zStatePage,
  }),
  claims: endpoint({ method: 'GET', path: '/monitor/claims', tag, summary: 'Published (and retracted) claims, filtered', query: zClaimFilter, response: zClaimList }),
  claim: endpoint({ method: 'GET', path: '/monitor/claims/:id', tag, summary: 'A published claim, its sources and its history', params: zIdParams, response: zClaimPage }),
  accounts: endpoint({
    method: 'GET',
    path: '/monitor/accounts',
    tag,
    summary: 'Every account creation and role change (account numbers and roles, no names)',
    response: zAccountHistory,
  }),
  map: endpoint({
    method: 'GET',
    path: '/monitor/map',
    tag,
    summary: 'The world map (SVG paths) and the names of every state',
    response: zMap,
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
    response: zSourceAdded,
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
    response: zWeightsHistory,
  }),
  putBenchmark: endpoint({ method: 'PUT', path: '/monitor/benchmarks/:id', tag, summary: "Edit a benchmark's title and definition", params: zIdParams, body: named(zBenchmarkEdit, 'benchmark'), response: zOk }),
  import: endpoint({ method: 'POST', path: '/monitor/import', tag, summary: 'Import sources and claims (all or nothing)', body: zMonitorImport, response: zMonitorImported }),
};
