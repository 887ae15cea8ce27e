// A claim of the monitor on screen: what it says and what kind of claim it is, its
// status badges, dates in both calendars, and its public or editors' history.
import { currentLanguage, formatDay, t } from '../../i18n/index.ts';
import { Txt, textOf } from '../../components/text.tsx';
import type { Benchmark, Claim, HistoryEntry } from '../../api/monitor.ts';
import type { Assessment, ClaimStatus } from '../../../../src/monitor/constants.ts';
import { actionName, byName, claimStatusName, engagementName, fieldName, kindName, relationName, stateName, statusName, when, type StateNames } from './names.ts';

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
export function HistoryList({ history, usernames }: { history: HistoryEntry[]; usernames?: boolean }) {
  return (
    <ol class="plain history" data-testid="history">
      {history.map((h, i) => (
        <li key={i} class="list-row" data-action={h.action}>
          <strong>{actionName(h.action)}</strong> · <span dir="auto">{usernames ? h.by : byName(h.by)}</span>
          {!usernames && h.account !== null ? <span class="muted small"> ({t('monitor.accountNumber', { n: h.account })})</span> : null} · <span class="muted small">{when(h.at)}</span>
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

