// What a page shows until its data has come: the wait, or why it did not come —
// with a way to ask again when asking again can help (no connection, a server
// error), which on a slow or cut connection is the usual case.
import { ApiError } from '../api/client.ts';
import type { Resource } from '../api/hooks.ts';
import { t } from '../i18n/index.ts';
import { ErrorMessage } from './error-message.tsx';

const worthRetrying = (e: unknown) => !(e instanceof ApiError) || e.status === 0 || e.status >= 500;

export function Pending({ resource }: { resource: Pick<Resource<unknown>, 'error' | 'reload'> }) {
  if (!resource.error) return <p class="loading">{t('common.loading')}</p>;
  return (
    <>
      <ErrorMessage error={resource.error} />
      {worthRetrying(resource.error) ? (
        <p class="actions">
          <button class="secondary" type="button" onClick={() => void resource.reload()}>
            {t('common.retry')}
          </button>
        </p>
      ) : null}
    </>
  );
}
