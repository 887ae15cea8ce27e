// English texts of the home page: conventions, their votes and conversations, the ways to the monitor and the sanctions pages.
// The reference: Dari and Pashto (../fa-AF/conventions.ts, ../ps-AF/conventions.ts) have every key
// (the type checker enforces it). Loaded with the pages that show them (web/src/pages.ts).
const texts = {
  'home.title': 'Conventions and votes',
  'home.intro': 'Jirga lets Afghans inside the country and in exile deliberate and vote, safely and verifiably. Anyone can check every result without trusting the organisers.',
  'home.empty': 'There are no conventions yet.',
  'home.noElections': 'No votes in this convention yet.',
  'home.vote': 'Vote',
  'home.conversations': 'Conversations',
  'monitor.homeLink': 'Accountability monitor',
  'monitor.homeIntro': 'the benchmarks for engagement with the Taliban and the recognition tally of states, with sources.',
  'sanctions.homeLink': 'Sanctions network',
  'sanctions.homeIntro': 'who of the Taliban and Haqqani network is listed by the UN, the UK and the US, who around them is on no list, and name screening that copes with every spelling.',
} as const;

export type TextsOf = Record<keyof typeof texts, string>;
export default texts;
