// From list files to the sanctions network: import every file, resolve the records
// into entities, index their names, read the relations. Pure: takes file texts.
import { UnusableInput } from '../kernel/errors.ts';
import { classify, type ClassifiedFile, type SourceFile } from './detect.ts';
import { buildGraph } from './graph.ts';
import { compareNames, idfWeigh } from './match.ts';
import { analyseName, nameKey } from './names.ts';
import { extractRelations } from './narrative.ts';
import { importOfac } from './ofac.ts';
import { resolveRecords, type RecordCluster } from './resolve.ts';
import { NameIndex, type ScreenHit } from './screen.ts';
import { importUkCsv } from './uk.ts';
import { importUnXml } from './un.ts';
import { sortRefs, type Entity, type ListId, type ListRecord, type Relation } from './model.ts';

export interface LoadedList {
  list: ListId;
  files: string[];
  /** the date the file gives (UN dateGenerated) or its name gives (YYYY-MM-DD or YYYY-MM) */
  date: string | null;
  records: number;
  /** the newest listing date its entries give (YYYY-MM-DD), or null when they give none */
  latestListing: string | null;
  persons: number;
  organisations: number;
  note?: string;
}

export interface SanctionsDataset {
  lists: LoadedList[];
  records: ListRecord[];
  /** listed entities first (in list order), then referenced and unlisted ones */
  entities: Entity[];
  relations: Relation[];
  /** the index of listed entities' names (what screening searches) */
  index: NameIndex;
  byId: Map<string, Entity>;
  /** every list reference (and former UN reference) to its entity */
  byRef: Map<string, Entity>;
  /** for unlisted relatives: the listed entities their name might be (screening matches) */
  possibleMatches: Map<string, ScreenHit[]>;
}

export interface BuildOptions {
  /** UN list types to keep (e.g. ["Taliban"]); all when absent */
  unListTypes?: string[];
  /** UK regimes to keep (e.g. ["Afghanistan"]); all when absent */
  ukRegimes?: string[];
  /** OFAC programmes to keep (e.g. ["SDGT"]); all when absent */
  ofacProgrammes?: string[];
}

function dateInName(name: string): string | null {
  return /(\d{4}-\d{2}-\d{2}|\d{4}-\d{2})(?!\d)/.exec(name)?.[1] ?? null;
}

function entityOf(cluster: RecordCluster): Entity {
  const records = [...cluster.records].sort((a, b) => ['UN', 'GB', 'US'].indexOf(a.list) - ['UN', 'GB', 'US'].indexOf(b.list));
  const refs = sortRefs(records.map((r) => r.reference));
  const main = records[0]!;
  const entity: Entity = {
    id: refs[0]!,
    schema: main.schema,
    status: 'listed',
    caption: main.names.find((n) => n.kind === 'primary')?.full ?? main.names[0]!.full,
    refs,
    records,
    names: records.flatMap((r) => r.names),
    mentions: [],
    externalRefs: [],
    resolution: cluster.decisions,
  };
  const dead = records.find((r) => r.deceased)?.deceased;
  if (dead) entity.deceased = dead;
  return entity;
}

/** The names the lists' narratives use for listed entities ("Mullah Mohammed Omar (TAi.004)",
 * "Ghul Agha Ishakzai (TAi.147)") become names of those entities, of kind "mentioned". */
function addNarrativeNames(entities: Entity[]): void {
  const byRef = new Map<string, Entity>();
  for (const e of entities) for (const r of e.refs) byRef.set(r, e);
  for (const e of entities) {
    for (const rec of e.records) {
      for (const rel of rec.narratives.flatMap((n) => extractRelations(n))) {
        for (const side of [rel.subject, rel.object]) {
          if (side === 'self' || !side.ref) continue;
          const target = byRef.get(side.ref);
          if (!target || target === e) continue;
          const key = nameKey(side.name);
          if (key === '' || target.names.some((n) => nameKey(n.full) === key)) continue;
          // the mention must share a name with the entity (not "Network" for the Haqqani Network)
          const shares = target.names.some((n) => compareNames(analyseName(side.name), analyseName(n.full)).matchedQuery >= Math.min(2, analyseName(side.name).tokens.length));
          if (shares) target.names.push({ full: side.name, kind: 'mentioned', script: 'latin', reference: rec.reference });
        }
      }
    }
  }
}

/** Build the network from list files (classified by content). */
export function buildDataset(files: SourceFile[], options: BuildOptions = {}): SanctionsDataset {
  const { lists, records } = importLists(classifyFiles(files), options);
  const seen = new Map<string, ListRecord>();
  for (const r of records) {
    if (seen.has(r.reference)) throw new UnusableInput(`reference ${r.reference} appears twice (is the same list given twice?)`);
    seen.set(r.reference, r);
  }
  const weigh = idfWeigh(records.map((r) => r.names.flatMap((n) => analyseName(n.full).tokens)));
  const listed = resolveRecords(records, weigh).map(entityOf);
  addNarrativeNames(listed);
  const index = new NameIndex(listed);
  const graph = buildGraph({ entities: listed, index });
  const byId = new Map(graph.entities.map((e) => [e.id, e]));
  const byRef = new Map<string, Entity>();
  for (const e of graph.entities) {
    for (const r of [...e.refs, ...e.externalRefs]) if (!byRef.has(r)) byRef.set(r, e);
    for (const rec of e.records) for (const f of rec.sanction.formerReferences ?? []) if (!byRef.has(f)) byRef.set(f, e);
  }
  return { lists, records, entities: graph.entities, relations: graph.relations, index, byId, byRef, possibleMatches: possibleMatches(graph, index) };
}

