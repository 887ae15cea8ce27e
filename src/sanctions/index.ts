// The sanctions network: what the server, the web app and the CLI call.
//
//   const ds = loadBundledSanctions();          // once per process (reads data/sanctions)
//   search(ds, { name: 'Haqani, Sirajuddin' })  // ranked, explained screening results
//   entity(ds, 'TAi.144')                       // names and scripts, listings, relations with sources
//   network(ds, 'TAi.144') / network(ds)        // nodes (listed by which lists, or unlisted) and edges
//   coverage(ds)                                // who is on which list; relatives and partners on none
//
// Pure: loading the lists from files is src/node/sanctions-files.ts.
import type { SanctionsDataset } from './dataset.ts';
import { DEFAULT_LIMIT, DEFAULT_THRESHOLD, type SameName, type ScreenHit, type ScreenOptions, type ScreenQuery } from './screen.ts';
import { coverage as coverageView, entityView, network as networkView, type Coverage, type EntityView, type Network } from './views.ts';

export { buildDataset, type BuildOptions, type LoadedList, type SanctionsDataset } from './dataset.ts';
export { classify, type SourceFile, type SourceKind } from './detect.ts';
export { importUnXml, type UnImport, type UnImportOptions } from './un.ts';
export { importUkCsv, type UkImport, type UkImportOptions } from './uk.ts';
export { importOfac, type OfacFiles, type OfacImport } from './ofac.ts';
export { extractRelations, splitSentences, type ExtractedRelation, type Mention } from './narrative.ts';
export { analyseName, foldToken, nameKey, type AnalysedName, type Token } from './names.ts';
export { compareNames, tokenSimilarity, type NameComparison } from './match.ts';
export { isPairReason, PAIR_CODES, REASON_CODES, whyText, type PairCode, type Reason, type ReasonCode } from './reasons.ts';
export { jaro, jaroWinkler } from './similarity.ts';
export { candidatePairs, compareToCluster, MERGE_AT, resolveRecords } from './resolve.ts';
export { DEFAULT_LIMIT, DEFAULT_THRESHOLD, NameIndex, type SameName, type ScreenHit, type ScreenOptions, type ScreenQuery } from './screen.ts';
export { CLAIMED_RELATION_KINDS, CLAIMED_RELATION_MODEL, LIST_REFERENCE, withClaimedRelations, type ClaimedRelation, type ClaimedRelationKind, type ClaimedRelationsResult } from './claims.ts';
export { findEntity, relationPhrase, type Coverage, type CoverageRow, type EntityRelation, type EntitySummary, type EntityView, type Network, type NetworkEdge, type NetworkNode } from './views.ts';
export * from './model.ts';

/** One screening result in the CLI's JSON contract. */
export interface ScreenMatch {
  refs: string[];
  name: string;
  score: number;
  match: boolean;
  why: string;
}

/** Ranked screening results for a name (optionally with a year or date of birth):
 * every match at the threshold, and the best others up to `limit` (default 10). */
export function search(ds: SanctionsDataset, query: ScreenQuery | string, options: ScreenOptions = {}): ScreenHit[] {
  const q = typeof query === 'string' ? { name: query } : query;
  return ds.index.search(q, { threshold: options.threshold ?? DEFAULT_THRESHOLD, limit: options.limit ?? DEFAULT_LIMIT });
}

/** For a one-part name ("Haqani", "Mullah Omar"): how many listed people and organisations carry it; undefined otherwise. */
export function sameName(ds: SanctionsDataset, name: string): SameName | undefined {
  return ds.index.sameName(name);
}

/** The CLI's {query, matches} record for a name. */
export function screen(ds: SanctionsDataset, query: ScreenQuery | string, options: ScreenOptions = {}): { query: string; matches: ScreenMatch[] } {
  const q = typeof query === 'string' ? { name: query } : query;
  return { query: q.name, matches: search(ds, q, options).map((h) => ({ refs: h.refs, name: h.caption, score: h.score, match: h.match, why: h.why })) };
}

/** Everything known about an entity, by id or any list reference; undefined if unknown. */
export function entity(ds: SanctionsDataset, idOrRef: string): EntityView | undefined {
  return entityView(ds, idOrRef);
}

/** The network around an entity (depth relations away), or the whole network. */
export function network(ds: SanctionsDataset, idOrRef?: string, depth = 1): Network | undefined {
  return networkView(ds, idOrRef, depth);
}

/** Rows per entity: on the UN, UK and US lists or not, and relatives and partners listed nowhere. */
export function coverage(ds: SanctionsDataset): Coverage {
  return coverageView(ds);
}
