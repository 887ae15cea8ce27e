// One election, for its organiser: edit the draft, invite the credential
// authority and trustees, watch their progress, open and close voting.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { useAction } from '../../api/hooks.ts';
import { zCloseAnswer, zShufflerSkipped, zCredentialReplacement, zManagedElection, zReissuedLink, zSetupLinks, type ManagedElection, type ReissuedLink } from '../../api/organiser.ts';
import { zOk } from '../../api/common.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { Pending } from '../../components/pending.tsx';
import { Txt } from '../../components/text.tsx';
import { formatDate, formatNumber, t, tn, type Key } from '../../i18n/index.ts';
import type { Route } from '../../router.ts';
import { Login } from '../organiser/login.tsx';
import { useSessionResource } from '../organiser/session.ts';
import { DraftEditor, editableFrom } from './draft-editor.tsx';
import { DraftQuestions } from './draft-questions.tsx';
import { Dates, ResultBars, StateBadge } from './election-parts.tsx';
import { MissingTranslations, mayFreeze } from './missing-translations.tsx';
import { ExtendVoting } from './extend-voting.tsx';
import { ScheduleChanges } from './schedule-changes.tsx';

function CopyLink({ label, url, testId }: { label: string; url: string; testId: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="card">
      <p class="field-title">{label}</p>
      <p class="mono small" data-testid={testId}>
        {url}
      </p>
      <button
        class="secondary"
        type="button"
        onClick={async () => {
          await navigator.clipboard.writeText(url).catch(() => undefined);
          setCopied(true);
        }}
      >
        {copied ? t('manage.copied') : t('manage.copy')}
      </button>
    </div>
  );
}

const yes = (b: boolean) => (b ? '✓' : '—');

const linkUrl = (link: ReissuedLink) => `${location.origin}/${link.role === 'trustee' ? 'trustee' : 'credential-authority'}#${link.token}`;
const whoOf = (role: string | null, trustee: number | null) => (role === 'trustee' ? t('manage.trusteeLink', { n: trustee ?? 0 }) : t('manage.caLink'));
/** A fingerprint inside a sentence: isolated, so that a right-to-left sentence keeps it whole and in its place. */
const isolate = (text: string | null) => (text === null ? '' : `\u2068${text}\u2069`);
const validity = (expiresAt: string | null) => (expiresAt ? t('manage.linkValidUntil', { date: formatDate(expiresAt) }) : t('manage.linkNone'));

type SetupEvent = ManagedElection['setup']['history'][number];
const EVENT_TEXTS: Record<SetupEvent['event'], Key> = {
  'link-reissued': 'manage.historyLinkReissued',
  'credentials-sent': 'manage.historyCredentialsSent',
  'credentials-replacement-allowed': 'manage.historyReplacementAllowed',
  'credentials-replaced': 'manage.historyReplaced',
  'shuffle-skipped': 'manage.historyShuffleSkipped',
};

