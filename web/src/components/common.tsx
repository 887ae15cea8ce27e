// Small pieces every page uses: translated texts, states, dates, errors, results.
import type { ComponentChildren } from 'preact';
import { ApiError } from '../api.ts';
import { currentLanguage, formatDate, formatNumber, formatPercent, LANGUAGE_NAMES, LANGUAGES, t, type Key } from '../i18n/index.ts';
import type { Translations } from '../../../src/kernel/texts.ts';
import type { ElectionView } from '../../../src/services/elections/views.ts';

type Text = Translations & { raw?: string };
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

const STATE_KEYS: Record<ElectionView['state'], Key> = {
  draft: 'state.draft',
  setup: 'state.setup',
  open: 'state.open',
  closed: 'state.closed',
  tallied: 'state.tallied',
  published: 'state.published',
};

export function StateBadge({ state }: { state: ElectionView['state'] }) {
  return <span class={`badge ${state}`}>{t(STATE_KEYS[state])}</span>;
}

export function Dates({ election }: { election: Pick<ElectionView, 'opensAt' | 'closesAt'> }) {
  if (!election.opensAt && !election.closesAt) return null;
  return (
    <p class="muted small">
      {election.opensAt ? <span>{t('election.opens', { date: formatDate(election.opensAt) })} </span> : null}
      {election.closesAt ? <span>{t('election.closes', { date: formatDate(election.closesAt) })}</span> : null}
    </p>
  );
}

const ERROR_KEYS: Record<string, Key> = {
  network: 'error.network',
  'voting-closed': 'error.votingClosed',
  'voting-not-started': 'error.votingNotStarted',
  'unknown-credential': 'error.unknownCredential',
  'replayed-ballot': 'error.replayedBallot',
  'invalid-ballot': 'error.invalidBallot',
  'malformed-ballot': 'error.invalidBallot',
};

/** An error in the reader's language; the server's own words follow for details. */
export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  if (error instanceof ApiError) {
    const key = error.code ? ERROR_KEYS[error.code] : undefined;
    const general: Key = error.status === 404 ? 'error.notFound' : error.status === 401 ? 'error.login' : error.status === 403 ? 'error.forbidden' : error.status === 409 ? 'error.conflict' : 'error.refused';
    return (
      <div class="failure" role="alert">
        <p class="error">{t(key ?? general)}</p>
        {error.code !== 'network' ? (
          <p class="small muted" lang="en" dir="ltr">
            {error.message}
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <div class="failure" role="alert">
      <p class="error">{t('error.unexpected')}</p>
      <p class="small muted" lang="en" dir="ltr">
        {error instanceof Error ? error.message : String(error)}
      </p>
    </div>
  );
}

/** Counts per answer as bars; blank votes shown apart. */
export function ResultBars({ election }: { election: ElectionView }) {
  if (!election.result) return null;
  return (
    <div>
      {election.questions.map((q, i) => {
        const counts = election.result![i]!.map((x) => Number(x));
        const offset = q.blank ? 1 : 0;
        const total = counts.slice(offset).reduce((a, b) => a + b, 0);
        return (
          <section class="card" key={i}>
            <h3>
              <Txt value={q.question} />
            </h3>
            {q.answers.map((a, j) => {
              const n = counts[j + offset]!;
              const share = total > 0 ? n / total : 0;
              return (
                <div class="bar-row" key={j}>
                  <div class="bar-label">
                    <Txt value={a} />
                    <span>
                      {formatNumber(n)} · {formatPercent(share)}
                    </span>
                  </div>
                  <div class="bar" role="img" aria-label={`${formatNumber(n)} (${formatPercent(share)})`}>
                    <span style={{ width: `${(share * 100).toFixed(1)}%` }} />
                  </div>
                </div>
              );
            })}
            {q.blank ? <p class="muted small">{t('result.blank', { n: counts[0]! })}</p> : null}
          </section>
        );
      })}
    </div>
  );
}

export function Section({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** Offer text as a file to save, without sending it anywhere. */
export function downloadText(name: string, content: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([content], { type: `${type};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function readFileText(file: File): Promise<string> {
  return file.text();
}

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
