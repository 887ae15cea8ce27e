// What the trustee's and the credential authority's pages exchange with the server
// through their one-time links (src/services/elections/setup.ts answers them).
import { z } from 'zod';

/** Who a one-time link invites to set up an election. */
export type InvitationRole = 'trustee' | 'credential-authority';

export type TrusteeStep = 'generate-key' | 'certificate' | 'polynomial' | 'voutput' | 'wait-for-others' | 'key-ready' | 'decrypt' | 'decrypted' | 'finished';

export interface TrusteeTask {
  uuid: string;
  index: number;
  count: number;
  threshold: number | null;
  group: string;
  state: string;
  step: TrusteeStep;
  progress: { keys: number; certificates: number; polynomials: number; voutputs: number };
  /** Everyone's certificates, as Belenios JSON (needed for the threshold steps). */
  certificates?: string[];
  /** This trustee's routed shares (step 5), as Belenios JSON. */
  vinput?: string;
  /** Threshold trustees: their decryption key, encrypted to themselves (the .dkey). */
  encryptedDecryptionKey?: string;
  /** The trustee's public key, to check a key file against. */
  publicKey?: string;
}

export const zTrusteeSubmission = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('public-key'), value: z.string().max(20_000) }),
  z.object({ kind: z.literal('certificate'), value: z.string().max(20_000) }),
  z.object({ kind: z.literal('polynomial'), value: z.string().max(2_000_000) }),
  z.object({ kind: z.literal('voutput'), value: z.string().max(100_000) }),
]);
export type TrusteeSubmission = z.infer<typeof zTrusteeSubmission>;

export interface CredentialAuthorityTask {
  uuid: string;
  group: string;
  state: string;
  credentials: { count: number; fingerprint: string } | null;
}

export const zPublicCredentialUpload = z.object({
  credentials: z.array(z.string().max(700)).min(1, { error: 'the list of public credentials is empty' }).max(10_000_000),
});
