// A whole number in the draft editor (choices, trustees, threshold), typed in any
// digits: a Dari or Pashto keyboard types ۰–۹, which Chromium's type="number" would
// empty without a word. Shown in the page's digits; what cannot be read is said
// beside the field and passed on as NaN, so the draft is refused until it is corrected.
import { useEffect, useState } from 'preact/hooks';
import { currentLanguage, t } from '../../i18n/index.ts';
import { localDigits } from '../../../../src/kernel/digits.ts';
import { typedWholeNumber } from '../../../../src/kernel/typed-fields.ts';

export function WholeNumberInput({ id, value, onValue, optional }: { id: string; value: number | null; onValue: (n: number | null) => void; optional?: boolean }) {
  const shown = (n: number | null) => (n === null || Number.isNaN(n) ? '' : localDigits(String(n), currentLanguage()));
  const [text, setText] = useState(shown(value));
  // changed from outside (another field, a loaded draft): show it
  useEffect(() => {
    if (Number.isNaN(value)) return; // what is typed cannot be read: keep it on screen, with its message
    const typed = typedWholeNumber(text);
    const current = text.trim() === '' ? null : typed === undefined ? Number.NaN : Number(typed);
    if (current !== value) setText(shown(value));
  }, [value]);
  // in the page's digits when the language changes
  const language = currentLanguage();
  useEffect(() => {
    if (!Number.isNaN(value)) setText(shown(value));
  }, [language]);
  const typed = typedWholeNumber(text);
  const bad = text.trim() !== '' && typed === undefined;
  const missing = text.trim() === '' && !optional;
  return (
    <>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        dir="ltr"
        size={4}
        value={text}
        aria-invalid={bad || missing ? 'true' : undefined}
        aria-describedby={bad ? `${id}-error` : undefined}
        onInput={(e) => {
          const next = (e.target as HTMLInputElement).value;
          setText(next);
          const n = typedWholeNumber(next);
          onValue(next.trim() === '' ? (optional ? null : Number.NaN) : n === undefined ? Number.NaN : Number(n));
        }}
      />
      {bad ? (
        <span class="error small" id={`${id}-error`} role="alert">
          {' '}
          {t('draft.notWholeNumber', { value: text.trim() })}
        </span>
      ) : null}
    </>
  );
}
