// `jirga deliberation analyze --polis DIR [--out FILE.json] [--full]`: opinion
// groups, consensus, representative and divisive statements of a Polis export.
// `jirga deliberation compare --polis DIR [--out FILE.json]`: the same beside
// Polis's own recorded groups (adjusted Rand index) and what Polis's report lists.
// Exit 0 on success, 2 on unusable input (with a message saying what is wrong).
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UnusableInput } from '../kernel/errors.ts';
import { analyze, describeGroups } from '../deliberation/analyze.ts';
import { adjustedRandIndex } from '../deliberation/ari.ts';
import { buildMatrix } from '../deliberation/matrix.ts';
import { analysisInputOfExport, parsePolisExport, type PolisExport } from '../deliberation/polis-export.ts';
import type { AnalysisResult } from '../deliberation/types.ts';
import { parseOptions, readText, requireOption, writeFile } from './io.ts';

export function readPolisFolder(dir: string): PolisExport {
  if (!existsSync(dir)) throw new UnusableInput(`folder "${dir}" does not exist`);
  if (!statSync(dir).isDirectory()) throw new UnusableInput(`"${dir}" is not a folder: give the folder that holds comments.csv and participants-votes.csv`);
  for (const f of ['comments.csv', 'participants-votes.csv']) {
    if (!existsSync(join(dir, f))) throw new UnusableInput(`folder "${dir}" has no ${f} (a Polis export has comments.csv and participants-votes.csv)`);
  }
  return parsePolisExport({
    comments: readText(join(dir, 'comments.csv'), 'comments.csv'),
    participantsVotes: readText(join(dir, 'participants-votes.csv'), 'participants-votes.csv'),
  });
}

/** The contract's summary: k, clustered participants' groups, and statement ids as strings. */
export function contractSummary(result: AnalysisResult) {
  return {
    k: result.k,
    groups: result.membership,
    consensus: result.consensus.agree.map((c) => String(c.statement)),
    repness: Object.fromEntries(Object.entries(result.repness).map(([g, list]) => [g, list.map((r) => String(r.statement))])),
    divisive: result.divisive.map((d) => String(d.statement)),
  };
}

function emit(value: unknown, out: string | undefined): void {
  const text = JSON.stringify(value, null, 1) + '\n';
  if (out) writeFile(out, text);
  else process.stdout.write(text);
}

const OPTIONS = { polis: { type: 'string' }, out: { type: 'string' }, full: { type: 'boolean' } } as const;

function analyzeCommand(args: string[]): number {
  const { values } = parseOptions(args, OPTIONS);
  const exp = readPolisFolder(requireOption(values, 'polis'));
  const { result } = analyze(analysisInputOfExport(exp));
  emit(values.full ? result : contractSummary(result), values.out as string | undefined);
  return 0;
}

function compareCommand(args: string[]): number {
  const { values } = parseOptions(args, OPTIONS);
  const exp = readPolisFolder(requireOption(values, 'polis'));
  const input = analysisInputOfExport(exp);
  const { result } = analyze(input);
  const ours: number[] = [];
  const theirs: number[] = [];
  let recorded = 0;
  for (const p of exp.participants) {
    if (p.recordedGroup === null) continue;
    recorded++;
    const g = result.membership[String(p.id)];
    if (g === undefined) continue;
    ours.push(g);
    theirs.push(p.recordedGroup);
  }
  // What Polis's report would list: the same formulas on Polis's recorded groups.
  const m = buildMatrix(input);
  const recordedIds = [...new Set(exp.participants.map((p) => p.recordedGroup).filter((g): g is number => g !== null))].sort((a, b) => a - b);
  const groupOfRow = new Int32Array(m.rowIds.length).fill(-1);
  const byId = new Map(exp.participants.map((p) => [p.id, p.recordedGroup]));
  m.rowIds.forEach((id, r) => {
    const g = byId.get(id);
    if (g !== null && g !== undefined) groupOfRow[r] = recordedIds.indexOf(g);
  });
  const polis = describeGroups(m, groupOfRow, recordedIds.length);
  const ari = ours.length > 1 ? adjustedRandIndex(ours, theirs) : null;
  const report = {
    participants: exp.participants.length,
    comments: exp.comments.length,
    polisGroups: recordedIds.length,
    polisGrouped: recorded,
    oursClustered: result.nClustered,
    bothClustered: ours.length,
    k: result.k,
    ari,
    ours: {
      consensus: result.consensus.agree.map((c) => c.statement),
      consensusDisagree: result.consensus.disagree.map((c) => c.statement),
      groupInformedConsensus: result.groupInformedConsensus.slice(0, 5).map((c) => c.statement),
      repness: Object.fromEntries(Object.entries(result.repness).map(([g, l]) => [g, l.map((r) => `${r.statement}${r.direction === 'agree' ? '+' : '-'}`)])),
      sizes: result.groups.map((g) => g.size),
    },
    polisReport: {
      consensus: polis.consensus.agree.map((c) => c.statement),
      consensusDisagree: polis.consensus.disagree.map((c) => c.statement),
      groupInformedConsensus: polis.groupInformedConsensus.slice(0, 5).map((c) => c.statement),
      repness: Object.fromEntries(Object.entries(polis.repness).map(([g, l]) => [String(recordedIds[Number(g)]), l.map((r) => `${r.statement}${r.direction === 'agree' ? '+' : '-'}`)])),
      sizes: recordedIds.map((_, i) => [...groupOfRow].filter((g) => g === i).length),
    },
  };
  emit(report, values.out as string | undefined);
  return 0;
}

export const DELIBERATION_COMMANDS: Record<string, (args: string[]) => number> = {
  analyze: analyzeCommand,
  compare: compareCommand,
};
