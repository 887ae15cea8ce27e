// Numbers as people type them on a Dari or Pashto keyboard. A phone set to Dari or
// Pashto gives Extended Arabic-Indic digits (۰۱۲۳۴۵۶۷۸۹, U+06F0–U+06F9); an Arabic
// keyboard gives Arabic-Indic digits (٠١٢٣٤٥٦٧٨٩, U+0660–U+0669); both write the
// decimal separator as «٫» (U+066B) and group thousands with «٬» (U+066C). Every
// input that holds a number or a credential goes through these before it is checked,
// so that a voter or an organiser never has to switch keyboards.

const EXTENDED_ZERO = 0x06f0;
const ARABIC_ZERO = 0x0660;

/** The text with every Persian/Pashto or Arabic-Indic digit replaced by its ASCII digit. */
export function toAsciiDigits(text: string): string {
  return text.replace(/[\u06F0-\u06F9\u0660-\u0669]/gu, (d) => {
    const c = d.charCodeAt(0);
    return String(c >= EXTENDED_ZERO ? c - EXTENDED_ZERO : c - ARABIC_ZERO);
  });
}

const EXTENDED_DIGITS = '۰۱۲۳۴۵۶۷۸۹';

/** ASCII digits written in the script of the language: Extended Arabic-Indic for Dari and Pashto. */
export function localDigits(text: string | number, lang: string): string {
  const s = String(text);
  if (lang === 'en') return s;
  return s.replace(/[0-9]/g, (d) => EXTENDED_DIGITS[Number(d)]!).replace(/\./g, '٫');
}

/**
 * A decimal number typed by a person, in any of the digit scripts above, with «٫» or «.»
 * as the decimal point, «٬» or spaces between groups of thousands, and an optional
 * leading sign. Returns undefined when the text is not such a number. A Latin comma is
 * refused, never guessed: «1,5» could mean 15 or 1.5.
 */
export function parseTypedNumber(text: string): number | undefined {
  const s = toAsciiDigits(text.normalize('NFKC'))
    .trim()
    .replace(/[\u066C\u00A0\u202F ]/gu, '') // thousands separators and spaces
    .replace(/\u066B/gu, '.') // Arabic decimal separator
    .replace(/^[\u2212\u2013]/u, '-'); // minus sign or en dash typed for minus
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}
