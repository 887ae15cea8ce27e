// An error in the reader's language: the server's code picks the sentence, its own
// (English) words follow for details.
import { ApiError, UNEXPECTED_ANSWER } from '../api/client.ts';
import { t, type Key } from '../i18n/index.ts';

const ERROR_KEYS: Record<string, Key> = {
  network: 'error.network',
  [UNEXPECTED_ANSWER]: 'error.unexpected',
  'voting-closed': 'error.votingClosed',
  'voting-not-started': 'error.votingNotStarted',
  'unknown-credential': 'error.unknownCredential',
  'replayed-ballot': 'error.replayedBallot',
  'invalid-ballot': 'error.invalidBallot',
  'malformed-ballot': 'error.invalidBallot',
};

/** The sentence for an answer of the server: by its code, else by its HTTP status. */
export function errorKey(error: ApiError): Key {
  const key = error.code ? ERROR_KEYS[error.code] : undefined;
  if (key) return key;
  return error.status === 404 ? 'error.notFound' : error.status === 401 ? 'error.login' : error.status === 403 ? 'error.forbidden' : error.status === 409 ? 'error.conflict' : 'error.refused';
}

export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  if (error instanceof ApiError) {
    return (
      <div class="failure" role="alert">
        <p class="error">{t(errorKey(error))}</p>
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
