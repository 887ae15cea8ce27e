// Driving a Jirga server over HTTP as its users would: the organiser, the
// credential authority and trustees (through the same client code the web pages
// run), and voters.
import { createBallot, type PlaintextBallot } from '../../src/protocol/ballot.ts';
import { generateCredentials, parseVoterLine } from '../../src/protocol/credentials.ts';
import { getGroup } from '../../src/protocol/groups/index.ts';
import { loadElection, type ElectionContext } from '../../src/protocol/election.ts';
import type { ElectionDraft } from '../../src/api/election-draft.ts';
import type { TrusteeTask } from '../../src/api/setup.ts';
import { trusteeDecryption, trusteeKeyStep, trusteeShuffle } from '../../src/trustee/client.ts';

export class Client {
  cookie = '';
  constructor(readonly base: string) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; text: string }> {
    // as the web app's fetch does: a write says which origin sent it (the server refuses cross-site writes)
    const origin: Record<string, string> = method === 'GET' || method === 'HEAD' ? {} : { origin: new URL(this.base).origin };
    const init: RequestInit = { method, headers: { ...origin, ...headers, ...(this.cookie ? { cookie: this.cookie } : {}) } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const r = await fetch(this.base + path, init);
    const setCookie = r.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const text = await r.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: r.status, json, text };
  }

  async ok(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<any> {
    const r = await this.request(method, path, body, headers);
    if (r.status !== 200) throw new Error(`${method} ${path} answered ${r.status}: ${r.text}`);
    return r.json;
  }
}

/** The organiser's "close now": 200 once closed, or 202 while the close goes on (a job of the queue) — then the election is looked at until it is no longer open. Returns its state. */
export async function closeOverHttp(client: Client, uuid: string, timeoutMs = 120_000): Promise<string> {
  const r = await client.request('POST', `/api/organiser/elections/${uuid}/close`);
  if (r.status === 200) return r.json.state;
  if (r.status !== 202 || r.json?.state !== 'closing') throw new Error(`POST close of ${uuid} answered ${r.status}: ${r.text}`);
  for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((res) => setTimeout(res, 200))) {
    const e = await client.ok('GET', `/api/organiser/elections/${uuid}`);
    if (e.state !== 'open') return e.state;
  }
  throw new Error(`the close of ${uuid} was not done within ${timeoutMs / 1000} s`);
}

export const SAMPLE_DRAFT: ElectionDraft = {
  name: { en: 'Test vote', 'fa-AF': 'رأی‌گیری آزمایشی', 'ps-AF': 'ازمویښتي رایه اچونه' },
  description: { en: 'A vote made by the tests.' },
  questions: [
    { question: { en: 'Form of government?' }, answers: [{ en: 'Federal' }, { en: 'Unitary' }, { en: 'Presidential' }], min: 1, max: 1, blank: false },
    { question: { en: 'Rights first?' }, answers: [{ en: 'Education' }, { en: 'Work' }, { en: 'Press' }], min: 1, max: 2, blank: true },
  ],
  opensAt: null,
  closesAt: null,
  trustees: { count: 3, threshold: 2 },
};

export interface OpenElection {
  uuid: string;
  credentials: string[];
  trusteeTokens: string[];
  keyFiles: string[];
  ctx: ElectionContext;
}

/** Organiser, credential authority and trustees take an election to "open". */
export async function openElectionOverHttp(client: Client, options: { voters: number; draft?: ElectionDraft; password: string; conventionId?: string }): Promise<OpenElection> {
  await client.ok('POST', '/api/session', { username: 'organiser', password: options.password });
  const conventionId = options.conventionId ?? (await client.ok('POST', '/api/organiser/conventions', { title: { en: 'Test convention' }, description: { en: 'Made by tests' } })).id;
  const { uuid } = await client.ok('POST', `/api/organiser/conventions/${conventionId}/elections`, options.draft ?? SAMPLE_DRAFT);
  // the sample draft's questions are in English only: freezing it must be allowed explicitly
  const links = await client.ok('POST', `/api/organiser/elections/${uuid}/setup`, { allowMissingTranslations: true });
  const token = (t: string) => ({ 'x-jirga-token': t });
  // the election's group, as the credential authority's page learns it (RFC-3526-2048 with ranked or graded questions)
  const { group } = await client.ok('GET', '/api/credential-authority', undefined, token(links.credentialAuthority));
  const creds = generateCredentials(getGroup(group), uuid, Array.from({ length: options.voters }, (_, i) => parseVoterLine(`voter-${i + 1}`)));
  await client.ok('POST', '/api/credential-authority/credentials', { credentials: creds.publicCredentials }, token(links.credentialAuthority));
  const keyFiles: string[] = links.trustees.map(() => '');
  const draft = options.draft ?? SAMPLE_DRAFT;
  const rounds = draft.trustees.threshold === null ? 1 : 3;
  for (let round = 0; round < rounds; round++) {
    for (const [i, t] of (links.trustees as string[]).entries()) {
      const task: TrusteeTask = await client.ok('GET', '/api/trustee', undefined, token(t));
      const step = trusteeKeyStep(task, keyFiles[i] || undefined);
      if (step.keyFile) keyFiles[i] = step.keyFile.content;
      await client.ok('POST', '/api/trustee/key', step.submission, token(t));
    }
  }
  await client.ok('POST', `/api/organiser/elections/${uuid}/open`);
  const raw = (await client.request('GET', `/api/elections/${uuid}/election.json`)).text;
  return { uuid, credentials: creds.privateLines.map((l) => l.split(' ').pop()!), trusteeTokens: links.trustees, keyFiles, ctx: loadElection(raw) };
}

export function ballotFor(e: OpenElection, voter: number, plaintext: PlaintextBallot): string {
  return createBallot(e.ctx, e.credentials[voter]!, plaintext).text;
}

/** A trustee decrypts from its page, with its key file. */
export async function decryptOverHttp(client: Client, e: OpenElection, trustee: number): Promise<any> {
  const headers = { 'x-jirga-token': e.trusteeTokens[trustee]! };
  const task = await client.ok('GET', '/api/trustee', undefined, headers);
  const value = trusteeDecryption(task, e.keyFiles[trustee]!);
  return client.ok('POST', '/api/trustee/partial-decryption', { value }, headers);
}

/** A trustee shuffles the ranked and graded answers from its page (src/trustee/client.ts trusteeShuffle). */
export async function shuffleOverHttp(client: Client, e: OpenElection, trustee: number): Promise<{ status: number; json: any; text: string }> {
  const headers = { 'x-jirga-token': e.trusteeTokens[trustee]! };
  const task = await client.ok('GET', '/api/trustee', undefined, headers);
  if (task.step !== 'shuffle') throw new Error(`trustee ${trustee + 1} has step ${task.step}, not shuffle`);
  return client.request('POST', '/api/trustee/shuffle', { value: trusteeShuffle(task) }, headers);
}
