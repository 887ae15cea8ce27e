// The monitor's workspace for editors and reviewers (and organisers): add sources,
// propose claims that cite them, review others' claims (never one's own), retract
// published ones with a reason, see every change, edit the weights and the
// benchmark definitions, import and export. Nothing is kept in the browser.
import { useState } from 'preact/hooks';
import { api } from '../../../api/client.ts';
import { zWork, type Claim } from '../../../api/monitor.ts';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Pending } from '../../../components/pending.tsx';
import { t } from '../../../i18n/index.ts';
import { Login, LogoutButton } from '../../organiser/login.tsx';
import { useSessionResource } from '../../organiser/session.ts';
import { useStateNames } from '../monitor-frame.tsx';
import { SourceList } from '../sources.tsx';
import { WeightsTable } from '../weights.tsx';
import { ClaimForm } from './claim-form.tsx';
import { BenchmarkEditor, WeightsEditor } from './editors.tsx';
import { ImportForm } from './import-form.tsx';
import { ClaimHistory, RetractItem, ReviewItem } from './review.tsx';
import { SourceForm } from './source-form.tsx';

export default function OrganiserMonitorPage() {
  const resource = useSessionResource(() => api('/monitor/work', zWork), [], 15_000);
  const { needLogin, error, reload: load } = resource;
  const names = useStateNames();
  const [editing, setEditing] = useState<Claim | null>(null);
  const [loggedOut, setLoggedOut] = useState(false);
  if (needLogin || loggedOut)
    return (
      <Login
        title={t('monitor.loginTitle')}
        intro={t('monitor.loginIntro')}
        onLogin={async () => {
          setLoggedOut(false);
          await load();
        }}
      />
    );
  const work = resource.data;
  if (!work) return <Pending resource={resource} />;
  const proposed = work.claims.filter((c) => c.status === 'proposed');
  const published = work.claims.filter((c) => c.status === 'published');
  const roleName = t(work.me.role === 'editor' ? 'monitor.role.editor' : work.me.role === 'reviewer' ? 'monitor.role.reviewer' : 'monitor.role.organiser');
  return (
    <div data-testid="organiser-monitor">
      <h1>{t('monitor.workTitle')}</h1>
      <p data-testid="me">
        {t('monitor.loggedInAs', { name: work.me.username, role: roleName })} · <a href="/monitor">{t('monitor.publicPages')}</a>
      </p>
      <p class="muted small">{work.me.canReview ? t('monitor.reviewerIntro') : t('monitor.editorIntro')}</p>
      <div class="actions">
        <LogoutButton onLogout={() => setLoggedOut(true)} />
      </div>
      <ErrorMessage error={error} />
      <div id="m-sources">
        <SourceForm onSaved={load} />
      </div>
      <div id="m-claims">
        <ClaimForm work={work} names={names} editing={editing} onSaved={load} onCancel={() => setEditing(null)} />
      </div>
      <section id="m-queue" data-testid="queue">
        <h2>{t('monitor.queue')}</h2>
        <p class="muted small">{t('monitor.queueIntro')}</p>
        {proposed.length === 0 ? <p class="muted">{t('monitor.queueEmpty')}</p> : null}
        <ul class="plain">
          {proposed.map((c) => (
            <ReviewItem
              key={c.id}
              claim={c}
              work={work}
              names={names}
              onDone={load}
              onEdit={(claim) => {
                setEditing(claim);
                document.getElementById('m-claims')?.scrollIntoView();
              }}
            />
          ))}
        </ul>
      </section>
      <section id="m-published" data-testid="published">
        <h2>{t('monitor.published')}</h2>
        <p class="muted small">{work.me.canReview ? t('monitor.retractIntro') : t('monitor.retractEditors')}</p>
        {published.length === 0 ? <p class="muted">{t('monitor.nothingPublished')}</p> : null}
        <ul class="plain">
          {published.map((c) => (
            <RetractItem key={c.id} claim={c} work={work} names={names} onDone={load} />
          ))}
        </ul>
      </section>
      <section id="m-history" data-testid="all-claims">
        <h2>{t('monitor.history')}</h2>
        <p class="muted small">{t('monitor.historyIntro')}</p>
        <ul class="plain">
          {work.claims.map((c) => (
            <ClaimHistory key={`${c.id}-${c.status}-${c.revision}`} claim={c} names={names} work={work} />
          ))}
        </ul>
      </section>
      <section>
        <h2>{t('monitor.sources')}</h2>
        {work.sources.length === 0 ? <p class="muted">{t('monitor.noSourcesYet')}</p> : null}
        <SourceList ids={work.sources.map((s) => s.id)} sources={work.sources} work />
      </section>
      {work.me.canReview ? (
        <>
          <WeightsEditor weights={work.weights} onSaved={load} />
          <BenchmarkEditor benchmarks={work.benchmarks} onSaved={load} />
        </>
      ) : (
        <section class="card">
          <h2>{t('monitor.weightsTitle')}</h2>
          <WeightsTable weights={work.weights} />
          <p class="muted small">{t('monitor.reviewersOnly')}</p>
        </section>
      )}
      <ImportForm onSaved={load} />
    </div>
  );
}
