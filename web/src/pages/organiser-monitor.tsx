// The monitor's workspace for editors and reviewers (and organisers): add sources,
// propose claims that cite them, review others' claims (never one's own), retract
// published ones with a reason, see every change, edit the weights and the
// benchmark definitions, import and export. Nothing is kept in the browser.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api.ts';
import { cleanTranslations, ErrorMessage, textOf, TranslatedFields } from '../components/common.tsx';
import {
  ASSESSMENTS,
  BENCHMARK_IDS,
  ClaimStatusBadge,
  ClaimSummary,
  ENGAGEMENT_TYPES,
  HistoryList,
  MAX_COPY_BYTES,
  namesOf,
  relationName,
  SCORED_TYPES,
  SECTORS,
  sectorName,
  SourceList,
  statusName,
  typeName,
  when,
  WeightsTable,
  type Benchmark,
  type Claim,
  type MapAnswer,
  type Source,
  type StateNames,
  type Weights,
} from '../components/monitor.tsx';
import { currentLanguage, formatNumber, t } from '../i18n/index.ts';
import { useOrganiserResource } from '../organiser-resource.ts';
import { Login } from './organiser.tsx';
import type { Translations } from '../../../src/kernel/texts.ts';
import { CLAIMED_RELATION_KINDS, type ClaimedRelationKind } from '../../../src/sanctions/claims.ts';

interface Work {
  me: { username: string; role: 'editor' | 'reviewer' | 'organiser'; canReview: boolean };
  claims: Claim[];
  sources: Source[];
  benchmarks: Benchmark[];
  weights: Weights;
  /** who proposed or edited each proposed claim: none of them may approve it */
  authors: Record<string, string[]>;
}

type HistoryEntry = { at: string; action: string; by: string; note: string | null; changes: string[] };

const value = (e: Event) => (e.target as HTMLInputElement).value;

/** A refusal from the server next to its form: in the reader's language, the server's words below, and that nothing was saved. */
function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  // refusals particular to the monitor (the general texts speak of elections and links)
  if (error instanceof ApiError && (error.status === 403 || error.status === 409))
    return (
      <div class="failure" role="alert" data-testid="form-error">
        <p class="error">{t(error.status === 403 ? 'monitor.forbidden' : 'monitor.conflict')}</p>
        <p class="small muted" lang="en" dir="ltr">
          {error.message}
        </p>
      </div>
    );
  return (
    <div data-testid="form-error">
      <ErrorMessage error={error} />
      {error instanceof ApiError && (error.status === 400 || error.status === 413) ? <p class="small">{t('monitor.nothingSaved')}</p> : null}
    </div>
  );
}

function Done({ message }: { message: string | null }) {
  return message ? (
    <p class="success wrap-anywhere" role="status" data-testid="form-done">
      {message}
    </p>
  ) : null;
}

/** A labelled choice among fixed values, each shown by its name in the reader's language. */
function SelectField<T extends string>({ id, name, label, selected, options, text, onChange }: { id: string; name: string; label: string; selected: T; options: readonly T[]; text: (o: T) => string; onChange: (v: T) => void }) {
  return (
    <>
      <label for={id}>{label}</label>
      <select id={id} name={name} value={selected} onChange={(e) => onChange(value(e) as T)}>
        {options.map((o) => (
          <option key={o} value={o}>
            {text(o)}
          </option>
        ))}
      </select>
    </>
  );
}

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}

// ------------------------------------------------------------------- sources

const EMPTY_SOURCE = { title: '', publisher: '', url: '', publishedOn: '', language: 'en', sha256: '' };

/** What a form's action shows: its error, its success message, whether it is running. `run` clears them,
 * runs the action and records how it ended (the message the action returns, or its error). */
