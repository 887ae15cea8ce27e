// The organisers' inputs for one text in English, Dari and Pashto.
import { LANGUAGE_NAMES, LANGUAGES } from '../i18n/index.ts';
import type { Translations } from '../../../src/kernel/texts.ts';

/** One text in English, Dari and Pashto: three inputs (or text areas), ids `${prefix}-${language}`. */
export function TranslatedFields({ prefix, label, value, onChange, multiline }: { prefix: string; label: string; value: Translations; onChange: (v: Translations) => void; multiline?: boolean }) {
  return (
    <>
      <p class="field-title">{label}</p>
      <div class="grid3">
        {LANGUAGES.map((l) => (
          <div key={l}>
            <label class="small" for={`${prefix}-${l}`}>
              {LANGUAGE_NAMES[l]}
            </label>
            {multiline ? (
              <textarea id={`${prefix}-${l}`} name={`${prefix}-${l}`} lang={l} dir={l === 'en' ? 'ltr' : 'rtl'} value={value[l] ?? ''} onInput={(e) => onChange({ ...value, [l]: (e.target as HTMLTextAreaElement).value })} />
            ) : (
              <input id={`${prefix}-${l}`} name={`${prefix}-${l}`} type="text" lang={l} dir={l === 'en' ? 'ltr' : 'rtl'} value={value[l] ?? ''} onInput={(e) => onChange({ ...value, [l]: (e.target as HTMLInputElement).value })} />
            )}
          </div>
        ))}
      </div>
    </>
  );
}

/** The languages a text was given in, trimmed; blank ones left out. */
export const cleanTranslations = (v: Translations): Translations =>
  Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x?.trim()]).filter(([, x]) => x)) as Translations;
