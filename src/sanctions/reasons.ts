// Why a name came near a listed entry, as codes with parameters: the screens word
// them in the reader's language (web/src/features/sanctions/reasons.tsx), the CLI and
// the API's `why` in English (whyText). Parameters that are names or references are
// as the query or the lists spell them. Pure.
import type { Name } from './model.ts';
import type { PairHow } from './match.ts';

/** How a token of the query and a token of the listed name agree. */
export const PAIR_CODES = {
  identical: 'same-spelling',
  folded: 'transliteration-variant',
  phonetic: 'sounds-alike',
  typo: 'spelling-close',
  script: 'across-scripts',
  joined: 'written-as-one',
  part: 'short-form',
} as const satisfies Record<PairHow, string>;
export type PairCode = (typeof PAIR_CODES)[PairHow];

export type Reason =
  /** the query was written in several forms ("X son of Y", two scripts): the reasons that follow are for this one */
  | { code: 'as-form'; params: { form: string } }
  /** how many of the query's name parts agree with which name of the entry */
  | { code: 'name-parts'; params: { matched: number; of: number; kind: Name['kind']; name: string; reference: string } }
  /** one pair of tokens that agree */
  | { code: PairCode; params: { query: string; listed: string } }
  | { code: 'not-in-name'; params: { tokens: string[] } }
  | { code: 'name-also-has'; params: { tokens: string[] } }
  /** titles of the query set aside; `listed` when one is the entry's listed title (which adds `bonus`) */
  | { code: 'title-set-aside'; params: { titles: string[]; listed?: string; bonus?: number } }
  | { code: 'listed-title-set-aside'; params: { titles: string[] } }
  | { code: 'reordered'; params: Record<string, never> }
  | { code: 'order-differs'; params: Record<string, never> }
  | { code: 'birth-not-given'; params: Record<string, never> }
  | { code: 'birth-not-listed'; params: { year: string } }
  | { code: 'birth-fits'; params: { year: string; listed: string[] } }
  | { code: 'birth-near'; params: { year: string; gap: number; listed: string[] } }
  | { code: 'birth-far'; params: { year: string; gap: number; listed: string[] } }
  /** the score reaches the screening threshold, but the verdict is no: why */
  | { code: 'not-a-match'; params: { because: 'few-parts' | 'common-names' | 'other' } };

export type ReasonCode = Reason['code'];

export const REASON_CODES = [
  'as-form',
  'name-parts',
  ...Object.values(PAIR_CODES),
  'not-in-name',
  'name-also-has',
  'title-set-aside',
  'listed-title-set-aside',
  'reordered',
  'order-differs',
  'birth-not-given',
  'birth-not-listed',
  'birth-fits',
  'birth-near',
  'birth-far',
  'not-a-match',
] as const satisfies readonly ReasonCode[];

const PAIR_CODE_SET = new Set<string>(Object.values(PAIR_CODES));
export function isPairReason(r: Reason): r is Extract<Reason, { code: PairCode }> {
  return PAIR_CODE_SET.has(r.code);
}

const KIND_LABEL: Record<Name['kind'], string> = { primary: 'listed name', alias: 'alias', 'weak-alias': 'weak alias', former: 'former name', 'original-script': 'original-script name', mentioned: 'the name a list narrative uses' };
const PAIR_SIGN: Record<PairCode, string> = { 'same-spelling': '=', 'transliteration-variant': '≈', 'sounds-alike': '~', 'spelling-close': '~', 'across-scripts': '≈', 'written-as-one': '=', 'short-form': '⊂' };
const PAIR_NOTE: Record<PairCode, string> = { 'same-spelling': '', 'transliteration-variant': '', 'sounds-alike': ' (sounds alike)', 'spelling-close': ' (spelling close)', 'across-scripts': ' (across scripts)', 'written-as-one': ' (written as one word)', 'short-form': ' (short form)' };
const NOT_A_MATCH = { 'few-parts': 'not a match: too few name tokens agree', 'common-names': 'not a match: only very common names agree', other: 'not a match' };

const quoted = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');

/** One reason in English (a pair reason: "haqani≈haqqani"). */
function english(r: Reason): string {
  if (isPairReason(r)) return `${r.params.query}${PAIR_SIGN[r.code]}${r.params.listed}${PAIR_NOTE[r.code]}`;
  switch (r.code) {
    case 'as-form':
      return `as '${r.params.form}':`;
    case 'name-parts': {
      const { matched, of, kind, name, reference } = r.params;
      return `${matched === of && of > 1 ? `all ${of}` : `${matched} of ${of}`} name token${of === 1 ? '' : 's'} match ${KIND_LABEL[kind]} '${name}' (${reference})`;
    }
    case 'not-in-name':
      return `not in that name: ${r.params.tokens.join(', ')}`;
    case 'name-also-has':
      return `the listed name also has: ${r.params.tokens.join(', ')}`;
    case 'title-set-aside': {
      const { titles, listed, bonus } = r.params;
      return `title${titles.length > 1 ? 's' : ''} ${quoted(titles)} set aside${listed ? ` ('${listed}' is the listed title: +${bonus})` : ''}`;
    }
    case 'listed-title-set-aside':
      return `listed title${r.params.titles.length > 1 ? 's' : ''} ${quoted(r.params.titles)} set aside`;
    case 'reordered':
      return 'read "LAST, First" as "First LAST"';
    case 'order-differs':
      return 'order differs';
    case 'birth-not-given':
      return 'date of birth not given';
    case 'birth-not-listed':
      return `born ${r.params.year}; the lists give no date of birth`;
    case 'birth-fits':
      return `born ${r.params.year}: fits the listed date of birth (${r.params.listed.join(', ')})`;
    case 'birth-near':
      return `born ${r.params.year}: ${r.params.gap} years from the listed date of birth (${r.params.listed.join(', ')})`;
    case 'birth-far':
      return `born ${r.params.year}: ${r.params.gap} years from the listed date of birth (${r.params.listed.join(', ')}), which lowers the score`;
    case 'not-a-match':
      return NOT_A_MATCH[r.params.because];
  }
}

/** The reasons in English, as the CLI and the API's `why` give them:
 * "all 2 name tokens match alias 'X' (TAi.144): a≈b, c=d; date of birth not given". */
export function whyText(reasons: readonly Reason[]): string {
  const parts: string[] = [];
  let prefix = '';
  let pairs = 0;
  for (const r of reasons) {
    if (r.code === 'as-form') {
      prefix = `${english(r)} `;
    } else if (isPairReason(r) && parts.length > 0) {
      // the pairs follow the name they belong to: "...(TAi.144): a≈b, c=d"
      parts[parts.length - 1] += (pairs++ === 0 ? ': ' : ', ') + english(r);
    } else {
      parts.push(english(r));
      pairs = 0;
    }
  }
  return prefix + parts.join('; ');
}