function useAction() {
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<string>) => {
    setError(null);
    setDone(null);
    setBusy(true);
    try {
      setDone(await action());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { error, setError, done, setDone, busy, run };
}

function SourceForm({ onSaved }: { onSaved: () => Promise<void> }) {
  const [form, setForm] = useState(EMPTY_SOURCE);
  const [copy, setCopy] = useState<{ name: string; type: string; base64: string } | null>(null);
  const [fileKey, setFileKey] = useState(0);
  const { error, setError, done, busy, run } = useAction();
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
      const r = await api<{ id: string; sha256: string | null }>('/monitor/sources', { method: 'POST', body });
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

// -------------------------------------------------------------------- claims

type Kind = 'engagement' | 'statement' | 'assessment' | 'relation';

interface ClaimDraft {
  kind: Kind;
  text: Translations;
  date: string;
  sources: string[];
  state: string;
  type: (typeof ENGAGEMENT_TYPES)[number];
  sector: (typeof SECTORS)[number];
  benchmarks: string[];
  benchmark: (typeof BENCHMARK_IDS)[number];
  status: (typeof ASSESSMENTS)[number];
  evidence: string[];
  subject: string;
  relation: ClaimedRelationKind;
  objectListed: boolean;
  objectRef: string;
  objectName: string;
  objectSchema: 'Person' | 'Organization';
}

const EMPTY_CLAIM: ClaimDraft = { kind: 'engagement', text: {}, date: '', sources: [], state: '', type: 'ministerial-visit', sector: 'trade-investment', benchmarks: [], benchmark: 'women-and-girls', status: 'not-met', evidence: [], subject: '', relation: 'associate-of', objectListed: true, objectRef: '', objectName: '', objectSchema: 'Person' };

function draftOf(c: Claim): ClaimDraft {
  return {
    ...EMPTY_CLAIM,
    kind: c.kind,
    text: c.text,
    date: c.date,
    sources: c.sources,
    ...(c.engagement ? { state: c.engagement.state, type: c.engagement.type, sector: c.engagement.sector ?? 'trade-investment' } : {}),
    benchmarks: c.benchmarks,
    ...(c.assessment ? { benchmark: c.assessment.benchmark, status: c.assessment.status, evidence: c.assessment.evidence } : {}),
    ...(c.relation
      ? {
          subject: c.relation.subject,
          relation: c.relation.relation,
          ...('ref' in c.relation.object ? { objectListed: true, objectRef: c.relation.object.ref } : { objectListed: false, objectName: c.relation.object.name, objectSchema: c.relation.object.schema }),
        }
      : {}),
  };
}

function bodyOf(d: ClaimDraft) {
  const base = { kind: d.kind, text: cleanTranslations(d.text), date: d.date, sources: d.sources };
  if (d.kind === 'engagement') return { ...base, engagement: { state: d.state, type: d.type, ...(d.type === 'agreement' ? { sector: d.sector } : {}) } };
  if (d.kind === 'statement') return { ...base, benchmarks: d.benchmarks };
  if (d.kind === 'relation') return { ...base, relation: { subject: d.subject.trim(), relation: d.relation, object: d.objectListed ? { ref: d.objectRef.trim() } : { name: d.objectName.trim(), schema: d.objectSchema } } };
  return { ...base, assessment: { benchmark: d.benchmark, status: d.status, evidence: d.evidence } };
}

function toggle(list: string[], id: string, on: boolean): string[] {
  return on ? [...new Set([...list, id])] : list.filter((x) => x !== id);
}

function ClaimForm({ work, names, editing, onSaved, onCancel }: { work: Work; names: StateNames; editing: Claim | null; onSaved: () => Promise<void>; onCancel: () => void }) {
  const [d, setD] = useState<ClaimDraft>(editing ? draftOf(editing) : EMPTY_CLAIM);
  const { error, setError, done, setDone, busy, run } = useAction();
  useEffect(() => {
    setD(editing ? draftOf(editing) : EMPTY_CLAIM);
    setError(null);
    // keep "changes saved" when an edit ends; clear it when one begins
    if (editing) setDone(null);
  }, [editing?.id]);
  const language = currentLanguage();
  const states = [...names.entries()].map(([code, n]) => ({ code, name: textOf(n) })).sort((a, b) => a.name.localeCompare(b.name, language));
  const evidence = work.claims.filter((c) => c.status === 'published' && c.kind !== 'assessment');
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      let message: string;
      if (editing) {
        await api(`/monitor/claims/${encodeURIComponent(editing.id)}`, { method: 'PUT', body: bodyOf(d) });
        onCancel();
        message = t('monitor.claimSaved');
      } else {
        await api<{ id: string }>('/monitor/claims', { method: 'POST', body: bodyOf(d) });
        setD(EMPTY_CLAIM);
        message = t('monitor.claimProposed');
      }
      await onSaved();
      return message;
    });
  };
  return (
    <form class="card" onSubmit={submit} noValidate data-testid="claim-form">
      <h2>{editing ? t('monitor.editClaim') : t('monitor.proposeClaim')}</h2>
      <p class="muted small">{t('monitor.proposeIntro')}</p>
      <label for="mc-kind">{t('monitor.claimKind')}</label>
      <select id="mc-kind" name="kind" value={d.kind} onChange={(e) => setD({ ...d, kind: value(e) as Kind })}>
        <option value="engagement">{t('monitor.kind.engagement')}</option>
        <option value="statement">{t('monitor.kind.statement')}</option>
        <option value="assessment">{t('monitor.kind.assessment')}</option>
        <option value="relation">{t('monitor.kind.relation')}</option>
      </select>
      {d.kind === 'engagement' ? (
        <>
          <label for="mc-state">{t('monitor.col.state')}</label>
          <select id="mc-state" name="state" value={d.state} onChange={(e) => setD({ ...d, state: value(e) })}>
            <option value="">{t('monitor.chooseState')}</option>
            {states.map((s) => (
              <option key={s.code} value={s.code}>
                {s.name} ({s.code})
              </option>
            ))}
          </select>
          <SelectField id="mc-type" name="type" label={t('monitor.engagement')} selected={d.type} options={ENGAGEMENT_TYPES} text={typeName} onChange={(type) => setD({ ...d, type })} />
          {d.type === 'agreement' ? (
            <>
              <SelectField id="mc-sector" name="sector" label={t('monitor.sectorLabel')} selected={d.sector} options={SECTORS} text={sectorName} onChange={(sector) => setD({ ...d, sector })} />
            </>
          ) : null}
        </>
      ) : null}
      {d.kind === 'statement' ? (
        <fieldset>
          <legend>{t('monitor.bearsOn')}</legend>
          {work.benchmarks.map((b) => (
            <label key={b.id} class="check">
              <input type="checkbox" name="benchmarks" value={b.id} checked={d.benchmarks.includes(b.id)} onChange={(e) => setD({ ...d, benchmarks: toggle(d.benchmarks, b.id, (e.target as HTMLInputElement).checked) })} /> {textOf(b.title)}
            </label>
          ))}
        </fieldset>
      ) : null}
      {d.kind === 'assessment' ? (
        <>
          <label for="mc-benchmark">{t('monitor.benchmark')}</label>
          <select id="mc-benchmark" name="benchmark" value={d.benchmark} onChange={(e) => setD({ ...d, benchmark: value(e) as ClaimDraft['benchmark'] })}>
            {work.benchmarks.map((b) => (
              <option key={b.id} value={b.id}>
                {textOf(b.title)}
              </option>
            ))}
          </select>
          <SelectField id="mc-status" name="status" label={t('monitor.statusLabel')} selected={d.status} options={ASSESSMENTS} text={statusName} onChange={(status) => setD({ ...d, status })} />
          <fieldset data-testid="evidence-choice">
            <legend>{t('monitor.evidenceChoose')}</legend>
            {evidence.length === 0 ? <p class="muted small">{t('monitor.noEvidenceYet')}</p> : null}
            {evidence.map((c) => (
              <label key={c.id} class="check">
                <input type="checkbox" name="evidence" value={c.id} checked={d.evidence.includes(c.id)} onChange={(e) => setD({ ...d, evidence: toggle(d.evidence, c.id, (e.target as HTMLInputElement).checked) })} /> <span dir="auto">{textOf(c.text)}</span>
              </label>
            ))}
          </fieldset>
        </>
      ) : null}
      {d.kind === 'relation' ? (
        <fieldset data-testid="relation-fields">
          <legend>{t('monitor.relationLegend')}</legend>
          <p class="muted small">{t('monitor.relationHint')}</p>
          <label for="mc-subject">{t('monitor.relationSubject')}</label>
          <input id="mc-subject" name="subject" type="text" dir="ltr" placeholder="TAi.144" value={d.subject} onInput={(e) => setD({ ...d, subject: value(e) })} />
          <SelectField id="mc-relation" name="relation" label={t('monitor.relationKind')} selected={d.relation} options={CLAIMED_RELATION_KINDS} text={relationName} onChange={(relation) => setD({ ...d, relation })} />
          <label class="check">
            <input type="radio" name="object-listed" checked={d.objectListed} onChange={() => setD({ ...d, objectListed: true })} /> {t('monitor.relationObjectListed')}
          </label>
          <label class="check">
            <input type="radio" name="object-listed" checked={!d.objectListed} onChange={() => setD({ ...d, objectListed: false })} /> {t('monitor.relationObjectUnlisted')}
          </label>
          {d.objectListed ? (
            <>
              <label for="mc-object-ref">{t('monitor.relationObjectRef')}</label>
              <input id="mc-object-ref" name="object-ref" type="text" dir="ltr" placeholder="TAi.040" value={d.objectRef} onInput={(e) => setD({ ...d, objectRef: value(e) })} />
            </>
          ) : (
            <>
              <label for="mc-object-name">{t('monitor.relationObjectName')}</label>
              <input id="mc-object-name" name="object-name" type="text" dir="auto" value={d.objectName} onInput={(e) => setD({ ...d, objectName: value(e) })} />
              <label for="mc-object-schema">{t('monitor.relationObjectSchema')}</label>
              <select id="mc-object-schema" name="object-schema" value={d.objectSchema} onChange={(e) => setD({ ...d, objectSchema: value(e) as ClaimDraft['objectSchema'] })}>
                <option value="Person">{t('monitor.schema.person')}</option>
                <option value="Organization">{t('monitor.schema.organization')}</option>
              </select>
            </>
          )}
        </fieldset>
      ) : null}
      <TranslatedFields prefix="mc-text" label={t('monitor.claimText')} value={d.text} onChange={(text) => setD({ ...d, text })} multiline />
      <label for="mc-date">{t('monitor.claimDate')}</label>
      <input id="mc-date" name="date" type="date" dir="ltr" value={d.date} onInput={(e) => setD({ ...d, date: value(e) })} />
      <fieldset data-testid="source-choice">
        <legend>{d.kind === 'assessment' ? t('monitor.citeSourcesOptional') : t('monitor.citeSources')}</legend>
        {work.sources.length === 0 ? <p class="muted small">{t('monitor.noSourcesYet')}</p> : null}
        {work.sources.map((s) => (
          <label key={s.id} class="check">
            <input type="checkbox" name="sources" value={s.id} checked={d.sources.includes(s.id)} onChange={(e) => setD({ ...d, sources: toggle(d.sources, s.id, (e.target as HTMLInputElement).checked) })} />{' '}
            <span dir="auto">{s.title}</span> <span class="muted small">— {s.publisher}</span>
          </label>
        ))}
      </fieldset>
      <FormError error={error} />
      <Done message={done} />
      <div class="actions">
        <button class="primary" type="submit" disabled={busy}>
          {editing ? t('monitor.saveClaim') : t('monitor.propose')}
        </button>
        {editing ? (
          <button class="secondary" type="button" onClick={onCancel}>
            {t('monitor.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

// -------------------------------------------------------------------- review

function ReviewItem({ claim, work, names, onDone, onEdit }: { claim: Claim; work: Work; names: StateNames; onDone: () => Promise<void>; onEdit: (c: Claim) => void }) {
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const mine = claim.proposedBy === work.me.username || (work.authors[claim.id] ?? []).includes(work.me.username);
  const act = async (f: () => Promise<unknown>) => {
    setError(null);
    try {
      await f();
      await onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <li class="card review-item" data-claim={claim.id} data-testid="queue-item">
      <ClaimSummary claim={claim} names={names} benchmarks={work.benchmarks} />
      <SourceList ids={claim.sources} sources={work.sources} work />
      <p class="muted small">{t('monitor.proposedBy', { name: claim.proposedBy ?? t('monitor.role.system'), time: when(claim.proposedAt) })}</p>
      {mine ? (
        <p class="notice small" data-testid="own-claim">
          {t('monitor.ownClaim')}
        </p>
      ) : !work.me.canReview ? (
        <p class="muted small">{t('monitor.awaitingReviewer')}</p>
      ) : (
        <div class="review-actions">
          <label for={`note-${claim.id}`}>{t('monitor.approveNote')}</label>
          <input id={`note-${claim.id}`} type="text" dir="auto" value={note} onInput={(e) => setNote(value(e))} />
          <div class="actions">
            <button class="primary" type="button" data-action="approve" onClick={() => act(() => api(`/monitor/claims/${encodeURIComponent(claim.id)}/approve`, { method: 'POST', body: note.trim() ? { note } : {} }))}>
              {t('monitor.approve')}
            </button>
          </div>
          <label for={`reason-${claim.id}`}>{t('monitor.rejectReason')}</label>
          <input id={`reason-${claim.id}`} type="text" dir="auto" value={reason} onInput={(e) => setReason(value(e))} />
          <div class="actions">
            <button class="danger" type="button" data-action="reject" onClick={() => act(() => api(`/monitor/claims/${encodeURIComponent(claim.id)}/reject`, { method: 'POST', body: { note: reason } }))}>
              {t('monitor.reject')}
            </button>
          </div>
        </div>
      )}
      {!claim.sample ? (
        <div class="actions">
          <button class="secondary small-button" type="button" data-action="edit" onClick={() => onEdit(claim)}>
            {t('monitor.edit')}
          </button>
        </div>
      ) : null}
      <FormError error={error} />
    </li>
  );
}

function RetractItem({ claim, work, names, onDone }: { claim: Claim; work: Work; names: StateNames; onDone: () => Promise<void> }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const retract = async () => {
    setError(null);
    try {
      await api(`/monitor/claims/${encodeURIComponent(claim.id)}/retract`, { method: 'POST', body: { reason } });
      await onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <li class="list-row" data-claim={claim.id} data-testid="published-item">
      <ClaimSummary claim={claim} names={names} benchmarks={work.benchmarks} />
      {work.me.canReview ? (
        <>
          <label for={`retract-${claim.id}`}>{t('monitor.retractReason')}</label>
          <input id={`retract-${claim.id}`} type="text" dir="auto" value={reason} onInput={(e) => setReason(value(e))} />
          <div class="actions">
            <button class="danger" type="button" data-action="retract" onClick={retract}>
              {t('monitor.retract')}
            </button>
          </div>
          <FormError error={error} />
        </>
      ) : null}
    </li>
  );
}

function ClaimHistory({ claim, names, work }: { claim: Claim; names: StateNames; work: Work }) {
  const [history, setHistory] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const show = async () => {
    try {
      setHistory((await api<{ history: HistoryEntry[] }>(`/monitor/work/claims/${encodeURIComponent(claim.id)}`)).history);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <li class="list-row" data-claim={claim.id}>
      <p>
        <ClaimStatusBadge status={claim.status} />
      </p>
      <ClaimSummary claim={claim} names={names} benchmarks={work.benchmarks} />
      {claim.status === 'rejected' && claim.reviewNote ? (
        <p class="small" dir="auto">
          {t('monitor.rejectedBecause', { reason: claim.reviewNote })}
        </p>
      ) : null}
      {history ? (
        <HistoryList history={history} usernames />
      ) : (
        <button class="secondary small-button" type="button" onClick={show}>
          {t('monitor.showHistory')}
        </button>
      )}
      <ErrorMessage error={error} />
    </li>
  );
}

// ---------------------------------------------------- weights and benchmarks

function WeightsEditor({ weights, onSaved }: { weights: Weights; onSaved: () => Promise<void> }) {
  const toText = (w: Weights) => ({ ...Object.fromEntries(SCORED_TYPES.map((k) => [k, String(w.types[k])])), ...Object.fromEntries(SECTORS.map((k) => [`sector-${k}`, String(w.sectors[k])])) }) as Record<string, string>;
  const [form, setForm] = useState<Record<string, string>>(toText(weights));
  const { error, setError, done, run } = useAction();
  const [history, setHistory] = useState<{ at: string; by: string | null }[] | null>(null);
  // the weights in use changed (saved here or by another reviewer): show them
  const current = JSON.stringify(weights);
  useEffect(() => setForm(toText(weights)), [current]);
  const num = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : Number(s));
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const body = { types: Object.fromEntries(SCORED_TYPES.map((k) => [k, num(form[k])])), sectors: Object.fromEntries(SECTORS.map((k) => [k, num(form[`sector-${k}`])])) };
      await api('/monitor/weights', { method: 'PUT', body });
      await onSaved();
      return t('monitor.weightsSaved');
    });
  };
  const field = (key: string, label: string) => (
    <div key={key} class="weight-field">
      <label for={`mw-${key}`}>{label}</label>
      <input id={`mw-${key}`} name={key} type="number" min="0" max="100" step="any" dir="ltr" value={form[key] ?? ''} onInput={(e) => setForm({ ...form, [key]: value(e) })} />
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
        <button class="secondary" type="button" onClick={() => api<{ at: string; by: string | null }[]>('/monitor/weights/history').then(setHistory, setError)}>
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

function BenchmarkEditor({ benchmarks, onSaved }: { benchmarks: Benchmark[]; onSaved: () => Promise<void> }) {
  const [id, setId] = useState<string>(benchmarks[0]?.id ?? '');
  const current = benchmarks.find((b) => b.id === id);
  const [title, setTitle] = useState<Translations>(current?.title ?? {});
  const [definition, setDefinition] = useState<Translations>(current?.definition ?? {});
  const { error, setError, done, setDone, run } = useAction();
  const choose = (next: string) => {
    const b = benchmarks.find((x) => x.id === next);
    setId(next);
    setTitle(b?.title ?? {});
    setDefinition(b?.definition ?? {});
    setDone(null);
    setError(null);
  };
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      await api(`/monitor/benchmarks/${encodeURIComponent(id)}`, { method: 'PUT', body: { title: cleanTranslations(title), definition: cleanTranslations(definition) } });
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

// ------------------------------------------------------- import and export

function ImportForm({ onSaved }: { onSaved: () => Promise<void> }) {
  const [format, setFormat] = useState<'json' | 'csv'>('json');
  const [content, setContent] = useState('');
  const { error, done, run } = useAction();
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
      const r = await api<{ sources: number; claims: number }>('/monitor/import', { method: 'POST', body: { format, content } });
      setContent('');
      await onSaved();
      return t('monitor.imported', { sources: formatNumber(r.sources), claims: formatNumber(r.claims) });
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

// ---------------------------------------------------------------------- page

export default function OrganiserMonitorPage() {
  const { data: work, needLogin, error, load } = useOrganiserResource<Work>('/monitor/work', 15_000);
  const [names, setNames] = useState<StateNames>(new Map());
  const [editing, setEditing] = useState<Claim | null>(null);
  const [loggedOut, setLoggedOut] = useState(false);
  useEffect(() => {
    api<MapAnswer>('/monitor/map').then((m) => setNames(namesOf(m)), () => undefined);
  }, []);
  if (needLogin || loggedOut)
    return (
      <Login
        title={t('monitor.loginTitle')}
        intro={t('monitor.loginIntro')}
        onLogin={async () => {
          setLoggedOut(false);
          await load();
        }}
      />
    );
  if (!work) return error ? <ErrorMessage error={error} /> : <p class="loading">{t('common.loading')}</p>;
  const proposed = work.claims.filter((c) => c.status === 'proposed');
  const published = work.claims.filter((c) => c.status === 'published');
  const roleName = t(work.me.role === 'editor' ? 'monitor.role.editor' : work.me.role === 'reviewer' ? 'monitor.role.reviewer' : 'monitor.role.organiser');
  return (
    <div data-testid="organiser-monitor">
      <h1>{t('monitor.workTitle')}</h1>
      <p data-testid="me">
        {t('monitor.loggedInAs', { name: work.me.username, role: roleName })} · <a href="/monitor">{t('monitor.publicPages')}</a>
      </p>
      <p class="muted small">{work.me.canReview ? t('monitor.reviewerIntro') : t('monitor.editorIntro')}</p>
      <div class="actions">
        <button
          class="secondary"
          type="button"
          onClick={async () => {
            await api('/session', { method: 'DELETE' });
            setLoggedOut(true);
          }}
        >
          {t('organiser.logout')}
        </button>
      </div>
      <ErrorMessage error={error} />
      <div id="m-sources">
        <SourceForm onSaved={load} />
      </div>
      <div id="m-claims">
        <ClaimForm work={work} names={names} editing={editing} onSaved={load} onCancel={() => setEditing(null)} />
      </div>
      <section id="m-queue" data-testid="queue">
        <h2>{t('monitor.queue')}</h2>
        <p class="muted small">{t('monitor.queueIntro')}</p>
        {proposed.length === 0 ? <p class="muted">{t('monitor.queueEmpty')}</p> : null}
        <ul class="plain">
          {proposed.map((c) => (
            <ReviewItem
              key={c.id}
              claim={c}
              work={work}
              names={names}
              onDone={load}
              onEdit={(claim) => {
                setEditing(claim);
                document.getElementById('m-claims')?.scrollIntoView();
              }}
            />
          ))}
        </ul>
      </section>
      <section id="m-published" data-testid="published">
        <h2>{t('monitor.published')}</h2>
        <p class="muted small">{work.me.canReview ? t('monitor.retractIntro') : t('monitor.retractEditors')}</p>
        {published.length === 0 ? <p class="muted">{t('monitor.nothingPublished')}</p> : null}
        <ul class="plain">
          {published.map((c) => (
            <RetractItem key={c.id} claim={c} work={work} names={names} onDone={load} />
          ))}
        </ul>
      </section>
      <section id="m-history" data-testid="all-claims">
        <h2>{t('monitor.history')}</h2>
        <p class="muted small">{t('monitor.historyIntro')}</p>
        <ul class="plain">
          {work.claims.map((c) => (
            <ClaimHistory key={`${c.id}-${c.status}-${c.revision}`} claim={c} names={names} work={work} />
          ))}
        </ul>
      </section>
      <section>
        <h2>{t('monitor.sources')}</h2>
        {work.sources.length === 0 ? <p class="muted">{t('monitor.noSourcesYet')}</p> : null}
        <SourceList ids={work.sources.map((s) => s.id)} sources={work.sources} work />
      </section>
      {work.me.canReview ? (
        <>
          <WeightsEditor weights={work.weights} onSaved={load} />
          <BenchmarkEditor benchmarks={work.benchmarks} onSaved={load} />
        </>
      ) : (
        <section class="card">
          <h2>{t('monitor.weightsTitle')}</h2>
          <WeightsTable weights={work.weights} />
          <p class="muted small">{t('monitor.reviewersOnly')}</p>
        </section>
      )}
      <ImportForm onSaved={load} />
    </div>
  );
}