function classifyFiles(files: readonly SourceFile[]): ClassifiedFile[] {
  const classified: ClassifiedFile[] = [];
  for (const f of files) {
    const kind = classify(f);
    if (kind) classified.push({ ...f, kind });
  }
  if (classified.length === 0) throw new UnusableInput('no sanctions list among the files given (expected a UN consolidated XML, a UK sanctions list CSV or an OFAC sdn.csv)');
  return classified;
}

/** Every list's records, UN files first, then UK, then OFAC, each list summarised. */
function importLists(classified: readonly ClassifiedFile[], options: BuildOptions): { lists: LoadedList[]; records: ListRecord[] } {
  const records: ListRecord[] = [];
  const lists: LoadedList[] = [];
  const summary = (list: ListId, names: string[], date: string | null, recs: ListRecord[], note?: string) => {
    const latestListing = recs.reduce<string | null>((m, r) => (r.sanction.listedOn && (m === null || r.sanction.listedOn > m) ? r.sanction.listedOn : m), null);
    lists.push({ list, files: names, date, records: recs.length, latestListing, persons: recs.filter((r) => r.schema === 'Person').length, organisations: recs.filter((r) => r.schema !== 'Person').length, ...(note ? { note } : {}) });
    records.push(...recs);
  };
  for (const f of classified.filter((c) => c.kind === 'un-xml')) {
    const un = importUnXml(f.text, { file: f.name, ...(options.unListTypes ? { listTypes: options.unListTypes } : {}) });
    summary('UN', [f.name], un.dateGenerated?.slice(0, 10) ?? dateInName(f.name), un.records, `list types: ${Object.entries(un.listTypes).map(([t, n]) => `${t} ${n}`).join(', ')}${un.skipped ? `; ${un.skipped} not kept` : ''}`);
  }
  for (const f of classified.filter((c) => c.kind === 'uk-csv')) {
    const uk = importUkCsv(f.text, { file: f.name, ...(options.ukRegimes ? { regimes: options.ukRegimes } : {}) });
    const report = /Report Date:?\s*([^,\n]+)/i.exec(f.text.slice(0, 200))?.[1]?.trim() ?? null;
    summary('GB', [f.name], dateInName(f.name) ?? report, uk.records, `regimes: ${Object.entries(uk.regimes).map(([t, n]) => `${t} ${n}`).join(', ')}${uk.skipped ? `; ${uk.skipped} rows not kept` : ''}`);
  }
  const sdn = classified.filter((c) => c.kind === 'ofac-sdn');
  if (sdn.length > 1) throw new UnusableInput(`more than one OFAC sdn file: ${sdn.map((s) => s.name).join(', ')}`);
  const alt = classified.filter((c) => c.kind === 'ofac-alt');
  const add = classified.filter((c) => c.kind === 'ofac-add');
  if (sdn.length === 0 && (alt.length || add.length)) throw new UnusableInput(`${[...alt, ...add].map((f) => f.name).join(', ')}: OFAC alt.csv/add.csv without sdn.csv`);
  for (const f of sdn) {
    const ofac = importOfac({
      sdn: f.text,
      ...(alt[0] ? { alt: alt[0].text } : {}),
      ...(add[0] ? { add: add[0].text } : {}),
      files: { sdn: f.name, ...(alt[0] ? { alt: alt[0].name } : {}), ...(add[0] ? { add: add[0].name } : {}) },
      ...(options.ofacProgrammes ? { programmes: options.ofacProgrammes } : {}),
    });
    summary('US', [f.name, ...alt.map((a) => a.name), ...add.map((a) => a.name)], dateInName(f.name), ofac.records, `${ofac.format === 'legacy' ? 'legacy sdn.csv' : 'sdn columns with a header'}${ofac.aliasesFromAlt ? `; ${ofac.aliasesFromAlt} aliases from alt.csv` : ''}${ofac.skipped ? `; ${ofac.skipped} entries not kept` : ''}`);
  }
  return { lists, records };
}

/** For each unlisted relative: the listed entities their name matches (not those whose narratives name them). */
function possibleMatches(graph: { entities: Entity[]; relations: Relation[] }, index: NameIndex): Map<string, ScreenHit[]> {
  const found = new Map<string, ScreenHit[]>();
  for (const e of graph.entities) {
    if (e.status !== 'unlisted') continue;
    // not those whose narratives name them: a UN name often carries the father's name
    const related = new Set(graph.relations.filter((r) => r.subject === e.id || r.object === e.id).map((r) => (r.subject === e.id ? r.object : r.subject)));
    const hits = new Map<string, ScreenHit>();
    for (const n of e.names) {
      // near-complete names only: a relative's two common names say little
      for (const h of index.search({ name: n.full })) {
        if (!h.match || related.has(h.entityId) || h.comparison.nameCoverage < 0.8) continue;
        if (!hits.has(h.entityId) || hits.get(h.entityId)!.score < h.score) hits.set(h.entityId, h);
      }
    }
    if (hits.size) found.set(e.id, [...hits.values()].sort((a, b) => b.score - a.score));
  }
  return found;
}
