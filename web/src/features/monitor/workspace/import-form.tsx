// Importing sources and claims (JSON or CSV, as exported), and the exports.
import { useState } from 'preact/hooks';
import { api } from '../../../api/client.ts';
import { useAction } from '../../../api/hooks.ts';
import { zMonitorImported } from '../../../api/monitor.ts';
import { t, tn } from '../../../i18n/index.ts';
import { Done, FormError, value } from './form-parts.tsx';

export function ImportForm({ onSaved }: { onSaved: () => Promise<void> }) {
  const [format, setFormat] = useState<'json' | 'csv'>('json');
  const [content, setContent] = useState('');
  const { error, result: done, run } = useAction<string>();
  const pick = async (e: Event) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    if (/\.csv$/i.test(file.name)) setFormat('csv');
    else if (/\.json$/i.test(file.name)) setFormat('json');
    setContent(await file.text());
  };
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const r = await api('/monitor/import', zMonitorImported, { method: 'POST', body: { format, content } });
      setContent('');
      await onSaved();
      return t('monitor.imported', { sources: tn('monitor.importedSources', r.sources), claims: tn('monitor.importedClaims', r.claims) });
    });
  };
  return (
    <form class="card" onSubmit={submit} noValidate data-testid="import-form">
      <h2>{t('monitor.import')}</h2>
      <p class="muted small">{t('monitor.importIntro')}</p>
      <label for="mi-format">{t('monitor.importFormat')}</label>
      <select id="mi-format" value={format} onChange={(e) => setFormat(value(e) as 'json' | 'csv')}>
        <option value="json">JSON</option>
        <option value="csv">CSV</option>
      </select>
      <label for="mi-file">{t('monitor.importFile')}</label>
      <input id="mi-file" type="file" accept=".json,.csv,application/json,text/csv" onChange={pick} />
      <label for="mi-content">{t('monitor.importPaste')}</label>
      <textarea id="mi-content" dir="ltr" class="mono" value={content} onInput={(e) => setContent(value(e))} />
      <FormError error={error} />
      <Done message={done} />
      <div class="actions">
        <button class="primary" type="submit">
          {t('monitor.importButton')}
        </button>
      </div>
      <h3>{t('monitor.export')}</h3>
      <ul class="plain downloads">
        <li>
          <a href="/api/monitor/work/export.json" download="jirga-monitor-full.json">
            {t('monitor.exportFull')}
          </a>
        </li>
        <li>
          <a href="/api/monitor/claims.json" download="jirga-monitor-claims.json">
            {t('monitor.feedJson')}
          </a>
        </li>
        <li>
          <a href="/api/monitor/claims.csv" download="jirga-monitor-claims.csv">
            {t('monitor.feedCsv')}
          </a>
        </li>
      </ul>
    </form>
  );
}
