// Polis's export format in and out: a conversation imported from a Polis export
// (comments.csv, participants-votes.csv and optionally votes.csv), and our
// conversations exported in the same files, so that Polis's own tools and anyone's
// scripts can read them.
//
// What a public export leaves out, to protect participants (see docs/deliberation-api.md):
// statements waiting for moderation; the text of rejected statements (their row stays,
// moderated -1, with an empty body, so that ids and votes still line up); and the
// author-id of every statement (an author's words could identify them, and author-id
// would tie those words to all their votes).
import { NotFound } from '../../kernel/errors.ts';
import { normalizeStatement, isWellFormed } from '../../deliberation/text.ts';
import type { Vote } from '../../deliberation/types.ts';
import { parsePolisExport, writeCommentsCsv, writeParticipantsVotesCsv, writeVotesCsv, type CommentRow, type ParticipantRow } from '../../deliberation/polis-export.ts';
import { UnusableInput } from '../../kernel/errors.ts';
import { withTransaction } from '../../store/db.ts';
import * as store from '../../store/deliberation.ts';
import { getConvention } from '../../store/elections.ts';
import type { ImportInput } from '../../api/conversations.ts';
import { type ServiceContext, newId } from '../context.ts';

const MAX_ID = 2 ** 31 - 1;
export const IMPORT_REJECT_REASON = 'moderated out in Polis';

export interface ImportResult {
  id: string;
  statements: number;
  participants: number;
  votes: number;
}

/** Create a closed, loosely moderated conversation from a Polis export (ids kept). */
export async function importPolis(ctx: ServiceContext, conventionId: string, input: ImportInput): Promise<ImportResult> {
  if (!(await getConvention(ctx.db, conventionId))) throw new NotFound('no such convention');
  const exp = parsePolisExport({ comments: input.comments, participantsVotes: input.participantsVotes, ...(input.votes !== undefined ? { votes: input.votes } : {}) });
  const now = ctx.now();

  // statements, in id order; a repeated text keeps no comparison form (the first does)
  const seen = new Set<string>();
  const comments = [...exp.comments].sort((a, b) => a.id - b.id);
  const statements: store.NewStatement[] = comments.map((c) => {
    if (c.id > MAX_ID) throw new UnusableInput(`comments.csv: comment-id ${c.id} is too large`);
    if (!isWellFormed(c.text) || c.text.includes('\u0000')) throw new UnusableInput(`comments.csv: comment ${c.id} contains malformed characters`);
    let normalized: string | null = normalizeStatement(c.text);
    if (normalized === '' || seen.has(normalized)) normalized = null;
    else seen.add(normalized);
    return {
      id: c.id,
      author: c.authorId,
      text: c.text,
      lang: 'und',
      normalized,
      status: c.moderated === -1 ? 'rejected' : 'approved',
      rejectReason: c.moderated === -1 ? IMPORT_REJECT_REASON : null,
      createdAt: c.timestamp !== null ? new Date(c.timestamp) : now,
    };
  });

  // the final votes are the matrix of participants-votes.csv; votes.csv gives their times
  // (and any cell it has that the matrix lacks: nothing in the export is dropped)
  const latest = new Map<string, { timestamp: number; vote: Vote }>();
  for (const e of exp.votes ?? []) {
    const key = `${e.participant}:${e.statement}`;
    const before = latest.get(key);
    if (!before || e.timestamp >= before.timestamp) latest.set(key, { timestamp: e.timestamp, vote: e.vote });
  }
  const votes: { participant: number; statement: number; vote: Vote; at: Date }[] = [];
  const inMatrix = new Set<string>();
  for (const p of exp.participants) {
    for (const [statement, vote] of p.votes) {
      const key = `${p.id}:${statement}`;
      inMatrix.add(key);
      const t = latest.get(key)?.timestamp;
      votes.push({ participant: p.id, statement, vote, at: t !== undefined && t > 0 ? new Date(t) : now });
    }
  }
  for (const [key, e] of latest) {
    if (inMatrix.has(key)) continue;
    const [participant, statement] = key.split(':').map(Number) as [number, number];
    votes.push({ participant, statement, vote: e.vote, at: e.timestamp > 0 ? new Date(e.timestamp) : now });
  }

  const participantIds = new Set<number>(exp.participants.map((p) => p.id));
  for (const c of comments) if (c.authorId !== null) participantIds.add(c.authorId);
  for (const v of votes) participantIds.add(v.participant);
  const ids = [...participantIds].sort((a, b) => a - b);
  for (const p of ids) {
    if (p < 0 || p > MAX_ID) throw new UnusableInput(`participant id ${p} is out of range`);
  }

  const id = newId();
  await withTransaction(ctx.db, async (tx) => {
    await store.insertConversation(tx, { id, conventionId, topic: input.topic, description: input.description, access: 'open', moderation: 'loose', state: 'closed', imported: true, createdAt: now });
    await store.insertImportedParticipants(tx, id, ids);
    await store.insertStatements(tx, id, statements);
    await store.insertImportedVotes(tx, id, votes);
    await store.setCounters(tx, id, {
      nextParticipant: ids.length ? ids[ids.length - 1]! + 1 : 0,
      nextStatement: comments.length ? comments[comments.length - 1]!.id + 1 : 0,
      participants: ids.length,
      votes: votes.length,
    });
  });
  return { id, statements: statements.length, participants: ids.length, votes: votes.length };
}

