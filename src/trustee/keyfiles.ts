// Files that trustees keep (never sent to the server): their private key for one
// election. Jirga writes a small JSON document; belenios-tool's own files (a
// .privkey holding "x", a threshold .key holding the seed) are read too.
import { z } from 'zod';
import { InvalidRequest } from '../kernel/errors.ts';

export const zTrusteeKeyFile = z.discriminatedUnion('kind', [
  z.object({ jirga: z.literal('trustee-key'), version: z.literal(1), election: z.string(), trustee: z.number().int().min(1), group: z.string(), kind: z.literal('basic'), privateKey: z.string().regex(/^\d+$/) }),
  z.object({ jirga: z.literal('trustee-key'), version: z.literal(1), election: z.string(), trustee: z.number().int().min(1), group: z.string(), kind: z.literal('threshold'), seed: z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{22}$/) }),
]);
export type TrusteeKeyFile = z.infer<typeof zTrusteeKeyFile>;

export function writeTrusteeKeyFile(file: TrusteeKeyFile): string {
  return JSON.stringify(file, null, 2) + '\n';
}

/** Read a key file: Jirga's, or belenios-tool's .privkey / threshold .key. */
export function readTrusteeKeyFile(text: string): { kind: 'basic'; privateKey: bigint; election?: string; trustee?: number } | { kind: 'threshold'; seed: string; election?: string; trustee?: number } {
  const trimmed = text.trim();
  if (/^"\d+"$/.test(trimmed)) return { kind: 'basic', privateKey: BigInt(trimmed.slice(1, -1)) };
  if (/^[1-9A-HJ-NP-Za-km-z]{22}$/.test(trimmed)) return { kind: 'threshold', seed: trimmed };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    throw new InvalidRequest('this is not a trustee key file');
  }
  const r = zTrusteeKeyFile.safeParse(value);
  if (!r.success) throw new InvalidRequest('this is not a trustee key file');
  const f = r.data;
  return f.kind === 'basic'
    ? { kind: 'basic', privateKey: BigInt(f.privateKey), election: f.election, trustee: f.trustee }
    : { kind: 'threshold', seed: f.seed, election: f.election, trustee: f.trustee };
}
