// What the organiser's pages read: the session, the conventions with their drafts,
// one election's setup progress, accounts — the answers' schemas of the contract
// (src/api/accounts.ts, src/api/elections.ts).
import type { z } from 'zod';
import { accountsApi } from '../../../src/api/accounts.ts';
import { electionsApi } from '../../../src/api/elections.ts';

export const zSession = accountsApi.session.response;
export const zAccount = accountsApi.createAccount.response;
export const zAccountList = accountsApi.accounts.response;
export type AccountListing = z.infer<typeof zAccountList>[number];

export const zConventions = electionsApi.organiserConventions.response;
export const zCreatedConvention = electionsApi.createConvention.response;
export const zCreatedElection = electionsApi.createElection.response;

export const zManagedElection = electionsApi.organiserElection.response;
export type ManagedElection = z.infer<typeof zManagedElection>;
/** "Close now": closed (200), or still closing in the background (202). */
export const zCloseAnswer = electionsApi.close.response.or(electionsApi.close.accepted);

/** The one-time links of the credential authority and the trustees, shown once when the setup starts. */
export const zSetupLinks = electionsApi.startSetup.response;

/** A trustee's or the credential authority's new link (the old one revoked), shown once. */
export const zReissuedLink = electionsApi.reissueLink.response;
export type ReissuedLink = z.infer<typeof zReissuedLink>;
export const zCredentialReplacement = electionsApi.allowCredentialReplacement.response;

export const zShufflerSkipped = electionsApi.skipShuffler.response;

/** An extension of the voting time, as recorded (public on the election page). */
export const zScheduleChange = electionsApi.extendVoting.response;