interface ExportData {
  comments: CommentRow[];
  commentIds: number[];
  votes: { participant: number; statement: number; vote: Vote; voted_on: Date }[];
}

async function exportData(ctx: ServiceContext, conversationId: string): Promise<ExportData> {
  const all = await store.statementsWithCounts(ctx.db, conversationId, false);
  const exported = all.filter((s) => s.status !== 'pending');
  const ids = new Set(exported.map((s) => s.id));
  const comments: CommentRow[] = exported.map((s) => ({
    id: s.id,
    authorId: null,
    text: s.status === 'rejected' ? '' : s.text,
    moderated: s.status === 'rejected' ? -1 : 1,
    // the day it was written (UTC midnight): the store keeps no finer time
    timestamp: s.written_on.getTime(),
    agrees: s.agree,
    disagrees: s.disagree,
  }));
  const votes = (await store.allVotes(ctx.db, conversationId)).filter((v) => ids.has(v.statement));
  return { comments, commentIds: [...ids], votes };
}

export async function exportCommentsCsv(ctx: ServiceContext, conversationId: string): Promise<string> {
  return writeCommentsCsv((await exportData(ctx, conversationId)).comments);
}

export async function exportParticipantsVotesCsv(ctx: ServiceContext, conversationId: string): Promise<string> {
  const data = await exportData(ctx, conversationId);
  const analysis = await store.getAnalysis(ctx.db, conversationId);
  const authored = new Map<number, number>();
  for (const s of await store.statementsWithCounts(ctx.db, conversationId, false)) {
    if (s.status !== 'pending' && s.author_participant !== null) authored.set(s.author_participant, (authored.get(s.author_participant) ?? 0) + 1);
  }
  const byParticipant = new Map<number, Map<number, Vote>>();
  for (const v of data.votes) {
    let m = byParticipant.get(v.participant);
    if (!m) byParticipant.set(v.participant, (m = new Map()));
    m.set(v.statement, v.vote);
  }
  const rows: ParticipantRow[] = (await store.participantIds(ctx.db, conversationId)).map((p) => {
    const g = analysis?.membership?.[String(p)];
    return { id: p, group: g === undefined ? null : g, nComments: authored.get(p) ?? 0, votes: byParticipant.get(p) ?? new Map() };
  });
  return writeParticipantsVotesCsv(rows, data.commentIds);
}

export async function exportVotesCsv(ctx: ServiceContext, conversationId: string): Promise<string> {
  const data = await exportData(ctx, conversationId);
  // each vote's day (UTC midnight): the store keeps no finer time
  return writeVotesCsv(data.votes.map((v) => ({ timestamp: v.voted_on.getTime(), participant: v.participant, statement: v.statement, vote: v.vote })));
}
