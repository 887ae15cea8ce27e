// Before freezing: the draft's texts that are not in all three languages (the same
// check as the server's, src/api/election-draft.ts). Freezing such a draft shows Dari or
// Pashto voters another language's words, so the server refuses it unless the organiser
// ticks the box here (sent as { allowMissingTranslations: true }).
import { missingTranslations, type MissingTranslation } from '../../../../src/api/election-draft.ts';
import type { Language } from '../../../../src/kernel/texts.ts';
import { t, type Key } from '../../i18n/index.ts';

const LANGUAGE_KEYS: Record<Language, Key> = { en: 'freeze.langEn', 'fa-AF': 'freeze.langFa', 'ps-AF': 'freeze.langPs' };

function whereOf(m: MissingTranslation): string {
  if (m.text === 'name') return t('draft.name');
  if (m.text === 'description') return t('draft.description');
  if (m.text === 'question') return t('draft.questionText', { n: m.question ?? 0 });
  if (m.text === 'grade') return t('freeze.gradeOf', { q: m.question ?? 0, g: m.grade ?? 0 });
  return t('freeze.answerOf', { q: m.question ?? 0, a: m.answer ?? 0 });
}

export function MissingTranslations({ draft, allowed, onAllow }: { draft: Parameters<typeof missingTranslations>[0]; allowed: boolean; onAllow: (allowed: boolean) => void }) {
  const missing = missingTranslations(draft);
  if (missing.length === 0) return null;
  return (
    <div class="notice" data-testid="missing-translations">
      <p>
        <strong>{t('freeze.missingTitle')}</strong>
      </p>
      <p>{t('freeze.missingExplain')}</p>
      <ul>
        {missing.map((m) => (
          <li key={`${m.text}-${m.question ?? 0}-${m.answer ?? 0}-${m.grade ?? 0}`}>
            {whereOf(m)}: {t('freeze.missingIn', { languages: m.missing.map((l) => t(LANGUAGE_KEYS[l])).join(t('freeze.listSeparator')) })}
          </li>
        ))}
      </ul>
      <label class="choice">
        <input id="freeze-anyway" type="checkbox" checked={allowed} onChange={(e) => onAllow((e.target as HTMLInputElement).checked)} />
        <span>{t('freeze.allow')}</span>
      </label>
    </div>
  );
}

/** Whether the draft may be frozen as it is: every text in three languages, or the organiser allowed it. */
export const mayFreeze = (draft: Parameters<typeof missingTranslations>[0], allowed: boolean): boolean => allowed || missingTranslations(draft).length === 0;
