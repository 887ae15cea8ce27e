// What trustees and the credential authority do through their one-time links.
// The server only ever receives public material: public keys, certificates,
// encrypted shares, public credentials. It routes the threshold protocol's messages
// (spec 3.1.1, steps 2, 4 and 6 are the server's) and checks each one on arrival.
import {
  decodeText,
  writeJson,
  writePolynomial,
  writeSignedMsg,
  writeTrusteePublicKey,
  writeVinput,
  writeVoutput,
  zPolynomial,
  zSignedMsg,
  zTrusteePublicKey,
  zVoutput,
} from '../../protocol/codec.ts';
import { parsePublicCredential, publicCredentialsFingerprint } from '../../protocol/credentials.ts';
import { InvalidRequest, UnusableInput } from '../../kernel/errors.ts';
import { getGroup } from '../../protocol/groups/index.ts';
import { certificateId, thresholdStep2, thresholdStep4 } from '../../protocol/threshold.ts';
import { certKeysOf, coefexpsOf, verificationKeyOf, verifySignedMessage, verifyTrusteePublicKey } from '../../protocol/trustees.ts';
import { addSetupHistory, credentialCount, credentialsReplaceable, setCredentialsReplaceable, setTrusteeField, storePublicCredentials, trusteeSetup } from '../../store/setup.ts';
import { electionGroupOf, hasNonHomomorphic, requireElection, withElection } from './elections.ts';
import { Conflict } from '../../kernel/errors.ts';
import type { ServiceContext } from '../context.ts';
import type { CredentialAuthorityTask, TrusteeSubmission, TrusteeTask } from '../../api/setup.ts';
import { certificatesOf, polynomialsOf } from './threshold-setup.ts';
import { invitation, useStep } from './links.ts';
import { shuffleProgress } from './shuffling.ts';

/** 409 link-step-used: what this trustee sent for `what` is already received (through this link or an earlier one). */
const alreadySent = (what: string) => new Conflict(`your ${what} has already been received: each step is done once, and what was received stays`, 'link-step-used');

// ------------------------------------------------------------------ threshold steps



export async function trusteeTask(ctx: ServiceContext, token: string, decrypted: (uuid: string, owner: number) => Promise<boolean>): Promise<TrusteeTask> {
  const inv = await invitation(ctx, token, 'trustee');
  const election = await requireElection(ctx.db, inv.election_uuid);
  const rows = await trusteeSetup(ctx.db, inv.election_uuid);
  const index = inv.trustee_index!;
  const mine = rows.find((r) => r.trustee_index === index)!;
  const threshold = election.draft.trustees.threshold;
  const task: TrusteeTask = {
    uuid: election.uuid,
    index,
    count: election.draft.trustees.count,
    threshold,
    group: electionGroupOf(election),
    state: election.state,
    step: 'wait-for-others',
    expiresAt: new Date(inv.expires_at).toISOString(),
    progress: {
      keys: rows.filter((r) => r.public_key).length,
      certificates: rows.filter((r) => r.certificate).length,
      polynomials: rows.filter((r) => r.polynomial).length,
      voutputs: rows.filter((r) => r.voutput).length,
    },
  };
  if (threshold === null) {
    if (mine.public_key) task.publicKey = mine.public_key;
    if (election.state === 'draft') task.step = 'wait-for-others';
    else if (!mine.public_key) task.step = election.state === 'setup' ? 'generate-key' : 'finished';
    else task.step = 'key-ready';
  } else {
    const certs = certificatesOf(rows);
    if (mine.voutput) {
      task.publicKey = writeJson(writeTrusteePublicKey(decodeText(zVoutput, mine.voutput, 'key output').public_key));
      task.encryptedDecryptionKey = decodeText(zVoutput, mine.voutput, 'key output').private_key;
    }
    if (election.state === 'setup') {
      if (!mine.certificate) task.step = 'certificate';
      else if (!certs) task.step = 'wait-for-others';
      else if (!mine.polynomial) {
        task.step = 'polynomial';
        task.certificates = certs.map((c) => writeJson(writeSignedMsg(c)));
      } else {
        const polys = polynomialsOf(rows);
        if (!polys) task.step = 'wait-for-others';
        else if (!mine.voutput) {
          task.step = 'voutput';
          task.certificates = certs.map((c) => writeJson(writeSignedMsg(c)));
          task.vinput = writeJson(writeVinput(thresholdStep4(getGroup(electionGroupOf(election)), certs, polys)[index - 1]!));
        } else task.step = 'key-ready';
      }
    } else if (mine.voutput) task.step = 'key-ready';
  }
  if (election.state === 'closed') {
    // ranked and graded answers being shuffled: this trustee's turn, or waiting
    const progress = await shuffleProgress(ctx.db, election);
    const mine = progress.shuffles.find((s) => s.trustee === index);
    if (mine) task.shuffleFingerprint = mine.fingerprint;
    if (progress.next !== null) task.shuffleTurn = progress.next;
    task.step = progress.next === index ? 'shuffle' : 'wait-to-shuffle';
  }
  if (election.state === 'tallied' || election.state === 'published') {
    const mine = (await shuffleProgress(ctx.db, election)).shuffles.find((s) => s.trustee === index);
    if (mine) task.shuffleFingerprint = mine.fingerprint;
  }
  if (election.state === 'tallied') task.step = (await decrypted(election.uuid, index + 1)) ? 'decrypted' : task.publicKey ? 'decrypt' : 'finished';
  if (election.state === 'published') task.step = 'finished';
  return task;
}


