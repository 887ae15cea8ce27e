// Reviewing claims: approve or reject others' proposed claims (never one's own),
// retract published ones with a reason readers will see, and every claim's history.
import { useState } from 'preact/hooks';
import { api } from '../../../api/client.ts';
import { useAction } from '../../../api/hooks.ts';
import { zClaimAnswer, type Claim, type HistoryEntry, type Work } from '../../../api/monitor.ts';
import { zOk } from '../../../api/common.ts';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { t } from '../../../i18n/index.ts';
import { ClaimStatusBadge, ClaimSummary, HistoryList } from '../claims.tsx';
import { when, type StateNames } from '../names.ts';
import { SourceList } from '../sources.tsx';
import { FormError, value } from './form-parts.tsx';

export function ReviewItem({ claim, work, names, onDone, onEdit }: { claim: Claim; work: Work; names: StateNames; onDone: () => Promise<void>; onEdit: (c: Claim) => void }) {
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const review = useAction();
  const error = review.error;
  const mine = claim.proposedBy === work.me.username || (work.authors[claim.id] ?? []).includes(work.me.username);
  const act = (f: () => Promise<unknown>) =>
    review.run(async () => {
      await f();
      await onDone();
    });
  return (
    <li class="card review-item" data-claim={claim.id} data-testid="queue-item">
      <ClaimSummary claim={claim} names={names} benchmarks={work.benchmarks} />
      <SourceList ids={claim.sources} sources={work.sources} work />
      <p class="muted small">{t('monitor.proposedBy', { name: claim.proposedBy ?? t('monitor.role.system'), time: when(claim.proposedAt) })}</p>
      {mine ? (
        <p class="notice small" data-testid="own-claim">
          {t('monitor.ownClaim')}
        </p>
      ) : !work.me.canReview ? (
        <p class="muted small">{t('monitor.awaitingReviewer')}</p>
      ) : (
        <div class="review-actions">
          <label for={`note-${claim.id}`}>{t('monitor.approveNote')}</label>
          <input id={`note-${claim.id}`} type="text" dir="auto" value={note} onInput={(e) => setNote(value(e))} />
          <div class="actions">
            <button class="primary" type="button" data-action="approve" onClick={() => act(() => api(`/monitor/claims/${encodeURIComponent(claim.id)}/approve`, zOk, { method: 'POST', body: note.trim() ? { note } : {} }))}>
              {t('monitor.approve')}
            </button>
          </div>
          <label for={`reason-${claim.id}`}>{t('monitor.rejectReason')}</label>
          <input id={`reason-${claim.id}`} type="text" dir="auto" value={reason} onInput={(e) => setReason(value(e))} />
          <div class="actions">
            <button class="danger" type="button" data-action="reject" onClick={() => act(() => api(`/monitor/claims/${encodeURIComponent(claim.id)}/reject`, zOk, { method: 'POST', body: { note: reason } }))}>
              {t('monitor.reject')}
            </button>
          </div>
        </div>
      )}
      {!claim.sample ? (
        <div class="actions">
          <button class="secondary small-button" type="button" data-action="edit" onClick={() => onEdit(claim)}>
            {t('monitor.edit')}
          </button>
        </div>
      ) : null}
      <FormError error={error} />
    </li>
  );
}

export function RetractItem({ claim, work, names, onDone }: { claim: Claim; work: Work; names: StateNames; onDone: () => Promise<void> }) {
  const [reason, setReason] = useState('');
  const retraction = useAction();
  const error = retraction.error;
  const retract = () =>
    retraction.run(async () => {
      await api(`/monitor/claims/${encodeURIComponent(claim.id)}/retract`, zOk, { method: 'POST', body: { reason } });
      await onDone();
    });
  return (
    <li class="list-row" data-claim={claim.id} data-testid="published-item">
      <ClaimSummary claim={claim} names={names} benchmarks={work.benchmarks} />
      {work.me.canReview ? (
        <>
          <label for={`retract-${claim.id}`}>{t('monitor.retractReason')}</label>
          <input id={`retract-${claim.id}`} type="text" dir="auto" value={reason} onInput={(e) => setReason(value(e))} />
          <div class="actions">
            <button class="danger" type="button" data-action="retract" onClick={retract}>
              {t('monitor.retract')}
            </button>
          </div>
          <FormError error={error} />
        </>
      ) : null}
    </li>
  );
}

export function ClaimHistory({ claim, names, work }: { claim: Claim; names: StateNames; work: Work }) {
  const load = useAction<HistoryEntry[]>();
  const history = load.result;
  const error = load.error;
  const show = () => load.run(async () => (await api(`/monitor/work/claims/${encodeURIComponent(claim.id)}`, zClaimAnswer)).history);
  return (
    <li class="list-row" data-claim={claim.id}>
      <p>
        <ClaimStatusBadge status={claim.status} />
      </p>
      <ClaimSummary claim={claim} names={names} benchmarks={work.benchmarks} />
      {claim.status === 'rejected' && claim.reviewNote ? (
        <p class="small" dir="auto">
          {t('monitor.rejectedBecause', { reason: claim.reviewNote })}
        </p>
      ) : null}
      {history ? (
        <HistoryList history={history} usernames />
      ) : (
        <button class="secondary small-button" type="button" onClick={show}>
          {t('monitor.showHistory')}
        </button>
      )}
      <ErrorMessage error={error} />
    </li>
  );
}
