// Delegation rules an organiser sets and the app checks, with the numbers.
export const DELEGATION_KINDS = ['womens-movement', 'political-party', 'armed-resistance', 'civil-society', 'diaspora-association', 'religious-or-ethnic-council', 'independent'] as const;

export type Rule =
  | { kind: 'min-share'; dimension: string; category: string; min: number }
  | { kind: 'max-share'; dimension: string; category: string; max: number }
  | { kind: 'all-present'; dimension: string; categories: string[] };

export interface RuleResult {
  rule: Rule;
  pass: boolean;
  /** The numbers behind the verdict, in words a person can check. */
  detail: { count: number; total: number; share: number } | { missing: string[]; present: string[] };
}

/** Check a rule against delegates (dimension -> category). Shares are over delegates who answered that dimension. */
export function checkRule(rule: Rule, delegates: readonly Record<string, string>[]): RuleResult {
  const answered = delegates.filter((d) => (d[rule.dimension] ?? '') !== '');
  if (rule.kind === 'all-present') {
    const present = rule.categories.filter((c) => answered.some((d) => d[rule.dimension] === c));
    const missing = rule.categories.filter((c) => !present.includes(c));
    return { rule, pass: missing.length === 0, detail: { missing, present } };
  }
  const count = answered.filter((d) => d[rule.dimension] === rule.category).length;
  const total = answered.length;
  const share = total ? count / total : 0;
  const pass = rule.kind === 'min-share' ? total > 0 && share >= rule.min - 1e-12 : share <= rule.max + 1e-12;
  return { rule, pass, detail: { count, total, share } };
}

/** Delegates elected by a count (STV), checked against the delegation rules: who was elected, described, and each rule's verdict with its numbers. */
export interface ElectedCheck {
  /** The elected candidates' descriptions, in the order they were elected. */
  elected: Record<string, string>[];
  rules: RuleResult[];
}

/**
 * Check the candidates a count elected (their indices among the question's candidates) against
 * the rules, as a delegation is checked: shares are over elected delegates who are described on
 * that dimension (a candidate without a description is not counted either way, and the numbers say so).
 */
export function checkElected(rules: readonly Rule[], candidates: readonly Record<string, string>[], elected: readonly number[]): ElectedCheck {
  const described = elected.map((i) => {
    const d = candidates[i];
    if (!d) throw new Error(`candidate ${i + 1} was elected but the question describes only ${candidates.length} candidate(s)`);
    return d;
  });
  return { elected: described, rules: rules.map((r) => checkRule(r, described)) };
}