/** Accept one step of a trustee's key establishment, after checking it. */
export async function submitTrusteeStep(ctx: ServiceContext, token: string, submission: TrusteeSubmission): Promise<void> {
  const inv = await invitation(ctx, token, 'trustee');
  const index = inv.trustee_index!;
  await withElection(ctx, inv.election_uuid, ['setup'], async (tx, election) => {
    const group = getGroup(electionGroupOf(election));
    await useStep(tx, ctx, token, submission.kind, `this link has already sent its ${submission.kind}: each step of a link is done once`);
    const rows = await trusteeSetup(tx, election.uuid);
    const mine = rows.find((r) => r.trustee_index === index)!;
    const threshold = election.draft.trustees.threshold;
    const expect = (mode: 'basic' | 'threshold') => {
      if ((threshold === null) !== (mode === 'basic')) {
        throw new InvalidRequest(threshold === null ? 'this election uses basic trustee keys, not the threshold protocol' : 'this election uses threshold keys (certificate, polynomial, key output)');
      }
    };
    switch (submission.kind) {
      case 'public-key': {
        expect('basic');
        if (mine.public_key) throw alreadySent('public key');
        const key = decodeText(zTrusteePublicKey, submission.value, 'public key');
        if (!verifyTrusteePublicKey(group, key)) throw new InvalidRequest('the public key does not come with a valid proof of knowledge');
        if (rows.some((r) => r.public_key && decodeText(zTrusteePublicKey, r.public_key, 'key').public_key === key.public_key)) throw new InvalidRequest('another trustee already sent this key');
        await setTrusteeField(tx, election.uuid, index, 'public_key', writeJson(writeTrusteePublicKey(key)));
        return;
      }
      case 'certificate': {
        expect('threshold');
        if (mine.certificate) throw alreadySent('certificate');
        const cert = decodeText(zSignedMsg, submission.value, 'certificate');
        thresholdStep2(group, [cert]);
        if (rows.some((r) => r.certificate && certificateId(decodeText(zSignedMsg, r.certificate, 'certificate')) === certificateId(cert))) throw new InvalidRequest('another trustee already sent this certificate');
        await setTrusteeField(tx, election.uuid, index, 'certificate', writeJson(writeSignedMsg(cert)));
        return;
      }
      case 'polynomial': {
        expect('threshold');
        const certs = certificatesOf(rows);
        if (!certs) throw new Conflict('not every trustee has sent a certificate yet');
        if (mine.polynomial) throw alreadySent('polynomial');
        const poly = decodeText(zPolynomial, submission.value, 'polynomial');
        const vk = certKeysOf(group, certs[index - 1]!.message, 'your certificate').verification;
        if (!verifySignedMessage(group, vk, poly.coefexps.message, poly.coefexps.signature)) throw new InvalidRequest('the polynomial commitments are not signed with your certificate');
        if (coefexpsOf(group, poly.coefexps.message, 'commitments').length !== threshold) throw new InvalidRequest(`the polynomial must have ${threshold} coefficients (the threshold)`);
        if (poly.secrets.length !== certs.length) throw new InvalidRequest(`the polynomial must carry one share for each of the ${certs.length} trustees`);
        await setTrusteeField(tx, election.uuid, index, 'polynomial', writeJson(writePolynomial(poly)));
        return;
      }
      case 'voutput': {
        expect('threshold');
        const certs = certificatesOf(rows);
        const polys = polynomialsOf(rows);
        if (!certs || !polys) throw new Conflict('not every trustee has sent a polynomial yet');
        if (mine.voutput) throw alreadySent('key output');
        const voutput = decodeText(zVoutput, submission.value, 'key output');
        const coefexps = polys.map((p, i) => coefexpsOf(group, p.coefexps.message, `commitments ${i + 1}`));
        if (!verifyTrusteePublicKey(group, voutput.public_key)) throw new InvalidRequest('the key output does not come with a valid proof of knowledge');
        if (voutput.public_key.public_key !== verificationKeyOf(group, coefexps, index)) throw new InvalidRequest('the key output does not match the shares the other trustees sent you');
        await setTrusteeField(tx, election.uuid, index, 'voutput', writeJson(writeVoutput(voutput)));
        return;
      }
    }
  });
}

