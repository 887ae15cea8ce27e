// The report of a conversation: the opinion map, the opinion groups and what sets
// each apart, what unites all groups, what divides them, every statement with its
// counts, and the data to download (Polis's export format). Only counts and groups
// are shown: nobody's own votes.
import { useEffect, useRef } from 'preact/hooks';
import { z } from 'zod';
import { api } from '../../api/client.ts';
import { useResource } from '../../api/hooks.ts';
import { zCountedStatement, zReport, type MathStatus } from '../../api/conversations.ts';
import { Pending } from '../../components/pending.tsx';
import { Txt } from '../../components/text.tsx';
import { formatDate, t } from '../../i18n/index.ts';
import type { Route } from '../../router.ts';
import { WeightedAgreement } from '../inclusion/weighted-agreement.tsx';
import { OpinionMap } from './opinion-map.tsx';
import { AllStatements, Consensus, Divisive, Downloads, Groups, makeLookup } from './report-sections.tsx';
import { ConversationState, countsText, formatSeconds } from './statements.tsx';

/** The report, and every statement with its counts (a failure there leaves the report's own list). */
async function loadReport(id: string) {
  const [report, counted] = await Promise.all([
    api(`/conversations/${encodeURIComponent(id)}/report`, zReport),
    api(`/conversations/${encodeURIComponent(id)}/statements`, z.array(zCountedStatement)).catch(() => null),
  ]);
  return { report, counted };
}

function StatusLine({ status }: { status: MathStatus }) {
  if (status.state === 'queued' || status.state === 'running') {
    return (
      <p class="notice" role="status" data-testid="math-status">
        {t(status.state === 'queued' ? 'report.statusQueued' : 'report.statusRunning')}
      </p>
    );
  }
  if (status.state === 'failed') {
    return (
      <p class="failure" data-testid="math-status">
        {t('report.statusFailed')}
      </p>
    );
  }
  if (!status.analysedAt) return <p class="muted small" data-testid="math-status">{t('report.statusNever')}</p>;
  return (
    <p class="muted small" data-testid="math-status">
      {t('report.statusIdle', { date: formatDate(status.analysedAt), included: status.votesIncluded, total: status.votesTotal })}
    </p>
  );
}

export default function DeliberationReport({ route }: { route: Route }) {
  const id = route.page === 'deliberation-report' ? route.id : '';
  const resource = useResource(() => loadReport(id), [id]);
  // while an analysis is under way, look again now and then (a few times only)
  const polls = useRef(0);
  const state = resource.data?.report.status.state;
  useEffect(() => {
    if ((state !== 'queued' && state !== 'running') || polls.current++ >= 12) return;
    const timer = setTimeout(() => void resource.reload(), 5000);
    return () => clearTimeout(timer);
  }, [resource.data]);
  if (!resource.data) return <Pending resource={resource} />;
  const { report, counted } = resource.data;
  const { conversation, analysis, status } = report;
  const lookup = makeLookup(report, counted);
  return (
    <article class="report">
      <p class="kicker">
        <span>{t('report.kicker')}</span> <ConversationState state={conversation.state} />
      </p>
      <h1>
        <Txt value={conversation.topic} />
      </h1>
      {Object.keys(conversation.description ?? {}).length > 0 ? <Txt value={conversation.description} block /> : null}
      <p data-testid="report-counts">{countsText(conversation.counts)}</p>
      <StatusLine status={status} />
      {conversation.state === 'open' ? (
        <p>
          <a class="secondary" href={`/d/${encodeURIComponent(id)}`}>
            {t('report.takePart')}
          </a>
        </p>
      ) : null}
      {analysis === null ? (
        <div class="notice" data-testid="not-enough">
          <p>{t('report.notEnough')}</p>
        </div>
      ) : (
        <>
          <section>
            <h2>{t('report.mapTitle')}</h2>
            <p class="small">{t('report.analysed', { participants: analysis.nParticipants, clustered: analysis.nClustered, votes: analysis.nVotes })}</p>
            <OpinionMap analysis={analysis} />
          </section>
          <Groups analysis={analysis} lookup={lookup} />
          <Consensus analysis={analysis} lookup={lookup} />
          <Divisive analysis={analysis} lookup={lookup} />
          <WeightedAgreement id={id} />
        </>
      )}
      <AllStatements report={report} counted={counted} lookup={lookup} />
      <Downloads id={id} />
      {status.state === 'idle' && status.durationMs ? <p class="muted small">{t('report.duration', { seconds: formatSeconds(status.durationMs) })}</p> : null}
    </article>
  );
}
