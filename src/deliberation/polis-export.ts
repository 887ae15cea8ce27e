// Polis's export format, read and written: comments.csv, participants-votes.csv
// and votes.csv, as in the public openData exports (compdemocracy/openData).
// Columns are found by name; in participants-votes.csv every column whose name is
// an integer is a comment-id, the others (participant, xid, group-id, n-...) are
// metadata. Votes use Polis's export sign: 1 agree, -1 disagree, 0 pass, empty =
// not seen. Pure: text in, text out.
import { UnusableInput } from '../kernel/errors.ts';
import { parseCsv, writeCsv } from '../kernel/csv.ts';
import type { AnalysisInput, Vote } from './types.ts';

export interface PolisComment {
  id: number;
  authorId: number | null;
  text: string;
  /** 1 moderated in, 0 not moderated, -1 moderated out. */
  moderated: -1 | 0 | 1;
  /** Milliseconds since 1970, when the export has it. */
  timestamp: number | null;
}

export interface PolisParticipant {
  id: number;
  /** Polis's own group-id in the export (blank: null). Never used by our analysis. */
  recordedGroup: number | null;
  votes: Map<number, Vote>;
}

export interface PolisVoteEvent {
  timestamp: number;
  participant: number;
  statement: number;
  vote: Vote;
}

export interface PolisExport {
  comments: PolisComment[];
  participants: PolisParticipant[];
  votes?: PolisVoteEvent[];
}

export interface PolisExportFiles {
  comments: string;
  participantsVotes: string;
  votes?: string;
}

const INTEGER = /^-?\d+$/;

function integer(value: string | undefined, what: string): number {
  const v = (value ?? '').trim();
  if (!INTEGER.test(v)) throw new UnusableInput(`${what}: "${value ?? ''}" is not a whole number`);
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new UnusableInput(`${what}: ${v} is too large`);
  return n;
}

function voteOf(value: string, what: string): Vote | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  if (v === '1' || v === '1.0') return 1;
  if (v === '-1' || v === '-1.0') return -1;
  if (v === '0' || v === '0.0' || v === '-0') return 0;
  throw new UnusableInput(`${what}: "${value}" is not a vote (1 agree, -1 disagree, 0 pass, empty: not seen)`);
}

function table(text: string, file: string, required: string[]): { header: string[]; rows: string[][]; col: (name: string) => number } {
  if (text.trim() === '') throw new UnusableInput(`${file} is empty`);
  const all = parseCsv(text, file, { neutralised: true }).filter((r) => !(r.length === 1 && r[0]!.trim() === ''));
  if (all.length === 0) throw new UnusableInput(`${file} is empty`);
  const header = all[0]!.map((h) => h.trim());
  for (const name of required) {
    if (!header.includes(name)) throw new UnusableInput(`${file} has no "${name}" column (its header is: ${header.slice(0, 10).join(',')}${header.length > 10 ? ',…' : ''})`);
  }
  const rows = all.slice(1);
  rows.forEach((r, i) => {
    if (r.length !== header.length) throw new UnusableInput(`${file}, line ${i + 2}: ${r.length} fields where the header has ${header.length}`);
  });
  return { header, rows, col: (name) => header.indexOf(name) };
}

export function parsePolisComments(text: string): PolisComment[] {
  const { rows, col } = table(text, 'comments.csv', ['comment-id', 'comment-body']);
  const [cId, cAuthor, cBody, cMod, cTime] = [col('comment-id'), col('author-id'), col('comment-body'), col('moderated'), col('timestamp')];
  const seen = new Set<number>();
  const comments = rows.map((r, i): PolisComment => {
    const where = `comments.csv, line ${i + 2}`;
    const id = integer(r[cId], `${where}, comment-id`);
    if (id < 0) throw new UnusableInput(`${where}: comment-id ${id} is negative`);
    if (seen.has(id)) throw new UnusableInput(`${where}: comment-id ${id} appears twice`);
    seen.add(id);
    const mod = cMod >= 0 && r[cMod]!.trim() !== '' ? integer(r[cMod], `${where}, moderated`) : 0;
    if (mod !== -1 && mod !== 0 && mod !== 1) throw new UnusableInput(`${where}: moderated must be 1, 0 or -1, not ${mod}`);
    const author = cAuthor >= 0 && r[cAuthor]!.trim() !== '' ? integer(r[cAuthor], `${where}, author-id`) : null;
    const time = cTime >= 0 && r[cTime]!.trim() !== '' ? integer(r[cTime], `${where}, timestamp`) : null;
    return { id, authorId: author, text: r[cBody]!, moderated: mod as -1 | 0 | 1, timestamp: time };
  });
  if (comments.length === 0) throw new UnusableInput('comments.csv has a header but no comments');
  return comments;
}

export function parsePolisParticipantsVotes(text: string, commentIds: ReadonlySet<number>): PolisParticipant[] {
  const { header, rows, col } = table(text, 'participants-votes.csv', ['participant']);
  const cPid = col('participant');
  const cGroup = col('group-id');
  const voteColumns: { index: number; comment: number }[] = [];
  header.forEach((name, index) => {
    if (INTEGER.test(name)) {
      const comment = Number(name);
      if (!commentIds.has(comment)) throw new UnusableInput(`participants-votes.csv has a column for comment ${comment}, which is not in comments.csv`);
      voteColumns.push({ index, comment });
    }
  });
  if (voteColumns.length === 0) throw new UnusableInput('participants-votes.csv has no vote columns (columns named by comment-id)');
  const seen = new Set<number>();
  const participants = rows.map((r, i): PolisParticipant => {
    const where = `participants-votes.csv, line ${i + 2}`;
    const id = integer(r[cPid], `${where}, participant`);
    if (id < 0) throw new UnusableInput(`${where}: participant ${id} is negative`);
    if (seen.has(id)) throw new UnusableInput(`${where}: participant ${id} appears twice`);
    seen.add(id);
    const g = cGroup >= 0 ? r[cGroup]!.trim() : '';
    const votes = new Map<number, Vote>();
    for (const { index, comment } of voteColumns) {
      const v = voteOf(r[index]!, `${where}, comment ${comment}`);
      if (v !== undefined) votes.set(comment, v);
    }
    return { id, recordedGroup: g === '' ? null : integer(g, `${where}, group-id`), votes };
  });
  if (participants.length === 0) throw new UnusableInput('participants-votes.csv has a header but no participants');
  return participants;
}

