// The recognition tally: for each country, the sum of the weights of its published
// engagement events up to a day. Formal recognition and accepting a regime envoy's
// credentials count once per country (a condition, not a repeatable act); visits,
// mission handovers and agreements add up. Humanitarian-only contact never scores
// and is counted apart. Proposed, rejected and retracted claims never count.
import { ONCE_PER_COUNTRY, type Claim, type EngagementType, type Weights } from './model.ts';

export function weightOf(weights: Weights, type: EngagementType, sector?: string): number {
  if (type === 'humanitarian-contact') return 0;
  if (type === 'agreement') return sector ? (weights.sectors[sector as keyof Weights['sectors']] ?? 0) : 0;
  return weights.types[type];
}

/** One country's recognition tally. */
export interface CountryTally {
  /** The country (ISO 3166 alpha-2 code); `state` in the API's answers. */
  state: string;
  score: number;
  /** Published engagement events that score (humanitarian contact excluded). */
  events: number;
  humanitarian: number;
  byType: Partial<Record<EngagementType, number>>;
  firstDate: string | null;
  lastDate: string | null;
  /** Some of the counted events are demo samples, not real events. */
  sample: boolean;
  /** Score after each day with an event: a step function over time. */
  series: { date: string; score: number }[];
}

function counted(c: Claim, until?: string): boolean {
  return c.kind === 'engagement' && c.status === 'published' && c.engagement !== null && (until === undefined || c.date <= until);
}

/** One country's tally from its claims (any status: only published engagements count). */
export function tallyCountry(country: string, claims: readonly Claim[], weights: Weights, until?: string): CountryTally {
  const events = claims.filter((c) => counted(c, until) && c.engagement!.state === country).sort((a, b) => (a.date === b.date ? a.id.localeCompare(b.id) : a.date < b.date ? -1 : 1));
  const seen = new Set<EngagementType>();
  const tally: CountryTally = { state: country, score: 0, events: 0, humanitarian: 0, byType: {}, firstDate: null, lastDate: null, sample: false, series: [] };
  for (const c of events) {
    const { type, sector } = c.engagement!;
    tally.byType[type] = (tally.byType[type] ?? 0) + 1;
    tally.firstDate ??= c.date;
    tally.lastDate = c.date;
    tally.sample ||= c.sample;
    if (type === 'humanitarian-contact') {
      tally.humanitarian++;
      continue;
    }
    tally.events++;
    if (ONCE_PER_COUNTRY.includes(type)) {
      if (seen.has(type)) continue;
      seen.add(type);
    }
    tally.score += weightOf(weights, type, sector);
    const last = tally.series.at(-1);
    if (last && last.date === c.date) last.score = tally.score;
    else tally.series.push({ date: c.date, score: tally.score });
  }
  return tally;
}

/** Every country with at least one published engagement event, highest score first. */
export function tallyCountries(claims: readonly Claim[], weights: Weights, until?: string): CountryTally[] {
  const countries = new Set(claims.filter((c) => counted(c, until)).map((c) => c.engagement!.state));
  return [...countries].map((country) => tallyCountry(country, claims, weights, until)).sort((a, b) => b.score - a.score || b.events - a.events || a.state.localeCompare(b.state));
}
