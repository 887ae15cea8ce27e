// Pieces the accountability monitor's pages share: names of statuses, engagement
// types, sectors and relations; dates in both calendars; a claim's details and
// sources; the states' names (from the map answer, which lists every ISO 3166 state).
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { currentLanguage, formatDate, formatDay, formatNumber, t, type Key } from '../i18n/index.ts';
import { ErrorMessage, textOf, Txt } from './common.tsx';
import type { Translations } from '../../../src/kernel/texts.ts';
import type { Benchmark, Claim, Source, Weights } from '../../../src/monitor/model.ts';
import { SCORED_TYPES, SECTORS, type Assessment, type BenchmarkId, type ClaimKind, type ClaimStatus, type EngagementType, type Sector } from '../../../src/monitor/constants.ts';
import type { ClaimedRelationKind } from '../../../src/sanctions/claims.ts';
import type { CountryTally as StateTally } from '../../../src/monitor/scoring.ts';

export type { Assessment, Benchmark, BenchmarkId, Claim, Source, StateTally, Weights };
export { ASSESSMENTS, BENCHMARK_IDS, ENGAGEMENT_TYPES, MAX_COPY_BYTES, SCORED_TYPES, SECTORS } from '../../../src/monitor/constants.ts';

const STATUS_KEYS: Record<Assessment | 'none', Key> = {
  met: 'monitor.status.met',
  'partly-met': 'monitor.status.partlyMet',
  'not-met': 'monitor.status.notMet',
  regressing: 'monitor.status.regressing',
  none: 'monitor.status.none',
};
const TYPE_KEYS: Record<EngagementType, Key> = {
  'formal-recognition': 'monitor.type.formalRecognition',
  'envoy-credentials': 'monitor.type.envoyCredentials',
  'mission-handover': 'monitor.type.missionHandover',
  'head-of-state-visit': 'monitor.type.headOfStateVisit',
  'ministerial-visit': 'monitor.type.ministerialVisit',
  agreement: 'monitor.type.agreement',
  'humanitarian-contact': 'monitor.type.humanitarianContact',
};
const SECTOR_KEYS: Record<Sector, Key> = {
  'trade-investment': 'monitor.sector.tradeInvestment',
  security: 'monitor.sector.security',
  aviation: 'monitor.sector.aviation',
  health: 'monitor.sector.health',
  'natural-resources': 'monitor.sector.naturalResources',
  'transport-transit': 'monitor.sector.transportTransit',
  'migration-deportation': 'monitor.sector.migrationDeportation',
};
const CLAIM_STATUS_KEYS: Record<ClaimStatus, Key> = {
  proposed: 'monitor.claimStatus.proposed',
  published: 'monitor.claimStatus.published',
  rejected: 'monitor.claimStatus.rejected',
  retracted: 'monitor.claimStatus.retracted',
};
const KIND_KEYS: Record<ClaimKind, Key> = {
  statement: 'monitor.kind.statement',
  engagement: 'monitor.kind.engagement',
  assessment: 'monitor.kind.assessment',
  relation: 'monitor.kind.relation',
};
const RELATION_KEYS: Record<ClaimedRelationKind, Key> = {
  'parent-of': 'monitor.relation.parentOf',
  'child-of': 'monitor.relation.childOf',
  'sibling-of': 'monitor.relation.siblingOf',
  'spouse-of': 'monitor.relation.spouseOf',
  'relative-of': 'monitor.relation.relativeOf',
  'associate-of': 'monitor.relation.associateOf',
  'business-partner-of': 'monitor.relation.businessPartnerOf',
  'owner-of': 'monitor.relation.ownerOf',
  'owned-by': 'monitor.relation.ownedBy',
  'leader-of': 'monitor.relation.leaderOf',
  'member-of': 'monitor.relation.memberOf',
};
const ACTION_KEYS: Record<string, Key> = {
  proposed: 'monitor.action.proposed',
  edited: 'monitor.action.edited',
  approved: 'monitor.action.approved',
  rejected: 'monitor.action.rejected',
  retracted: 'monitor.action.retracted',
  created: 'monitor.action.created',
  changed: 'monitor.action.changed',
};
const ROLE_KEYS: Record<string, Key> = {
  editor: 'monitor.role.editor',
  reviewer: 'monitor.role.reviewer',
  organiser: 'monitor.role.organiser',
  demo: 'monitor.role.demo',
  system: 'monitor.role.system',
};

