// The accountability monitor's model: sources, claims (statements, engagement
// events of countries with the regime, benchmark assessments), the six benchmarks
// and the weights of the recognition tally. Input schemas (zod) say in plain words
// what is wrong. Nothing here invents a fact: the project ships definitions and
// default weights only; every claim is entered, sourced and reviewed by people.
import { z } from 'zod';
import { zTranslations, type Translations } from '../kernel/texts.ts';
import { isCountryCode } from './countries.ts';
import { CLAIMED_RELATION_KINDS, LIST_REFERENCE, type ClaimedRelationKind } from '../sanctions/claims.ts';
import { ASSESSMENTS, BENCHMARK_IDS, CLAIM_KINDS, ENGAGEMENT_TYPES, MAX_COPY_BYTES, SCORED_TYPES, SECTORS, type Assessment, type BenchmarkId, type ClaimKind, type ClaimStatus, type EngagementType, type ScoredType, type Sector } from './constants.ts';

export * from './constants.ts';

/** Engagements that count once per country however often they are reported (a country is in that condition or not). */
export const ONCE_PER_COUNTRY: readonly EngagementType[] = ['formal-recognition', 'envoy-credentials'];

export const MONITOR_ROLES = ['editor', 'reviewer', 'organiser'] as const;
export type MonitorRole = (typeof MONITOR_ROLES)[number];

/** Weights of the recognition score: per engagement type, and per sector for agreements. Humanitarian contact never scores. */
export interface Weights {
  types: Record<ScoredType, number>;
  sectors: Record<Sector, number>;
}

export const DEFAULT_WEIGHTS: Weights = {
  types: { 'formal-recognition': 10, 'envoy-credentials': 6, 'mission-handover': 5, 'head-of-state-visit': 4, 'ministerial-visit': 2 },
  sectors: { 'trade-investment': 2, security: 3, aviation: 1, health: 1, 'natural-resources': 2, 'transport-transit': 1, 'migration-deportation': 2 },
};

const zWeight = z.number({ error: 'a weight is a number' }).finite().min(0, { error: 'a weight cannot be negative' }).max(100, { error: 'a weight is at most 100' });
export const zWeights = z
  .object({
    types: z.object(Object.fromEntries(SCORED_TYPES.map((t) => [t, zWeight])) as Record<ScoredType, typeof zWeight>).strict(),
    sectors: z.object(Object.fromEntries(SECTORS.map((s) => [s, zWeight])) as Record<Sector, typeof zWeight>).strict(),
  })
  .strict();

export interface Source {
  id: string;
  title: string;
  publisher: string;
  url: string;
  publishedOn: string;
  language: string;
  /** SHA-256 (hex) of the document as it was read: of the uploaded copy, or as given by the editor. */
  sha256: string | null;
  copy: { name: string; type: string; size: number } | null;
  sample: boolean;
  createdBy: string | null;
  createdAt: string;
}

export interface EngagementDetail {
  /** The country (ISO 3166 alpha-2 code). Named `state` in stored claims, the API and the CSV exchange, which keep that name. */
  state: string;
  type: EngagementType;
  sector?: Sector;
}

export interface AssessmentDetail {
  benchmark: BenchmarkId;
  status: Assessment;
  /** Published claims this assessment rests on. */
  evidence: string[];
}

/** An analyst's relation for the sanctions network: "SUBJECT is <relation> OBJECT",
 * the subject a listed party (by list reference), the object another listed party or
 * someone on no list (by name). */
export interface RelationDetail {
  subject: string;
  relation: ClaimedRelationKind;
  object: { ref: string } | { name: string; schema: 'Person' | 'Organization' };
}

export interface Claim {
  id: string;
  kind: ClaimKind;
  status: ClaimStatus;
  text: Translations;
  /** The day the event happened or the situation was observed (YYYY-MM-DD). */
  date: string;
  sources: string[];
  /** Benchmarks a statement bears on (an assessment names its own). */
  benchmarks: BenchmarkId[];
  engagement: EngagementDetail | null;
  assessment: AssessmentDetail | null;
  relation: RelationDetail | null;
  /** Demo entry: "sample — not a real event". Only the demo seeds these. */
  sample: boolean;
  revision: number;
  proposedBy: string | null;
  proposedAt: string;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
  retractedBy: string | null;
  retractedAt: string | null;
  retractionReason: string | null;
}

/** What a claim says (what is proposed, edited, reviewed and kept in its history);
 * the rest of a Claim says who and when. */
export interface ClaimBody {
  text: Translations;
  date: string;
  sources: string[];
  benchmarks: BenchmarkId[];
  engagement: Claim['engagement'];
  assessment: Claim['assessment'];
  /** absent in claims stored before relation claims existed */
  relation?: Claim['relation'];
}

// ------------------------------------------------------------------- input

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The latest calendar day anywhere on Earth now (UTC+14): a date after it is in the future everywhere. */
export function latestToday(now = new Date()): string {
  return new Date(now.getTime() + 14 * 3600_000).toISOString().slice(0, 10);
}

export const zPastDate = (what: string) =>
  z
    .string({ error: `${what}: give a date as YYYY-MM-DD` })
    .regex(ISO_DATE, { error: `${what}: give a date as YYYY-MM-DD` })
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d, { error: `${what}: not a real calendar date` })
    .refine((d) => d >= '1900-01-01', { error: `${what}: too far in the past` })
    .refine((d) => d <= latestToday(), { error: `${what}: the date is in the future` });

