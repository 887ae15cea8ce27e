// The accountability monitor's dashboard: where each benchmark stands (latest
// published assessment, dated in both calendars), the recognition tally of states
// (a world map, a sortable table, the weights in use, humanitarian contact apart),
// and the feeds of published claims.
import { useMemo, useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { useResource } from '../../api/hooks.ts';
import { zDashboard, zMapAnswer, type Dashboard, type MapAnswer, type CountryTally } from '../../api/monitor.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { Txt } from '../../components/text.tsx';
import { currentLanguage, formatNumber, t, tn } from '../../i18n/index.ts';
import { AccountHistory } from './account-history.tsx';
import { DualDate, SampleBadge, SampleBanner, StatusBadge } from './claims.tsx';
import { FeedLinks } from './monitor-frame.tsx';
import { namesOf, stateName, type StateNames } from './names.ts';
import { WeightsTable } from './weights.tsx';

/** Score bands of the map, from no scored engagement to the most. */
export const BANDS: { min: number; fill: string; label: () => string }[] = [
  { min: 0, fill: '#d5dade', label: () => t('monitor.band.none') },
  { min: 0.001, fill: '#fde2b8', label: () => t('monitor.band.range', { from: formatNumber(1), to: formatNumber(4) }) },
  { min: 5, fill: '#f4a259', label: () => t('monitor.band.range', { from: formatNumber(5), to: formatNumber(9) }) },
  { min: 10, fill: '#d9572b', label: () => t('monitor.band.range', { from: formatNumber(10), to: formatNumber(19) }) },
  { min: 20, fill: '#8c1c13', label: () => t('monitor.band.atLeast', { from: formatNumber(20) }) },
];

export function bandOf(score: number | undefined): number {
  if (!score || score <= 0) return 0;
  let band = 0;
  BANDS.forEach((b, i) => {
    if (score >= b.min) band = i;
  });
  return band;
}

function BenchmarkCards({ benchmarks }: { benchmarks: Dashboard['benchmarks'] }) {
  return (
    <ul class="plain benchmark-cards" data-testid="benchmarks">
      {benchmarks.map((b) => (
        <li key={b.id} class="card benchmark-card" data-benchmark={b.id}>
          <h3>
            <a href={`/monitor/b/${b.id}`}>
              <Txt value={b.title} />
            </a>
          </h3>
          <p>
            <StatusBadge status={b.current?.assessment?.status} /> {b.current?.sample ? <SampleBadge /> : null}
          </p>
          {b.current ? (
            <p class="small" data-testid="assessed-on">
              {t('monitor.assessedOn')} <DualDate day={b.current.date} />
            </p>
          ) : (
            <p class="muted small">{t('monitor.noAssessment')}</p>
          )}
          <p class="muted small">{t('monitor.assessmentCount', { n: formatNumber(b.assessments) })}</p>
        </li>
      ))}
    </ul>
  );
}

/** The world map: one path per country, filled by its score band; grey without data. */
export function WorldMap({ map, states, names }: { map: MapAnswer; states: CountryTally[]; names: StateNames }) {
  const byCode = new Map(states.map((s) => [s.state, s]));
  return (
    <figure class="world-map" data-testid="world-map">
      <svg class="map" viewBox={`0 0 ${map.width} ${map.height}`} role="img" aria-labelledby="world-map-title" dir="ltr">
        <title id="world-map-title">{t('monitor.mapTitle')}</title>
        <rect class="sea" x="0" y="0" width={map.width} height={map.height} />
        {map.shapes.map((s, i) => {
          const tally = s.code ? byCode.get(s.code) : undefined;
          const band = bandOf(tally?.score);
          const name = s.code ? stateName(names, s.code) : s.name;
          const label = tally ? t('monitor.mapScore', { state: name, score: formatNumber(tally.score) }) : t('monitor.mapNoData', { state: name });
          return (
            <path key={`${s.code ?? s.name}-${i}`} d={s.d} fill={BANDS[band]!.fill} class="country" data-code={s.code ?? undefined} data-band={band}>
              <title>{label}</title>
            </path>
          );
        })}
      </svg>
      <figcaption>
        <ul class="plain legend" data-testid="map-legend">
          {BANDS.map((b, i) => (
            <li key={i}>
              <svg class="swatch" viewBox="0 0 10 10" aria-hidden="true">
                <rect width="10" height="10" fill={b.fill} stroke="#7d8a96" stroke-width="0.5" />
              </svg>{' '}
              {b.label()}
            </li>
          ))}
        </ul>
        <p class="muted small">{t('monitor.mapNote')}</p>
      </figcaption>
    </figure>
  );
}

type SortKey = 'state' | 'score' | 'events' | 'latest';

/** The tally as a table the reader can sort by any column (keyboard included). */
function TallyTable({ states, names }: { states: CountryTally[]; names: StateNames }) {
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'score', descending: true });
  const language = currentLanguage();
  const value = (s: CountryTally, key: SortKey): string | number => (key === 'state' ? stateName(names, s.state) : key === 'score' ? s.score : key === 'events' ? s.events : (s.lastDate ?? ''));
  const rows = [...states].sort((a, b) => {
    const x = value(a, sort.key);
    const y = value(b, sort.key);
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), language);
    return (sort.descending ? -c : c) || a.state.localeCompare(b.state);
  });
  const header = (key: SortKey, label: string) => {
    const active = sort.key === key;
    return (
      <th scope="col" aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
        <button type="button" class="sort" data-sort={key} onClick={() => setSort({ key, descending: active ? !sort.descending : key !== 'state' })}>
          {label}
          <span aria-hidden="true" class="sort-mark">
            {active ? (sort.descending ? ' ▼' : ' ▲') : ' ↕'}
          </span>
        </button>
      </th>
    );
  };
  return (
    <div class="table-scroll">
      <table class="tally" data-testid="tally">
        <caption class="muted small">{t('monitor.tableCaption')}</caption>
        <thead>
          <tr>
            {header('state', t('monitor.col.state'))}
            {header('score', t('monitor.col.score'))}
            {header('events', t('monitor.col.events'))}
            {header('latest', t('monitor.col.latest'))}
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.state} data-state={s.state}>
              <th scope="row">
                <a href={`/monitor/s/${s.state}`}>{stateName(names, s.state)}</a> {s.sample ? <SampleBadge /> : null}
              </th>
              <td class="score" data-score={s.score}>
                {formatNumber(s.score)}
              </td>
              <td class="events">{formatNumber(s.events)}</td>
              <td>{s.lastDate ? <DualDate day={s.lastDate} /> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function MonitorPage() {
  const dashboard = useResource(() => api('/monitor', zDashboard), []);
  const mapAnswer = useResource(() => api('/monitor/map', zMapAnswer), []);
  const data = dashboard.data;
  const map = mapAnswer.data;
  const error = dashboard.error ?? mapAnswer.error;
  const names = useMemo(() => (map ? namesOf(map) : new Map()), [map]);
  const scored = data?.states.filter((s) => s.events > 0) ?? [];
  const humanitarian = data?.states.filter((s) => s.humanitarian > 0) ?? [];
  return (
    <div data-testid="monitor">
      <h1>{t('monitor.title')}</h1>
      <p>{t('monitor.intro')}</p>
      <ErrorMessage error={error} />
      {!data && !error ? <p class="loading">{t('common.loading')}</p> : null}
      {data ? (
        <>
          {data.samples ? <SampleBanner /> : null}
          <p class="muted small" data-testid="counts">
            {t('monitor.counts', { published: tn('monitor.publishedClaims', data.counts.published), retracted: formatNumber(data.counts.retracted), sources: tn('monitor.sourcesCited', data.counts.sources) })}
          </p>
          <section>
            <h2>{t('monitor.benchmarks')}</h2>
            <p class="muted small">{t('monitor.benchmarksIntro')}</p>
            <BenchmarkCards benchmarks={data.benchmarks} />
          </section>
          <section>
            <h2>{t('monitor.tally')}</h2>
            <p class="muted small">{t('monitor.tallyIntro')}</p>
            {map ? <WorldMap map={map} states={data.states} names={names} /> : <p class="loading">{t('common.loading')}</p>}
            {scored.length ? <TallyTable states={scored} names={names} /> : <p class="muted" data-testid="no-events">{t('monitor.noEvents')}</p>}
            <h3>{t('monitor.weightsTitle')}</h3>
            <WeightsTable weights={data.weights} />
            <h3>{t('monitor.humanitarianTitle')}</h3>
            <p class="muted small">{t('monitor.humanitarianIntro')}</p>
            {humanitarian.length ? (
              <ul class="plain" data-testid="humanitarian">
                {humanitarian.map((s) => (
                  <li key={s.state} class="list-row">
                    <a href={`/monitor/s/${s.state}`}>{stateName(names, s.state)}</a> · {t('monitor.contacts', { n: formatNumber(s.humanitarian) })}
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted small">{t('monitor.noHumanitarian')}</p>
            )}
          </section>
          <section>
            <h2>{t('monitor.feeds')}</h2>
            <p class="muted small">{t('monitor.feedsIntro')}</p>
            <FeedLinks />
          </section>
          <AccountHistory />
        </>
      ) : null}
    </div>
  );
}
