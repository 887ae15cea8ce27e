// Importer for the UK Sanctions List (FCDO) CSV export. Columns are found by their
// header, so both the short export Jirga ships (Unique ID, OFSI Group ID, Name,
// Regime Name, Type, Designation source, Date Designated, Sanctions Imposed) and the
// full export (one row per name, Name 1..Name 6, Name type, UN Reference Number,
// Other Information, D.O.B, Nationality...) are read; rows of other regimes are
// kept unless a regime filter is given. Pure: takes the file's text.
import { UnusableInput } from '../kernel/errors.ts';
import { parseCsvLines, type CsvRow } from '../kernel/csv.ts';
import { hasArabicScript } from './arabic.ts';
import type { BirthDate, ListRecord, Name, Schema } from './model.ts';

export interface UkImportOptions {
  /** regime names to keep (case-insensitive), e.g. ["Afghanistan"]; all when absent */
  regimes?: string[];
  file?: string;
}

export interface UkImport {
  records: ListRecord[];
  regimes: Record<string, number>;
  skipped: number;
  /** the columns found (normalised names) */
  columns: string[];
}

const norm = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');

const COLUMN: Record<string, string[]> = {
  id: ['uniqueid'],
  group: ['ofsigroupid', 'groupid'],
  unRef: ['unreferencenumber', 'unreference', 'unref'],
  name: ['name', 'fullname'],
  nameType: ['nametype'],
  strength: ['aliasstrength'],
  nonLatin: ['namenonlatinscript', 'nonlatinname', 'nonlatinscriptname'],
  regime: ['regimename', 'regime'],
  type: ['type', 'designationtype', 'individualentityship', 'entitytype'],
  source: ['designationsource'],
  date: ['datedesignated', 'listedon'],
  measures: ['sanctionsimposed'],
  other: ['otherinformation'],
  reasons: ['ukstatementofreasons', 'statementofreasons'],
  dob: ['dob', 'dateofbirth'],
  nationality: ['nationalityies', 'nationality', 'nationalities'],
  title: ['title'],
  position: ['position', 'positions'],
  townOfBirth: ['townofbirth'],
  countryOfBirth: ['countryofbirth'],
  gender: ['gender'],
};

/** "29-06-2012", "29/06/2012" or "2012-06-29" as YYYY-MM-DD (null if none of these). */
export function ukDate(value: string): string | null {
  const v = value.trim();
  let m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(v);
  if (m) return `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  m = /^(\d{4})-(\d{2})-(\d{2})/.exec(v);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  return null;
}

function ukBirthDate(value: string): BirthDate | null {
  const m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(value.trim());
  if (!m) return /^\d{4}$/.test(value.trim()) ? { text: value.trim(), from: `${value.trim()}-01-01`, to: `${value.trim()}-12-31`, approximate: false } : null;
  const [, d, mo, y] = m;
  if (Number(d) === 0 || Number(mo) === 0) return { text: y!, from: `${y}-01-01`, to: `${y}-12-31`, approximate: false };
  const date = `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  return { text: date, from: date, to: date, approximate: false };
}

function schemaOf(type: string): Schema | null {
  const t = type.toLowerCase();
  if (t.startsWith('individual') || t === 'person') return 'Person';
  if (t.startsWith('entit') || t === 'organisation' || t === 'organization') return 'Organization';
  if (t.startsWith('ship') || t === 'vessel') return 'Vessel';
  return null;
}

type ColumnKey = keyof typeof COLUMN;

/** Where each known column is, from the header row (found among the first five). */
interface UkLayout {
  headerAt: number;
  /** the header's normalised names */
  header: string[];
  col: Partial<Record<ColumnKey, number>>;
  /** the columns "Name 1".."Name 6" of the full export (-1 where absent) */
  nameParts: number[];
  hasParts: boolean;
}

