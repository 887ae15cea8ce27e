// One state's engagement with the regime: its current score (with the weights in
// use), the score over time as a step chart, and every published or retracted
// event with its sources (retracted ones struck through and not counted).
import { zStateAnswer } from '../../api/monitor.ts';
import { textOf } from '../../components/text.tsx';
import { formatNumber, t } from '../../i18n/index.ts';
import type { Route } from '../../router.ts';
import { ClaimSummary } from './claims.tsx';
import { MonitorFrame, useMonitorAnswer } from './monitor-frame.tsx';
import { SourceList } from './sources.tsx';
import { StepChart } from './step-chart.tsx';
import { WeightsTable } from './weights.tsx';

export default function MonitorStatePage({ route }: { route: Route }) {
  const code = route.page === 'monitor-state' ? route.code.toUpperCase() : '';
  const { answer, data } = useMonitorAnswer(`/monitor/states/${encodeURIComponent(code)}`, zStateAnswer, false);
  const name = data ? textOf(data.names) : code;
  const names = new Map(data ? [[data.state, data.names]] : []);
  return (
    <MonitorFrame testid="monitor-state" answer={answer}>
      {data ? (
        <>
          <h1>{name}</h1>
          <p class="score-line" data-testid="state-score">
            {t('monitor.currentScore')} <strong class="big-score">{formatNumber(data.tally.score)}</strong>
            <span class="muted small"> · {t('monitor.scoredEvents', { n: formatNumber(data.tally.events) })}</span>
            {data.tally.humanitarian ? <span class="muted small"> · {t('monitor.contacts', { n: formatNumber(data.tally.humanitarian) })}</span> : null}
          </p>
          <section>
            <h2>{t('monitor.overTime')}</h2>
            {data.tally.series.length ? <StepChart series={data.tally.series} name={name} /> : <p class="muted">{t('monitor.noScore')}</p>}
          </section>
          <section>
            <h2>{t('monitor.events')}</h2>
            {data.events.length === 0 ? <p class="muted">{t('monitor.noEventsState')}</p> : null}
            <ol class="plain" data-testid="events">
              {data.events.map((e) => (
                <li key={e.id} class={e.status === 'retracted' ? 'card event retracted-item' : 'card event'} data-claim={e.id} data-status={e.status}>
                  <ClaimSummary claim={e} names={names} />
                  {e.engagement?.type === 'humanitarian-contact' ? <p class="muted small">{t('monitor.notScoredHumanitarian')}</p> : null}
                  {e.status === 'retracted' ? <p class="muted small">{t('monitor.notCounted')}</p> : null}
                  <SourceList ids={e.sources} sources={data.sources} />
                  <p>
                    <a href={`/monitor/claims/${encodeURIComponent(e.id)}`}>{t('monitor.seeClaim')}</a>
                  </p>
                </li>
              ))}
            </ol>
          </section>
          <details class="card">
            <summary>{t('monitor.weightsTitle')}</summary>
            <WeightsTable weights={data.weights} />
          </details>
        </>
      ) : null}
    </MonitorFrame>
  );
}
