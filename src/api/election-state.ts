// Where an election is in its life, as views report it (the organiser moves it on:
// see src/services/elections/elections.ts for what each step does).
export const ELECTION_STATES = ['draft', 'setup', 'open', 'closed', 'tallied', 'published'] as const;
export type ElectionState = (typeof ELECTION_STATES)[number];