export const statusName = (s: Assessment | null | undefined) => t(STATUS_KEYS[s ?? 'none']);
export const typeName = (type: EngagementType) => t(TYPE_KEYS[type]);
export const sectorName = (sector: Sector) => t(SECTOR_KEYS[sector]);
export const claimStatusName = (s: ClaimStatus) => t(CLAIM_STATUS_KEYS[s]);
export const kindName = (k: ClaimKind) => t(KIND_KEYS[k]);
export const relationName = (r: ClaimedRelationKind) => (RELATION_KEYS[r] ? t(RELATION_KEYS[r]) : r);
export const actionName = (a: string) => (ACTION_KEYS[a] ? t(ACTION_KEYS[a]) : a);
/** A role in a public history; usernames (editors' view) are shown as they are. */
export const byName = (by: string) => (ROLE_KEYS[by] ? t(ROLE_KEYS[by]) : by);
const FIELD_KEYS: Record<string, Key> = {
  text: 'monitor.field.text',
  date: 'monitor.field.date',
  sources: 'monitor.field.sources',
  benchmarks: 'monitor.field.benchmarks',
  engagement: 'monitor.field.engagement',
  assessment: 'monitor.field.assessment',
  relation: 'monitor.field.relation',
};
const fieldName = (f: string) => (FIELD_KEYS[f] ? t(FIELD_KEYS[f]) : f);

export function engagementName(e: NonNullable<Claim['engagement']>): string {
  return e.type === 'agreement' && e.sector ? t('monitor.agreementIn', { sector: sectorName(e.sector) }) : typeName(e.type);
}

/** A status badge for a benchmark: met, partly met, not met, regressing, or not yet assessed. */
export function StatusBadge({ status }: { status: Assessment | null | undefined }) {
  return (
    <span class={`badge assessment ${status ?? 'none'}`} data-status={status ?? 'none'}>
      {statusName(status)}
    </span>
  );
}

export function ClaimStatusBadge({ status }: { status: ClaimStatus }) {
  return (
    <span class={`badge claim-${status}`} data-claim-status={status}>
      {claimStatusName(status)}
    </span>
  );
}

export function SampleBadge() {
  return <span class="badge sample">{t('monitor.sampleBadge')}</span>;
}

export function SampleBanner() {
  return (
    <p class="notice sample-banner" data-testid="sample-banner">
      <strong>{t('monitor.sampleBannerTitle')}</strong> {t('monitor.sampleBanner')}
    </p>
  );
}

/** A calendar day (YYYY-MM-DD) in the Solar Hijri and the Gregorian calendars. */
export function dualDate(day: string): { hijri: string; gregorian: string } {
  const { hijri, gregorian } = formatDay(day.slice(0, 10));
  return { hijri, gregorian };
}

/** A day in both calendars, as formatDay writes it (Solar Hijri first in Dari and Pashto). */
export function DualDate({ day }: { day: string }) {
  return (
    <time dateTime={day.slice(0, 10)} class="dual-date">
      {formatDay(day.slice(0, 10)).both}
    </time>
  );
}

/** A moment (ISO time) as the app writes it. */
export const when = (iso: string) => formatDate(iso);

export type StateNames = Map<string, Translations>;

export function stateName(names: StateNames | undefined, code: string): string {
  const n = names?.get(code);
  return n ? textOf(n) : code;
}

export interface MapAnswer {
  width: number;
  height: number;
  shapes: { code: string | null; name: string; d: string }[];
  states: { code: string; names: Translations }[];
}

export const namesOf = (map: MapAnswer): StateNames => new Map(map.states.map((s) => [s.code, s.names]));

