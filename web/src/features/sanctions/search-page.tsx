// Looking a name up on the lists (a name in any script, a year of birth): first the
// closest listed entries, best first, each with why it came up, and for a one-part
// name how many listed people carry it; apart from them, the screening verdict (the
// strict threshold compliance screening uses), which is not the search's answer.
// The query lives in the URL (/sanctions?q=…&dob=…&limit=…): Back from an entity page
// brings the search and its results back, and a search can be linked to.
import { api } from '../../api/client.ts';
import { useResource } from '../../api/hooks.ts';
import { zSearchAnswer, type SearchAnswer } from '../../api/sanctions.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { currentLanguage, formatNumber, formatPercent, t, type Key } from '../../i18n/index.ts';
import { navigate } from '../../router.ts';
import { toAsciiDigits } from '../../../../src/kernel/digits.ts';
import { fill, Reasons } from './reasons.tsx';
import { entityHref, ListBadges, ListsNote, Printed, Refs, SanctionsNav } from './sanctions-parts.tsx';
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';

/** The most results the API gives (src/api/sanctions.ts). */
const MAX_LIMIT = 50;

export interface SearchQuery {
  q: string;
  dob: string;
  limit: number | undefined;
}

/** The search in the page's URL. */
export function searchQueryOf(search: string): SearchQuery {
  const p = new URLSearchParams(search);
  const limit = Number(p.get('limit'));
  return { q: (p.get('q') ?? '').trim(), dob: (p.get('dob') ?? '').trim(), limit: Number.isInteger(limit) && limit >= 1 && limit <= MAX_LIMIT ? limit : undefined };
}

export function searchHref({ q, dob, limit }: SearchQuery): string {
  const p = new URLSearchParams({ q });
  if (dob) p.set('dob', dob);
  if (limit !== undefined) p.set('limit', String(limit));
  return `/sanctions?${p.toString()}`;
}

/** A key's plural form for n in the reader's language. */
const plural = (key: string, n: number) => `${key}.${new Intl.PluralRules(currentLanguage()).select(n) === 'one' ? 'one' : 'other'}` as Key;

export default function SearchPage({ query }: { query: SearchQuery }) {
  const [name, setName] = useState(query.q);
  const [year, setYear] = useState(query.dob);
  const [empty, setEmpty] = useState(false);
  const answer = useResource(async () => {
    if (!query.q) return null;
    const params = new URLSearchParams({ q: query.q });
    if (query.dob) params.set('dob', query.dob);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    return api(`/sanctions/search?${params.toString()}`, zSearchAnswer);
  }, [query.q, query.dob, query.limit]);
  const submit = (e: Event) => {
    e.preventDefault();
    if (name.trim() === '') {
      setEmpty(true);
      return;
    }
    setEmpty(false);
    const href = searchHref({ q: name.trim(), dob: toAsciiDigits(year).trim(), limit: undefined });
    if (href === location.pathname + location.search) void answer.reload();
    else navigate(href);
  };
  return (
    <article class="sanctions" data-testid="sanctions-search">
      <h1>{t('sanctions.title')}</h1>
      <p>{t('sanctions.intro')}</p>
      <SanctionsNav />
      <form class="card" onSubmit={submit} noValidate role="search">
        <label for="sq-name">{t('sanctions.nameLabel')}</label>
        <input id="sq-name" name="q" type="text" dir="auto" autocomplete="off" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} aria-describedby="sq-help" />
        <p id="sq-help" class="muted small">
          {t('sanctions.nameHelp')}
        </p>
        <label for="sq-year">{t('sanctions.yearLabel')}</label>
        <input id="sq-year" name="dob" type="text" inputmode="numeric" dir="ltr" autocomplete="off" value={year} onInput={(e) => setYear((e.target as HTMLInputElement).value)} />
        {empty ? (
          <p class="failure" role="alert" data-testid="empty-search">
            {t('sanctions.emptyName')}
          </p>
        ) : null}
        <ErrorMessage error={answer.error} />
        <div class="actions">
          <button class="primary" type="submit" disabled={query.q !== '' && answer.loading}>
            {t('sanctions.searchButton')}
          </button>
        </div>
      </form>
      {answer.data ? (
        <>
          <Results result={answer.data} query={query} />
          <Verdict result={answer.data} />
        </>
      ) : query.q && answer.loading ? (
        <p class="loading">{t('common.loading')}</p>
      ) : null}
      <ListsNote />
    </article>
  );
}

