// One setting typed as a number (in any digits), saved when the field is left; a
// number that cannot be read, or is out of range, is refused beside the field.
import { useEffect, useState } from 'preact/hooks';
import { currentLanguage } from '../../i18n/index.ts';
import { readTyped, shownNumber } from './typed-number.ts';

export function NumberField({ id, name, label, value, min, max, whole, onSave }: { id: string; name: string; label: string; value: number; min: number; max: number; whole?: boolean; onSave: (n: number) => void }) {
  const [text, setText] = useState(shownNumber(value));
  const [error, setError] = useState<string | null>(null);
  // the saved value, in the page's digits (again when the language changes)
  useEffect(() => setText(shownNumber(value)), [value, currentLanguage()]);
  const commit = () => {
    const r = readTyped(text, min, max, whole);
    if ('error' in r) return setError(r.error);
    setError(null);
    if (r.value !== value) onSave(r.value);
  };
  return (
    <p>
      <label for={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="text"
        inputMode="decimal"
        dir="ltr"
        size={8}
        value={text}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onInput={(e) => setText((e.target as HTMLInputElement).value)}
        onChange={commit}
      />
      {error ? (
        <span class="error" id={`${id}-error`} role="alert" data-testid="typed-number-error">
          {' '}
          {error}
        </span>
      ) : null}
    </p>
  );
}
