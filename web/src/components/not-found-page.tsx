import { t } from '../i18n/index.ts';

export default function NotFound() {
  return (
    <div>
      <h1>{t('notFound.title')}</h1>
      <p>
        <a href="/">{t('notFound.home')}</a>
      </p>
    </div>
  );
}