/** The sources a claim cites: title, publisher, address, date, language, SHA-256 and the uploaded copy. */
export function SourceList({ ids, sources, work }: { ids: string[]; sources: Record<string, Source> | Source[]; work?: boolean }) {
  const byId = Array.isArray(sources) ? Object.fromEntries(sources.map((s) => [s.id, s])) : sources;
  const list = ids.map((id) => byId[id]).filter((s): s is Source => !!s);
  if (list.length === 0) return null;
  return (
    <ul class="plain sources" data-testid="sources">
      {list.map((s) => (
        <li key={s.id} class="source" data-source={s.id}>
          <SourceFacts source={s} work={work} />
        </li>
      ))}
    </ul>
  );
}

export function SourceFacts({ source: s, work }: { source: Source; work?: boolean | undefined }) {
  return (
    <>
      <p class="source-title">
        <strong dir="auto" class="source-name">
          {s.title}
        </strong>
        <span dir="auto" class="muted">
          {s.publisher}
        </span>{' '}
        {s.sample ? <SampleBadge /> : null}
      </p>
      <dl class="facts small">
        <dt>{t('monitor.source.url')}</dt>
        <dd>
          <a class="mono" href={s.url} rel="noreferrer noopener" target="_blank">
            {s.url}
          </a>
        </dd>
        <dt>{t('monitor.source.published')}</dt>
        <dd>
          <DualDate day={s.publishedOn} />
        </dd>
        <dt>{t('monitor.source.language')}</dt>
        <dd class="mono">{s.language}</dd>
        {s.sha256 ? (
          <>
            <dt>{t('monitor.source.sha256')}</dt>
            <dd class="mono" data-testid="sha256">
              {s.sha256}
            </dd>
          </>
        ) : null}
        {s.copy ? (
          <>
            <dt>{t('monitor.source.copy')}</dt>
            <dd>
              <a href={`/api/monitor/${work ? 'work/' : ''}sources/${encodeURIComponent(s.id)}/copy`} download={s.copy.name}>
                {t('monitor.source.download', { name: s.copy.name, size: formatNumber(Math.max(1, Math.ceil(s.copy.size / 1024))) })}
              </a>
            </dd>
          </>
        ) : null}
      </dl>
    </>
  );
}

/** What a claim says and what kind of claim it is (engagement, assessment, statement, relation). */
export function ClaimSummary({ claim, names, benchmarks }: { claim: Claim; names?: StateNames | undefined; benchmarks?: Benchmark[] | undefined }) {
  const benchmarkTitle = (id: string) => {
    const b = benchmarks?.find((x) => x.id === id);
    return b ? textOf(b.title) : id;
  };
  const r = claim.relation;
  return (
    <div class="claim-summary">
      <p class="kicker">
        <span>{kindName(claim.kind)}</span>
        {claim.engagement ? (
          <span data-testid="engagement">
            <a href={`/monitor/s/${claim.engagement.state}`}>{stateName(names, claim.engagement.state)}</a> · {engagementName(claim.engagement)}
          </span>
        ) : null}
        {claim.assessment ? (
          <span>
            <a href={`/monitor/b/${claim.assessment.benchmark}`}>{benchmarkTitle(claim.assessment.benchmark)}</a> <StatusBadge status={claim.assessment.status} />
          </span>
        ) : null}
        {r ? (
          <span>
            <span class="mono">{r.subject}</span> · {relationName(r.relation)} · {'ref' in r.object ? <span class="mono">{r.object.ref}</span> : <span dir="auto">{r.object.name}</span>}
          </span>
        ) : null}
        <DualDate day={claim.date} />
        {claim.sample ? <SampleBadge /> : null}
      </p>
      <div class={claim.status === 'retracted' ? 'claim-text retracted' : 'claim-text'}>
        <Txt value={claim.text} block />
      </div>
      {claim.status === 'retracted' ? (
        <p class="retraction small">
          <span class="badge claim-retracted">{t('monitor.retracted')}</span> {claim.retractionReason ? <span dir="auto">{claim.retractionReason}</span> : null}
        </p>
      ) : null}
    </div>
  );
}

