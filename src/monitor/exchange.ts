// Import and export of the evidence base: JSON (sources and claims as the API
// shows them) and CSV (one row per claim, its first source in the same row; more
// sources as further rows with the same claim key). An Atom feed of published
// claims. Imported claims always enter as proposed: a reviewer publishes them.
import { z } from 'zod';
import { parseCsvLines, writeCsv } from '../kernel/csv.ts';
import { writeAtom } from '../kernel/atom.ts';
import { formatIssues } from '../protocol/codec.ts';
import { InvalidRequest } from '../kernel/errors.ts';
import { zClaimInput, zSourceInput, type Claim, type ClaimInput, type Source, type SourceInput } from './model.ts';

export interface ImportBatch {
  /** Sources, each with the key claims use to cite it (an id in the file). */
  sources: (SourceInput & { key: string })[];
  /** Claims citing sources by key (a key of this file, or an existing source id); assessment evidence by existing claim id. */
  claims: ClaimInput[];
}

export const MAX_IMPORT_ROWS = 5000;

const zImportJson = z
  .object({
    sources: z.array(z.record(z.string(), z.unknown())).max(MAX_IMPORT_ROWS).default([]),
    claims: z.array(z.record(z.string(), z.unknown())).max(MAX_IMPORT_ROWS).default([]),
  })
  .passthrough();

function parseItem<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new InvalidRequest(`${where}: ${formatIssues(r.error)}`);
  return r.data;
}

const SOURCE_FIELDS = ['title', 'publisher', 'url', 'publishedOn', 'language', 'sha256'] as const;
const CLAIM_FIELDS = ['kind', 'text', 'date', 'sources', 'benchmarks', 'engagement', 'assessment', 'relation'] as const;

/** A JSON export of this monitor (or a file shaped like it). Ids become keys; statuses and authors are ignored. */
export function parseImportJson(content: string): ImportBatch {
  let raw: unknown;
  try {
    raw = JSON.parse(content);
  } catch {
    throw new InvalidRequest('the file is not valid JSON');
  }
  const data = parseItem(zImportJson, raw, 'import');
  const sources = data.sources.map((s, i) => {
    const key = typeof s.id === 'string' && s.id ? s.id : `source-${i + 1}`;
    const picked = Object.fromEntries(SOURCE_FIELDS.filter((f) => s[f] !== undefined && s[f] !== null).map((f) => [f, s[f]]));
    return { ...parseItem(zSourceInput, picked, `source ${i + 1} (${key})`), key };
  });
  const claims = data.claims.map((c, i) => {
    const picked = Object.fromEntries(CLAIM_FIELDS.filter((f) => c[f] !== undefined && c[f] !== null).map((f) => [f, c[f]]));
    if (picked.kind !== 'statement') delete picked.benchmarks;
    return parseItem(zClaimInput, picked, `claim ${i + 1}`);
  });
  return { sources, claims };
}

export interface ImportCheckOptions {
  /** Whether a sanctions-list reference (TAi.144, GB:AFG0112, US:10743) is in the loaded lists; relations unchecked when absent. */
  knownListReference?: (ref: string) => boolean;
}

/** The list references of a relation that are not in the loaded lists (none when there is no relation or no way to tell). */
export function unknownListReferences(relation: { subject: string; object: { ref: string } | { name: string } } | null | undefined, known: ((ref: string) => boolean) | undefined): string[] {
  if (!relation || !known) return [];
  return [relation.subject, ...('ref' in relation.object ? [relation.object.ref] : [])].filter((r) => !known(r));
}

/** Why a relation's references are refused (the server's words, for an edit as for an import). */
export const unknownListReferencesMessage = (unknown: readonly string[]) => `${unknown.join(', ')}: not in the loaded sanctions lists (search the name on the sanctions page to find its reference)`;

/**
 * Every check of an import file that needs no database, in one place: the server's import
 * (src/services/monitor/editing.ts) runs it before writing anything, and `jirga monitor
 * check` runs exactly it, so that a file the check calls usable is not refused by the
 * server for what the file itself says. What only the database knows (a source or an
 * evidence claim cited by an id that is not in the file) is checked by the server alone;
 * `citedOutside` tells the CLI what to say about it.
 */
