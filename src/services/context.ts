// What every use case receives: the database, the ballot checker (worker threads in
// the server, in-process in the CLI) and the clock (tests move it).
import type { BallotCheck } from '../protocol/ballot.ts';
import { randomBase58String } from '../protocol/random.ts';
import type { Db } from '../store/db.ts';

export interface ServiceContext {
  db: Db;
  /** Verifies one ballot against an election (worker threads in the server). */
  checkBallot: (electionRaw: string, ballot: string) => Promise<BallotCheck>;
  now: () => Date;
  /** The server's shuffle at closing (first-shuffle.ts): a worker thread in the server; in this thread when not given. */
  shuffleFirst?: (electionRaw: string, tallyText: string) => Promise<string>;
  /** The sample voters' credentials of the demo's open election, by uuid: set only when
   * this server seeded the demo itself (never for a real election); shown on its page. */
  demoCredentials?: Map<string, readonly string[]>;
  /** Relay mode (JIRGA_RELAY_TO): the primary server that ballots for elections not hosted here are forwarded to. */
  relayTo?: string;
  /** Count rate limits in the database (migration 015), shared by every server process on
   * it — `jirga serve` on Postgres; otherwise they are kept in this process's memory. */
  sharedLimits?: boolean;
}

/** A new identifier for a convention, conversation or other record: 14 base58 characters from the CSPRNG. */
export function newId(): string {
  return randomBase58String(14);
}
