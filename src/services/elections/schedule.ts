// Schedules that bend with the network (issue 17, item 4): after an outage the organiser
// extends voting, and says why. Only an open election with a closing time can be
// extended, to a later time in the future; the change and its reason are kept for good
// (an append-only table) and shown to everyone: the election page and its Atom feed.
//
// An open election whose closing time has just passed but which the server has not
// closed yet (the closer runs every 15 s) may still be extended: it accepted no ballot
// after its closing time (casting checks closes_at), and extending it only reopens the
// window; once closed (EndBallots is on the board) it can never be.
//
// The voting dates are not in election.json (Belenios spec 4.10 has no dates), so an
// extension changes neither the election fingerprint nor anything a verifier checks.
import type { ExtendVotingRequest } from '../../api/elections.ts';
import { Conflict, InvalidRequest } from '../../kernel/errors.ts';
import { writeAtom } from '../../kernel/atom.ts';
import { LANGUAGES, type Translations } from '../../kernel/texts.ts';
import type { Queryable } from '../../store/db.ts';
import { extendClosing, scheduleChanges, type ElectionRow } from '../../store/elections.ts';
import type { ServiceContext } from '../context.ts';
import { withElection } from './elections.ts';

export interface ScheduleChange {
  at: string;
  from: string;
  to: string;
  reason: Translations;
}

const iso = (d: Date | string) => new Date(d).toISOString();

export async function extendVoting(ctx: ServiceContext, uuid: string, request: ExtendVotingRequest, accountId: number | null): Promise<ScheduleChange> {
  return withElection(ctx, uuid, 'any', async (tx, election) => {
    if (election.state !== 'open') {
      throw new Conflict(
        election.state === 'draft' || election.state === 'setup'
          ? 'voting has not started yet: only an open election can be extended (a draft changes its closing time in the draft)'
          : 'voting is closed: a closed election can never be extended',
        'election-not-open',
      );
    }
    if (election.closes_at === null) throw new Conflict('this election has no closing time: it stays open until the organiser closes it, so there is nothing to extend', 'no-closing-time');
    const now = ctx.now();
    const current = new Date(election.closes_at);
    const next = new Date(request.closesAt);
    if (next.getTime() <= current.getTime()) throw new InvalidRequest(`the new closing time must be later than the current one (${current.toISOString()}): voting can be extended, never shortened`, 'close-not-later');
    if (next.getTime() <= now.getTime()) throw new InvalidRequest(`the new closing time has already passed (it is now ${now.toISOString()})`, 'close-in-past');
    await extendClosing(tx, uuid, { oldClosesAt: current, newClosesAt: next, reason: request.reason, at: now, accountId });
    return { at: now.toISOString(), from: current.toISOString(), to: next.toISOString(), reason: request.reason };
  });
}

/** An election's schedule changes, oldest first. */
export async function scheduleChangesOf(db: Queryable, uuid: string): Promise<ScheduleChange[]> {
  return (await scheduleChanges(db, uuid)).map((c) => ({
    at: iso(c.at),
    // every change is recorded from a set closing time (no-closing-time refuses the others)
    from: iso(c.old_closes_at ?? c.new_closes_at),
    to: iso(c.new_closes_at),
    reason: c.reason,
  }));
}


const LANGUAGE_NAMES: Record<(typeof LANGUAGES)[number], string> = { en: 'English', 'fa-AF': 'دری', 'ps-AF': 'پښتو' };

/** The schedule changes of an election as an Atom 1.0 feed; `base` is the site's address
 * (the links are absolute, as Atom readers need), `name` the election's name for the title. */
export function scheduleFeed(election: Pick<ElectionRow, 'uuid'>, name: string, changes: readonly ScheduleChange[], base: string): string {
  const page = `${base}/e/${election.uuid}`;
  const updated = changes.length > 0 ? changes[changes.length - 1]!.at : new Date(0).toISOString();
  const entries = changes
    .map((c, i) => {
      const body = [
        `Voting was extended from ${c.from} to ${c.to}.`,
        ...LANGUAGES.filter((l) => c.reason[l]).map((l) => `${LANGUAGE_NAMES[l]}: ${c.reason[l]}`),
      ].join('\n');
      return { id: `${page}#schedule-${i + 1}`, title: `Voting extended to ${c.to}`, updated: c.at, published: c.at, link: page, content: body };
    })
    .reverse();
  return writeAtom({
    id: page,
    title: `${name} — schedule changes`,
    updated,
    self: `${base}/api/elections/${election.uuid}/feed.atom`,
    alternate: page,
    author: 'Jirga',
    entries,
  });
}