// ------------------------------------------------------------ credential authority


export async function credentialAuthorityTask(ctx: ServiceContext, token: string): Promise<CredentialAuthorityTask> {
  const inv = await invitation(ctx, token, 'credential-authority');
  const election = await requireElection(ctx.db, inv.election_uuid);
  const count = await credentialCount(ctx.db, inv.election_uuid);
  const replaceable = await credentialsReplaceable(ctx.db, inv.election_uuid);
  return {
    uuid: election.uuid,
    group: electionGroupOf(election),
    state: election.state,
    credentials: election.credentials_fingerprint ? { count, fingerprint: election.credentials_fingerprint } : null,
    mayUpload: election.state === 'setup' && (election.credentials_fingerprint === null || replaceable),
    expiresAt: new Date(inv.expires_at).toISOString(),
  };
}


/**
 * Store the public credentials (never the private ones) and return their fingerprint. A
 * list is sent once: a second one is refused (409 link-step-used, nothing changes) unless
 * the organiser allowed one replacement, which the setup history records (old -> new).
 */
export async function uploadPublicCredentials(ctx: ServiceContext, token: string, list: readonly string[]): Promise<{ count: number; fingerprint: string; previousFingerprint: string | null }> {
  const inv = await invitation(ctx, token, 'credential-authority');
  const frozen = await requireElection(ctx.db, inv.election_uuid);
  const group = getGroup(electionGroupOf(frozen));
  const weighted = list[0]!.includes(',');
  const seen = new Set<bigint>();
  const parsed = list.map((text, i) => {
    if (text.includes(',') !== weighted) throw new InvalidRequest('either every public credential has a weight or none has');
    let c;
    try {
      c = parsePublicCredential(text);
    } catch (e) {
      throw new InvalidRequest(`public credential ${i + 1}: ${(e as UnusableInput).message}`);
    }
    if (!group.isElement(c.key)) throw new InvalidRequest(`public credential ${i + 1} is not an element of the group (was it derived for this election?)`);
    if (seen.has(c.key)) throw new InvalidRequest(`public credential ${i + 1} appears twice`);
    seen.add(c.key);
    return { key: c.key.toString(), weight: c.weight.toString() };
  });
  // Belenios counts ranked and graded answers one ballot each: weights are refused with them (its WeightsAreIncompatibleWithNH)
  const heavy = parsed.findIndex((c) => c.weight !== '1');
  if (heavy >= 0 && hasNonHomomorphic(frozen.draft)) {
    throw new InvalidRequest(`public credential ${heavy + 1} has weight ${parsed[heavy]!.weight}: this election has ranked or graded questions, where every ballot counts once (Belenios does not allow weights with them); send the list without weights`);
  }
  const text = writeJson([...list]);
  const fingerprint = publicCredentialsFingerprint(list);
  return withElection(ctx, inv.election_uuid, ['setup'], async (tx, election) => {
    const previous = election.credentials_fingerprint;
    const refusal = `the public credentials have already been sent${previous ? ` (fingerprint ${previous})` : ''}: a list is sent once; to send another, ask the organiser to allow a replacement`;
    if (previous !== null && !(await credentialsReplaceable(tx, election.uuid))) throw new Conflict(refusal, 'link-step-used');
    await useStep(tx, ctx, token, 'credentials', refusal);
    await storePublicCredentials(tx, election.uuid, parsed, text, fingerprint);
    await setCredentialsReplaceable(tx, election.uuid, false);
    const now = ctx.now();
    if (previous === null) await addSetupHistory(tx, election.uuid, now, 'credentials-sent', { fingerprint, count: parsed.length });
    else await addSetupHistory(tx, election.uuid, now, 'credentials-replaced', { previousFingerprint: previous, fingerprint, count: parsed.length });
    return { count: parsed.length, fingerprint, previousFingerprint: previous };
  });
}

