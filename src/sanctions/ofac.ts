// Importer for the US OFAC SDN list in its legacy CSV form: sdn.csv (no header:
// ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT,
// Vess_flag, Vess_owner, Remarks; "-0-" for empty), with alt.csv (ent_num, alt_num,
// alt_type, alt_name, alt_remarks) and add.csv (ent_num, add_num, address,
// city/state/postal code, country, add_remarks) when given; also the same columns
// with a header, as in the subset Jirga ships (ent_num, sdn_name, sdn_type, program,
// title, remarks, aliases, linked_to). Remarks give dates and places of birth,
// nationalities, documents, weak a.k.a.s and "Linked To:" targets. Pure.
import { UnusableInput } from '../kernel/errors.ts';
import { parseCsvLines, type CsvRow } from '../kernel/csv.ts';
import type { BirthDate, Identification, ListRecord, Name, Schema } from './model.ts';

export interface OfacFiles {
  sdn: string;
  alt?: string;
  add?: string;
  /** file names, for messages */
  files?: { sdn?: string; alt?: string; add?: string };
  /** OFAC programme codes to keep (e.g. ["SDGT"]); all when absent */
  programmes?: string[];
}

export interface OfacImport {
  records: ListRecord[];
  format: 'legacy' | 'header';
  aliasesFromAlt: number;
  addressesFromAdd: number;
  skipped: number;
}

const NULL = /^-0-\s*$/;
const clean = (v: string | undefined) => (v === undefined || NULL.test(v) ? '' : v.replace(/\s+/g, ' ').trim());

const MONTHS: Record<string, string> = { jan: '01', feb: '02', mar: '03', apr: '04', may: '05', jun: '06', jul: '07', aug: '08', sep: '09', oct: '10', nov: '11', dec: '12' };
const LAST_DAY = (y: string, m: string) => String(new Date(Date.UTC(Number(y), Number(m), 0)).getUTCDate()).padStart(2, '0');

/** One OFAC date: "1977", "01 Jan 1966", "Jan 1966" as a day range. */
function ofacDay(text: string, end: boolean): string | null {
  const t = text.trim();
  let m = /^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})$/.exec(t);
  if (m && MONTHS[m[2]!.toLowerCase()]) return `${m[3]}-${MONTHS[m[2]!.toLowerCase()]}-${m[1]!.padStart(2, '0')}`;
  m = /^([A-Za-z]{3})[a-z]* (\d{4})$/.exec(t);
  if (m && MONTHS[m[1]!.toLowerCase()]) {
    const mm = MONTHS[m[1]!.toLowerCase()]!;
    return `${m[2]}-${mm}-${end ? LAST_DAY(m[2]!, mm) : '01'}`;
  }
  m = /^(\d{4})$/.exec(t);
  if (m) return end ? `${m[1]}-12-31` : `${m[1]}-01-01`;
  return null;
}

/** "DOB circa 01 Jan 1961", "DOB 1987 to 1989" (without the "DOB"). */
export function ofacBirthDate(text: string): BirthDate | null {
  let t = text.trim();
  const approximate = /^circa\b/i.test(t);
  t = t.replace(/^circa\s+/i, '');
  const range = /^(.+?) to (.+)$/.exec(t);
  let from = ofacDay(range ? range[1]! : t, false);
  let to = ofacDay(range ? range[2]! : t, true);
  if (!from || !to) return null;
  // "circa 01 Jan 1961": the year, not the day
  if (approximate && from === to) {
    from = `${from.slice(0, 4)}-01-01`;
    to = `${to.slice(0, 4)}-12-31`;
  }
  return { text: text.trim(), from, to, approximate };
}

