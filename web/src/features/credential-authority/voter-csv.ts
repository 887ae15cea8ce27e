// The voter list the credential authority pastes or loads: one voter per line,
// "id" or "id,weight", checked before any credential is made.
import { t } from '../../i18n/index.ts';

export interface Voter {
  id: string;
  weight?: string;
}

/** CSV: one voter per line, "id" or "id,weight"; an "id,weight" header is skipped. */
export function parseVoterCsv(text: string): { voters: Voter[]; problem?: string } {
  const voters: Voter[] = [];
  const seen = new Set<string>();
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (i === 0 && /^id\s*(,\s*weight)?$/i.test(line)) continue;
    const [id, weight, extra] = line.split(',').map((x) => x.trim());
    if (!id || extra !== undefined) return { voters, problem: t('ca.csvLine', { n: i + 1 }) };
    if (weight !== undefined && !/^\d+$/.test(weight)) return { voters, problem: t('ca.csvWeight', { n: i + 1 }) };
    if (seen.has(id)) return { voters, problem: t('ca.csvDuplicate', { id }) };
    seen.add(id);
    voters.push(weight === undefined ? { id } : { id, weight });
  }
  if (voters.length === 0) return { voters, problem: t('ca.csvEmpty') };
  return { voters };
}