export const zUrl = z
  .string({ error: 'give the web address of the source' })
  .trim()
  .max(2000, { error: 'the web address is too long (at most 2000 characters)' })
  .refine(
    (u) => {
      try {
        const url = new URL(u);
        return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.') && !url.username && !url.password;
      } catch {
        return false;
      }
    },
    { error: 'not a usable web address: give the full address, starting with https:// (or http://), with a domain name' },
  );

const zHex64 = z.string().regex(/^[0-9a-f]{64}$/i, { error: 'a SHA-256 is 64 hexadecimal characters' }).transform((s) => s.toLowerCase());

export const zSourceInput = z
  .object({
    title: z.string().trim().min(1, { error: 'give the title of the source' }).max(500),
    publisher: z.string().trim().min(1, { error: 'give who published the source' }).max(200),
    url: zUrl,
    publishedOn: zPastDate('publication date'),
    language: z.string().trim().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: 'give the language as a code such as en, fa, ps, ar, ur' }),
    sha256: zHex64.optional(),
    copy: z
      .object({
        name: z.string().trim().min(1).max(200),
        type: z.string().trim().regex(/^[a-z]+\/[a-zA-Z0-9.+-]+$/, { error: 'not a file type' }),
        base64: z
          .string()
          .max(Math.ceil(MAX_COPY_BYTES / 3) * 4 + 4, { error: `the uploaded copy is larger than ${MAX_COPY_BYTES / 1024 / 1024} MiB` })
          .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'the uploaded copy is not base64' }),
      })
      .strict()
      .optional(),
  })
  .strict();
export type SourceInput = z.output<typeof zSourceInput>;

const zId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, { error: 'not an identifier' });
const zCountryCode = z
  .string({ error: 'give the state as an ISO 3166 two-letter code (e.g. QA, CN, RU)' })
  .trim()
  .transform((s) => s.toUpperCase())
  .refine(isCountryCode, { error: 'unknown state: give an ISO 3166 two-letter code (e.g. QA, CN, RU)' });

const zListRef = z
  .string({ error: 'give a list reference as printed: TAi.144 (UN), GB:AFG0112 (UK) or US:10743 (US)' })
  .trim()
  .regex(LIST_REFERENCE, { error: 'not a list reference: give it as printed, e.g. TAi.144 (UN), GB:AFG0112 (UK) or US:10743 (US)' });

export const zRelationDetail = z
  .object({
    subject: zListRef,
    relation: z.enum(CLAIMED_RELATION_KINDS, { error: `relation: one of ${CLAIMED_RELATION_KINDS.join(', ')}` }),
    object: z.union(
      [
        z.object({ ref: zListRef }).strict(),
        z
          .object({
            name: z.string().trim().min(2, { error: 'the name of the other party is too short' }).max(200, { error: 'the name of the other party has at most 200 characters' }),
            schema: z.enum(['Person', 'Organization'], { error: 'schema: Person or Organization' }).default('Person'),
          })
          .strict(),
      ],
      { error: 'object: a listed party as {"ref": "TAi.040"} or someone on no list as {"name": "...", "schema": "Person"}' },
    ),
  })
  .strict()
  .refine((r) => !('ref' in r.object) || r.object.ref !== r.subject, { error: 'a relation needs two different parties', path: ['object'] });

const zClaimBase = {
  text: zTranslations,
  date: zPastDate('date'),
  sources: z.array(zId).max(20).default([]),
};

export const zClaimInput = z
  .discriminatedUnion(
    'kind',
    [
      z.object({ kind: z.literal('statement'), ...zClaimBase, benchmarks: z.array(z.enum(BENCHMARK_IDS)).max(6).default([]) }).strict(),
      z
        .object({
          kind: z.literal('engagement'),
          ...zClaimBase,
          engagement: z
            .object({ state: zCountryCode, type: z.enum(ENGAGEMENT_TYPES, { error: `type: one of ${ENGAGEMENT_TYPES.join(', ')}` }), sector: z.enum(SECTORS, { error: `sector: one of ${SECTORS.join(', ')}` }).optional() })
            .strict()
            .refine((e) => (e.type === 'agreement') === (e.sector !== undefined), { error: 'an agreement needs its sector, and only an agreement has one' }),
        })
        .strict(),
      z
        .object({
          kind: z.literal('assessment'),
          ...zClaimBase,
          assessment: z
            .object({ benchmark: z.enum(BENCHMARK_IDS), status: z.enum(ASSESSMENTS, { error: `status: one of ${ASSESSMENTS.join(', ')}` }), evidence: z.array(zId).min(1, { error: 'an assessment must cite at least one published claim as evidence' }).max(50) })
            .strict(),
        })
        .strict(),
      z.object({ kind: z.literal('relation'), ...zClaimBase, relation: zRelationDetail }).strict(),
    ],
    { error: `kind: one of ${CLAIM_KINDS.join(', ')}` },
  )
  .refine((c) => c.kind === 'assessment' || c.sources.length > 0, { error: 'a claim must cite at least one source', path: ['sources'] });
export type ClaimInput = z.output<typeof zClaimInput>;

export const zReviewNote = z.object({ note: z.string().trim().max(2000).optional() }).strict();
export const zRejectNote = z.object({ note: z.string().trim().min(1, { error: 'say why the claim is rejected' }).max(2000) }).strict();
export const zRetraction = z.object({ reason: z.string().trim().min(1, { error: 'say why the claim is retracted: readers will see it' }).max(2000) }).strict();

export const zBenchmarkEdit = z.object({ title: zTranslations, definition: zTranslations }).strict();

export interface Benchmark {
  id: BenchmarkId;
  title: Translations;
  definition: Translations;
}
