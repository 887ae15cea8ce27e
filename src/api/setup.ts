// What the trustee's and the credential authority's pages exchange with the server
// through their one-time links (src/services/elections/setup.ts answers them). The
// link's token travels in the X-Jirga-Token header, never in a URL.
import { z } from 'zod';
import { endpoint, named, zOk } from './contract.ts';

/** Who a one-time link invites to set up an election. */
export const INVITATION_ROLES = ['trustee', 'credential-authority'] as const;
export type InvitationRole = (typeof INVITATION_ROLES)[number];

/** How long a link stays valid when the organiser says nothing else (docs/trust-model.md, "One-time links"). */
export const DEFAULT_LINK_LIFETIME_DAYS = 14;
export const zLinkLifetimeDays = z.number().int().min(1).max(365).meta({ description: `days the link stays valid (default ${DEFAULT_LINK_LIFETIME_DAYS})` });

/**
 * The steps a link allows, each done once through it: a trustee's key material (one step
 * per kind) and partial decryption, the credential authority's list of public credentials.
 */
export const LINK_STEPS = ['public-key', 'certificate', 'polynomial', 'voutput', 'shuffle', 'partial-decryption', 'credentials'] as const;
export type LinkStep = (typeof LINK_STEPS)[number];

/** 'shuffle': the trustee's turn to shuffle the ranked and graded answers; 'wait-to-shuffle': another trustee's turn, or this trustee's shuffle is done and others' are awaited. */
export const TRUSTEE_STEPS = ['generate-key', 'certificate', 'polynomial', 'voutput', 'wait-for-others', 'key-ready', 'shuffle', 'wait-to-shuffle', 'decrypt', 'decrypted', 'finished'] as const;
export type TrusteeStep = (typeof TRUSTEE_STEPS)[number];

export const zTrusteeTask = z.strictObject({
  uuid: z.string(),
  index: z.number(),
  count: z.number(),
  threshold: z.number().nullable(),
  group: z.string(),
  state: z.string(),
  step: z.enum(TRUSTEE_STEPS),
  progress: z.strictObject({ keys: z.number(), certificates: z.number(), polynomials: z.number(), voutputs: z.number() }),
  /** When the link stops working (ISO 8601). */
  expiresAt: z.string(),
  /** Everyone's certificates, as Belenios JSON (needed for the threshold steps). */
  certificates: z.array(z.string()).optional(),
  /** This trustee's routed shares (step 5), as Belenios JSON. */
  vinput: z.string().optional(),
  /** Threshold trustees: their decryption key, encrypted to themselves (the .dkey). */
  encryptedDecryptionKey: z.string().optional(),
  /** The trustee's public key, to check a key file against. */
  publicKey: z.string().optional(),
  /** Ranked and graded questions: the fingerprint of this trustee's shuffle, once on the board. */
  shuffleFingerprint: z.string().optional(),
  /** Ranked and graded questions, while they are shuffled: the trustee whose turn it is. */
  shuffleTurn: z.number().optional(),
});
export type TrusteeTask = z.infer<typeof zTrusteeTask>;

/** The trustee's page: its task, and at the decryption step what it decrypts. */
export const zTrusteePage = zTrusteeTask.extend({
  /** election.json (step decrypt). */
  electionRaw: z.string().optional(),
  /** The encrypted tally, Belenios JSON (step decrypt); with ranked or graded questions, the tally the last shuffle left. */
  encryptedTally: z.string().optional(),
  /** What to shuffle (step shuffle): the last shuffle's output, one list of ciphertexts per ranked or graded question (Belenios JSON). */
  toShuffle: z.string().optional(),
});

export const zTrusteeSubmission = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('public-key'), value: z.string().max(20_000) }),
  z.object({ kind: z.literal('certificate'), value: z.string().max(20_000) }),
  z.object({ kind: z.literal('polynomial'), value: z.string().max(2_000_000) }),
  z.object({ kind: z.literal('voutput'), value: z.string().max(100_000) }),
]);
export type TrusteeSubmission = z.infer<typeof zTrusteeSubmission>;

export const zPartialDecryptionUpload = z.object({ value: z.string().min(2).max(20_000_000) });

/** A shuffle (Belenios JSON: the shuffled ciphertexts and proof of each ranked or graded question). */
export const zShuffleUpload = z.object({ value: z.string().min(2, { error: 'send the shuffle as Belenios JSON text' }).max(200_000_000, { error: 'the shuffle is too large' }) });

export const zCredentialAuthorityTask = z.strictObject({
  uuid: z.string(),
  group: z.string(),
  state: z.string(),
  credentials: z.strictObject({ count: z.number(), fingerprint: z.string() }).nullable(),
  /** Whether this link may send a list now: none sent yet, or the organiser allowed a replacement. */
  mayUpload: z.boolean(),
  /** When the link stops working (ISO 8601). */
  expiresAt: z.string(),
});
export type CredentialAuthorityTask = z.infer<typeof zCredentialAuthorityTask>;

export const zPublicCredentialUpload = z.object({
  credentials: z.array(z.string().max(700)).min(1, { error: 'the list of public credentials is empty' }).max(10_000_000),
});

const tag = 'setup';

export const setupApi = {
  trusteeTask: endpoint({ method: 'GET', path: '/trustee', tag, summary: "The trustee's next step (key generation, threshold steps, decryption)", response: zTrusteePage }),
  trusteeKey: endpoint({ method: 'POST', path: '/trustee/key', tag, summary: 'Send key material: public key, certificate, polynomial or verification output', body: named(zTrusteeSubmission, 'key material'), response: zOk }),
  partialDecryption: endpoint({
    method: 'POST',
    path: '/trustee/partial-decryption',
    tag,
    summary: "Send the trustee's partial decryption of the tally",
    body: named(zPartialDecryptionUpload, 'partial decryption'),
    response: z.strictObject({ published: z.boolean() }),
  }),
  shuffle: endpoint({
    method: 'POST',
    path: '/trustee/shuffle',
    tag,
    summary: "Send the trustee's shuffle of the ranked and graded answers, in turn (409 out of turn); verified against the last shuffle's output before it is appended (400 with the reason otherwise)",
    body: named(zShuffleUpload, 'shuffle'),
    response: z.strictObject({
      /** The shuffle's fingerprint: the hash of its text, shown on the election page. */
      fingerprint: z.string(),
      /** Whether this was the last shuffle (decryption can start). */
      ended: z.boolean(),
    }),
  }),
  credentialAuthorityTask: endpoint({ method: 'GET', path: '/credential-authority', tag, summary: "The credential authority's election and what it has sent", response: zCredentialAuthorityTask }),
  publicCredentials: endpoint({
    method: 'POST',
    path: '/credential-authority/credentials',
    tag,
    summary: 'Send the public credentials (never the private ones), once: a second list is refused (409 link-step-used) unless the organiser allowed a replacement',
    body: named(zPublicCredentialUpload, 'public credentials'),
    response: z.strictObject({
      count: z.number(),
      fingerprint: z.string(),
      /** The fingerprint of the list this one replaced (with the organiser's leave), or null. */
      previousFingerprint: z.string().nullable(),
    }),
  }),
};
