// Reviewers' editors: the weights of the recognition tally (with their history)
// and the benchmarks' titles and definitions in the three languages.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../../api/client.ts';
import { useAction } from '../../../api/hooks.ts';
import { zWeightsHistory, type Benchmark, type Weights } from '../../../api/monitor.ts';
import { zOk } from '../../../api/common.ts';
import { textOf } from '../../../components/text.tsx';
import { cleanTranslations, TranslatedFields } from '../../../components/translated-fields.tsx';
import { currentLanguage, t } from '../../../i18n/index.ts';
import { localDigits, parseTypedNumber } from '../../../../../src/kernel/digits.ts';
import type { Translations } from '../../../../../src/kernel/texts.ts';
import { SCORED_TYPES, SECTORS } from '../../../../../src/monitor/constants.ts';
import { sectorName, typeName, when } from '../names.ts';
import { Done, FormError, value } from './form-parts.tsx';

export function WeightsEditor({ weights, onSaved }: { weights: Weights; onSaved: () => Promise<void> }) {
  // shown in the page's digits; read back in any (a Dari or Pashto keyboard types ۰–۹)
  const shown = (n: number) => localDigits(String(n), currentLanguage());
  const toText = (w: Weights) => ({ ...Object.fromEntries(SCORED_TYPES.map((k) => [k, shown(w.types[k])])), ...Object.fromEntries(SECTORS.map((k) => [`sector-${k}`, shown(w.sectors[k])])) }) as Record<string, string>;
  const [form, setForm] = useState<Record<string, string>>(toText(weights));
  const { error, setError, result: done, run } = useAction<string>();
  const [history, setHistory] = useState<{ at: string; by: string | null }[] | null>(null);
  // the weights in use changed (saved here or by another reviewer): show them
  const current = JSON.stringify(weights);
  useEffect(() => setForm(toText(weights)), [current]);
  const label = (key: string) => (key.startsWith('sector-') ? t('monitor.agreementIn', { sector: sectorName(key.slice('sector-'.length) as (typeof SECTORS)[number]) }) : typeName(key as (typeof SCORED_TYPES)[number]));
  /** The weight typed, null when left empty; a weight that cannot be read is refused, naming its field. */
  const num = (key: string) => {
    const s = form[key];
    if (s === undefined || s.trim() === '') return null;
    const n = parseTypedNumber(s);
    if (n === undefined) throw new Error(t('monitor.weightNotANumber', { field: label(key), value: s.trim() }));
    return n;
  };
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const body = { types: Object.fromEntries(SCORED_TYPES.map((k) => [k, num(k)])), sectors: Object.fromEntries(SECTORS.map((k) => [k, num(`sector-${k}`)])) };
      await api('/monitor/weights', zOk, { method: 'PUT', body });
      await onSaved();
      return t('monitor.weightsSaved');
    });
  };
  const field = (key: string, label: string) => (
    <div key={key} class="weight-field">
      <label for={`mw-${key}`}>{label}</label>
      <input id={`mw-${key}`} name={key} type="text" inputMode="decimal" dir="ltr" value={form[key] ?? ''} onInput={(e) => setForm({ ...form, [key]: value(e) })} />
    </div>
  );
  return (
    <form class="card" onSubmit={submit} noValidate data-testid="weights-form">
      <h2>{t('monitor.weightsEditor')}</h2>
      <p class="muted small">{t('monitor.weightsEditorIntro')}</p>
      <div class="weight-grid">
        {SCORED_TYPES.map((k) => field(k, typeName(k)))}
        {SECTORS.map((k) => field(`sector-${k}`, t('monitor.agreementIn', { sector: sectorName(k) })))}
      </div>
      <p class="muted small">{t('monitor.humanitarianNeverScores')}</p>
      <FormError error={error} />
      <Done message={done} />
      <div class="actions">
        <button class="primary" type="submit">
          {t('monitor.saveWeights')}
        </button>
        <button class="secondary" type="button" onClick={() => api('/monitor/weights/history', zWeightsHistory).then(setHistory, setError)}>
          {t('monitor.weightsHistory')}
        </button>
      </div>
      {history ? (
        history.length ? (
          <ul class="plain">
            {history.map((h, i) => (
              <li key={i} class="list-row small">
                {t('monitor.weightsChanged', { name: h.by ?? t('monitor.role.system'), time: when(h.at) })}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted small">{t('monitor.weightsNeverChanged')}</p>
        )
      ) : null}
    </form>
  );
}

export function BenchmarkEditor({ benchmarks, onSaved }: { benchmarks: Benchmark[]; onSaved: () => Promise<void> }) {
  const [id, setId] = useState<string>(benchmarks[0]?.id ?? '');
  const current = benchmarks.find((b) => b.id === id);
  const [title, setTitle] = useState<Translations>(current?.title ?? {});
  const [definition, setDefinition] = useState<Translations>(current?.definition ?? {});
  const { error, setError, result: done, setResult: setDone, run } = useAction<string>();
  const choose = (next: string) => {
    const b = benchmarks.find((x) => x.id === next);
    setId(next);
    setTitle(b?.title ?? {});
    setDefinition(b?.definition ?? {});
    setDone(undefined);
    setError(null);
  };
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      await api(`/monitor/benchmarks/${encodeURIComponent(id)}`, zOk, { method: 'PUT', body: { title: cleanTranslations(title), definition: cleanTranslations(definition) } });
      await onSaved();
      return t('monitor.benchmarkSaved');
    });
  };
  return (
    <form class="card" onSubmit={submit} noValidate data-testid="benchmark-form">
      <h2>{t('monitor.benchmarkEditor')}</h2>
      <label for="mb-id">{t('monitor.benchmark')}</label>
      <select id="mb-id" value={id} onChange={(e) => choose(value(e))}>
        {benchmarks.map((b) => (
          <option key={b.id} value={b.id}>
            {textOf(b.title)}
          </option>
        ))}
      </select>
      <TranslatedFields prefix="mb-title" label={t('monitor.benchmarkTitle')} value={title} onChange={setTitle} />
      <TranslatedFields prefix="mb-definition" label={t('monitor.definition')} value={definition} onChange={setDefinition} multiline />
      <FormError error={error} />
      <Done message={done} />
      <div class="actions">
        <button class="primary" type="submit">
          {t('monitor.saveBenchmark')}
        </button>
      </div>
    </form>
  );
}
