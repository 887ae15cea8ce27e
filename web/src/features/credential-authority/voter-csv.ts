// The voter list the credential authority pastes or loads: one voter per line,
// "id" or "id,weight", checked before any credential is made. A line typed or saved
// on a Dari or Pashto keyboard separates with «،» or «؛» and writes the weight in
// Persian digits: both are read (src/kernel/typed-fields.ts); a weight that cannot
// be read refuses the list with the line's number, never dropped.
import { formatNumber, t } from '../../i18n/index.ts';
import { splitTypedFields, typedWholeNumber } from '../../../../src/kernel/typed-fields.ts';

export interface Voter {
  id: string;
  /** ASCII digits */
  weight?: string;
}

/** CSV: one voter per line, "id" or "id,weight" («،» or «؛» for the comma); an "id,weight" header is skipped. */
export function parseVoterCsv(text: string): { voters: Voter[]; problem?: string } {
  const voters: Voter[] = [];
  const seen = new Set<string>();
  // line numbers as the authority sees them in the file (blank lines counted)
  const lines = text.split(/\r?\n/).map((l, i) => ({ n: i + 1, line: l.trim() })).filter((l) => l.line !== '');
  for (let i = 0; i < lines.length; i++) {
    const { n, line } = lines[i]!;
    const fields = splitTypedFields(line);
    if (i === 0 && /^id$/i.test(fields[0]!) && (fields.length === 1 || (fields.length === 2 && /^weight$/i.test(fields[1]!)))) continue;
    const [id, weight, extra] = fields;
    const at = formatNumber(n);
    if (!id || extra !== undefined) return { voters, problem: t('ca.csvLine', { n: at }) };
    let w: string | undefined;
    if (weight !== undefined) {
      w = typedWholeNumber(weight);
      if (w === undefined) return { voters, problem: t('ca.csvWeight', { n: at, weight }) };
    }
    if (seen.has(id)) return { voters, problem: t('ca.csvDuplicate', { id }) };
    seen.add(id);
    voters.push(w === undefined ? { id } : { id, weight: w });
  }
  if (voters.length === 0) return { voters, problem: t('ca.csvEmpty') };
  return { voters };
}
