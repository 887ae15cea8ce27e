// One published (or retracted) claim: what it says, its status, its sources with
// their fingerprints and uploaded copies, and its public history (roles and times,
// never the names of editors and reviewers).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { ErrorMessage } from '../components/common.tsx';
import { ClaimStatusBadge, ClaimSummary, HistoryList, namesOf, SourceList, type Claim, type MapAnswer, type Source, type StateNames } from '../components/monitor.tsx';
import { t } from '../i18n/index.ts';
import type { Route } from '../router.ts';

interface ClaimAnswer {
  claim: Claim;
  sources: Source[];
  history: { at: string; action: string; by: string; note: string | null; changes: string[] }[];
}

export default function MonitorClaimPage({ route }: { route: Route }) {
  const id = route.page === 'monitor-claim' ? route.id : '';
  const [data, setData] = useState<ClaimAnswer | null>(null);
  const [names, setNames] = useState<StateNames>(new Map());
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<ClaimAnswer>(`/monitor/claims/${encodeURIComponent(id)}`).then(setData, setError);
    api<MapAnswer>('/monitor/map').then((m) => setNames(namesOf(m)), () => undefined);
  }, [id]);
  return (
    <div data-testid="monitor-claim">
      <p>
        <a href="/monitor">{t('monitor.back')}</a>
      </p>
      <ErrorMessage error={error} />
      {!data && !error ? <p class="loading">{t('common.loading')}</p> : null}
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
    </div>
  );
}
