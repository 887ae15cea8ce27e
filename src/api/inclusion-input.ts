// What organisers and participants send about inclusion (zod): a convention's
// self-description questions and reference shares, a participant's own answers, the
// delegations and the rules they are checked against. Messages say what is wrong in
// plain words; the inclusion service (src/services/inclusion) takes the parsed values.
import { z } from 'zod';
import { zSelfDescription } from './election-draft.ts';
import { isWellFormed } from '../deliberation/text.ts';
import { byDimensionOrder, DEFAULT_MIN_ANSWERS } from '../inclusion/composition.ts';
import { DELEGATION_KINDS } from '../inclusion/delegations.ts';
import { DIMENSIONS, type Dimension } from '../inclusion/dimensions.ts';
import { categoriesOf } from '../inclusion/questions.ts';
import { DEFAULT_MIN_CELL } from '../inclusion/suppression.ts';
import { named } from './contract.ts';

export const DIMENSION_NAMES = Object.keys(DIMENSIONS) as Dimension[];
/** How far from 1 the reference shares of a dimension may sum. */
export const SHARE_TOLERANCE = 0.001;
export const isDimension = (d: string): d is Dimension => Object.hasOwn(DIMENSIONS, d);

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/u;
const safeText = (s: string) => isWellFormed(s) && !CONTROL.test(s);
const SAFE = { error: 'texts cannot contain control characters or malformed characters' };
export const listOf = (xs: readonly string[]) => xs.join(', ');
export const DIMENSION_ERROR = `must be one of ${listOf(DIMENSION_NAMES)}`;

const zDimension = z.enum(DIMENSION_NAMES as [Dimension, ...Dimension[]], { error: `a dimension ${DIMENSION_ERROR}` });
const unique = (xs: readonly string[]) => new Set(xs).size === xs.length;

const zShare = z.number({ error: 'a share must be a number between 0 and 1' }).min(0, { error: 'a share cannot be below 0' }).max(1, { error: 'a share cannot be above 1' });
/** The shares of one dimension's categories: {category: share}, each in [0, 1]. */
const zShares = z.record(z.string(), zShare);

/** What is wrong with a dimension's shares as a whole (none given, or a sum other than 1), or null. */
export function sharesProblem(shares: Readonly<Record<string, number>>): string | null {
  if (Object.keys(shares).length === 0) return 'give the share of at least one category';
  const sum = Object.values(shares).reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > SHARE_TOLERANCE) return `the shares sum to ${Number(sum.toFixed(6))}, not 1 (±${SHARE_TOLERANCE})`;
  return null;
}

/**
 * Reference (or target) shares as `jirga inclusion rake` and `jirga inclusion report` read
 * them: {dimension: {category: share}} or {dimension: {shares: {...}, source, note}}, with
 * the server's rules for the shares (zShares and sharesProblem, as zInclusionSettings
 * checks them); dimensions and categories are the file's own (any column of the data).
 */
export const zReferenceSharesFile = z.record(
  z.string().min(1, { error: 'a dimension needs a name' }),
  z.preprocess(
    (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) && 'shares' in v ? v : { shares: v }),
    z.object({
      shares: zShares.superRefine((shares, ctx) => {
        const problem = sharesProblem(shares);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
      source: z.string({ error: 'source must be a text' }).optional(),
      note: z.string({ error: 'note must be a text' }).optional(),
    }),
  ),
  { error: 'give an object {"dimension": {"category": share, ...}, ...}' },
);

const zReferenceTable = z.object({
  shares: zShares,
  source: z.string({ error: 'source must be a text' }).trim().min(1, { error: 'give the source of these shares' }).max(500, { error: 'the source has at most 500 characters' }).refine(safeText, SAFE),
  note: z.string({ error: 'note must be a text' }).trim().max(2000, { error: 'the note has at most 2000 characters' }).refine(safeText, SAFE).optional().transform((n) => n ?? ''),
});

function realCategory(d: Dimension, c: string): boolean {
  return (DIMENSIONS[d] as readonly string[]).includes(c);
}

export function categoryError(d: Dimension, c: string, withPreferNot: boolean): string {
  return `"${c}" is not a category of ${d} (one of ${listOf(withPreferNot ? categoriesOf(d) : [...DIMENSIONS[d]])})`;
}

export const zInclusionSettings = z
  .object({
    dimensions: zSelfDescription,
    minCell: z
      .number({ error: 'minCell must be a whole number' })
      .int({ error: 'minCell must be a whole number' })
      .min(DEFAULT_MIN_CELL, { error: `minCell must be at least ${DEFAULT_MIN_CELL}: smaller groups would be identifiable` })
      .max(100_000, { error: 'minCell is at most 100000' }),
    warnBelow: z.number({ error: 'warnBelow must be a number between 0 and 1' }).min(0, { error: 'warnBelow must be between 0 and 1' }).max(1, { error: 'warnBelow must be between 0 and 1' }),
    // optional: settings saved before it existed keep the default
    minAnswers: z
      .number({ error: 'minAnswers must be a whole number' })
      .int({ error: 'minAnswers must be a whole number' })
      .min(1, { error: 'minAnswers must be at least 1' })
      .max(1_000_000, { error: 'minAnswers is at most 1000000' })
      .optional()
      .transform((n) => n ?? DEFAULT_MIN_ANSWERS),
    reference: z.record(z.string(), zReferenceTable),
  })
  .superRefine((s, ctx) => {
    for (const [d, table] of Object.entries(s.reference)) {
      if (!isDimension(d)) {
        ctx.addIssue({ code: 'custom', message: `"${d}" is not a dimension: ${DIMENSION_ERROR}`, path: ['reference', d] });
        return;
      }
      for (const c of Object.keys(table.shares)) {
        if (!realCategory(d, c)) {
          ctx.addIssue({ code: 'custom', message: categoryError(d, c, false), path: ['reference', d, 'shares', c] });
          return;
        }
      }
      const problem = sharesProblem(table.shares);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem, path: ['reference', d, 'shares'] });
        return;
      }
    }
  });
