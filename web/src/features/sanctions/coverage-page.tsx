// Who is on which list — and on none: every listed entity with its UN, UK and US
// references, and the relatives and partners the lists name who are on no list.
import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { useResource } from '../../api/hooks.ts';
import { zCoverage, type CoverageRow } from '../../api/sanctions.ts';
import { Pending } from '../../components/pending.tsx';
import { formatNumber, t, tn, type Key } from '../../i18n/index.ts';
import { entityHref, ListsNote, Printed, SanctionsNav } from './sanctions-parts.tsx';

type Filter = 'all' | 'not-UN' | 'not-GB' | 'not-US' | 'unlisted-around';
const FILTERS: [Filter, Key][] = [
  ['all', 'sanctions.filter.all'],
  ['not-US', 'sanctions.filter.notUS'],
  ['not-GB', 'sanctions.filter.notGB'],
  ['not-UN', 'sanctions.filter.notUN'],
  ['unlisted-around', 'sanctions.filter.unlistedAround'],
];

function keep(r: CoverageRow, f: Filter): boolean {
  if (f === 'not-UN') return r.UN.length === 0;
  if (f === 'not-GB') return r.GB.length === 0;
  if (f === 'not-US') return r.US.length === 0;
  if (f === 'unlisted-around') return r.unlistedRelatives.length + r.unlistedPartners.length > 0;
  return true;
}

function CoverageCell({ refs }: { refs: string[] }) {
  return refs.length ? (
    <td class="listed" data-listed="true">
      {refs.map((r) => (
        <span key={r} class="ref" dir="ltr" lang="en" data-list-text>
          {r}
        </span>
      ))}
    </td>
  ) : (
    <td class="not-listed" data-listed="false">
      {t('sanctions.notListed')}
    </td>
  );
}

export default function CoveragePage() {
  const resource = useResource(() => api('/sanctions/coverage', zCoverage), []);
  const [filter, setFilter] = useState<Filter>('all');
  const cov = resource.data;
  if (!cov) return <Pending resource={resource} />;
  const listed = cov.rows.filter((r) => r.status === 'listed');
  const rows = listed.filter((r) => keep(r, filter));
  const count = (f: (r: CoverageRow) => boolean) => formatNumber(listed.filter(f).length);
  return (
    <article class="sanctions" data-testid="sanctions-coverage">
      <h1>{t('sanctions.coverage')}</h1>
      <SanctionsNav />
      <p>{t('sanctions.coverageIntro')}</p>
      <ul class="counts" data-testid="coverage-counts">
        <li>{tn('sanctions.count.listed', cov.totals.listed)}</li>
        <li>{t('sanctions.count.onUN', { n: count((r) => r.UN.length > 0) })}</li>
        <li>{t('sanctions.count.onGB', { n: count((r) => r.GB.length > 0) })}</li>
        <li>{t('sanctions.count.onUS', { n: count((r) => r.US.length > 0) })}</li>
        <li>{tn('sanctions.count.relatives', cov.totals.unlistedRelatives)}</li>
        <li>{tn('sanctions.count.partners', cov.totals.unlistedPartners)}</li>
      </ul>
      <ListsNote />
      <fieldset class="no-print">
        <legend>{t('sanctions.filter')}</legend>
        {FILTERS.map(([f, key]) => (
          <label key={f} class="check">
            <input type="radio" name="coverage-filter" value={f} checked={filter === f} onChange={() => setFilter(f)} /> {t(key)}
          </label>
        ))}
      </fieldset>
      <p class="muted small" aria-live="polite">
        {t('sanctions.shown', { n: formatNumber(rows.length) })}
      </p>
      <div class="table-scroll">
        <table data-testid="coverage-table">
          <thead>
            <tr>
              <th scope="col">{t('sanctions.col.entity')}</th>
              <th scope="col">{t('sanctions.list.UN')}</th>
              <th scope="col">{t('sanctions.list.GB')}</th>
              <th scope="col">{t('sanctions.list.US')}</th>
              <th scope="col">{t('sanctions.col.unlistedAround')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-entity={r.id}>
                <th scope="row">
                  <a href={entityHref(r.id)}>
                    <Printed text={r.caption} />
                  </a>
                </th>
                <CoverageCell refs={r.UN} />
                <CoverageCell refs={r.GB} />
                <CoverageCell refs={r.US} />
                <td class="unlisted-around">
                  {[...r.unlistedRelatives.map((x) => ({ ...x, family: true })), ...r.unlistedPartners.map((x) => ({ ...x, family: false }))].map((x) => (
                    <span key={x.id} class="around">
                      <a href={entityHref(x.id)}>
                        <Printed text={x.caption} />
                      </a>
                      {x.deceased ? <span class="muted small"> ({t('sanctions.deceased')})</span> : null}
                      <span class="muted small"> — {x.family ? t('sanctions.type.family') : t('sanctions.type.associate')}</span>
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </article>
  );
}
