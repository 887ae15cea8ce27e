// What the trustee's and the credential authority's pages read through their
// one-time links: the answers' schemas of the contract (src/api/setup.ts).
import type { z } from 'zod';
import { setupApi } from '../../../src/api/setup.ts';

export const zTrusteeTask = setupApi.trusteeTask.response;
export type TrusteeTaskView = z.infer<typeof zTrusteeTask>;

export const zPartialDecryptionAnswer = setupApi.partialDecryption.response;

export const zShuffleAnswer = setupApi.shuffle.response;

export const zCredentialAuthorityTask = setupApi.credentialAuthorityTask.response;

export const zCredentialsUploaded = setupApi.publicCredentials.response;
