// A text written in up to three languages, shown in the reader's language.
import { currentLanguage, t } from '../i18n/index.ts';
import type { Translations } from '../../../src/kernel/texts.ts';

type Text = Translations & { raw?: string | undefined };
const ORDER = ['en', 'fa-AF', 'ps-AF'] as const;

/** A text in the reader's language when it exists, marked when it is shown in another. */
export function Txt({ value, block }: { value: Text; block?: boolean }) {
  const language = currentLanguage();
  let text = value.raw;
  let lang: string | undefined;
  if (text === undefined) {
    const l = value[language] !== undefined ? language : ORDER.find((x) => value[x] !== undefined);
    text = l ? value[l] : '';
    lang = l;
  }
  const Tag = block ? 'p' : 'span';
  return (
    <Tag lang={lang} dir="auto">
      {text}
      {lang && lang !== language ? <span class="muted small"> ({t('common.notTranslated')})</span> : null}
    </Tag>
  );
}

export function textOf(value: Text): string {
  const language = currentLanguage();
  return value.raw ?? value[language] ?? value.en ?? value['fa-AF'] ?? value['ps-AF'] ?? '';
}
