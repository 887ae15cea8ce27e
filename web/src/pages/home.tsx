// Home: the conventions and their elections (or one convention).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { Dates, ErrorMessage, StateBadge, Txt } from '../components/common.tsx';
import { t } from '../i18n/index.ts';
import type { Route } from '../router.ts';
import type { Translations } from '../../../src/convention/texts.ts';
import type { ElectionView } from '../../../src/convention/views.ts';

interface ConventionView {
  id: string;
  title: Translations;
  description: Translations;
  elections: ElectionView[];
}

export function ElectionItem({ e }: { e: ElectionView }) {
  return (
    <li class="card">
      <p>
        <StateBadge state={e.state} />
      </p>
      <h3>
        <a href={`/e/${e.uuid}`}>
          <Txt value={e.name} />
        </a>
      </h3>
      <Dates election={e} />
      {e.state === 'open' ? (
        <p>
          <a class="primary" href={`/e/${e.uuid}/vote`}>
            {t('home.vote')}
          </a>
        </p>
      ) : null}
    </li>
  );
}

export default function Home({ route }: { route: Route }) {
  const [conventions, setConventions] = useState<ConventionView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const path = route.page === 'convention' ? `/conventions/${encodeURIComponent(route.id)}` : '/conventions';
    api<ConventionView | ConventionView[]>(path)
      .then((r) => setConventions(Array.isArray(r) ? r : [r]))
      .catch(setError);
  }, [route]);
  return (
    <div>
      <h1>{t('home.title')}</h1>
      <p>{t('home.intro')}</p>
      <ErrorMessage error={error} />
      {conventions === null && !error ? <p class="loading">{t('common.loading')}</p> : null}
      {conventions?.length === 0 ? <p class="muted">{t('home.empty')}</p> : null}
      {conventions?.map((c) => (
        <section key={c.id}>
          <h2>
            <a href={`/c/${c.id}`}>
              <Txt value={c.title} />
            </a>
          </h2>
          <Txt value={c.description} block />
          {c.elections.length === 0 ? <p class="muted">{t('home.noElections')}</p> : null}
          <ul class="plain">
            {c.elections.map((e) => (
              <ElectionItem key={e.uuid} e={e} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
