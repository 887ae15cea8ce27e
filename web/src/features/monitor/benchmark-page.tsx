// One benchmark: its definition in the reader's language, and the timeline of its
// assessments (newest first), each with the published claims it rests on.
import { zBenchmarkAnswer } from '../../api/monitor.ts';
import { Txt } from '../../components/text.tsx';
import { t } from '../../i18n/index.ts';
import type { Route } from '../../router.ts';
import { ClaimSummary, DualDate, SampleBadge, StatusBadge } from './claims.tsx';
import { MonitorFrame, useMonitorAnswer } from './monitor-frame.tsx';
import { SourceList } from './sources.tsx';

export default function MonitorBenchmarkPage({ route }: { route: Route }) {
  const id = route.page === 'monitor-benchmark' ? route.id : '';
  const { answer, data, names } = useMonitorAnswer(`/monitor/benchmarks/${encodeURIComponent(id)}`, zBenchmarkAnswer);
  const evidence = new Map((data?.evidence ?? []).map((c) => [c.id, c]));
  return (
    <MonitorFrame testid="monitor-benchmark" answer={answer}>
      {data ? (
        <>
          <h1>
            <Txt value={data.benchmark.title} />
          </h1>
          <section class="card" data-testid="definition">
            <h2>{t('monitor.definition')}</h2>
            <Txt value={data.benchmark.definition} block />
          </section>
          <section>
            <h2>{t('monitor.timeline')}</h2>
            {data.assessments.length === 0 ? <p class="muted">{t('monitor.noAssessment')}</p> : null}
            <ol class="plain timeline" data-testid="assessments">
              {data.assessments.map((a) => (
                <li key={a.id} class={a.status === 'retracted' ? 'card timeline-item retracted-item' : 'card timeline-item'} data-claim={a.id}>
                  <p class="kicker">
                    <DualDate day={a.date} /> <StatusBadge status={a.assessment?.status} /> {a.sample ? <SampleBadge /> : null}
                    {a.status === 'retracted' ? <span class="badge claim-retracted">{t('monitor.retracted')}</span> : null}
                  </p>
                  <div class={a.status === 'retracted' ? 'claim-text retracted' : 'claim-text'}>
                    <Txt value={a.text} block />
                  </div>
                  {a.status === 'retracted' && a.retractionReason ? (
                    <p class="small retraction" dir="auto">
                      {a.retractionReason}
                    </p>
                  ) : null}
                  <h3 class="small">{t('monitor.evidence')}</h3>
                  <ul class="plain">
                    {(a.assessment?.evidence ?? []).map((e) => {
                      const claim = evidence.get(e);
                      return (
                        <li key={e} class="list-row">
                          {claim ? <ClaimSummary claim={claim} names={names} /> : null}
                          <a href={`/monitor/claims/${encodeURIComponent(e)}`}>{t('monitor.seeClaim')}</a>
                        </li>
                      );
                    })}
                  </ul>
                  <SourceList ids={a.sources} sources={data.sources} />
                  <p>
                    <a href={`/monitor/claims/${encodeURIComponent(a.id)}`}>{t('monitor.seeAssessment')}</a>
                  </p>
                </li>
              ))}
            </ol>
          </section>
        </>
      ) : null}
    </MonitorFrame>
  );
}
