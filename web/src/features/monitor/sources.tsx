// The sources a claim cites: title, publisher, address, date, language, SHA-256
// and the uploaded copy.
import { formatNumber, t } from '../../i18n/index.ts';
import type { Source } from '../../api/monitor.ts';
import { DualDate, SampleBadge } from './claims.tsx';

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

