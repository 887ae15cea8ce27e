// An error in the reader's language: the code (the server's, src/kernel/errors.ts, or an
// error of this page that carries one) picks the sentence. The server's own words are
// English: they follow as details for English readers only, never under a Dari or
// Pashto headline.
import { ApiError, UNEXPECTED_ANSWER } from '../api/client.ts';
import { useEffect, useState } from 'preact/hooks';
import { currentLanguage, hasText, loadTexts, t, type Key } from '../i18n/index.ts';
import { errorTextOf } from './error-texts.ts';

/** The sentence for an answer of the server: by its code, else by its HTTP status. */
export function errorKey(error: ApiError): Key {
  return codeKey(error) ?? statusKey(error);
}

function codeKey(error: ApiError): Key | undefined {
  if (error.code === 'network') return 'error.network';
  if (error.code === UNEXPECTED_ANSWER) return 'error.unexpected';
  return errorTextOf(error.code);
}

const statusKey = (error: ApiError): Key =>
  error.status === 404 ? 'error.notFound' : error.status === 401 ? 'error.login' : error.status === 403 ? 'error.forbidden' : error.status === 409 ? 'error.conflict' : 'error.refused';

/** The sentence for `key`: the errors' texts are not on every page (the voting page stays
 * small), so they are fetched when one is first shown, `fallback` meanwhile. */
function useErrorText(key: Key, fallback: Key): string {
  const [, loaded] = useState(0);
  const here = hasText(key);
  useEffect(() => {
    if (!here) void loadTexts(['errors']).then(() => loaded((n) => n + 1), () => undefined);
  }, [here]);
  return t(here ? key : fallback);
}

/** The code an error thrown in this page carries (a JirgaError of the protocol has one). */
const codeOf = (error: unknown): string | undefined => {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
};

/** What the server's error body says beside its code that a person needs, in any language
 * (src/api/contract.ts zErrorBody `params`): how long to wait, which field to correct. */
function ErrorParams({ error }: { error: ApiError }) {
  const params = error.data?.['params'];
  const p = params && typeof params === 'object' ? (params as Record<string, unknown>) : {};
  const retryAfter = typeof p['retryAfter'] === 'number' && p['retryAfter'] > 0 ? p['retryAfter'] : undefined;
  const field = typeof p['field'] === 'string' && p['field'] !== '' ? p['field'] : undefined;
  // (loads the errors' texts when they are not here yet)
  useErrorText('error.waitMinutes', 'error.unexpected');
  if ((retryAfter === undefined && field === undefined) || !hasText('error.waitMinutes')) return null;
  return (
    <>
      {retryAfter !== undefined ? <p data-testid="error-wait">{t('error.waitMinutes', { n: Math.max(1, Math.ceil(retryAfter / 60)) })}</p> : null}
      {field !== undefined ? (
        <p data-testid="error-field">
          {t('error.field')}{' '}
          <code class="mono" dir="ltr">
            {field}
          </code>
        </p>
      ) : null}
    </>
  );
}

/** English details, shown only to English readers. */
export function EnglishDetail({ text }: { text: string }) {
  if (currentLanguage() !== 'en') return null;
  return (
    <p class="small muted" lang="en" dir="ltr">
      {text}
    </p>
  );
}

export function ErrorMessage({ error }: { error: unknown }) {
  const code = error instanceof ApiError ? codeKey(error) : errorTextOf(codeOf(error));
  const fallback = error instanceof ApiError ? statusKey(error) : 'error.unexpected';
  const text = useErrorText(code ?? fallback, fallback);
  if (!error) return null;
  if (error instanceof ApiError) {
    return (
      <div class="failure" role="alert">
        <p class="error">{text}</p>
        <ErrorParams error={error} />
        {error.code !== 'network' ? <EnglishDetail text={error.message} /> : null}
      </div>
    );
  }
  return (
    <div class="failure" role="alert">
      <p class="error">{text}</p>
      <EnglishDetail text={error instanceof Error ? error.message : String(error)} />
    </div>
  );
}
