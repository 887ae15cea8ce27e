// What the public pages read about conventions and elections: the answers' schemas of
// the contract (src/api/elections.ts), so the page and the server cannot drift. They are
// strict, as the server's tests hold its answers to them exactly.
import type { z } from 'zod';
import { electionsApi } from '../../../src/api/elections.ts';

export const zElectionView = electionsApi.election.response;
export type ElectionView = z.infer<typeof zElectionView>;

export const zConventionView = electionsApi.convention.response;
export type ConventionView = z.infer<typeof zConventionView>;

/** The ballot box: every tracker, and whether it is the one that counts for its credential. */
export const zBallotBox = electionsApi.ballotBox.response;
export const zTrackerCheck = electionsApi.ballot.response;

/** A page of the board's records after a height, with its head (a receipt is checked against it). */
export const zBoardPage = electionsApi.records.response;
