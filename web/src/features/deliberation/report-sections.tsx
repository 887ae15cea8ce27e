// The sections of a conversation's report: the opinion groups and what sets each
// apart, what unites all groups, what divides them, every statement with its
// counts, and the downloads (Polis's export format). Only counts and groups: nobody's own votes.
import type { Analysis, CountedStatement, GroupStatementStats, Report, StatementStats, StatementView } from '../../api/conversations.ts';
import { formatPercent, t, tn } from '../../i18n/index.ts';
import { GroupSwatch, groupName, StatementText, VoteBar } from './statements.tsx';

export interface Lookup {
  statement: (id: number) => StatementView | undefined;
  everyone: (id: number) => StatementStats | undefined;
  inGroup: (group: number, id: number) => GroupStatementStats | undefined;
}

export function makeLookup(report: Report, counted: CountedStatement[] | null): Lookup {
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

function GroupShare({ label, stats }: { label: string; stats: { agree: number; disagree: number; pass: number } | undefined }) {
  if (!stats) return null;
  return <VoteBar label={label} agree={stats.agree} disagree={stats.disagree} pass={stats.pass} />;
}

export function Groups({ analysis, lookup }: { analysis: Analysis; lookup: Lookup }) {
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
            <p class="muted small">{tn('report.groupSize', g.size)}</p>
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

function PerGroupAgree({ analysis, lookup, statement }: { analysis: Analysis; lookup: Lookup; statement: number }) {
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

export function Consensus({ analysis, lookup }: { analysis: Analysis; lookup: Lookup }) {
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

export function Divisive({ analysis, lookup }: { analysis: Analysis; lookup: Lookup }) {
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

export function AllStatements({ report, counted, lookup }: { report: Report; counted: CountedStatement[] | null; lookup: Lookup }) {
  const list: (StatementView & Partial<Pick<CountedStatement, 'counts'>>)[] = counted ?? report.statements;
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

export function Downloads({ id }: { id: string }) {
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