export function parsePolisVotes(text: string, commentIds: ReadonlySet<number>): PolisVoteEvent[] {
  const { rows, col } = table(text, 'votes.csv', ['comment-id', 'voter-id', 'vote']);
  const [cTime, cComment, cVoter, cVote] = [col('timestamp'), col('comment-id'), col('voter-id'), col('vote')];
  return rows.map((r, i) => {
    const where = `votes.csv, line ${i + 2}`;
    const statement = integer(r[cComment], `${where}, comment-id`);
    if (!commentIds.has(statement)) throw new UnusableInput(`${where}: comment ${statement} is not in comments.csv`);
    const vote = voteOf(r[cVote]!, `${where}, vote`);
    if (vote === undefined) throw new UnusableInput(`${where}: the vote is empty`);
    return { timestamp: cTime >= 0 && r[cTime]!.trim() !== '' ? integer(r[cTime], `${where}, timestamp`) : 0, participant: integer(r[cVoter], `${where}, voter-id`), statement, vote };
  });
}

/** Read a Polis export (the files' texts). Throws UnusableInput naming the file and line at fault. */
export function parsePolisExport(files: PolisExportFiles): PolisExport {
  const comments = parsePolisComments(files.comments);
  const ids = new Set(comments.map((c) => c.id));
  const participants = parsePolisParticipantsVotes(files.participantsVotes, ids);
  const result: PolisExport = { comments, participants };
  if (files.votes !== undefined && files.votes.trim() !== '') result.votes = parsePolisVotes(files.votes, ids);
  return result;
}

/** The analysis input of an export: final votes from participants-votes.csv, rows by participant id. */
export function analysisInputOfExport(exp: PolisExport): AnalysisInput {
  const participants = [...exp.participants].sort((a, b) => a.id - b.id);
  const votes: AnalysisInput['votes'] = [];
  for (const p of participants) for (const [statement, vote] of p.votes) votes.push({ participant: p.id, statement, vote });
  return {
    participants: participants.map((p) => p.id),
    statements: [...exp.comments].sort((a, b) => a.id - b.id).map((c) => ({ id: c.id, moderatedOut: c.moderated === -1 })),
    votes,
  };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Polis's "datetime" column, in UTC: "Tue Aug 30 10:21:58 UTC 2016". */
export function polisDatetime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

export interface CommentRow {
  id: number;
  authorId: number | null;
  text: string;
  moderated: -1 | 0 | 1;
  timestamp: number;
  agrees: number;
  disagrees: number;
}

export const COMMENTS_HEADER = ['timestamp', 'datetime', 'comment-id', 'author-id', 'agrees', 'disagrees', 'moderated', 'comment-body'];

/** comments.csv, newest first as Polis writes it. */
export function writeCommentsCsv(rows: readonly CommentRow[]): string {
  const sorted = [...rows].sort((a, b) => b.timestamp - a.timestamp || b.id - a.id);
  return writeCsv([COMMENTS_HEADER, ...sorted.map((c) => [c.timestamp, polisDatetime(c.timestamp), c.id, c.authorId ?? '', c.agrees, c.disagrees, c.moderated, c.text])]);
}

export interface ParticipantRow {
  id: number;
  /** Our group for the participant, blank when not clustered. */
  group: number | null;
  /** Comments the participant wrote. */
  nComments: number;
  votes: ReadonlyMap<number, Vote>;
}

/** participants-votes.csv: one row per participant, one column per comment-id (ascending). */
export function writeParticipantsVotesCsv(participants: readonly ParticipantRow[], commentIds: readonly number[]): string {
  const ids = [...commentIds].sort((a, b) => a - b);
  const rows = [...participants]
    .sort((a, b) => a.id - b.id)
    .map((p) => {
      let agree = 0;
      let disagree = 0;
      for (const v of p.votes.values()) {
        if (v === 1) agree++;
        else if (v === -1) disagree++;
      }
      return [p.id, p.group ?? '', p.nComments, p.votes.size, agree, disagree, ...ids.map((c) => p.votes.get(c) ?? '')];
    });
  return writeCsv([['participant', 'group-id', 'n-comments', 'n-votes', 'n-agree', 'n-disagree', ...ids], ...rows]);
}

export const VOTES_HEADER = ['timestamp', 'datetime', 'comment-id', 'voter-id', 'vote'];

/** votes.csv: the vote stream (here: each participant's current vote with its time). */
export function writeVotesCsv(votes: readonly PolisVoteEvent[]): string {
  const sorted = [...votes].sort((a, b) => a.timestamp - b.timestamp || a.participant - b.participant || a.statement - b.statement);
  return writeCsv([VOTES_HEADER, ...sorted.map((v) => [v.timestamp, polisDatetime(v.timestamp), v.statement, v.participant, v.vote])]);
}