/** The public or editors' history of a claim: who (a role to the public, a username to editors), what, when. */
export function HistoryList({ history, usernames }: { history: { at: string; action: string; by: string; note: string | null; changes: string[] }[]; usernames?: boolean }) {
  return (
    <ol class="plain history" data-testid="history">
      {history.map((h, i) => (
        <li key={i} class="list-row" data-action={h.action}>
          <strong>{actionName(h.action)}</strong> · <span dir="auto">{usernames ? h.by : byName(h.by)}</span> · <span class="muted small">{when(h.at)}</span>
          {h.changes.length ? <span class="muted small"> · {t('monitor.changed', { fields: h.changes.map(fieldName).join(currentLanguage() === 'en' ? ', ' : '، ') })}</span> : null}
          {h.note ? (
            <p class="small" dir="auto">
              {h.note}
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** Links to the feeds and exports of published claims (plain downloads, same origin). */
export function FeedLinks() {
  return (
    <ul class="plain downloads" data-testid="feeds">
      <li>
        <a href="/api/monitor/feed.atom" download="jirga-monitor.atom" type="application/atom+xml">
          {t('monitor.feedAtom')}
        </a>
      </li>
      <li>
        <a href="/api/monitor/claims.json" download="jirga-monitor-claims.json" type="application/json">
          {t('monitor.feedJson')}
        </a>
      </li>
      <li>
        <a href="/api/monitor/claims.csv" download="jirga-monitor-claims.csv" type="text/csv">
          {t('monitor.feedCsv')}
        </a>
      </li>
    </ul>
  );
}

/** The weights in use: each engagement type, each sector of agreements, humanitarian contact apart. */
export function WeightsTable({ weights }: { weights: Weights }) {
  return (
    <div data-testid="weights">
      <table class="weights">
        <caption class="muted small">{t('monitor.weightsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('monitor.engagement')}</th>
            <th scope="col">{t('monitor.weight')}</th>
          </tr>
        </thead>
        <tbody>
          {SCORED_TYPES.map((type) => (
            <tr key={type} data-weight={type}>
              <th scope="row">{typeName(type)}</th>
              <td>{formatNumber(weights.types[type])}</td>
            </tr>
          ))}
          {SECTORS.map((sector) => (
            <tr key={sector} data-weight={`agreement-${sector}`}>
              <th scope="row">{t('monitor.agreementIn', { sector: sectorName(sector) })}</th>
              <td>{formatNumber(weights.sectors[sector])}</td>
            </tr>
          ))}
          <tr data-weight="humanitarian-contact">
            <th scope="row">{typeName('humanitarian-contact')}</th>
            <td>{t('monitor.neverScores')}</td>
          </tr>
        </tbody>
      </table>
      <p class="muted small">{t('monitor.oncePerState')}</p>
    </div>
  );
}

/** A public monitor answer, and (unless `withNames` is false) the states' names for claims that name one. */
export function useMonitorAnswer<T>(path: string, withNames = true) {
  const [data, setData] = useState<T | null>(null);
  const [names, setNames] = useState<StateNames>(new Map());
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setData(null);
    setError(null);
    api<T>(path).then(setData, setError);
    if (withNames) api<MapAnswer>('/monitor/map').then((m) => setNames(namesOf(m)), () => undefined);
  }, [path]);
  return { data, names, error };
}

/** A public monitor page: the way back to the dashboard, the error or the wait, then the page. */
export function MonitorFrame({ testid, error, loading, children }: { testid: string; error: unknown; loading: boolean; children: ComponentChildren }) {
  return (
    <div data-testid={testid}>
      <p>
        <a href="/monitor">{t('monitor.back')}</a>
      </p>
      <ErrorMessage error={error} />
      {loading && !error ? <p class="loading">{t('common.loading')}</p> : null}
      {children}
    </div>
  );
}