const ID_SEGMENT = /^(?:alt\. )?((?:[A-Z][A-Za-z.'-]*\s)*(?:Passport|No\.|Number|ID))\s+([A-Za-z0-9]*\d[\w-]*)\s*(?:\(([^)]+)\))?\s*(.*)$/;

interface Remarks {
  birthDates: BirthDate[];
  birthPlaces: string[];
  nationalities: string[];
  identifications: Identification[];
  weakAliases: string[];
  linkedTo: string[];
  gender?: string;
}

/** The structured parts of an OFAC Remarks field. */
export function parseRemarks(remarks: string): Remarks {
  const out: Remarks = { birthDates: [], birthPlaces: [], nationalities: [], identifications: [], weakAliases: [], linkedTo: [] };
  const body = remarks.trim().replace(/\.$/, '');
  for (const raw of body.split(/;\s*/)) {
    const seg = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^(?:alt\. )?DOB (.+)$/.exec(seg))) {
      const d = ofacBirthDate(m[1]!);
      if (d) out.birthDates.push(d);
    } else if ((m = /^(?:alt\. )?POB (.+)$/.exec(seg))) out.birthPlaces.push(m[1]!);
    else if ((m = /^(?:alt\. )?(?:nationality|citizen) (.+)$/.exec(seg))) {
      if (!out.nationalities.includes(m[1]!)) out.nationalities.push(m[1]!);
    } else if ((m = /^a\.k\.a\. ['‘’](.+)['‘’]$/.exec(seg))) out.weakAliases.push(m[1]!);
    else if ((m = /^Linked To: (.+)$/.exec(seg))) out.linkedTo.push(m[1]!.trim());
    else if ((m = /^Gender (.+)$/.exec(seg))) out.gender = m[1]!;
    else if ((m = ID_SEGMENT.exec(seg))) {
      const id: Identification = { type: m[1]!, number: m[2]! };
      if (m[3]) id.country = m[3];
      if (m[4]) id.note = m[4];
      out.identifications.push(id);
    }
  }
  return out;
}

function schemaOf(type: string): Schema {
  const t = type.toLowerCase();
  if (t === 'individual') return 'Person';
  if (t === 'vessel' || t === 'aircraft') return 'Vessel';
  return 'Organization';
}

function programmes(p: string): string[] {
  return p
    .split(/\]\s*\[/)
    .map((x) => x.replace(/[[\]]/g, '').trim())
    .filter((x) => x);
}

const norm = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Where each column is: from the header, or at sdn.csv's fixed places (-1: absent). */
interface SdnLayout {
  format: OfacImport['format'];
  col: Record<string, number>;
  /** the rows of designations (without the header) */
  data: CsvRow[];
  /** the names of the columns every row must have */
  columns: string[];
}

const LEGACY_COLUMNS = ['ent_num', 'SDN_Name', 'SDN_Type', 'Program', 'Title', 'Call_Sign', 'Vess_type', 'Tonnage', 'GRT', 'Vess_flag', 'Vess_owner', 'Remarks'];

function sdnLayout(lines: CsvRow[], what: string): SdnLayout {
  const rows = lines.map((r) => r.cells);
  const first = rows[0]!.map(norm);
  if (first[0] === 'entnum') {
    const find = (...names: string[]) => first.findIndex((h) => names.includes(h));
    const col = { id: find('entnum'), name: find('sdnname', 'name'), type: find('sdntype', 'type'), program: find('program', 'programs'), title: find('title'), remarks: find('remarks'), aliases: find('aliases'), linked: find('linkedto') };
    for (const k of ['id', 'name', 'type', 'program'] as const) if (col[k]! < 0) throw new UnusableInput(`${what}: no "${{ id: 'ent_num', name: 'sdn_name', type: 'sdn_type', program: 'program' }[k]}" column; the header has: ${rows[0]!.join(', ')}`);
    return { format: 'header', col, data: lines.slice(1), columns: rows[0]!.map((h) => h.trim()) };
  }
  if (rows[0]!.length < 12) throw new UnusableInput(`${what}: not an OFAC sdn.csv: the first row has ${rows[0]!.length} fields where sdn.csv has 12 (ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks)`);
  return { format: 'legacy', col: { id: 0, name: 1, type: 2, program: 3, title: 4, remarks: 11, aliases: -1, linked: -1 }, data: lines, columns: LEGACY_COLUMNS };
}

/** A row with fewer cells than `columns` (cut short), named by its line, or null. */
function shortRow(row: CsvRow, columns: readonly string[], what: string, id?: string): UnusableInput | null {
  if (row.cells.length >= columns.length) return null;
  const missing = columns.slice(row.cells.length).map((c) => `"${c}"`);
  return new UnusableInput(`${what}, row ${row.line}${id ? ` (ent_num ${id})` : ''}: the row is cut short: ${row.cells.length} of ${columns.length} columns, ${missing.join(', ')} missing`);
}

/** The rows of alt.csv or add.csv: no blank lines, no end-of-file character. */
function dataRows(csv: string, what: string): CsvRow[] {
  return parseCsvLines(csv, what).filter((r) => r.cells.some((c) => c.trim() !== '' && c !== '\u001a'));
}

export function importOfac(files: OfacFiles): OfacImport {
  const what = `OFAC list${files.files?.sdn ? ` "${files.files.sdn}"` : ''}`;
  const lines = dataRows(files.sdn, what);
  if (lines.length === 0) throw new UnusableInput(`${what} is empty`);
  const { format, col, data, columns } = sdnLayout(lines, what);
  if (data.length === 0) throw new UnusableInput(`${what} has no entries: only its header (line ${lines[0]!.line}); screening against an empty list would find no one`);
  const wanted = files.programmes?.map((p) => p.toUpperCase());
  const byId = new Map<string, ListRecord>();
  let skipped = 0;
  data.forEach(({ line, cells: row }) => {
    const get = (key: string) => (col[key]! >= 0 ? clean(row[col[key]!]) : '');
    const id = get('id');
    if (!/^\d+$/.test(id)) throw new UnusableInput(`${what}, row ${line}: ent_num "${row[col.id!] ?? ''}" is not a number`);
    const short = shortRow({ line, cells: row }, columns, what, id);
    if (short) throw short;
    const name = get('name');
    if (name === '') throw new UnusableInput(`${what}, row ${line} (ent_num ${id}): SDN_Name is empty`);
    const progs = programmes(get('program'));
    if (wanted && !progs.some((p) => wanted.includes(p.toUpperCase()))) {
      skipped++;
      return;
    }
    byId.set(id, sdnRecord(get, id, name, progs));
  });
  const aliasesFromAlt = files.alt ? addAltNames(byId, files.alt, `OFAC alt.csv${files.files?.alt ? ` "${files.files.alt}"` : ''}`) : 0;
  const addressesFromAdd = files.add ? addAddresses(byId, files.add, `OFAC add.csv${files.files?.add ? ` "${files.files.add}"` : ''}`) : 0;
  if (byId.size === 0) throw new UnusableInput(`${what}: none of its ${data.length} entries is in the programme${wanted!.length > 1 ? 's' : ''} kept (${files.programmes!.join(', ')})`);
  return { records: [...byId.values()], format, aliasesFromAlt, addressesFromAdd, skipped };
}

/** One designation from its sdn row (`get` reads a cell by column name). */
function sdnRecord(get: (key: string) => string, id: string, name: string, progs: string[]): ListRecord {
  const reference = `US:${id}`;
  const remarks = get('remarks');
  const r = parseRemarks(remarks);
  const names: Name[] = [{ full: name, kind: 'primary', script: 'latin', reference }];
  for (const a of get('aliases').split(/\s*\|\s*/)) {
    const m = /^(aka|fka|nka):\s*(.+)$/i.exec(a.trim());
    if (m) names.push({ full: m[2]!.trim(), kind: m[1]!.toLowerCase() === 'fka' ? 'former' : 'alias', script: 'latin', reference });
  }
  for (const a of r.weakAliases) names.push({ full: a, kind: 'weak-alias', script: 'latin', reference });
  const linked = [...r.linkedTo];
  for (const l of get('linked').split(/\s*\|\s*/)) if (l.trim() && !linked.includes(l.trim())) linked.push(l.trim());
  const title = get('title');
  const record: ListRecord = {
    list: 'US',
    reference,
    schema: schemaOf(get('type')),
    names,
    sanction: { list: 'US', authority: 'US Treasury, Office of Foreign Assets Control', programme: progs.join(', '), reference, listId: id, measures: ['Blocking of property'] },
    birthDates: r.birthDates,
    birthPlaces: r.birthPlaces,
    nationalities: r.nationalities,
    titles: title ? [title] : [],
    positions: [],
    identifications: r.identifications,
    addresses: [],
    narratives: remarks ? [{ list: 'US', reference, field: 'Remarks', text: remarks }] : [],
    linkedTo: linked,
  };
  if (r.gender) record.gender = r.gender;
  return record;
}

/** alt.csv: the aliases of designations already read; returns how many were added. */
function addAltNames(byId: ReadonlyMap<string, ListRecord>, altCsv: string, what: string): number {
  let added = 0;
  for (const r of dataRows(altCsv, what)) {
    const row = r.cells;
    if (!/^\d+$/.test(clean(row[0]))) {
      if (r.line === 1) continue; // a header
      throw new UnusableInput(`${what}, row ${r.line}: ent_num "${row[0] ?? ''}" is not a number`);
    }
    const short = shortRow(r, ['ent_num', 'alt_num', 'alt_type', 'alt_name'], what, clean(row[0]));
    if (short) throw short;
    const rec = byId.get(clean(row[0]));
    const alias = clean(row[3]);
    if (!rec || alias === '') continue;
    if (rec.names.some((n) => n.full === alias)) continue;
    const type = clean(row[2]).toLowerCase();
    rec.names.push({ full: alias, kind: type === 'fka' ? 'former' : /weak/i.test(clean(row[4])) ? 'weak-alias' : 'alias', script: 'latin', reference: rec.reference });
    added++;
  }
  return added;
}

/** add.csv: the addresses of designations already read; returns how many were added. */
function addAddresses(byId: ReadonlyMap<string, ListRecord>, addCsv: string, what: string): number {
  let added = 0;
  for (const r of dataRows(addCsv, what)) {
    const row = r.cells;
    if (!/^\d+$/.test(clean(row[0]))) {
      if (r.line === 1) continue; // a header
      throw new UnusableInput(`${what}, row ${r.line}: ent_num "${row[0] ?? ''}" is not a number`);
    }
    const short = shortRow(r, ['ent_num', 'add_num', 'address', 'city/state/postal code', 'country'], what, clean(row[0]));
    if (short) throw short;
    const rec = byId.get(clean(row[0]));
    if (!rec) continue;
    const text = [clean(row[2]), clean(row[3]), clean(row[4]), clean(row[5])].filter((x) => x).join(', ');
    if (!text) continue;
    rec.addresses.push(clean(row[4]) ? { text, country: clean(row[4]) } : { text });
    added++;
  }
  return added;
}
