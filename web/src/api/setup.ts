// What the trustee's and the credential authority's pages read through their
// one-time links (src/services/elections/setup.ts). The request schemas are in
// src/api/setup.ts; its TrusteeTask and CredentialAuthorityTask are interfaces,
// described here as schemas until src/api has them.
import { z } from 'zod';
import type { TrusteeStep } from '../../../src/api/setup.ts';

const TRUSTEE_STEPS = ['generate-key', 'certificate', 'polynomial', 'voutput', 'wait-for-others', 'key-ready', 'decrypt', 'decrypted', 'finished'] as const satisfies readonly TrusteeStep[];

export const zTrusteeTask = z.object({
  uuid: z.string(),
  index: z.number(),
  count: z.number(),
  threshold: z.number().nullable(),
  group: z.string(),
  state: z.string(),
  step: z.enum(TRUSTEE_STEPS),
  progress: z.object({ keys: z.number(), certificates: z.number(), polynomials: z.number(), voutputs: z.number() }),
  certificates: z.array(z.string()).optional(),
  vinput: z.string().optional(),
  encryptedDecryptionKey: z.string().optional(),
  publicKey: z.string().optional(),
  /** At the decryption step: the election and its encrypted tally. */
  electionRaw: z.string().optional(),
  encryptedTally: z.string().optional(),
});
export type TrusteeTaskView = z.infer<typeof zTrusteeTask>;

export const zPartialDecryptionAnswer = z.object({ published: z.boolean() });

export const zCredentialAuthorityTask = z.object({
  uuid: z.string(),
  group: z.string(),
  state: z.string(),
  credentials: z.object({ count: z.number(), fingerprint: z.string() }).nullable(),
});

export const zCredentialsUploaded = z.object({ count: z.number(), fingerprint: z.string() });
