// Who took part: the composition of a convention's participants (each
// conversation), of the voters (from the encrypted self-description questions) and
// of the delegations, against reference shares; delegation rules as pass/fail.
import { api } from '../../api/client.ts';
import { useResource } from '../../api/hooks.ts';
import { zConventionComposition, zInclusionSettings } from '../../api/inclusion.ts';
import { Pending } from '../../components/pending.tsx';
import { Txt } from '../../components/text.tsx';
import { formatNumber, t } from '../../i18n/index.ts';
import type { Route } from '../../router.ts';
import { CompositionView, ReferenceText, RuleResults } from './composition.tsx';
import { catName, DELEGATION_KIND_KEYS, dimName } from './names.ts';

/** A convention's composition report and its inclusion settings (for the reference shares' sources). */
async function loadDashboard(id: string) {
  const [data, settings] = await Promise.all([api(`/conventions/${encodeURIComponent(id)}/composition`, zConventionComposition), api(`/conventions/${encodeURIComponent(id)}/inclusion`, zInclusionSettings)]);
  return { data, settings };
}

export default function InclusionPage({ route }: { route: Route }) {
  const id = route.page === 'inclusion' ? route.id : '';
  const resource = useResource(() => loadDashboard(id), [id]);
  if (!resource.data) return <Pending resource={resource} />;
  const { data, settings } = resource.data;
  const k = formatNumber(settings.minCell);
  return (
    <article class="inclusion" data-testid="inclusion">
      <h1>{t('incl.dashboard')}</h1>
      <p>{t('incl.dashboardIntro', { k })}</p>
      <p>{t('incl.verdictRule', { min: formatNumber(settings.minAnswers), k })}</p>
      <div class="notice">
        <p>{t('incl.noCensus')}</p>
        <ul class="small">
          {Object.entries(settings.reference).map(([d, r]) => (
            <li key={d}>
              <strong>{dimName(d)}</strong>: <ReferenceText dimension={d} field="source" value={r.source} />{' '}
              {r.note ? (
                <span class="muted">
                  — <ReferenceText dimension={d} field="note" value={r.note} />
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      </div>
      <p class="actions">
        <a class="secondary" href={`/api/conventions/${encodeURIComponent(id)}/composition.csv`} download>
          {t('incl.downloadCsv')}
        </a>
        <a class="secondary" href={`/api/conventions/${encodeURIComponent(id)}/composition.json`} download>
          {t('incl.downloadJson')}
        </a>
      </p>
      {data.conversations.map((c) => (
        <section key={c.id} data-testid={`composition-conversation-${c.id}`}>
          <h2>
            {t('incl.conversation')}: <Txt value={c.topic} />
          </h2>
          <p class="muted">{t('incl.respondents', { n: formatNumber(c.respondents) })}</p>
          <CompositionView report={c.report} />
        </section>
      ))}
      {data.elections.map((e) => (
        <section key={e.uuid} data-testid={`composition-election-${e.uuid}`}>
          <h2>
            <Txt value={e.name} />
          </h2>
          <p class="muted">{t('incl.election', { n: formatNumber(e.voters) })}</p>
          <CompositionView report={e.report} />
        </section>
      ))}
      <section data-testid="delegations">
        <h2>{t('incl.delegations')}</h2>
        {data.delegations.length === 0 ? <p class="muted">{t('incl.noDelegations')}</p> : null}
        {data.delegations.map((d) => (
          <section class="card" key={d.id} data-testid="delegation">
            <h3 dir="auto">{d.name}</h3>
            <p class="muted small">
              {t(DELEGATION_KIND_KEYS[d.kind] ?? 'incl.kind.independent')} · {t('incl.delegateCount', { n: formatNumber(d.size) })}
            </p>
            <RuleResults results={d.rules} />
            <details>
              <summary>{t('incl.delegationComposition')}</summary>
              <CompositionView report={d.report} />
            </details>
          </section>
        ))}
        {data.delegations.length > 0 ? (
          <section class="card">
            <h3>{t('incl.allDelegates')}</h3>
            <p class="muted small">{t('incl.delegateCount', { n: formatNumber(data.allDelegates.size) })}</p>
            <RuleResults results={data.allDelegates.rules} />
            <CompositionView report={data.allDelegates.report} />
          </section>
        ) : null}
        {data.elected.length > 0 ? <h2>{t('incl.elected')}</h2> : null}
        {data.elected.map((e) => (
          <section class="card" key={`${e.uuid}-${e.question}`} data-testid="elected-delegates">
            <h3>
              <Txt value={e.name} />
            </h3>
            <p class="muted small">
              <Txt value={e.questionText} /> · {t('incl.electedSeats', { n: formatNumber(e.candidates.length), seats: formatNumber(e.seats), q: formatNumber(e.question) })}
            </p>
            <ol>
              {e.candidates.map((c) => (
                <li key={c.index}>
                  <Txt value={c.name} />
                  {Object.keys(c.description).length > 0 ? <span class="muted small"> — {Object.values(c.description).map(catName).join(' · ')}</span> : null}
                </li>
              ))}
            </ol>
            <RuleResults results={e.rules} />
            <details>
              <summary>{t('incl.delegationComposition')}</summary>
              <CompositionView report={e.report} />
            </details>
          </section>
        ))}
      </section>
    </article>
  );
}
