// The monitor's fixed vocabularies, without dependencies, so that the web app can
// import them without the server's input schemas.
export const BENCHMARK_IDS = ['inclusive-settlement', 'terror-ties', 'detainees', 'women-and-girls', 'humanitarian-access', 'doha-agreement'] as const;
export type BenchmarkId = (typeof BENCHMARK_IDS)[number];

export const ASSESSMENTS = ['met', 'partly-met', 'not-met', 'regressing'] as const;
export type Assessment = (typeof ASSESSMENTS)[number];

/** Ways a country engages with the regime, from formal recognition down. */
export const ENGAGEMENT_TYPES = ['formal-recognition', 'envoy-credentials', 'mission-handover', 'head-of-state-visit', 'ministerial-visit', 'agreement', 'humanitarian-contact'] as const;
export type EngagementType = (typeof ENGAGEMENT_TYPES)[number];

/** The engagement types weighed on their own (agreements weigh by sector; humanitarian contact never scores). */
export const SCORED_TYPES = ['formal-recognition', 'envoy-credentials', 'mission-handover', 'head-of-state-visit', 'ministerial-visit'] as const satisfies readonly EngagementType[];
export type ScoredType = (typeof SCORED_TYPES)[number];

/** The largest uploaded copy of a source. */
export const MAX_COPY_BYTES = 10 * 1024 * 1024;

export const SECTORS = ['trade-investment', 'security', 'aviation', 'health', 'natural-resources', 'transport-transit', 'migration-deportation'] as const;
export type Sector = (typeof SECTORS)[number];

export const CLAIM_KINDS = ['statement', 'engagement', 'assessment', 'relation'] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

export const CLAIM_STATUSES = ['proposed', 'published', 'rejected', 'retracted'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
