// Adding a source: its title, publisher, address, date and language, and either an
// uploaded copy (its SHA-256 computed by the server) or the SHA-256 typed in.
import { useState } from 'preact/hooks';
import { api } from '../../../api/client.ts';
import { useAction } from '../../../api/hooks.ts';
import { zSourceAdded } from '../../../api/monitor.ts';
import { formatNumber, t } from '../../../i18n/index.ts';
import { MAX_COPY_BYTES } from '../../../../../src/monitor/constants.ts';
import { Done, FormError, readBase64, value } from './form-parts.tsx';

const EMPTY_SOURCE = { title: '', publisher: '', url: '', publishedOn: '', language: 'en', sha256: '' };

export function SourceForm({ onSaved }: { onSaved: () => Promise<void> }) {
  const [form, setForm] = useState(EMPTY_SOURCE);
  const [copy, setCopy] = useState<{ name: string; type: string; base64: string } | null>(null);
  const [fileKey, setFileKey] = useState(0);
  const { error, setError, result: done, pending: busy, run } = useAction<string>();
  const set = (k: keyof typeof EMPTY_SOURCE) => (e: Event) => setForm({ ...form, [k]: value(e) });
  const pick = async (e: Event) => {
    setError(null);
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return setCopy(null);
    if (file.size > MAX_COPY_BYTES) {
      setCopy(null);
      setError(new Error(t('monitor.fileTooLarge', { mib: formatNumber(MAX_COPY_BYTES / 1024 / 1024) })));
      return;
    }
    if (file.size === 0) {
      setCopy(null);
      setError(new Error(t('monitor.fileEmpty')));
      return;
    }
    try {
      setCopy({ name: file.name, type: /^[a-z]+\/[a-zA-Z0-9.+-]+$/.test(file.type) ? file.type : 'application/octet-stream', base64: await readBase64(file) });
    } catch (err) {
      setError(err);
    }
  };
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const body = {
        title: form.title,
        publisher: form.publisher,
        url: form.url,
        publishedOn: form.publishedOn,
        language: form.language,
        ...(form.sha256.trim() ? { sha256: form.sha256.trim() } : {}),
        ...(copy ? { copy } : {}),
      };
      const r = await api('/monitor/sources', zSourceAdded, { method: 'POST', body });
      setForm(EMPTY_SOURCE);
      setCopy(null);
      setFileKey((k) => k + 1);
      await onSaved();
      return t('monitor.sourceAdded', { title: body.title, sha: r.sha256 ?? '—' });
    });
  };
  return (
    <form class="card" onSubmit={submit} noValidate data-testid="source-form">
      <h2>{t('monitor.addSource')}</h2>
      <p class="muted small">{t('monitor.addSourceIntro')}</p>
      <label for="ms-title">{t('monitor.source.title')}</label>
      <input id="ms-title" name="title" type="text" dir="auto" value={form.title} onInput={set('title')} />
      <label for="ms-publisher">{t('monitor.source.publisher')}</label>
      <input id="ms-publisher" name="publisher" type="text" dir="auto" value={form.publisher} onInput={set('publisher')} />
      <label for="ms-url">{t('monitor.source.url')}</label>
      <input id="ms-url" name="url" type="url" dir="ltr" inputMode="url" placeholder="https://" value={form.url} onInput={set('url')} />
      <label for="ms-date">{t('monitor.source.published')}</label>
      <input id="ms-date" name="publishedOn" type="date" dir="ltr" value={form.publishedOn} onInput={set('publishedOn')} />
      <label for="ms-language">{t('monitor.source.language')}</label>
      <input id="ms-language" name="language" type="text" dir="ltr" list="ms-languages" value={form.language} onInput={set('language')} aria-describedby="ms-language-help" />
      <datalist id="ms-languages">
        {['en', 'fa', 'ps', 'ar', 'ur', 'ru', 'zh', 'tr', 'de', 'fr', 'uz', 'tk', 'tg'].map((l) => (
          <option key={l} value={l} />
        ))}
      </datalist>
      <p id="ms-language-help" class="muted small">
        {t('monitor.languageHelp')}
      </p>
      <fieldset>
        <legend>{t('monitor.copyOrHash')}</legend>
        <label for="ms-file">{t('monitor.source.upload')}</label>
        <input key={fileKey} id="ms-file" name="copy" type="file" onChange={pick} />
        {copy ? <p class="small filename">{copy.name}</p> : null}
        <label for="ms-sha">{t('monitor.source.sha256typed')}</label>
        <input id="ms-sha" name="sha256" type="text" class="mono" dir="ltr" spellcheck={false} value={form.sha256} onInput={set('sha256')} />
      </fieldset>
      <FormError error={error} />
      <Done message={done} />
      <div class="actions">
        <button class="primary" type="submit" disabled={busy}>
          {t('monitor.saveSource')}
        </button>
      </div>
    </form>
  );
}
