// Taking part in a conversation: join (with a participation code where needed),
// then one statement at a time — agree, disagree or pass — and write statements
// of one's own. Statements are always shown as text, never as markup.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api/client.ts';
import { useResource } from '../../api/hooks.ts';
import { zConversationView, zMe, zNext, type Next } from '../../api/conversations.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { Pending } from '../../components/pending.tsx';
import { Txt } from '../../components/text.tsx';
import { t } from '../../i18n/index.ts';
import type { Route } from '../../router.ts';
import { SelfDescription } from '../inclusion/self-description.tsx';
import { JoinForm, Progress, VoteCard, WriteForm } from './participation.tsx';
import { ConversationState, countsText, TalkError } from './statements.tsx';

export default function DeliberationPage({ route }: { route: Route }) {
  const id = route.page === 'deliberation' ? route.id : '';
  const path = `/conversations/${encodeURIComponent(id)}`;
  const resource = useResource(() => api(path, zConversationView), [id]);
  const [joined, setJoined] = useState<boolean | null>(null);
  const [next, setNext] = useState<Next | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [voteError, setVoteError] = useState<unknown>(null);

  const loadNext = async () => {
    try {
      setNext(await api(`${path}/next`, zNext));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setJoined(false);
      else setVoteError(e);
    }
  };
  const loadMe = async () => {
    try {
      await api(`${path}/me`, zMe);
      setJoined(true);
      await loadNext();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setJoined(false);
      else setError(e);
    }
  };
  // once the conversation is known: is this browser a participant already?
  const known = resource.data !== undefined;
  useEffect(() => {
    if (known) void loadMe();
  }, [known]);

  const conversation = resource.data;
  if (!conversation) return <Pending resource={resource} />;
  const reportLink = `/d/${encodeURIComponent(id)}/report`;
  const closed = conversation.state === 'closed';
  return (
    <article class="talk">
      <p class="kicker">
        <span>{t('talk.conversation')}</span> <ConversationState state={conversation.state} />
      </p>
      <h1>
        <Txt value={conversation.topic} />
      </h1>
      {Object.keys(conversation.description ?? {}).length > 0 ? <Txt value={conversation.description} block /> : null}
      <p class="muted small">
        {countsText(conversation.counts)} · <a href={reportLink}>{t('talk.seeReport')}</a>
      </p>
      <ErrorMessage error={error} />

      {closed ? (
        <div class="notice">
          <p>{t('talk.closed')}</p>
          <p>
            <a class="primary" href={reportLink}>
              {t('talk.seeReport')}
            </a>
          </p>
        </div>
      ) : null}

      {!closed && joined === false ? (
        <JoinForm
          conversation={conversation}
          onJoined={() => {
            setJoined(true);
            void loadNext();
            void resource.reload();
          }}
        />
      ) : null}

      {!closed && joined && conversation.conventionId ? <SelfDescription conventionId={conversation.conventionId} conversationId={id} /> : null}
      {!closed && joined && next === null ? <p class="loading">{t('common.loading')}</p> : null}
      {!closed && joined && next ? (
        <>
          <TalkError error={voteError} where="vote" />
          {next.statement ? (
            <VoteCard
              id={id}
              next={next}
              onNext={(n) => {
                setNext(n);
                // all done: show the conversation's counts as they are now
                if (!n.statement) void resource.reload();
              }}
              onError={(e) => {
                setVoteError(e);
                if (e instanceof ApiError && e.code === 'not-joined') setJoined(false);
                else if (e instanceof ApiError && e.code === 'no-such-statement') void loadNext();
                else if (e instanceof ApiError && e.code === 'conversation-closed') resource.setData({ ...conversation, state: 'closed' });
              }}
            />
          ) : (
            <section class="card success" data-testid="all-done">
              <h2>{t('talk.done')}</h2>
              <p>{t('talk.doneMore')}</p>
              <Progress voted={next.voted} total={next.voted + next.remaining} />
              <div class="actions">
                <a class="primary" href={reportLink}>
                  {t('talk.seeReport')}
                </a>
                <button class="secondary" type="button" onClick={loadNext}>
                  {t('talk.checkAgain')}
                </button>
              </div>
            </section>
          )}
          <WriteForm
            id={id}
            onWritten={() => {
              if (!next.statement) void loadNext();
            }}
          />
        </>
      ) : null}
    </article>
  );
}
