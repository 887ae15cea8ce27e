// Texts in the convention's three languages. Election texts are written into
// election.json itself (as a JSON object inside each string), so that the
// election fingerprint covers every translation: the server cannot show Dari
// voters a different wording than English voters without it being visible.
import { z } from 'zod';

export const LANGUAGES = ['en', 'fa-AF', 'ps-AF'] as const;
export type Language = (typeof LANGUAGES)[number];
export const RTL_LANGUAGES: readonly Language[] = ['fa-AF', 'ps-AF'];

export type Translations = Partial<Record<Language, string>>;

const MAX_TEXT = 4000;

const zTranslationsObject = z
  .object({
    en: z.string().trim().max(MAX_TEXT).optional(),
    'fa-AF': z.string().trim().max(MAX_TEXT).optional(),
    'ps-AF': z.string().trim().max(MAX_TEXT).optional(),
  })
  .strict()
  .transform((t) => Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined && v !== '')) as Translations);

/** A text in one to three languages. */
export const zTranslations = zTranslationsObject.refine((t) => Object.keys(t).length > 0, { error: 'give the text in at least one language' });

/** A text that may be left empty in every language. */
export const zOptionalTranslations = zTranslationsObject;

/** The string written into election.json for a translated text. */
export function encodeTranslations(t: Translations): string {
  const ordered: Translations = {};
  for (const l of LANGUAGES) if (t[l] !== undefined) ordered[l] = t[l];
  return JSON.stringify(ordered);
}

/** Read a text from election.json: translations when Jirga wrote it, else the text as is. */
export function decodeTranslations(text: string): Translations & { raw?: string } {
  if (text.startsWith('{')) {
    try {
      const value: unknown = JSON.parse(text);
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        const entries = Object.entries(value as Record<string, unknown>);
        if (entries.length > 0 && entries.every(([k, v]) => (LANGUAGES as readonly string[]).includes(k) && typeof v === 'string')) {
          return Object.fromEntries(entries) as Translations;
        }
      }
    } catch {
      /* not ours: shown as written */
    }
  }
  return { raw: text };
}

/** The text in `language`, else in another language (and which one). */
export function pick(t: Translations & { raw?: string }, language: Language): { text: string; language: Language | 'raw' } {
  if (t.raw !== undefined) return { text: t.raw, language: 'raw' };
  if (t[language] !== undefined) return { text: t[language]!, language };
  for (const l of LANGUAGES) if (t[l] !== undefined) return { text: t[l]!, language: l };
  return { text: '', language };
}