export function checkImport(format: 'json' | 'csv', content: string, options: ImportCheckOptions = {}): ImportBatch & { citedOutside: string[] } {
  if (content.trim() === '') throw new InvalidRequest('the file is empty');
  const batch = format === 'json' ? parseImportJson(content) : parseImportCsv(content);
  if (batch.claims.length === 0 && batch.sources.length === 0) throw new InvalidRequest('the file holds no sources and no claims');
  for (const [i, c] of batch.claims.entries()) {
    const unknown = unknownListReferences('relation' in c ? c.relation : null, options.knownListReference);
    if (unknown.length) throw new InvalidRequest(`claim ${i + 1}: ${unknownListReferencesMessage(unknown)}; nothing was imported`);
  }
  const keys = new Set(batch.sources.map((s) => s.key));
  const citedOutside = [...new Set(batch.claims.flatMap((c) => [...c.sources.filter((k) => !keys.has(k)), ...('assessment' in c && c.assessment ? c.assessment.evidence : [])]))];
  return { ...batch, citedOutside };
}

export const CSV_COLUMNS = [
  'claim',
  'kind',
  'status',
  'date',
  'text_en',
  'text_fa',
  'text_ps',
  'state',
  'engagement_type',
  'sector',
  'benchmark',
  'assessment',
  'evidence',
  'benchmarks',
  'source_title',
  'source_publisher',
  'source_url',
  'source_published_on',
  'source_language',
  'source_sha256',
  'sample',
  'retraction_reason',
  'relation_subject',
  'relation',
  'relation_object_ref',
  'relation_object_name',
  'relation_object_schema',
] as const;

const list = (s: string | undefined) => (s ?? '').split(/[;\s]+/).filter(Boolean);

/** The CSV layout of CSV_COLUMNS. Rows with the same `claim` key add sources to one claim. */
export function parseImportCsv(content: string): ImportBatch {
  const rows = parseCsvLines(content, 'import CSV', { neutralised: true });
  const header = rows[0]?.cells.map((h) => h.trim());
  if (!header) throw new InvalidRequest('the CSV file is empty');
  for (const need of ['kind', 'date', 'source_url']) if (!header.includes(need)) throw new InvalidRequest(`the CSV file has no "${need}" column (expected columns: ${CSV_COLUMNS.join(', ')})`);
  if (rows.length - 1 > MAX_IMPORT_ROWS) throw new InvalidRequest(`at most ${MAX_IMPORT_ROWS} rows per import`);
  const sources = new Map<string, SourceInput & { key: string }>();
  const keys = new Map<string, string>();
  const claims = new Map<string, Record<string, unknown>>();
  rows.slice(1).forEach(({ cells, line }) => {
    if (cells.every((c) => c.trim() === '')) return;
    if (cells.length < header.length) throw new InvalidRequest(`CSV line ${line}: the row is cut short: ${cells.length} of the header's ${header.length} columns, ${header.slice(cells.length).map((h) => `"${h}"`).join(', ')} missing`);
    const get = (k: string) => cells[header.indexOf(k)]?.trim() || undefined;
    const key = get('claim') ?? `row-${line}`;
    let sourceKey: string | undefined;
    if (get('source_url')) {
      const input = {
        title: get('source_title'),
        publisher: get('source_publisher'),
        url: get('source_url'),
        publishedOn: get('source_published_on'),
        language: get('source_language'),
        ...(get('source_sha256') ? { sha256: get('source_sha256') } : {}),
      };
      const source = parseItem(zSourceInput, input, `CSV line ${line}, source`);
      const identity = `${source.url}\n${source.title}`;
      sourceKey = keys.get(identity) ?? `csv-source-${keys.size + 1}`;
      if (!keys.has(identity)) {
        keys.set(identity, sourceKey);
        sources.set(sourceKey, { ...source, key: sourceKey });
      }
    }
    const existing = claims.get(key);
    if (existing) {
      if (sourceKey) (existing.sources as string[]).push(sourceKey);
      return;
    }
    claims.set(key, claimOfRow(get, sourceKey, line));
  });
  return {
    sources: [...sources.values()],
    claims: [...claims.values()].map(({ line, ...c }) => parseItem(zClaimInput, c, `CSV line ${line}, claim`)),
  };
}

/** The claim a CSV row starts (before validation), citing `sourceKey` if the row gives a source. */
function claimOfRow(get: (column: string) => string | undefined, sourceKey: string | undefined, line: number): Record<string, unknown> {
  const kind = get('kind');
  const text = Object.fromEntries(
    (
      [
        ['en', get('text_en')],
        ['fa-AF', get('text_fa')],
        ['ps-AF', get('text_ps')],
      ] as const
    ).filter(([, v]) => v),
  );
  const claim: Record<string, unknown> = { kind, text, date: get('date'), sources: sourceKey ? [sourceKey] : [], line };
  if (kind === 'statement') claim.benchmarks = list(get('benchmarks'));
  if (kind === 'engagement') claim.engagement = { state: get('state'), type: get('engagement_type'), ...(get('sector') ? { sector: get('sector') } : {}) };
  if (kind === 'assessment') claim.assessment = { benchmark: get('benchmark'), status: get('assessment'), evidence: list(get('evidence')) };
  if (kind === 'relation') {
    const ref = get('relation_object_ref');
    claim.relation = { subject: get('relation_subject'), relation: get('relation'), object: ref ? { ref } : { name: get('relation_object_name'), ...(get('relation_object_schema') ? { schema: get('relation_object_schema') } : {}) } };
  }
  return claim;
}

