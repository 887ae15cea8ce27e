// Relay mode (`jirga serve --relay-to URL`, JIRGA_RELAY_TO): this server takes sealed ballots
// for an election hosted elsewhere — the primary — keeps each durably (committed before the
// answer), and forwards it until the primary's ballot box has it. A relay can run where the
// primary cannot be reached (a server abroad, an onion service, a laptop at a border town):
// couriers and voters hand it ballots, and it delivers them when the way is open.
//
// Ballots of one credential (a voter who re-voted) go in the order the relay took them: the
// primary counts a credential's last ballot, so a re-vote must not overtake the ballot it
// replaces while both wait out retries.
//
// It cannot read or alter a ballot (encrypted and signed) and adds nothing to it: the
// primary checks it as it checks any ballot, and recognises a copy it already has by its
// tracker, so a ballot relayed twice, or relayed and also cast directly, counts once.
import { castOutcome } from '../../courier/cast-answer.ts';
import { readSealedBallot } from '../../courier/sealed-ballot.ts';
import { InvalidRequest, NotFound } from '../../kernel/errors.ts';
import { getElection } from '../../store/elections.ts';
import { dueForRelay, keepForRelay, relayedBallot, retryRelayedLater, settleRelayed } from '../../store/relay.ts';
import type { Db } from '../../store/db.ts';

export interface RelayAnswer {
  tracker: string;
  replaced: false;
  /** This tracker had already been received by this relay: nothing was added. */
  alreadyRecorded: boolean;
  relayed: true;
}

/** Whether this server's own ballot box takes ballots for `uuid` (a draft is not shown: relayed like an unknown election). */
export async function hostsElection(db: Db, uuid: string): Promise<boolean> {
  const election = await getElection(db, uuid);
  return election !== undefined && election.state !== 'draft';
}

/** Keep a ballot for the primary. Only its form is checked here (the primary verifies it). */
export async function relayBallot(db: Db, uuid: string, text: string): Promise<RelayAnswer> {
  const reading = readSealedBallot(text);
  if (!reading.ok || reading.ballot.text !== text) throw new InvalidRequest('malformed ballot: this is not a ballot (JSON with election_uuid, credential, answers and signature)', 'malformed-ballot');
  if (reading.ballot.election !== uuid) throw new InvalidRequest(`malformed ballot: this ballot is for election ${reading.ballot.election}, not ${uuid}`, 'malformed-ballot');
  // its public credential (the ballot names it): ballots of one credential go in the order taken
  const credential = (JSON.parse(text) as { credential: unknown }).credential;
  if (typeof credential !== 'string' || credential === '') throw new InvalidRequest('malformed ballot: its credential is missing', 'malformed-ballot');
  const added = await keepForRelay(db, reading.ballot.tracker, uuid, credential, text);
  return { tracker: reading.ballot.tracker, replaced: false, alreadyRecorded: !added, relayed: true };
}

export async function relayStatus(db: Db, tracker: string) {
  const found = await relayedBallot(db, tracker);
  if (!found) throw new NotFound('this relay has received no ballot with this tracker');
  return found;
}

export interface ForwarderOptions {
  /** How often to look for due ballots (ms). */
  intervalMs?: number;
  /** How long one request to the primary may take (ms). */
  timeoutMs?: number;
  /** The longest wait between two attempts for one ballot (s). */
  maxBackoffSeconds?: number;
}

/** The wait before attempt `n + 1`: 5 s doubling, at most `max`, with up to 20% random spread. */
export function backoffSeconds(attempts: number, max: number): number {
  const base = Math.min(max, 5 * 2 ** Math.min(attempts, 20));
  return Math.max(1, Math.round(base * (0.8 + 0.2 * Math.random())));
}

/**
 * Forwards due ballots to `primary` until stopped. Every outcome is written before the next
 * attempt; a ballot being sent when the process dies is simply sent again (the primary
 * recognises the copy). One ballot at a time: a relay is not a load balancer.
 */
export function startRelayForwarder(db: Db, primary: string, options: ForwarderOptions = {}) {
  const base = primary.replace(/\/+$/, '');
  const intervalMs = options.intervalMs ?? 2000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBackoff = options.maxBackoffSeconds ?? 600;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const forward = async (ballot: { tracker: string; election: string; ballot: string; attempts: number }) => {
    let status = 0;
    let body: unknown;
    try {
      const res = await fetch(`${base}/api/elections/${encodeURIComponent(ballot.election)}/ballots`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: ballot.ballot,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = res.status;
      const text = await res.text();
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
      return retryRelayedLater(db, ballot.tracker, backoffSeconds(ballot.attempts, maxBackoff), `unreachable: ${cause}`);
    }
    const outcome = castOutcome(status, body);
    if (outcome.kind === 'cast') return settleRelayed(db, ballot.tracker, 'forwarded', null);
    if (outcome.kind === 'refused') return settleRelayed(db, ballot.tracker, 'refused', outcome.reason);
    return retryRelayedLater(db, ballot.tracker, backoffSeconds(ballot.attempts, maxBackoff), outcome.reason);
  };

  const round = async () => {
    for (;;) {
      if (stopped) return;
      const due = await dueForRelay(db, 20);
      if (due.length === 0) return;
      for (const b of due) {
        if (stopped) return;
        await forward(b);
      }
    }
  };
  const tick = () => {
    running = round()
      .catch((e) => console.error(`relay: ${(e as Error).message}`))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
