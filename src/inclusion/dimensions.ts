// The self-description a convention may ask (each question optional, each answer
// may be "prefer not to say"), and the default reference shares for Afghanistan.
// Labels in the three languages live in the web app's translations; these are ids.

export const GENDERS = ['woman', 'man', 'other'] as const;
export const ETHNICITIES = ['pashtun', 'tajik', 'hazara', 'uzbek', 'turkmen', 'baloch', 'aimaq', 'nuristani', 'pashai', 'arab', 'qizilbash', 'other'] as const;
export const PROVINCES = [
  'badakhshan', 'badghis', 'baghlan', 'balkh', 'bamyan', 'daykundi', 'farah', 'faryab', 'ghazni', 'ghor', 'helmand', 'herat', 'jowzjan', 'kabul', 'kandahar', 'kapisa', 'khost',
  'kunar', 'kunduz', 'laghman', 'logar', 'nangarhar', 'nimroz', 'nuristan', 'paktia', 'paktika', 'panjshir', 'parwan', 'samangan', 'sar-e-pol', 'takhar', 'uruzgan', 'wardak', 'zabul',
] as const;
export const RESIDENCES = ['inside', 'abroad'] as const;
/** Country of residence for Afghans abroad (the largest diaspora countries, then "other"). */
export const COUNTRIES = ['iran', 'pakistan', 'turkey', 'germany', 'united-states', 'united-kingdom', 'canada', 'france', 'sweden', 'netherlands', 'austria', 'australia', 'tajikistan', 'uzbekistan', 'india', 'uae', 'other-country'] as const;
export const AGE_BANDS = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;
export const PREFER_NOT = 'prefer-not-to-say';

export const DIMENSIONS = {
  gender: GENDERS,
  ethnicity: ETHNICITIES,
  province: PROVINCES,
  residence: RESIDENCES,
  country: COUNTRIES,
  age: AGE_BANDS,
} as const;
export type Dimension = keyof typeof DIMENSIONS;
export const DIMENSION_ORDER: Dimension[] = ['gender', 'ethnicity', 'residence', 'country', 'province', 'age'];

export interface ReferenceTable {
  /** category -> share (0..1), summing to 1 */
  shares: Record<string, number>;
  source: string;
  note: string;
}

/**
 * Defaults for Afghanistan, to be reviewed and edited by each convention's
 * organisers. No census has been taken since 1979; every ethnic breakdown is an
 * estimate, and all are disputed.
 */
export const AFGHANISTAN_REFERENCE: Partial<Record<Dimension, ReferenceTable>> = {
  gender: {
    shares: { woman: 0.495, man: 0.505, other: 0 },
    source: 'United Nations, World Population Prospects (population by sex, Afghanistan); rounded.',
    note: 'About half of Afghans are women and girls. Figures are projections, not a count: no census since 1979.',
  },
  ethnicity: {
    shares: { pashtun: 0.42, tajik: 0.27, hazara: 0.09, uzbek: 0.09, aimaq: 0.04, turkmen: 0.03, baloch: 0.02, nuristani: 0, pashai: 0, arab: 0, qizilbash: 0, other: 0.04 },
    source: 'CIA World Factbook, "Afghanistan — ethnic groups", editions before 2021 (Pashtun 42%, Tajik 27%, Hazara 9%, Uzbek 9%, Aimak 4%, Turkmen 3%, Baloch 2%, other 4%).',
    note: 'No census exists; this widely cited estimate is disputed (Hazara and Tajik organisations, among others, give higher shares for their groups, and later Factbook editions dropped the figures). Smaller groups (Nuristani, Pashai, Arab, Qizilbash) are within "other" in this source. Organisers should replace it with the estimate they can defend and cite.',
  },
};

/** Reference table as the CLI reads it: {"dimension": {"category": share}} or {"dimension": {"shares": {...}, "source", "note"}}. */
export function referenceShares(ref: Record<string, Record<string, number> | { shares: Record<string, number>; source?: string; note?: string }>): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [d, v] of Object.entries(ref)) out[d] = 'shares' in v && typeof v.shares === 'object' ? (v as { shares: Record<string, number> }).shares : (v as Record<string, number>);
  return out;
}
