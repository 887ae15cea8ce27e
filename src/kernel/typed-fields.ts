// Lists typed or saved on a Dari, Pashto or Arabic keyboard: such a keyboard gives
// «،» (Arabic comma, U+060C) where a Latin one gives «,», and «؛» (Arabic semicolon,
// U+061B) for «;»; spreadsheets set to those languages write them as the separator of
// a CSV line. A line of "fields separated by commas" is read with either, and whole
// numbers in Persian or Arabic-Indic digits (src/kernel/digits.ts) are read too, so
// that a line is never taken as one field and its number never silently lost.
import { toAsciiDigits } from './digits.ts';

/** The separators read as a comma between fields: «,», «،» and «؛». */
export const FIELD_SEPARATORS = /[,\u060C\u061B]/u;

/** The fields of a line separated by «,», «،» or «؛», each trimmed. */
export function splitTypedFields(line: string): string[] {
  return line.split(FIELD_SEPARATORS).map((f) => f.trim());
}

/**
 * A whole number ≥ 0 as typed: ASCII, Persian or Arabic-Indic digits, surrounding
 * spaces allowed, nothing else (no sign, no decimal point, no grouping). The ASCII
 * digits, without leading zeros; undefined when the text is not such a number.
 */
export function typedWholeNumber(text: string): string | undefined {
  const s = toAsciiDigits(text.normalize('NFKC')).trim();
  if (!/^[0-9]+$/.test(s)) return undefined;
  return s.replace(/^0+(?=\d)/, '');
}
