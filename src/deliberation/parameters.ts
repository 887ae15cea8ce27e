// The analysis's fixed parameters (docs/deliberation.md explains each, and where they
// depart from Polis).
export const PARAMETERS = {
  /** Votes needed to be clustered: min(7, statements). */
  minVotes: 7,
  /** If fewer qualify, the most active participants are added up to this many. */
  minClustered: 15,
  baseK: 100,
  baseIterations: 100,
  /**
   * From a warm start (the previous update's clusters), at most this many Lloyd
   * steps per update: the next update goes on from where this one stopped.
   */
  warmBaseIterations: 5,
  maxGroups: 5,
  groupIterations: 20,
  /** A new number of groups is adopted after winning this many updates in a row. */
  kBuffer: 4,
  representativePerGroup: 5,
  consensusPerDirection: 5,
  divisiveCount: 5,
};
