// One published (or retracted) claim: what it says, its status, its sources with
// their fingerprints and uploaded copies, and its public history (roles and times,
// never the names of editors and reviewers).
import { zClaimAnswer } from '../../api/monitor.ts';
import { t } from '../../i18n/index.ts';
import type { Route } from '../../router.ts';
import { ClaimStatusBadge, ClaimSummary, HistoryList } from './claims.tsx';
import { MonitorFrame, useMonitorAnswer } from './monitor-frame.tsx';
import { SourceList } from './sources.tsx';

export default function MonitorClaimPage({ route }: { route: Route }) {
  const id = route.page === 'monitor-claim' ? route.id : '';
  const { answer, data, names } = useMonitorAnswer(`/monitor/claims/${encodeURIComponent(id)}`, zClaimAnswer);
  return (
    <MonitorFrame testid="monitor-claim" answer={answer}>
      {data ? (
        <>
          <h1>{t('monitor.claimTitle')}</h1>
          <p>
            <ClaimStatusBadge status={data.claim.status} />
          </p>
          <section class="card">
            <ClaimSummary claim={data.claim} names={names} />
            {data.claim.assessment ? (
              <>
                <h2 class="small">{t('monitor.evidence')}</h2>
                <ul class="plain">
                  {data.claim.assessment.evidence.map((e) => (
                    <li key={e}>
                      <a href={`/monitor/claims/${encodeURIComponent(e)}`}>{t('monitor.seeClaim')}</a>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
          <section>
            <h2>{t('monitor.sources')}</h2>
            {data.sources.length === 0 ? <p class="muted">{t('monitor.noSources')}</p> : null}
            <SourceList ids={data.claim.sources} sources={data.sources} />
          </section>
          <section>
            <h2>{t('monitor.history')}</h2>
            <p class="muted small">{t('monitor.historyPublic')}</p>
            <HistoryList history={data.history} />
          </section>
        </>
      ) : null}
    </MonitorFrame>
  );
}
