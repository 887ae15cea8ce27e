// Proposing a claim (or editing a proposed one): an engagement of a state, a
// statement bearing on benchmarks, an assessment of a benchmark resting on published
// claims, or a relation for the sanctions network; its texts, its date, its sources.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../../api/client.ts';
import { useAction } from '../../../api/hooks.ts';
import { zClaimProposed, type Claim, type Work } from '../../../api/monitor.ts';
import { zOk } from '../../../api/common.ts';
import { textOf } from '../../../components/text.tsx';
import { cleanTranslations, TranslatedFields } from '../../../components/translated-fields.tsx';
import { currentLanguage, t } from '../../../i18n/index.ts';
import type { Translations } from '../../../../../src/kernel/texts.ts';
import { ASSESSMENTS, BENCHMARK_IDS, ENGAGEMENT_TYPES, SECTORS } from '../../../../../src/monitor/constants.ts';
import { CLAIMED_RELATION_KINDS, type ClaimedRelationKind } from '../../../../../src/sanctions/claims.ts';
import { relationName, sectorName, statusName, typeName, type StateNames } from '../names.ts';
import { Done, FormError, SelectField, value } from './form-parts.tsx';

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

export function ClaimForm({ work, names, editing, onSaved, onCancel }: { work: Work; names: StateNames; editing: Claim | null; onSaved: () => Promise<void>; onCancel: () => void }) {
  const [d, setD] = useState<ClaimDraft>(editing ? draftOf(editing) : EMPTY_CLAIM);
  const { error, setError, result: done, setResult: setDone, pending: busy, run } = useAction<string>();
  useEffect(() => {
    setD(editing ? draftOf(editing) : EMPTY_CLAIM);
    setError(null);
    // keep "changes saved" when an edit ends; clear it when one begins
    if (editing) setDone(undefined);
  }, [editing?.id]);
  const language = currentLanguage();
  const states = [...names.entries()].map(([code, n]) => ({ code, name: textOf(n) })).sort((a, b) => a.name.localeCompare(b.name, language));
  const evidence = work.claims.filter((c) => c.status === 'published' && c.kind !== 'assessment');
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      let message: string;
      if (editing) {
        await api(`/monitor/claims/${encodeURIComponent(editing.id)}`, zOk, { method: 'PUT', body: bodyOf(d) });
        onCancel();
        message = t('monitor.claimSaved');
      } else {
        await api('/monitor/claims', zClaimProposed, { method: 'POST', body: bodyOf(d) });
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
