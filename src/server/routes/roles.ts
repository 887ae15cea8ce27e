// Trustees and the credential authority act through one-time links. The link's
// token is in the page's URL fragment (never sent with the page request) and in
// the X-Jirga-Token header of API calls (never in a URL the server or a proxy logs).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hasDecrypted, submitPartialDecryption, tallyState } from '../../services/elections/decryption.ts';
import { frozenElection } from '../../services/elections/elections.ts';
import { Forbidden } from '../../kernel/errors.ts';
import { credentialAuthorityTask, submitTrusteeStep, trusteeTask, uploadPublicCredentials } from '../../services/elections/setup.ts';
import { zPublicCredentialUpload, zTrusteeSubmission } from '../../api/setup.ts';
import { parse } from '../validation.ts';
import type { ServiceContext } from '../../services/context.ts';

function token(req: FastifyRequest): string {
  const t = req.headers['x-jirga-token'];
  if (typeof t !== 'string' || !/^[1-9A-HJ-NP-Za-km-z]{22}$/.test(t)) throw new Forbidden('this page needs the link you were sent (its token is missing or mistyped)');
  return t;
}

const zPartialDecryptionUpload = z.object({ value: z.string().min(2).max(20_000_000) });

export function registerRoleRoutes(api: FastifyInstance, ctx: ServiceContext): void {
  api.get('/trustee', async (req) => {
    const task = await trusteeTask(ctx, token(req), (uuid, owner) => hasDecrypted(ctx.db, uuid, owner));
    if (task.step === 'decrypt') {
      const state = await tallyState(ctx.db, task.uuid);
      return { ...task, electionRaw: (await frozenElection(ctx.db, task.uuid)).raw, encryptedTally: state?.tallyText };
    }
    return task;
  });
  api.post('/trustee/key', async (req) => {
    await submitTrusteeStep(ctx, token(req), parse(zTrusteeSubmission, req.body, 'key material'));
    return { ok: true };
  });
  api.post('/trustee/partial-decryption', async (req) => submitPartialDecryption(ctx, token(req), parse(zPartialDecryptionUpload, req.body, 'partial decryption').value));

  api.get('/credential-authority', async (req) => credentialAuthorityTask(ctx, token(req)));
  api.post('/credential-authority/credentials', async (req) => uploadPublicCredentials(ctx, token(req), parse(zPublicCredentialUpload, req.body, 'public credentials').credentials));
}