/** Published and retracted claims as CSV (one row per cited source). */
export function claimsCsv(claims: readonly Claim[], sources: Readonly<Record<string, Source>>): string {
  const rows: (string | number | null)[][] = [[...CSV_COLUMNS]];
  for (const c of claims) {
    const base = [
      c.id,
      c.kind,
      c.status,
      c.date,
      c.text.en ?? '',
      c.text['fa-AF'] ?? '',
      c.text['ps-AF'] ?? '',
      c.engagement?.state ?? '',
      c.engagement?.type ?? '',
      c.engagement?.sector ?? '',
      c.assessment?.benchmark ?? '',
      c.assessment?.status ?? '',
      c.assessment?.evidence.join(' ') ?? '',
      c.benchmarks.join(' '),
    ];
    const cited = c.sources.map((id) => sources[id]).filter((s): s is Source => s !== undefined);
    for (const s of cited.length ? cited : [undefined]) {
      const r = c.relation;
      const object = r ? ('ref' in r.object ? [r.object.ref, '', ''] : ['', r.object.name, r.object.schema]) : ['', '', ''];
      rows.push([...base, s?.title ?? '', s?.publisher ?? '', s?.url ?? '', s?.publishedOn ?? '', s?.language ?? '', s?.sha256 ?? '', c.sample ? 'sample — not a real event' : '', c.retractionReason ?? '', r?.subject ?? '', r?.relation ?? '', ...object]);
    }
  }
  return writeCsv(rows);
}


function titleOf(c: Claim): string {
  const text = c.text.en ?? c.text['fa-AF'] ?? c.text['ps-AF'] ?? '';
  const first = text.length > 120 ? `${text.slice(0, 117)}…` : text;
  return `${c.status === 'retracted' ? '[Retracted] ' : ''}${c.sample ? '[Sample — not a real event] ' : ''}${first}`;
}

/** Atom 1.0 feed of published (and retracted, marked) claims; `base` is the site's address. */
export function atomFeed(claims: readonly Claim[], sources: Readonly<Record<string, Source>>, base: string): string {
  const updatedOf = (c: Claim) => c.retractedAt ?? c.reviewedAt ?? c.proposedAt;
  const sorted = [...claims].sort((a, b) => updatedOf(b).localeCompare(updatedOf(a)));
  const updated = sorted[0] ? updatedOf(sorted[0]) : new Date(0).toISOString();
  const entries = sorted.map((c) => {
    const cited = c.sources.map((id) => sources[id]).filter((s): s is Source => s !== undefined);
    const body = [
      ...(['en', 'fa-AF', 'ps-AF'] as const).filter((l) => c.text[l]).map((l) => c.text[l]!),
      `Date: ${c.date}`,
      ...(c.engagement ? [`State: ${c.engagement.state}; engagement: ${c.engagement.type}${c.engagement.sector ? ` (${c.engagement.sector})` : ''}`] : []),
      ...(c.assessment ? [`Benchmark: ${c.assessment.benchmark}; assessment: ${c.assessment.status}`] : []),
      ...(c.relation ? [`Relation: ${c.relation.subject} ${c.relation.relation} ${'ref' in c.relation.object ? c.relation.object.ref : `${c.relation.object.name} (on no list)`}`] : []),
      ...cited.map((s) => `Source: ${s.title} — ${s.publisher}, ${s.publishedOn} <${s.url}>${s.sha256 ? ` sha256:${s.sha256}` : ''}`),
      ...(c.status === 'retracted' ? [`Retracted: ${c.retractionReason}`] : []),
    ].join('\n');
    const categories = [c.kind, c.status, c.engagement?.state, c.engagement?.type, c.engagement?.sector, c.assessment?.benchmark, c.relation?.subject, ...c.benchmarks].filter((x): x is string => !!x);
    return {
      id: `${base}/monitor/claims/${c.id}`,
      title: titleOf(c),
      updated: updatedOf(c),
      published: c.reviewedAt ?? c.proposedAt,
      link: `${base}/monitor/claims/${c.id}`,
      related: cited.map((s) => ({ href: s.url, title: s.title })),
      categories,
      content: body,
    };
  });
  return writeAtom({
    id: `${base}/monitor`,
    title: 'Jirga accountability monitor — published claims',
    updated,
    self: `${base}/api/monitor/feed.atom`,
    alternate: `${base}/monitor`,
    author: 'Jirga monitor editors',
    entries,
  });
}
