// Home: the conventions and their elections (or one convention), and the way to
// the monitor and the sanctions pages.
import { z } from 'zod';
import { api } from '../../api/client.ts';
import { useResource } from '../../api/hooks.ts';
import { zConventionView, type ConventionView, type ElectionView } from '../../api/elections.ts';
import { zConversationSummary } from '../../api/conversations.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { Txt } from '../../components/text.tsx';
import { ConversationState, countsText } from '../deliberation/statements.tsx';
import { Dates, StateBadge } from '../elections/election-parts.tsx';
import { t } from '../../i18n/index.ts';
import type { Route } from '../../router.ts';

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

/** The conversations of a convention, where participants write and vote on statements. */
function Conversations({ conventionId }: { conventionId: string }) {
  // a server without deliberation (or a failure here) leaves the votes shown as they are
  const { data: list } = useResource(() => api(`/conventions/${encodeURIComponent(conventionId)}/conversations`, z.array(zConversationSummary)), [conventionId]);
  if (!list || list.length === 0) return null;
  return (
    <>
      <h3>{t('home.conversations')}</h3>
      <ul class="plain" data-testid="conversations">
        {list.map((c) => (
          <li key={c.id} class="card">
            <p>
              <ConversationState state={c.state} />
            </p>
            <h4>
              <a href={`/d/${encodeURIComponent(c.id)}`}>
                <Txt value={c.topic} />
              </a>
            </h4>
            <p class="muted small">{countsText(c.counts)}</p>
            <p class="actions">
              {c.state === 'open' ? (
                <a class="primary" href={`/d/${encodeURIComponent(c.id)}`}>
                  {t('talk.join')}
                </a>
              ) : null}
              <a class="secondary" href={`/d/${encodeURIComponent(c.id)}/report`}>
                {t('talk.seeReport')}
              </a>
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}

function loadConventions(route: Route): Promise<ConventionView[]> {
  if (route.page === 'convention') return api(`/conventions/${encodeURIComponent(route.id)}`, zConventionView).then((c) => [c]);
  return api('/conventions', z.array(zConventionView));
}

export default function Home({ route }: { route: Route }) {
  const { data: conventions, error, loading } = useResource(() => loadConventions(route), [route]);
  return (
    <div>
      <h1>{t('home.title')}</h1>
      <p>{t('home.intro')}</p>
      <p class="notice monitor-home" data-testid="monitor-home-link">
        <a href="/monitor">{t('monitor.homeLink')}</a> — {t('monitor.homeIntro')}
      </p>
      <p class="notice" data-testid="sanctions-home-link">
        <a href="/sanctions">{t('sanctions.homeLink')}</a> — {t('sanctions.homeIntro')}
      </p>
      <ErrorMessage error={error} />
      {loading ? <p class="loading">{t('common.loading')}</p> : null}
      {conventions?.length === 0 ? <p class="muted">{t('home.empty')}</p> : null}
      {conventions?.map((c) => (
        <section key={c.id}>
          <h2>
            <a href={`/c/${c.id}`}>
              <Txt value={c.title} />
            </a>
          </h2>
          <Txt value={c.description} block />
          <p>
            <a href={`/c/${encodeURIComponent(c.id)}/inclusion`}>{t('incl.link')}</a>
          </p>
          {c.elections.length === 0 ? <p class="muted">{t('home.noElections')}</p> : null}
          <ul class="plain">
            {c.elections.map((e) => (
              <ElectionItem key={e.uuid} e={e} />
            ))}
          </ul>
          <Conversations conventionId={c.id} />
        </section>
      ))}
    </div>
  );
}
