// Pieces of answers every domain uses: a text in up to three languages, and the
// plain acknowledgement of an action.
import { z } from 'zod';
import { DIMENSION_ORDER, type Dimension } from '../../../src/inclusion/dimensions.ts';

/** A text in the convention's languages; `raw` when it was not written by Jirga (shown as is). */
export const zText = z.object({
  en: z.string().optional(),
  'fa-AF': z.string().optional(),
  'ps-AF': z.string().optional(),
  raw: z.string().optional(),
});

/** "Done": the answer of actions that return nothing else. */
export const zOk = z.object({ ok: z.literal(true) });

export const zDimension = z.enum(DIMENSION_ORDER as [Dimension, ...Dimension[]]);
