// The "Conversations" part of a convention on the organiser page: the list, a
// form to start a conversation with its starting statements, and the import of a
// conversation exported from Polis (its CSV files, read in this browser).
import { useState } from 'preact/hooks';
import { z } from 'zod';
import { api } from '../../api/client.ts';
import { useAction, useResource } from '../../api/hooks.ts';
import { zCreatedConversation, zOrganiserConversationSummary, zPolisImported } from '../../api/conversations.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { Txt } from '../../components/text.tsx';
import { cleanTranslations as clean, TranslatedFields } from '../../components/translated-fields.tsx';
import { LANGUAGES, t, tn } from '../../i18n/index.ts';
import { navigate } from '../../router.ts';
import type { Translations } from '../../../../src/kernel/texts.ts';
import { ConversationState, countsText } from './statements.tsx';

function NewConversation({ conventionId }: { conventionId: string }) {
  const [topic, setTopic] = useState<Translations>({});
  const [description, setDescription] = useState<Translations>({});
  const [access, setAccess] = useState<'open' | 'code'>('open');
  const [moderation, setModeration] = useState<'strict' | 'loose'>('strict');
  const [seeds, setSeeds] = useState<Translations>({});
  const create = useAction();
  const p = `nd-${conventionId}`;
  const submit = (e: Event) => {
    e.preventDefault();
    void create.run(async () => {
      const seedList = LANGUAGES.flatMap((lang) =>
        (seeds[lang] ?? '')
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean)
          .map((text) => ({ text, lang })),
      );
      const body: Record<string, unknown> = { topic: clean(topic), access, moderation, seeds: seedList };
      if (Object.keys(clean(description)).length > 0) body.description = clean(description);
      const { id } = await api(`/organiser/conventions/${encodeURIComponent(conventionId)}/conversations`, zCreatedConversation, { method: 'POST', body });
      navigate(`/organiser/d/${encodeURIComponent(id)}`);
    });
  };
  return (
    <form class="card" onSubmit={submit} data-testid="new-conversation">
      <h4>{t('orgTalk.new')}</h4>
      <TranslatedFields prefix={`${p}-topic`} label={t('orgTalk.topic')} value={topic} onChange={setTopic} />
      <TranslatedFields prefix={`${p}-description`} label={t('orgTalk.description')} value={description} onChange={setDescription} multiline />
      <fieldset>
        <legend>{t('orgTalk.access')}</legend>
        <label class={access === 'open' ? 'choice selected' : 'choice'}>
          <input type="radio" name={`${p}-access`} value="open" checked={access === 'open'} onChange={() => setAccess('open')} />
          <span>{t('orgTalk.accessOpen')}</span>
        </label>
        <label class={access === 'code' ? 'choice selected' : 'choice'}>
          <input type="radio" name={`${p}-access`} value="code" checked={access === 'code'} onChange={() => setAccess('code')} />
          <span>{t('orgTalk.accessCode')}</span>
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('orgTalk.moderation')}</legend>
        <label class={moderation === 'strict' ? 'choice selected' : 'choice'}>
          <input type="radio" name={`${p}-moderation`} value="strict" checked={moderation === 'strict'} onChange={() => setModeration('strict')} />
          <span>{t('orgTalk.moderationStrict')}</span>
        </label>
        <label class={moderation === 'loose' ? 'choice selected' : 'choice'}>
          <input type="radio" name={`${p}-moderation`} value="loose" checked={moderation === 'loose'} onChange={() => setModeration('loose')} />
          <span>{t('orgTalk.moderationLoose')}</span>
        </label>
      </fieldset>
      <TranslatedFields prefix={`${p}-seeds`} label={t('orgTalk.seeds')} value={seeds} onChange={setSeeds} multiline />
      <p class="muted small">{t('orgTalk.seedsHelp')}</p>
      <ErrorMessage error={create.error} />
      <div class="actions">
        <button class="primary" type="submit" disabled={create.pending}>
          {t('orgTalk.create')}
        </button>
      </div>
    </form>
  );
}

