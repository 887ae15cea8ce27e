// What the sanctions screens read: the answers' schemas of the contract
// (src/api/sanctions.ts, answered by src/server/routes/sanctions.ts), so the screens and
// the server cannot drift. Names and list sentences come as the lists print them.
import type { z } from 'zod';
import { sanctionsApi } from '../../../src/api/sanctions.ts';

export const zLists = sanctionsApi.lists.response;
export type Lists = z.infer<typeof zLists>;

export const zSearchAnswer = sanctionsApi.search.response;
export type SearchAnswer = z.infer<typeof zSearchAnswer>;

export const zEntityView = sanctionsApi.entity.response;
export type EntityView = z.infer<typeof zEntityView>;
export type EntityRelation = EntityView['relations'][number];
export type EntitySummary = EntityRelation['other'];
/** Where a relation (or an unlisted person) comes from: a list's sentence, or a reviewed claim of the monitor. */
export type SanctionsSource = EntityView['mentions'][number];

export const zNetwork = sanctionsApi.network.response;
export type Network = z.infer<typeof zNetwork>;
export type NetworkNode = Network['nodes'][number];
export type NetworkEdge = Network['edges'][number];

export const zCoverage = sanctionsApi.coverage.response;
export type Coverage = z.infer<typeof zCoverage>;
export type CoverageRow = Coverage['rows'][number];