/** Each person's link: until when it works, and the organiser's "revoke and issue a new link". */
function Links({ election, busy, onReissue, onAllowReplacement }: { election: ManagedElection; busy: boolean; onReissue: (role: 'trustee' | 'credential-authority', trustee?: number) => void; onAllowReplacement: () => void }) {
  const s = election.setup;
  const inSetup = election.state === 'setup';
  return (
    <section>
      <h2>{t('manage.linksSection')}</h2>
      <p class="muted small">{t('manage.linksExplain')}</p>
      <ul class="plain">
        {s.trustees.map((x) => (
          <li key={x.index} data-testid={`link-row-trustee-${x.index}`}>
            {t('manage.trusteeLink', { n: x.index })}: {validity(x.linkExpiresAt)}{' '}
            <button class="secondary" type="button" disabled={busy} onClick={() => onReissue('trustee', x.index)}>
              {t('manage.reissue')}
            </button>
          </li>
        ))}
        {inSetup ? (
          <li data-testid="link-row-ca">
            {t('manage.caLink')}: {validity(s.credentialAuthority.linkExpiresAt)}{' '}
            <button class="secondary" type="button" disabled={busy} onClick={() => onReissue('credential-authority')}>
              {t('manage.reissue')}
            </button>
          </li>
        ) : null}
      </ul>
      {inSetup && s.credentialAuthority.uploaded ? (
        s.credentialAuthority.replacementAllowed ? (
          <p class="notice">{t('manage.replacementAllowed')}</p>
        ) : (
          <div class="actions">
            <button class="secondary" type="button" disabled={busy} onClick={onAllowReplacement}>
              {t('manage.allowReplacement')}
            </button>
          </div>
        )
      ) : null}
      {s.history.length > 0 ? (
        <>
          <h3>{t('manage.historyTitle')}</h3>
          <ul class="small wrap-anywhere" data-testid="setup-history">
            {s.history.map((h, i) => (
              <li key={i}>
                {formatDate(h.at)}: {t(EVENT_TEXTS[h.event], { who: whoOf(h.role, h.trustee), fingerprint: isolate(h.fingerprint), previous: isolate(h.previousFingerprint) })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

export default function ManageElection({ route }: { route: Route }) {
  const uuid = route.page === 'organiser-election' ? route.uuid : '';
  // while the vote is being closed (a job on the server, minutes for a large election), look more often
  const [closing, setClosing] = useState(false);
  const resource = useSessionResource(() => api(`/organiser/elections/${encodeURIComponent(uuid)}`, zManagedElection), [uuid], closing ? 2000 : 8000);
  const data = resource.data;
  useEffect(() => {
    if (data) setClosing(data.closing);
  }, [data]);
  const [links, setLinks] = useState<{ credentialAuthority: string; trustees: string[] } | null>(null);
  const action = useAction();
  const [allowMissing, setAllowMissing] = useState(false);
  const [reissued, setReissued] = useState<ReissuedLink | null>(null);
  const reissue = (role: 'trustee' | 'credential-authority', trustee?: number) => {
    if (!confirm(t('manage.reissueConfirm'))) return;
    void action.run(async () => {
      setReissued(await api(`/organiser/elections/${uuid}/links`, zReissuedLink, { method: 'POST', body: trustee === undefined ? { role } : { role, trustee } }));
      await resource.reload();
    });
  };
  const allowReplacement = () => {
    if (!confirm(t('manage.allowReplacementConfirm'))) return;
    void action.run(async () => {
      await api(`/organiser/elections/${uuid}/credentials/allow-replacement`, zCredentialReplacement, { method: 'POST' });
      await resource.reload();
    });
  };
  const skipShuffler = (trustee: number) => {
    if (!confirm(t('manage.skipShufflerConfirm', { n: formatNumber(trustee) }))) return;
    void action.run(async () => {
      await api(`/organiser/elections/${uuid}/shuffles/skip`, zShufflerSkipped, { method: 'POST', body: { trustee } });
      await resource.reload();
    });
  };
  const step = (path: 'setup' | 'open' | 'close', confirmText: string) => {
    if (!confirm(confirmText)) return;
    void action.run(async () => {
      if (path === 'setup') setLinks(await api(`/organiser/elections/${uuid}/setup`, zSetupLinks, { method: 'POST', body: { allowMissingTranslations: allowMissing } }));
      else if (path === 'close') {
        // 202: the close goes on in the background; the page says so and looks until it is done
        if ((await api(`/organiser/elections/${uuid}/close`, zCloseAnswer, { method: 'POST' })).state === 'closing') setClosing(true);
      } else await api(`/organiser/elections/${uuid}/${path}`, zOk, { method: 'POST' });
      await resource.reload();
    });
  };
  const busy = action.pending;
  const error = action.error ?? resource.error;
  if (resource.needLogin) return <Login onLogin={resource.reload} />;
  const election = resource.data;
  if (!election) return <Pending resource={resource} />;
  const s = election.setup;
  const threshold = election.draft.trustees.threshold;
  const trusteesReady = s.trustees.every((x) => (threshold === null ? x.key : x.voutput));
  const ready = trusteesReady && s.credentialAuthority.uploaded;
  return (
    <article>
      <p>
        <StateBadge state={election.state} /> <a href={`/e/${uuid}`}>{t('manage.publicPage')}</a>
      </p>
      <h1>
        <Txt value={election.name} />
      </h1>
      <Dates election={election} />
      <ScheduleChanges election={election} />
      <ErrorMessage error={error} />

      {election.state === 'draft' ? (
        <section>
          <h2>{t('manage.editDraft')}</h2>
          <DraftEditor
            initial={editableFrom(election.draft)}
            saveLabel={t('manage.saveDraft')}
            onSave={(draft) =>
              action.run(async () => {
                await api(`/organiser/elections/${uuid}/draft`, zOk, { method: 'PUT', body: draft });
                await resource.reload();
              })
            }
          />
          <h2>{t('manage.setupTitle')}</h2>
          <p>{t('manage.setupExplain')}</p>
          <h3>{t('summary.title')}</h3>
          <DraftQuestions draft={election.draft} />
          <MissingTranslations draft={election.draft} allowed={allowMissing} onAllow={setAllowMissing} />
          <div class="actions">
            <button class="primary" type="button" disabled={busy || !mayFreeze(election.draft, allowMissing)} onClick={() => step('setup', t('manage.setupConfirm'))}>
              {t('manage.startSetup')}
            </button>
          </div>
        </section>
      ) : null}

      {links ? (
        <section>
          <h2>{t('manage.linksTitle')}</h2>
          <p class="notice">{t('manage.linksWarning')}</p>
          <CopyLink label={t('manage.caLink')} testId="ca-link" url={`${location.origin}/credential-authority#${links.credentialAuthority}`} />
          {links.trustees.map((token, i) => (
            <CopyLink key={token} label={t('manage.trusteeLink', { n: i + 1 })} testId={`trustee-link-${i + 1}`} url={`${location.origin}/trustee#${token}`} />
          ))}
        </section>
      ) : null}

      {reissued ? (
        <section>
          <h2>{t('manage.newLinkTitle')}</h2>
          <p class="notice">{t('manage.newLinkWarning')}</p>
          <CopyLink label={whoOf(reissued.role, reissued.trustee)} testId="reissued-link" url={linkUrl(reissued)} />
        </section>
      ) : null}

      {election.state === 'setup' ? (
        <section>
          <h2>{t('summary.frozenTitle')}</h2>
          <DraftQuestions draft={election.draft} />
          <h2>{t('manage.progress')}</h2>
          {/* five columns do not fit a phone: the table scrolls on its own, not the page */}
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th>{t('manage.trustee')}</th>
                  <th>{t('manage.opened')}</th>
                  {threshold === null ? (
                    <th>{t('manage.key')}</th>
                  ) : (
                    <>
                      <th>{t('manage.certificate')}</th>
                      <th>{t('manage.polynomial')}</th>
                      <th>{t('manage.keyOutput')}</th>
                    </>
                  )}
                </tr>
              </thead>
              <tbody>
                {s.trustees.map((x) => (
                  <tr key={x.index}>
                    <td>{formatNumber(x.index)}</td>
                    <td>{yes(x.opened)}</td>
                    {threshold === null ? (
                      <td>{yes(x.key)}</td>
                    ) : (
                      <>
                        <td>{yes(x.certificate)}</td>
                        <td>{yes(x.polynomial)}</td>
                        <td>{yes(x.voutput)}</td>
                      </>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            {t('manage.credentialAuthority')}: {s.credentialAuthority.uploaded ? tn('manage.credentialsUploaded', election.counts.credentials) : s.credentialAuthority.opened ? t('manage.caOpened') : t('manage.caWaiting')}
          </p>
          {election.credentialsFingerprint ? (
            <p class="small">
              {t('election.credentialsFingerprint')} <span class="mono">{election.credentialsFingerprint}</span>
            </p>
          ) : null}
          <div class="actions">
            <button class="primary" type="button" disabled={!ready || busy} onClick={() => step('open', t('manage.openConfirm'))}>
              {t('manage.open')}
            </button>
          </div>
          {!ready ? <p class="muted small">{t('manage.openWhenReady')}</p> : null}
        </section>
      ) : null}

      {election.closeFailures ? (
        // the close (asked or scheduled) keeps failing: said, not "closing" for ever; the server retries by itself
        <p class="notice error" role="alert" data-testid="close-failed">
          {t('manage.closeFailed', { attempts: formatNumber(election.closeFailures.attempts), time: formatDate(election.closeFailures.lastFailedAt) })}
        </p>
      ) : null}
      {election.state === 'open' ? (
        <section>
          <p>{t('election.counts', { ballots: tn('election.ballots', election.counts.ballots), voters: tn('election.voters', election.counts.voters), credentials: tn('election.credentials', election.counts.credentials) })}</p>
          {closing || election.closing ? (
            <p class="notice" role="status" data-testid="closing">
              {t('manage.closing')}
            </p>
          ) : (
            <>
              <div class="actions">
                <button class="danger" type="button" disabled={busy} onClick={() => step('close', t('manage.closeConfirm'))}>
                  {t('manage.close')}
                </button>
              </div>
              <ExtendVoting uuid={uuid} closesAt={election.closesAt} onExtended={resource.reload} />
            </>
          )}
        </section>
      ) : null}

      {election.state === 'closed' && election.closing ? (
        // voting has ended and the server is shuffling the ranked and graded answers (a worker thread on the server)
        <section>
          <p class="notice" role="status" data-testid="closing">
            {t('manage.closing')}
          </p>
        </section>
      ) : null}
      {election.state === 'closed' && election.shuffles.length > 0 ? (
        <div class="notice" data-testid="shuffle-progress">
          <p>{t('manage.shuffling')}</p>
          {s.shuffleTurn !== null ? (
            <>
              <p>{t('manage.shuffleTurn', { done: formatNumber(election.shuffles.length), n: formatNumber(s.shuffleTurn) })}</p>
              <p class="muted small">{t('manage.skipShufflerExplain')}</p>
              <div class="actions">
                <button class="secondary" type="button" disabled={busy} onClick={() => skipShuffler(s.shuffleTurn!)}>
                  {t('manage.skipShuffler', { n: formatNumber(s.shuffleTurn) })}
                </button>
              </div>
            </>
          ) : null}
        </div>
      ) : null}
      {election.state === 'tallied' ? (
        <div class="notice">
          <p>{t('manage.tallied')}</p>
          <p>{t('manage.decryptions', { done: s.decryptions, needed: threshold ?? election.draft.trustees.count })}</p>
        </div>
      ) : null}
      {['setup', 'open', 'closed', 'tallied'].includes(election.state) ? <Links election={election} busy={busy} onReissue={reissue} onAllowReplacement={allowReplacement} /> : null}
      {election.state === 'published' ? (
        <section>
          <h2>{t('election.result')}</h2>
          <ResultBars election={election} />
        </section>
      ) : null}
    </article>
  );
}
