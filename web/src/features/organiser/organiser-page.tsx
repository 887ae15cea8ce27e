// Organisers: log in, create conventions and their elections; each convention's
// conversations and inclusion settings; the way to the monitor; new accounts.
import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { useAction } from '../../api/hooks.ts';
import { zConventions, zCreatedConvention, zCreatedElection, zSession } from '../../api/organiser.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { Pending } from '../../components/pending.tsx';
import { Txt } from '../../components/text.tsx';
import { TranslatedFields } from '../../components/translated-fields.tsx';
import { DraftEditor, emptyDraft } from '../elections/draft-editor.tsx';
import { StateBadge } from '../elections/election-parts.tsx';
import { OrganiserConversations } from '../deliberation/organiser-conversations.tsx';
import { OrganiserInclusion } from '../inclusion/organiser-inclusion.tsx';
import { t } from '../../i18n/index.ts';
import { navigate } from '../../router.ts';
import { MonitorLink, NewAccount } from './accounts.tsx';
import { Login, LogoutButton } from './login.tsx';
import { useSessionResource } from './session.ts';
import type { Translations } from '../../../../src/kernel/texts.ts';

function NewConvention({ onCreated }: { onCreated: () => unknown }) {
  const [title, setTitle] = useState<Translations>({});
  const [description, setDescription] = useState<Translations>({});
  const create = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    void create.run(async () => {
      await api('/organiser/conventions', zCreatedConvention, { method: 'POST', body: { title, description } });
      setTitle({});
      setDescription({});
      onCreated();
    });
  };
  return (
    <form onSubmit={submit} class="card">
      <h2>{t('organiser.newConvention')}</h2>
      <TranslatedFields prefix="ct" label={t('organiser.conventionTitle')} value={title} onChange={setTitle} />
      <TranslatedFields prefix="cd" label={t('organiser.conventionDescription')} value={description} onChange={setDescription} multiline />
      <ErrorMessage error={create.error} />
      <div class="actions">
        <button class="primary" type="submit">
          {t('organiser.createConvention')}
        </button>
      </div>
    </form>
  );
}

/** Who is logged in, and (for organisers) the conventions with their elections, drafts included. */
async function loadWorkspace() {
  const session = await api('/session', zSession);
  // editors and reviewers work on the accountability monitor only (the conventions API refuses them)
  const conventions = session.role === 'organiser' ? await api('/organiser/conventions', zConventions) : [];
  return { role: session.role, conventions };
}

export default function OrganiserPage() {
  const workspace = useSessionResource(loadWorkspace, [], null);
  const [loggedOut, setLoggedOut] = useState(false);
  const [creatingIn, setCreatingIn] = useState<string | null>(null);
  const action = useAction<{ uuid: string }>();
  if (workspace.needLogin || loggedOut)
    return (
      <Login
        onLogin={async () => {
          await workspace.reload();
          setLoggedOut(false);
        }}
      />
    );
  if (!workspace.data) return <Pending resource={workspace} />;
  const { role, conventions } = workspace.data;
  if (role !== 'organiser') return <MonitorLink role={role} onLogout={() => setLoggedOut(true)} />;
  return (
    <div>
      <h1>{t('organiser.title')}</h1>
      <div class="actions">
        <LogoutButton onLogout={() => setLoggedOut(true)} />
      </div>
      <ErrorMessage error={action.error ?? workspace.error} />
      {conventions.map((c) => (
        <section key={c.id} class="card">
          <h2>
            <Txt value={c.title} />
          </h2>
          <ul class="plain">
            {c.elections.map((e) => (
              <li key={e.uuid}>
                <StateBadge state={e.state} />{' '}
                <a href={`/organiser/e/${e.uuid}`}>
                  <Txt value={e.name} />
                </a>
              </li>
            ))}
          </ul>
          {creatingIn === c.id ? (
            <DraftEditor
              initial={emptyDraft()}
              saveLabel={t('organiser.createElection')}
              onSave={(draft) =>
                action
                  .run(() => api(`/organiser/conventions/${c.id}/elections`, zCreatedElection, { method: 'POST', body: draft }))
                  .then((created) => created && navigate(`/organiser/e/${created.uuid}`))
              }
            />
          ) : (
            <div class="actions">
              <button class="secondary" type="button" onClick={() => setCreatingIn(c.id)}>
                {t('organiser.newElection')}
              </button>
            </div>
          )}
          <OrganiserConversations conventionId={c.id} />
          <OrganiserInclusion conventionId={c.id} />
        </section>
      ))}
      <NewConvention onCreated={workspace.reload} />
      <MonitorLink role="organiser" />
      <NewAccount />
    </div>
  );
}
