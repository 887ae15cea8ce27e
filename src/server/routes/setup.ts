// Trustees and the credential authority act through one-time links (src/api/setup.ts).
// The link's token is in the page's URL fragment (never sent with the page request) and
// in the X-Jirga-Token header of API calls (never in a URL the server or a proxy logs);
// the link scopes check it (src/server/plugins/auth.ts).
import { setupApi as api } from '../../api/setup.ts';
import { hasDecrypted, submitPartialDecryption, talliedBoard } from '../../services/elections/decryption.ts';
import { frozenElection } from '../../services/elections/elections.ts';
import { credentialAuthorityTask, submitTrusteeStep, trusteeTask, uploadPublicCredentials } from '../../services/elections/setup.ts';
import { shuffleInput, submitShuffle } from '../../services/elections/shuffling.ts';
import { linkTokenOf } from '../plugins/auth.ts';
import { ok, route } from '../plugins/contract.ts';
import type { DomainRoutes } from './scopes.ts';

export const setupRoutes: DomainRoutes = {
  async trustee(scope) {
    const ctx = scope.services.ctx;
    route(scope, api.trusteeTask, async (req) => {
      const task = await trusteeTask(ctx, linkTokenOf(req), (uuid, owner) => hasDecrypted(ctx.db, uuid, owner));
      if (task.step === 'decrypt') {
        const state = await talliedBoard(ctx.db, task.uuid);
        return { ...task, electionRaw: (await frozenElection(ctx.db, task.uuid)).raw, encryptedTally: state?.tallyText };
      }
      if (task.step === 'shuffle') return { ...task, electionRaw: (await frozenElection(ctx.db, task.uuid)).raw, toShuffle: await shuffleInput(ctx.db, task.uuid) };
      return task;
    });
    // key material (a polynomial: up to 2 MB of text) and partial decryptions (up to 20 MB, with room for JSON's escapes)
    route(scope, api.trusteeKey, ok((req) => submitTrusteeStep(ctx, linkTokenOf(req), req.body)), { bodyLimit: 4 * 1024 * 1024 });
    // a shuffle: about 4 KB per ballot and ranked or graded question
    route(scope, api.shuffle, async (req) => submitShuffle(ctx, linkTokenOf(req), req.body.value), { bodyLimit: 256 * 1024 * 1024, tooLarge: 'the shuffle is larger than 256 MiB; nothing was appended' });
    route(scope, api.partialDecryption, async (req) => submitPartialDecryption(ctx, linkTokenOf(req), req.body.value), { bodyLimit: 32 * 1024 * 1024 });
  },

  async credentialAuthority(scope) {
    const ctx = scope.services.ctx;
    route(scope, api.credentialAuthorityTask, async (req) => credentialAuthorityTask(ctx, linkTokenOf(req)));
    // the voters' public credentials: about 100,000 in 64 MiB
    route(scope, api.publicCredentials, async (req) => uploadPublicCredentials(ctx, linkTokenOf(req), req.body.credentials), {
      bodyLimit: 64 * 1024 * 1024,
      tooLarge: 'the list of public credentials is larger than 64 MiB; nothing was saved',
    });
  },
};