export type InclusionSettingsInput = z.infer<typeof zInclusionSettings>;

/** Answers as sent: a category, or "" / null for no answer to that question. */
const zAnswers = z.record(z.string(), z.union([z.string(), z.null()], { error: 'each answer must be a category (text), or null for no answer' }), { error: 'answers must be an object {question: category}' });
export const zProfileInput = z.object({ answers: zAnswers });

/** A delegate's description: {dimension: category}, any of the five questions. */
function checkDescription(raw: Record<string, string | null>, ctx: z.RefinementCtx, path: (string | number)[]): void {
  for (const [d, c] of Object.entries(raw)) {
    if (!isDimension(d)) {
      ctx.addIssue({ code: 'custom', message: `"${d}" is not a dimension: ${DIMENSION_ERROR}`, path: [...path, d] });
      return;
    }
    if (c !== null && c !== '' && !categoriesOf(d).includes(c)) {
      ctx.addIssue({ code: 'custom', message: categoryError(d, c, true), path: [...path, d] });
      return;
    }
  }
}

/** The answers given, in the order of the dimensions, without the empty ones. */
export const answered = (raw: Record<string, string | null>): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const d of Object.keys(raw).sort(byDimensionOrder)) if (raw[d] !== null && raw[d] !== '') out[d] = raw[d]!;
  return out;
};

export const MAX_DELEGATES = 5000;
export const zDelegationInput = z
  .object({
    name: z.string({ error: 'name must be a text' }).trim().min(1, { error: 'give the delegation a name' }).max(200, { error: 'the name has at most 200 characters' }).refine(safeText, SAFE),
    kind: z.enum(DELEGATION_KINDS, { error: `kind must be one of ${listOf(DELEGATION_KINDS)}` }),
    delegates: z.array(zAnswers, { error: 'delegates must be a list of descriptions such as {"gender": "woman"}' }).max(MAX_DELEGATES, { error: `at most ${MAX_DELEGATES} delegates` }),
  })
  .superRefine((d, ctx) => {
    for (const [i, delegate] of d.delegates.entries()) checkDescription(delegate, ctx, ['delegates', i]);
  })
  .transform((d) => ({ name: d.name, kind: d.kind, delegates: d.delegates.map(answered) }));
export type DelegationInput = z.output<typeof zDelegationInput>;

const zFraction = (what: string) => z.number({ error: `${what} must be a share between 0 and 1` }).min(0, { error: `${what} must be between 0 and 1` }).max(1, { error: `${what} must be between 0 and 1 (0.5 for 50%)` });
const zRule = z
  .discriminatedUnion(
    'kind',
    [
      z.object({ kind: z.literal('min-share'), dimension: zDimension, category: z.string({ error: 'category must be a text' }), min: zFraction('min') }),
      z.object({ kind: z.literal('max-share'), dimension: zDimension, category: z.string({ error: 'category must be a text' }), max: zFraction('max') }),
      z.object({
        kind: z.literal('all-present'),
        dimension: zDimension,
        categories: z.array(z.string()).min(1, { error: 'name at least one category that must be present' }).max(50).refine(unique, { error: 'each category at most once' }),
      }),
    ],
    { error: "kind must be 'min-share', 'max-share' or 'all-present'" },
  )
  .superRefine((r, ctx) => {
    const cats = r.kind === 'all-present' ? r.categories : [r.category];
    for (const c of cats) if (!realCategory(r.dimension, c)) ctx.addIssue({ code: 'custom', message: categoryError(r.dimension, c, false), path: [r.kind === 'all-present' ? 'categories' : 'category'] });
  });
export const MAX_RULES = 50;
export const zRulesInput = z.object({ rules: z.array(zRule).max(MAX_RULES, { error: `at most ${MAX_RULES} rules` }) });

export const zInclusionSettingsBody = named(zInclusionSettings, 'inclusion settings');
export const zProfileBody = named(zProfileInput, 'profile');
export const zDelegationBody = named(zDelegationInput, 'delegation');
export const zRulesBody = named(zRulesInput, 'rules');
