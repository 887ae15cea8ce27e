// The report of a conversation: the opinion map, the opinion groups and what sets
// each apart, what unites all groups, what divides them, every statement with its
// counts, and the data to download (Polis's export format). Only counts and groups
// are shown: nobody's own votes.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { ErrorMessage, Txt } from '../components/common.tsx';
import {
  ConversationState,
  countsText,
  formatSeconds,
  GroupSwatch,
  groupName,
  Marker,
  StatementText,
  VoteBar,
  type ConversationView,
  type MathStatus,
  type StatementView,
} from '../components/deliberation.tsx';
import { formatDate, formatPercent, t } from '../i18n/index.ts';
import type { Route } from '../router.ts';
import { WeightedAgreement } from '../components/weighted-agreement.tsx';
import type { AnalysisResult, GroupStatementStats, StatementStats } from '../../../src/deliberation/types.ts';

interface Report {
  conversation: ConversationView;
  analysis: AnalysisResult | null;
  statements: StatementView[];
  status: MathStatus;
}

interface Lookup {
  statement: (id: number) => StatementView | undefined;
  everyone: (id: number) => StatementStats | undefined;
  inGroup: (group: number, id: number) => GroupStatementStats | undefined;
}

function makeLookup(report: Report, counted: StatementView[] | null): Lookup {
  const statements = new Map<string, StatementView>();
  for (const s of report.statements) statements.set(String(s.id), s);
  for (const s of counted ?? []) if (!statements.has(String(s.id))) statements.set(String(s.id), s);
  const everyone = new Map<string, StatementStats>();
  const inGroup = new Map<string, GroupStatementStats>();
  for (const s of report.analysis?.statements ?? []) everyone.set(String(s.statement), s);
  for (const s of report.analysis?.groupStatements ?? []) inGroup.set(`${s.group}:${s.statement}`, s);
  return {
    statement: (id) => statements.get(String(id)),
    everyone: (id) => everyone.get(String(id)),
    inGroup: (g, id) => inGroup.get(`${g}:${id}`),
  };
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

const W = 360;
const H = 260;
const PAD = 34;

function OpinionMap({ analysis }: { analysis: AnalysisResult }) {
  const points = analysis.map;
  const xs = [...points.map((p) => p.x), ...analysis.groups.map((g) => g.center[0])];
  const ys = [...points.map((p) => p.y), ...analysis.groups.map((g) => g.center[1])];
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const minY = Math.min(...ys);
  const maxY = Math.max(...ys);
  const scale = Math.min((W - 2 * PAD) / Math.max(maxX - minX, 1e-9), (H - 2 * PAD) / Math.max(maxY - minY, 1e-9));
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  const px = (x: number) => W / 2 + (x - cx) * scale;
  const py = (y: number) => H / 2 - (y - cy) * scale;
  const maxSize = Math.max(1, ...points.map((p) => p.size));
  const radius = (size: number) => 3 + 11 * Math.sqrt(size / maxSize);
  const summary = [
    t('report.mapSummary', { participants: analysis.nClustered, groups: analysis.groups.length }),
    ...analysis.groups.map((g) => t('report.mapGroup', { group: groupName(g.id), n: g.size })),
  ].join(' ');
  return (
    <figure class="opinion-map">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="map-title map-summary" data-testid="opinion-map">
        <title id="map-title">{t('report.mapTitle')}</title>
        <rect class="map-bg" x="0" y="0" width={W} height={H} rx="8" />
        <line class="map-axis" x1={PAD / 2} y1={H / 2} x2={W - PAD / 2} y2={H / 2} />
        <line class="map-axis" x1={W / 2} y1={PAD / 2} x2={W / 2} y2={H - PAD / 2} />
        {points.map((p) => (
          <Marker key={p.id} group={p.group} x={px(p.x)} y={py(p.y)} r={radius(p.size)} />
        ))}
        {analysis.groups.map((g) => {
          // the label above the group's marks (below them when there is no room)
          const mine = points.filter((p) => p.group === g.id);
          const top = Math.min(...mine.map((p) => py(p.y) - radius(p.size)), py(g.center[1]));
          const bottom = Math.max(...mine.map((p) => py(p.y) + radius(p.size)), py(g.center[1]));
          const x = Math.min(W - 70, Math.max(70, px(g.center[0])));
          const label = groupName(g.id);
          const half = label.length * 3.6;
          // marks a label at baseline y would cover
          const covered = (y: number) =>
            points.filter((p) => {
              const cx = px(p.x);
              const cy = py(p.y);
              const r = radius(p.size);
              return cx + r > x - half && cx - r < x + half && cy + r > y - 12 && cy - r < y + 3;
            }).length;
          const candidates = [top - 6, bottom + 16].filter((y) => y >= 16 && y <= H - 6);
          const y = candidates.sort((a, b) => covered(a) - covered(b))[0] ?? Math.max(16, Math.min(H - 6, top - 6));
          return (
            <text key={g.id} class="map-label" x={x} y={y} text-anchor="middle">
              {label}
            </text>
          );
        })}
      </svg>
      <figcaption id="map-summary" class="small">
        {summary}
      </figcaption>
      <p class="muted small">{t('report.mapExplain')}</p>
    </figure>
  );
}

function GroupShare({ label, stats }: { label: string; stats: { agree: number; disagree: number; pass: number } | undefined }) {
  if (!stats) return null;
  return <VoteBar label={label} agree={stats.agree} disagree={stats.disagree} pass={stats.pass} />;
}

function Groups({ analysis, lookup }: { analysis: AnalysisResult; lookup: Lookup }) {
  return (
    <section data-testid="groups">
      <h2>{t('report.groupsTitle')}</h2>
      <p class="small">{t('report.groupsExplain')}</p>
      {analysis.groups.map((g) => {
        const reps = analysis.repness[String(g.id)] ?? [];
        return (
          <section key={g.id} class="card group-card" data-testid="group">
            <h3 class="group-title">
              <GroupSwatch group={g.id} /> <span>{groupName(g.id)}</span>
            </h3>
            <p class="muted small">{t('report.groupSize', { n: g.size })}</p>
            {reps.length === 0 ? <p class="muted small">{t('report.none')}</p> : null}
            <ol class="plain statements">
              {reps.map((r) => {
                const s = lookup.statement(r.statement);
                return (
                  <li key={r.statement} class="statement-item">
                    {s ? <StatementText s={s} /> : null}
                    <p class={`direction ${r.direction}`}>{t(r.direction === 'agree' ? 'report.repAgree' : 'report.repDisagree', { group: groupName(g.id) })}</p>
                    <GroupShare label={t('report.inGroup')} stats={r} />
                    <GroupShare label={t('report.everyone')} stats={lookup.everyone(r.statement)} />
                  </li>
                );
              })}
            </ol>
          </section>
        );
      })}
    </section>
  );
}

function PerGroupAgree({ analysis, lookup, statement }: { analysis: AnalysisResult; lookup: Lookup; statement: number }) {
  return (
    <ul class="plain per-group small">
      {analysis.groups.map((g) => {
        const s = lookup.inGroup(g.id, statement);
        const share = s && s.total > 0 ? s.agree / s.total : 0;
        return (
          <li key={g.id}>
            <GroupSwatch group={g.id} /> {t('report.groupAgreed', { group: groupName(g.id), share: formatPercent(share), agree: s?.agree ?? 0, total: s?.total ?? 0 })}
          </li>
        );
      })}
    </ul>
  );
}

/** Statements with everyone's agree / disagree / pass counts. */
function CountedStatements({ list, lookup, testid }: { list: { statement: number; agree: number; disagree: number; pass: number }[]; lookup: Lookup; testid: string }) {
  return (
    <ol class="plain statements" data-testid={testid}>
      {list.map((c) => {
        const s = lookup.statement(c.statement);
        return (
          <li key={c.statement} class="card statement-item">
            {s ? <StatementText s={s} /> : null}
            <VoteBar agree={c.agree} disagree={c.disagree} pass={c.pass} counts />
          </li>
        );
      })}
    </ol>
  );
}

function Consensus({ analysis, lookup }: { analysis: AnalysisResult; lookup: Lookup }) {
  // the five statements with the highest group-informed consensus that a majority of
  // every group agreed with (the top of that list can hold divisive ones when few unite)
  const top = analysis.groupInformedConsensus
    .filter((c) =>
      analysis.groups.every((g) => {
        const s = lookup.inGroup(g.id, c.statement);
        return s !== undefined && s.total > 0 && s.agree / s.total > 0.5;
      }),
    )
    .slice(0, 5);
  const agree = analysis.consensus.agree;
  const disagree = analysis.consensus.disagree;
  return (
    <section data-testid="consensus">
      <h2>{t('report.consensusTitle')}</h2>
      <p class="small">{t('report.consensusExplain')}</p>
      <h3>{t('report.gicTitle')}</h3>
      {top.length === 0 ? <p class="muted small">{t('report.none')}</p> : null}
      <ol class="plain statements" data-testid="gic">
        {top.map((c) => {
          const s = lookup.statement(c.statement);
          const all = lookup.everyone(c.statement);
          return (
            <li key={c.statement} class="card statement-item">
              {s ? <StatementText s={s} /> : null}
              {all ? <VoteBar label={t('report.everyone')} agree={all.agree} disagree={all.disagree} pass={all.pass} counts /> : null}
              <PerGroupAgree analysis={analysis} lookup={lookup} statement={c.statement} />
            </li>
          );
        })}
      </ol>
      <h3>{t('report.consensusAgree')}</h3>
      {agree.length === 0 ? <p class="muted small">{t('report.none')}</p> : null}
      <CountedStatements testid="consensus-agree" list={agree} lookup={lookup} />
      {disagree.length > 0 ? (
        <>
          <h3>{t('report.consensusDisagree')}</h3>
          <CountedStatements testid="consensus-disagree" list={disagree} lookup={lookup} />
        </>
      ) : null}
    </section>
  );
}

function Divisive({ analysis, lookup }: { analysis: AnalysisResult; lookup: Lookup }) {
  const list = analysis.divisive.slice(0, 5);
  return (
    <section data-testid="divisive">
      <h2>{t('report.divisiveTitle')}</h2>
      <p class="small">{t('report.divisiveExplain')}</p>
      {list.length === 0 ? <p class="muted small">{t('report.none')}</p> : null}
      <ol class="plain statements">
        {list.map((d) => {
          const s = lookup.statement(d.statement);
          return (
            <li key={d.statement} class="card statement-item">
              {s ? <StatementText s={s} /> : null}
              <p class="small">{t('report.spread', { spread: formatPercent(d.spread) })}</p>
              <PerGroupAgree analysis={analysis} lookup={lookup} statement={d.statement} />
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function AllStatements({ report, counted, lookup }: { report: Report; counted: StatementView[] | null; lookup: Lookup }) {
  const list = counted ?? report.statements;
  const sorted = [...list].sort((a, b) => Number(a.id) - Number(b.id));
  return (
    <section data-testid="all-statements">
      <h2>{t('report.allTitle')}</h2>
      {sorted.length === 0 ? <p class="muted small">{t('report.none')}</p> : null}
      <ol class="plain statements">
        {sorted.map((s) => {
          const c = s.counts ?? lookup.everyone(Number(s.id));
          return (
            <li key={String(s.id)} class="statement-item ruled">
              <StatementText s={s} />
              {c ? <VoteBar agree={c.agree} disagree={c.disagree} pass={c.pass} counts /> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function Downloads({ id }: { id: string }) {
  const base = `/api/conversations/${encodeURIComponent(id)}/export`;
  const files = [
    ['comments.csv', 'report.dlComments'],
    ['participants-votes.csv', 'report.dlParticipants'],
    ['votes.csv', 'report.dlVotes'],
    ['report.json', 'report.dlJson'],
  ] as const;
  return (
    <section data-testid="downloads">
      <h2>{t('report.downloadsTitle')}</h2>
      <p class="small">{t('report.downloadsExplain')}</p>
      <ul class="downloads">
        {files.map(([file, key]) => (
          <li key={file}>
            <a href={`${base}/${file}`} download={file}>
              {t(key)}
            </a>{' '}
            <span class="filename small">({file})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export default function DeliberationReport({ route }: { route: Route }) {
  const id = route.page === 'deliberation-report' ? route.id : '';
  const [report, setReport] = useState<Report | null>(null);
  const [counted, setCounted] = useState<StatementView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let polls = 0;
    const load = async () => {
      try {
        const [r, c] = await Promise.all([
          api<Report>(`/conversations/${encodeURIComponent(id)}/report`),
          api<StatementView[]>(`/conversations/${encodeURIComponent(id)}/statements`).catch(() => null),
        ]);
        if (!live) return;
        setReport(r);
        setCounted(c);
        // while an analysis is under way, look again now and then (a few times only)
        if ((r.status.state === 'queued' || r.status.state === 'running') && polls++ < 12) timer = setTimeout(load, 5000);
      } catch (e) {
        if (live) setError(e);
      }
    };
    void load();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id]);
  if (!report) return error ? <ErrorMessage error={error} /> : <p class="loading">{t('common.loading')}</p>;
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
