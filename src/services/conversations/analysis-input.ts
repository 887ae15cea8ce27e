// The analysis input as the math runner ships it to its worker thread: participant
// and statement lists, and the votes as one compact text (see store/analysis-queue.ts
// analysisData), parsed into typed arrays in the worker, off the server's event loop.
import type { AnalysisInput, PackedVotes, StatementInput } from '../../deliberation/types.ts';

export interface RawAnalysisInput {
  participants: number[];
  statements: StatementInput[];
  /** "participant,statement,vote;participant,statement,vote;..." */
  votesText: string;
}

export function parseVotesText(text: string): PackedVotes {
  if (text === '') return { participant: new Int32Array(0), statement: new Int32Array(0), vote: new Int8Array(0) };
  const cells = text.split(';');
  const n = cells.length;
  const votes: PackedVotes = { participant: new Int32Array(n), statement: new Int32Array(n), vote: new Int8Array(n) };
  for (let i = 0; i < n; i++) {
    const cell = cells[i]!;
    const a = cell.indexOf(',');
    const b = cell.indexOf(',', a + 1);
    votes.participant[i] = Number(cell.slice(0, a));
    votes.statement[i] = Number(cell.slice(a + 1, b));
    votes.vote[i] = Number(cell.slice(b + 1));
  }
  return votes;
}

export function analysisInputOf(raw: RawAnalysisInput): AnalysisInput {
  return { participants: raw.participants, statements: raw.statements, votes: parseVotesText(raw.votesText) };
}
