// Numbers typed in the inclusion forms: in any digits a Dari, Pashto or Arabic
// keyboard gives (src/kernel/digits.ts), shown back in the page's digits. The inputs
// are type="text" inputmode="decimal": Chromium's type="number" empties a field typed
// in Persian digits («۳۵» becomes ""), so the number would be lost without a word.
import { currentLanguage, t } from '../../i18n/index.ts';
import { localDigits, parseTypedNumber } from '../../../../src/kernel/digits.ts';

/** A number as the page writes it: Persian digits and «٫» in Dari and Pashto. */
export const shownNumber = (n: number): string => localDigits(String(n), currentLanguage());

/**
 * The number typed, or the message (in the page's language) saying why it cannot be
 * read or is out of [min, max]; `whole` refuses a fraction.
 */
export function readTyped(text: string, min: number, max: number, whole = false): { value: number } | { error: string } {
  const n = parseTypedNumber(text);
  if (n === undefined) return { error: t('incl.notANumber', { value: text.trim() }) };
  if (whole && !Number.isInteger(n)) return { error: t('incl.notWhole', { value: text.trim() }) };
  if (n < min || n > max) return { error: t('incl.outOfRange', { value: text.trim(), min: shownNumber(min), max: shownNumber(max) }) };
  return { value: n };
}
