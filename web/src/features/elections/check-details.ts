// The verifier's details (src/protocol/verify-details.ts: a code and its parameters) in the
// reader's language, as parts: words, identifiers (hashes, trackers, event types, fields:
// shown as code, left to right, the same in every language) and, for a sentence the
// verifier could not code, its English marked as English. Pure: the page passes its texts
// and language; test/web/verifier-details.test.ts renders every tampered archive's report with it.
import type { Detail } from '../../../../src/protocol/verify-details.ts';
import { localDigits } from '../../../../src/kernel/digits.ts';
import { decodeTranslations, pick, type Language } from '../../../../src/kernel/texts.ts';

/** Words of ours; an identifier; the organiser's own words (the election's name: in the
 * reader's language when it was written in it, `lang` its language, undefined as written); English. */
export type Part = { text: string } | { id: string } | { own: string; lang: Language | undefined } | { en: string };

/** A text of the verifier feature by its key, with no placeholders filled. */
export type Template = (key: string) => string | undefined;

const LIST_SEPARATOR: Record<Language, string> = { en: ', ', 'fa-AF': '، ', 'ps-AF': '، ' };
const DIGITS_ONLY = /^\d+$/;

export function detailParts(d: Detail, template: Template, language: Language): Part[] {
  const words = template(`detail.${d.code}`);
  if (words === undefined) return [{ en: d.code }];
  const parts: Part[] = [];
  for (const piece of words.split(/(\{\w+\}|`[^`]+`)/)) {
    if (piece === '') continue;
    if (piece.startsWith('`')) parts.push({ id: piece.slice(1, -1) });
    else if (piece === '{reason}') parts.push(...(d.reason ? detailParts(d.reason, template, language) : []));
    else if (/^\{\w+\}$/.test(piece)) parts.push(...paramParts(piece.slice(1, -1), d.params[piece.slice(1, -1)], template, language));
    else parts.push({ text: piece });
  }
  return merge(parts);
}

function paramParts(name: string, value: string | number | undefined, template: Template, language: Language): Part[] {
  if (value === undefined) return [];
  const number = (v: string | number) => localDigits(v, language);
  if (typeof value === 'number') return [{ text: number(value) }];
  switch (name) {
    case 'name': {
      const { text, language: written } = pick(decodeTranslations(value), language);
      return [{ own: text, lang: written === 'raw' ? undefined : written }];
    }
    case 'groups': {
      const of = template('verifier.groupOf') ?? '{t}/{n}';
      return [{ text: value.split(' ').map((g) => { const [t = '', n = ''] = g.split('/'); return of.replace('{t}', number(t)).replace('{n}', number(n)); }).join(LIST_SEPARATOR[language]) }];
    }
    case 'record':
      return [{ text: template(`verifier.record.${value}`) ?? value }];
    case 'trustees':
      return [{ text: value.split(' ').map(number).join(LIST_SEPARATOR[language]) }];
    case 'result':
      return [{ id: number(value) }];
    case 'text':
      return [{ en: value }];
    default:
      return DIGITS_ONLY.test(value) ? [{ text: number(value) }] : [{ id: value }];
  }
}

/** Adjacent words as one part. */
function merge(parts: Part[]): Part[] {
  const out: Part[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (last && 'text' in last && 'text' in p) out[out.length - 1] = { text: last.text + p.text };
    else out.push(p);
  }
  return out;
}

/** Whether a detail, or any reason within it, is one the verifier could not code. */
export const isUncoded = (d: Detail): boolean => d.code === 'other' || (d.reason !== undefined && isUncoded(d.reason));
