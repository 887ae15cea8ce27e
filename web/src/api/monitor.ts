// What the accountability monitor's pages read: the answers' schemas of the contract
// (src/api/monitor-answers.ts, answered by src/services/monitor/service.ts), so the pages
// and the server cannot drift. The endpoints' input schemas (src/monitor/model.ts) are
// not loaded: they bring the country names library.
import type { z } from 'zod';
import {
  zBenchmark,
  zBenchmarkPage,
  zClaim,
  zClaimPage,
  zCountryTally,
  zDashboard,
  zHistoryEntry,
  zMap,
  zSource,
  zStatePage,
  zWeightsView,
  zWork,
} from '../../../src/api/monitor-answers.ts';
export { zCreated as zClaimProposed } from '../../../src/api/contract.ts';
export { zAccountHistory, zMonitorImported, zSourceAdded, zWeightsHistory } from '../../../src/api/monitor-answers.ts';

export { zDashboard, zWork };
export type Weights = z.infer<typeof zWeightsView>;
export type Source = z.infer<typeof zSource>;
export type Claim = z.infer<typeof zClaim>;
export type Benchmark = z.infer<typeof zBenchmark>;
export type CountryTally = z.infer<typeof zCountryTally>;
export type Dashboard = z.infer<typeof zDashboard>;
export type HistoryEntry = z.infer<typeof zHistoryEntry>;
export type Work = z.infer<typeof zWork>;

/** The world map drawn on the server, and every ISO 3166 state's names. */
export const zMapAnswer = zMap;
export type MapAnswer = z.infer<typeof zMapAnswer>;

export const zBenchmarkAnswer = zBenchmarkPage;
export const zStateAnswer = zStatePage;
export const zClaimAnswer = zClaimPage;
