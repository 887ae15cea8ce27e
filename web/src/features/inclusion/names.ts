// The words of the inclusion screens: dimensions, categories, lists of names,
// hidden cells, delegation kinds and rules, in the reader's language.
import { currentLanguage, formatPercent, t, type Key } from '../../i18n/index.ts';
import { textOf } from '../../components/text.tsx';
import { categoryLabel, dimensionName } from '../../../../src/inclusion/questions.ts';
import type { Rule } from '../../../../src/inclusion/delegations.ts';

export const catName = (c: string) => textOf(categoryLabel(c));
export const dimName = (d: string) => textOf(dimensionName(d));

/** Names as a list in the reader's language ("a, b" or «a، b»). */
export const listText = (xs: readonly string[]) => xs.join(currentLanguage() === 'en' ? ', ' : '، ');

/** What a hidden cell says: a small group is "fewer than k"; its complement is only
 * hidden (it may well count k or more, so "fewer than k" would be false). */
export function hiddenText(reason: string | null, k: string): string {
  return reason === 'complementary' ? t('incl.hiddenComplement') : t('incl.fewer', { k });
}

export function ruleText(rule: Rule): string {
  const dimension = dimName(rule.dimension);
  if (rule.kind === 'all-present') return t('incl.ruleAll', { dimension, categories: listText(rule.categories.map(catName)) });
  if (rule.kind === 'min-share') return t('incl.ruleMin', { share: formatPercent(rule.min), category: catName(rule.category), dimension });
  return t('incl.ruleMax', { share: formatPercent(rule.max), category: catName(rule.category), dimension });
}

export const DELEGATION_KIND_KEYS: Record<string, Key> = {
  'womens-movement': 'incl.kind.womens',
  'political-party': 'incl.kind.party',
  'armed-resistance': 'incl.kind.armed',
  'civil-society': 'incl.kind.civil',
  'diaspora-association': 'incl.kind.diaspora',
  'religious-or-ethnic-council': 'incl.kind.council',
  independent: 'incl.kind.independent',
};