function ukLayout(lines: readonly CsvRow[], what: string): UkLayout {
  const rows = lines.map((r) => r.cells);
  const headerAt = rows.slice(0, 5).findIndex((r) => r.some((c) => norm(c) === 'uniqueid'));
  if (headerAt < 0) throw new UnusableInput(`${what}: not a UK sanctions list export: no "Unique ID" column in the header`);
  const header = rows[headerAt]!.map(norm);
  const col: Partial<Record<ColumnKey, number>> = {};
  for (const [key, names] of Object.entries(COLUMN)) {
    const i = header.findIndex((h) => names.includes(h));
    if (i >= 0) col[key as ColumnKey] = i;
  }
  const nameParts = [1, 2, 3, 4, 5, 6].map((k) => header.indexOf(`name${k}`));
  const hasParts = nameParts.some((i) => i >= 0);
  if (col.name === undefined && !hasParts) throw new UnusableInput(`${what}: no "Name" (or "Name 1".."Name 6") column; the header has: ${rows[headerAt]!.join(', ')}`);
  if (col.regime === undefined) throw new UnusableInput(`${what}: no "Regime Name" column; the header has: ${rows[headerAt]!.join(', ')}`);
  if (col.type === undefined) throw new UnusableInput(`${what}: no "Type" (or "Designation Type") column; the header has: ${rows[headerAt]!.join(', ')}`);
  return { headerAt, header, col, nameParts, hasParts };
}

/** A row's cell by column, whitespace collapsed ('' when the export lacks the column). */
type Cell = (key: ColumnKey) => string;

/** What a row lacks: the columns past its end (a truncated row), or extra non-empty cells; null when whole. */
function rowShapeProblem(cells: readonly string[], headerCells: readonly string[]): string | null {
  if (cells.length < headerCells.length) {
    const missing = headerCells.slice(cells.length).map((h) => `"${h.trim()}"`);
    return `the row is cut short: ${cells.length} of the header's ${headerCells.length} columns, ${missing.join(', ')} missing`;
  }
  if (cells.slice(headerCells.length).some((c) => c.trim() !== '')) return `${cells.length} cells where the header has ${headerCells.length} columns`;
  return null;
}

export function importUkCsv(csv: string, options: UkImportOptions = {}): UkImport {
  const what = options.file ? `UK list "${options.file}"` : 'UK list';
  const lines = parseCsvLines(csv, what).filter((r) => r.cells.some((c) => c.trim() !== ''));
  const layout = ukLayout(lines, what);
  const { headerAt, col, nameParts, hasParts } = layout;
  const headerCells = lines[headerAt]!.cells;
  const data = lines.slice(headerAt + 1);
  if (data.length === 0) throw new UnusableInput(`${what} has no entries: only its header (line ${lines[headerAt]!.line}); screening against an empty list would find no one`);
  const wanted = options.regimes?.map((r) => r.toLowerCase());
  const byId = new Map<string, ListRecord>();
  const regimes: Record<string, number> = {};
  let skipped = 0;
  const seenIds = new Set<string>();
  for (const { line, cells: row } of data) {
    const get: Cell = (key) => (col[key] !== undefined ? (row[col[key]!] ?? '').replace(/\s+/g, ' ').trim() : '');
    const id = get('id');
    if (id === '') throw new UnusableInput(`${what}, row ${line}: "Unique ID" is empty`);
    const shape = rowShapeProblem(row, headerCells);
    if (shape) throw new UnusableInput(`${what}, row ${line} (${id}): ${shape}`);
    const regime = get('regime');
    if (regime === '') throw new UnusableInput(`${what}, row ${line} (${id}): "Regime Name" is empty`);
    if (!seenIds.has(id)) {
      seenIds.add(id);
      regimes[regime] = (regimes[regime] ?? 0) + 1;
    }
    if (wanted && !wanted.includes(regime.toLowerCase())) {
      skipped++;
      continue;
    }
    const full = hasParts
      ? [1, 2, 3, 4, 5, 6]
          .map((n) => (nameParts[n - 1]! >= 0 ? (row[nameParts[n - 1]!] ?? '').trim() : ''))
          .filter((p) => p !== '')
          .join(' ')
      : get('name');
    const where = `${what}, row ${line} (${id})`;
    const date = get('date');
    if (date !== '' && ukDate(date) === null) throw new UnusableInput(`${where}: "Date Designated" is "${date}", not a date (DD-MM-YYYY, DD/MM/YYYY or YYYY-MM-DD)`);
    let record = byId.get(id);
    if (!record) {
      record = newUkRecord(get, id, regime, where);
      byId.set(id, record);
    }
    if (full === '' && record.names.length === 0) throw new UnusableInput(`${where}: the name is empty`);
    addUkRow(record, get, full);
  }
  if (byId.size === 0) throw new UnusableInput(`${what}: none of its ${seenIds.size} entries is of the regime${wanted!.length > 1 ? 's' : ''} kept (${options.regimes!.join(', ')}); its regimes are ${Object.keys(regimes).join(', ')}`);
  return { records: [...byId.values()], regimes, skipped, columns: layout.header };
}

