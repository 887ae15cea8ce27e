// What the organiser's pages read: the session, the conventions with their drafts,
// one election's setup progress, accounts (src/server/routes/organiser.ts).
import { z } from 'zod';
import { zElectionDraft } from '../../../src/api/election-draft.ts';
import { zConventionView, zElectionView } from './elections.ts';

export const zSession = z.object({ username: z.string(), role: z.string() });
export const zAccount = zSession;

export const zConventions = z.array(zConventionView);
export const zCreatedConvention = z.object({ id: z.string() });
export const zCreatedElection = z.object({ uuid: z.string() });

export const zManagedElection = zElectionView.extend({
  draft: zElectionDraft,
  setup: z.object({
    trustees: z.array(z.object({ index: z.number(), opened: z.boolean(), key: z.boolean(), certificate: z.boolean(), polynomial: z.boolean(), voutput: z.boolean() })),
    credentialAuthority: z.object({ opened: z.boolean(), uploaded: z.boolean() }),
    decryptions: z.number(),
  }),
});
export type ManagedElection = z.infer<typeof zManagedElection>;

/** The one-time links of the credential authority and the trustees, shown once when the setup starts. */
export const zSetupLinks = z.object({ credentialAuthority: z.string(), trustees: z.array(z.string()) });