function ImportPolis({ conventionId }: { conventionId: string }) {
  const [topic, setTopic] = useState<Translations>({});
  const [files, setFiles] = useState<{ comments?: File; participantsVotes?: File; votes?: File }>({});
  const [missing, setMissing] = useState(false);
  const importing = useAction<z.infer<typeof zPolisImported>>();
  const p = `im-${conventionId}`;
  const pick = (name: keyof typeof files) => (e: Event) => setFiles({ ...files, [name]: (e.target as HTMLInputElement).files?.[0] });
  const submit = (e: Event) => {
    e.preventDefault();
    const { comments, participantsVotes, votes } = files;
    if (!comments || !participantsVotes) {
      importing.setError(null);
      importing.setResult(undefined);
      setMissing(true);
      return;
    }
    setMissing(false);
    void importing.run(async () => {
      const body: Record<string, unknown> = { topic: clean(topic), comments: await comments.text(), participantsVotes: await participantsVotes.text() };
      if (votes) body.votes = await votes.text();
      return api(`/organiser/conventions/${encodeURIComponent(conventionId)}/conversations/import`, zPolisImported, { method: 'POST', body });
    });
  };
  const done = importing.result;
  const busy = importing.pending;
  return (
    <form class="card" onSubmit={submit} data-testid="import-polis">
      <h4>{t('orgTalk.import')}</h4>
      <p class="small">{t('orgTalk.importExplain')}</p>
      <TranslatedFields prefix={`${p}-topic`} label={t('orgTalk.topic')} value={topic} onChange={setTopic} />
      <label for={`${p}-comments`}>{t('orgTalk.importComments')}</label>
      <input id={`${p}-comments`} type="file" accept=".csv,text/csv" onChange={pick('comments')} />
      <label for={`${p}-pv`}>{t('orgTalk.importParticipants')}</label>
      <input id={`${p}-pv`} type="file" accept=".csv,text/csv" onChange={pick('participantsVotes')} />
      <label for={`${p}-votes`}>{t('orgTalk.importVotes')}</label>
      <input id={`${p}-votes`} type="file" accept=".csv,text/csv" onChange={pick('votes')} />
      {missing ? <p class="error">{t('orgTalk.importMissing')}</p> : null}
      <ErrorMessage error={importing.error} />
      {done ? (
        <p class="success" role="status">
          {t('orgTalk.imported', { statements: tn('orgTalk.importedStatements', done.statements), participants: tn('orgTalk.importedParticipants', done.participants), votes: tn('orgTalk.importedVotes', done.votes) })} <a href={`/organiser/d/${encodeURIComponent(done.id)}`}>{t('orgTalk.manage')}</a>
        </p>
      ) : null}
      <div class="actions">
        <button class="secondary" type="submit" disabled={busy}>
          {busy ? t('orgTalk.importing') : t('orgTalk.importRun')}
        </button>
      </div>
    </form>
  );
}

export function OrganiserConversations({ conventionId }: { conventionId: string }) {
  const { data: list, error } = useResource(() => api(`/organiser/conventions/${encodeURIComponent(conventionId)}/conversations`, z.array(zOrganiserConversationSummary)), [conventionId]);
  const [adding, setAdding] = useState<'new' | 'import' | null>(null);
  return (
    <section class="conversations" data-testid="organiser-conversations">
      <h3>{t('orgTalk.title')}</h3>
      <ErrorMessage error={error} />
      {list?.length === 0 ? <p class="muted small">{t('orgTalk.none')}</p> : null}
      <ul class="plain">
        {list?.map((c) => (
          <li key={c.id} class="list-row">
            <ConversationState state={c.state} />{' '}
            <a href={`/organiser/d/${encodeURIComponent(c.id)}`}>
              <Txt value={c.topic} />
            </a>{' '}
            {c.pending ? <span class="badge pending">{t('orgTalk.pending', { n: c.pending })}</span> : null}
            <span class="muted small"> {countsText(c.counts)}</span>
          </li>
        ))}
      </ul>
      <div class="actions">
        <button class="secondary" type="button" aria-expanded={adding === 'new'} onClick={() => setAdding(adding === 'new' ? null : 'new')}>
          {t('orgTalk.new')}
        </button>
        <button class="secondary" type="button" aria-expanded={adding === 'import'} onClick={() => setAdding(adding === 'import' ? null : 'import')}>
          {t('orgTalk.import')}
        </button>
      </div>
      {adding === 'new' ? <NewConversation conventionId={conventionId} /> : null}
      {adding === 'import' ? <ImportPolis conventionId={conventionId} /> : null}
    </section>
  );
}