/** A designation as its first row gives it, without names or details yet. */
function newUkRecord(get: Cell, id: string, regime: string, where: string): ListRecord {
  const reference = `GB:${id}`;
  const schema = schemaOf(get('type'));
  if (!schema) throw new UnusableInput(`${where}: unknown type "${get('type')}" (expected Individual, Entity or Ship)`);
  const listedOn = ukDate(get('date'));
  const unRef = get('unRef');
  return {
    list: 'GB',
    reference,
    schema,
    names: [],
    sanction: {
      list: 'GB',
      authority: 'UK Foreign, Commonwealth & Development Office',
      programme: regime,
      reference,
      listId: id,
      ...(listedOn ? { listedOn } : {}),
      measures: get('measures')
        .split(/[,|]/)
        .map((s) => s.trim())
        .filter((s) => s),
      ...(get('source') ? { designationSource: get('source') } : {}),
      ...(unRef ? { unReference: unRef } : {}),
      otherIds: get('group') ? { 'OFSI Group ID': get('group') } : {},
    },
    birthDates: [],
    birthPlaces: [],
    nationalities: [],
    titles: [],
    positions: [],
    identifications: [],
    addresses: [],
    narratives: [],
    linkedTo: [],
  };
}

/** Adds what one row says (the full export has a row per name) to its designation: names, birth, nationality, narratives. */
function addUkRow(record: ListRecord, get: Cell, full: string): void {
  const { reference } = record;
  const nameType = get('nameType').toLowerCase();
  const weak = /weak|low/i.test(get('strength'));
  if (full !== '' && !record.names.some((n) => n.full === full)) {
    const primaryRow = nameType === '' || (nameType.startsWith('primary name') && !nameType.includes('variation'));
    const kind: Name['kind'] = primaryRow && !record.names.some((n) => n.kind === 'primary') ? 'primary' : weak ? 'weak-alias' : 'alias';
    record.names.push({ full, kind, script: hasArabicScript(full) ? 'arabic' : 'latin', reference });
  }
  const nonLatin = get('nonLatin');
  if (nonLatin && !record.names.some((n) => n.full === nonLatin)) record.names.push({ full: nonLatin, kind: 'original-script', script: hasArabicScript(nonLatin) ? 'arabic' : 'other', reference });
  const add = (arr: string[], v: string) => {
    for (const x of v.split(/\s*[;|]\s*/)) if (x && !arr.includes(x)) arr.push(x);
  };
  const dob = ukBirthDate(get('dob'));
  if (dob && !record.birthDates.some((d) => d.from === dob.from && d.to === dob.to)) record.birthDates.push(dob);
  add(record.nationalities, get('nationality'));
  add(record.titles, get('title'));
  add(record.positions, get('position'));
  const pob = [get('townOfBirth'), get('countryOfBirth')].filter((x) => x).join(', ');
  if (pob) add(record.birthPlaces, pob);
  if (get('gender') && !record.gender) record.gender = get('gender');
  for (const field of ['other', 'reasons'] as const) {
    const t = get(field);
    const label = field === 'other' ? 'Other Information' : 'UK Statement of Reasons';
    if (t && !record.narratives.some((n) => n.field === label && n.text === t)) record.narratives.push({ list: 'GB', reference, field: label, text: t });
  }
}
