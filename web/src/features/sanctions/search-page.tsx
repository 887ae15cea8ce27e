// Name screening that survives transliteration: a name (in any script) and a year
// of birth, the listed people and organisations whose names come near, with the score and why.
import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { useAction } from '../../api/hooks.ts';
import { zSearchAnswer, type SearchAnswer } from '../../api/sanctions.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { formatNumber, formatPercent, t } from '../../i18n/index.ts';
import { entityHref, ListBadges, ListsNote, Printed, Refs, SanctionsNav } from './sanctions-parts.tsx';

export default function SearchPage() {
  const [name, setName] = useState('');
  const [year, setYear] = useState('');
  const search = useAction();
  // the last answer stays on screen while the next search runs
  const [result, setResult] = useState<SearchAnswer | null>(null);
  const [empty, setEmpty] = useState(false);
  const submit = (e: Event) => {
    e.preventDefault();
    if (name.trim() === '') {
      search.setError(null);
      setResult(null);
      setEmpty(true);
      return;
    }
    setEmpty(false);
    const params = new URLSearchParams({ q: name.trim() });
    if (year.trim()) params.set('dob', year.trim());
    void search.run(async () => {
      try {
        setResult(await api(`/sanctions/search?${params.toString()}`, zSearchAnswer));
      } catch (err) {
        setResult(null);
        throw err;
      }
    });
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
        <ErrorMessage error={search.error} />
        <div class="actions">
          <button class="primary" type="submit" disabled={search.pending}>
            {t('sanctions.searchButton')}
          </button>
        </div>
      </form>
      {result ? <Results result={result} /> : null}
      <ListsNote />
    </article>
  );
}

function Results({ result }: { result: SearchAnswer }) {
  const matches = result.matches.filter((m) => m.match).length;
  return (
    <section data-testid="results" aria-live="polite">
      <h2>{matches === 0 ? t('sanctions.noMatch') : t('sanctions.matches', { n: formatNumber(matches) })}</h2>
      {result.matches.length === 0 ? <p class="muted">{t('sanctions.nothingNear')}</p> : null}
      <ol class="plain">
        {result.matches.map((m) => (
          <li key={m.id} class={`card hit ${m.match ? 'match' : 'near'}`} data-entity={m.id} data-match={String(m.match)}>
            <p class="kicker">
              <span class={`badge ${m.match ? 'rejected' : 'closed'}`}>{m.match ? t('sanctions.possibleMatch') : t('sanctions.belowThreshold')}</span>
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
              <Printed text={m.why} block />
            </details>
          </li>
        ))}
      </ol>
    </section>
  );
}
