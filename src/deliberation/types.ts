// Types of the deliberation module (Polis-style opinion analysis). Pure data.
//
// Vote sign: Polis's *export* convention, which is also ours everywhere outside
// this module's internals: 1 = agree, -1 = disagree, 0 = pass. (Polis's math
// flips it internally; we do not.)

export type Vote = 1 | -1 | 0;

export interface StatementInput {
  /** Statement id (Polis comment-id); non-negative integer, unique in the conversation. */
  id: number;
  /**
   * Left out of the analysis (rejected by moderation, or marked meta). Polis keeps
   * such a column with every cell set to pass; so do we (see docs/deliberation.md).
   */
  moderatedOut: boolean;
  /** Meta statements (about the process, not the topic) get a fixed routing priority. */
  meta?: boolean;
}

export interface VoteInput {
  /** Participant id (Polis pid); non-negative integer. */
  participant: number;
  statement: number;
  vote: Vote;
}

/** Everything the analysis needs: the latest vote per (participant, statement). */
/** The same votes, packed in typed arrays (for large conversations: no object per vote). */
export interface PackedVotes {
  participant: Int32Array;
  statement: Int32Array;
  /** 1, -1 or 0 */
  vote: Int8Array;
}

export interface AnalysisInput {
  /** Participants in row order (Polis: the order of joining; Jirga's server: by random id). Row order matters for k-means initialisation. */
  participants: number[];
  /** Statements in the order they were written. */
  statements: StatementInput[];
  /** Latest vote per (participant, statement); if a cell appears twice, the later entry counts. */
  votes: VoteInput[] | PackedVotes;
}

export interface StatementStats {
  statement: number;
  agree: number;
  disagree: number;
  pass: number;
  /** agree + disagree + pass */
  total: number;
}

export interface GroupStatementStats extends StatementStats {
  group: number;
}

export interface RepStatement {
  statement: number;
  direction: 'agree' | 'disagree';
  /** Representativeness ratio ra|rd: the group's (smoothed) rate over the rest's. */
  repness: number;
  /** Two-proportion z score rat|rdt. */
  repnessTest: number;
  /** Smoothed rate pa|pd in the group. */
  pSuccess: number;
  /** One-proportion z score pat|pdt. */
  pTest: number;
  /** The group's own counts on this statement. */
  agree: number;
  disagree: number;
  pass: number;
  total: number;
  /** True for the group's "best agree" statement that Polis always puts first. */
  bestAgree?: boolean;
}

export interface ConsensusStatement {
  statement: number;
  /** Smoothed rate (pa or pd) over everyone. */
  p: number;
  /** One-proportion z score. */
  test: number;
  agree: number;
  disagree: number;
  pass: number;
  total: number;
}

export interface DivisiveStatement {
  statement: number;
  /** Largest difference of smoothed agree rates between two groups (0..1). */
  spread: number;
  /** The group agreeing most and the one agreeing least. */
  mostAgree: number;
  leastAgree: number;
}

export interface GroupSummary {
  id: number;
  /** Participants in the group. */
  size: number;
  /** Centre in the 2-D opinion map. */
  center: [number, number];
}

export interface MapPoint {
  /** Base cluster id: up to 100 points, each standing for `size` nearby participants. */
  id: number;
  x: number;
  y: number;
  size: number;
  group: number;
}

export interface AnalysisResult {
  nParticipants: number;
  /** Participants clustered into groups (Polis "in-conv"). */
  nClustered: number;
  nStatements: number;
  nVotes: number;
  k: number;
  groups: GroupSummary[];
  /** Participant id -> group, clustered participants only. */
  membership: Record<string, number>;
  /** The opinion map, by base cluster (no individual's position is published). */
  map: MapPoint[];
  /** Per statement, everyone. */
  statements: StatementStats[];
  /** Per group and statement. */
  groupStatements: GroupStatementStats[];
  consensus: { agree: ConsensusStatement[]; disagree: ConsensusStatement[] };
  /** Group-informed consensus: product over groups of (A_g + 1)/(S_g + 2), highest first (all statements). */
  groupInformedConsensus: { statement: number; score: number }[];
  /** Per group id (as a string key): up to 5 representative statements. */
  repness: Record<string, RepStatement[]>;
  divisive: DivisiveStatement[];
  /** Principal components (for the map and for warm starts). */
  pca: { center: number[]; components: [number[], number[]]; statementOrder: number[] };
  /** Comment extremity (length of the statement's projection), for routing. */
  extremity: Record<string, number>;
  /** Routing priority per statement (Polis formula), for choosing what to show next. */
  priority: Record<string, number>;
}

/** What a recompute keeps for the next one, so groups stay stable as votes arrive. */
export interface WarmStart {
  /** Sticky: once clustered, a participant stays clustered. */
  inConv: number[];
  pca: { center: number[]; components: [number[], number[]]; statementOrder: number[] } | null;
  /** Base clusters as member lists (participant ids) and centres. */
  baseClusters: { id: number; members: number[]; center: [number, number] }[];
  /** Group clusterings over base-cluster ids, one per k tried (warm start for each k). */
  groupClusterings: Record<string, { id: number; members: number[]; center: [number, number] }[]>;
  /** k smoothing (Polis: a new k must win 4 updates running). */
  k: number;
  kCandidate: number | null;
  kCandidateCount: number;
}
