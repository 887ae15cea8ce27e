// Step 6 of the threshold key establishment (spec 3.1.1), the server's: the
// threshold parameters from everything the trustees sent.
import { decodeText, zPolynomial, zSignedMsg, zVoutput, type Polynomial, type SignedMsg, type ThresholdParameters } from '../../protocol/codec.ts';
import type { Group } from '../../protocol/groups/index.ts';
import { thresholdStep6 } from '../../protocol/threshold.ts';
import type { TrusteeSetupRow } from '../../store/setup.ts';
import { Conflict } from '../../kernel/errors.ts';

export function certificatesOf(rows: readonly TrusteeSetupRow[]): SignedMsg[] | undefined {
  if (rows.some((r) => !r.certificate)) return undefined;
  return rows.map((r) => decodeText(zSignedMsg, r.certificate!, `certificate of trustee ${r.trustee_index}`));
}

export function polynomialsOf(rows: readonly TrusteeSetupRow[]): Polynomial[] | undefined {
  if (rows.some((r) => !r.polynomial)) return undefined;
  return rows.map((r) => decodeText(zPolynomial, r.polynomial!, `polynomial of trustee ${r.trustee_index}`));
}

/** Step 6 (server): threshold parameters from everything the trustees sent. */
export function thresholdParametersOf(group: Group, rows: readonly TrusteeSetupRow[], threshold: number): ThresholdParameters {
  const certs = certificatesOf(rows);
  const polys = polynomialsOf(rows);
  if (!certs || !polys || rows.some((r) => !r.voutput)) throw new Conflict('the trustees have not finished generating the election key');
  const voutputs = rows.map((r) => decodeText(zVoutput, r.voutput!, `key output of trustee ${r.trustee_index}`));
  const params = thresholdStep6(group, certs, polys, voutputs);
  if (params.threshold !== threshold) throw new Conflict(`the trustees used a threshold of ${params.threshold}, not ${threshold}`);
  return params;
}