/** The answer to the search: the closest entries, best first, with their reasons. */
function Results({ result, query }: { result: SearchAnswer; query: SearchQuery }) {
  const same = result.sameName;
  const carriers = same ? same.people + same.organisations : 0;
  const more = same !== null && carriers > result.matches.length && result.matches.length < MAX_LIMIT;
  return (
    <section data-testid="results" data-query={result.query} aria-labelledby="results-title">
      <h2 id="results-title">{t('sanctions.closest')}</h2>
      {same ? (
        <p data-testid="same-name">
          {same.people + same.organisations === 0 ? (
            fill('sanctions.sameName.none', { name: <Printed text={same.name} /> })
          ) : (
            <>
              {fill(plural('sanctions.sameName', same.people), { n: formatNumber(same.people), name: <Printed text={same.name} /> })}
              {same.organisations > 0 ? <> {fill(plural('sanctions.sameNameOrgs', same.organisations), { n: formatNumber(same.organisations) })}</> : null}
              {same.spellings.length > 0 ? (
                <>
                  {' '}
                  {fill('sanctions.spellings', {
                    spellings: (
                      <>
                        {same.spellings.map((s, i) => (
                          <Fragment key={s}>
                            {i > 0 ? t('sanctions.listSeparator') : null}
                            <Printed text={s} />
                          </Fragment>
                        ))}
                      </>
                    ),
                  })}
                </>
              ) : null}
            </>
          )}
        </p>
      ) : null}
      {result.matches.length === 0 ? <p class="muted">{t('sanctions.nothingNear')}</p> : <p class="muted small">{t('sanctions.closestHelp')}</p>}
      <ol class="plain">
        {result.matches.map((m) => (
          <li key={m.id} class={`card hit ${m.match ? 'match' : 'near'}`} data-entity={m.id} data-match={String(m.match)}>
            <p class="kicker">
              {m.match ? <span class="badge rejected">{t('sanctions.possibleMatch')}</span> : null}
              <ListBadges lists={m.lists} />
            </p>
            <h3>
              <a href={entityHref(m.id)}>
                <Printed text={m.name} />
              </a>
            </h3>
            <p>
              <Refs refs={m.refs} />
            </p>
            <div class="bar-row">
              <div class="bar-label small">
                <span>{t('sanctions.score')}</span>
                <span class="score">{formatPercent(m.score)}</span>
              </div>
              <svg class="votebar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">
                <rect class="vb-track" width="100" height="6" />
                <rect class={m.match ? 'vb-disagree' : 'vb-agree'} width={Math.round(m.score * 100)} height="6" />
              </svg>
            </div>
            <details class="why">
              <summary>{t('sanctions.why')}</summary>
              <Reasons reasons={m.reasons} />
            </details>
          </li>
        ))}
      </ol>
      {more ? (
        <p>
          <a class="secondary" data-testid="show-all" href={searchHref({ ...query, limit: MAX_LIMIT })}>
            {carriers <= MAX_LIMIT ? t('sanctions.showAll', { n: carriers }) : t('sanctions.showClosest', { n: MAX_LIMIT })}
          </a>
        </p>
      ) : null}
    </section>
  );
}

/** The screening verdict, apart from the search's answer: what the strict threshold says, and what it means. */
function Verdict({ result }: { result: SearchAnswer }) {
  const matches = result.matches.filter((m) => m.match).length;
  return (
    <section class="notice" data-testid="verdict" data-matches={String(matches)} aria-labelledby="verdict-title">
      <h2 id="verdict-title">{t('sanctions.verdict.title')}</h2>
      <p>
        <strong>{matches === 0 ? t('sanctions.verdict.none') : t(plural('sanctions.verdict.some', matches), { n: matches })}</strong>
      </p>
      <p class="small">{t('sanctions.verdict.explain', { threshold: formatPercent(result.threshold) })}</p>
    </section>
  );
}
