// Importer for the UN Security Council Consolidated List XML (consolidated.xml,
// schema sc-sanctions.xsd): INDIVIDUALS/INDIVIDUAL and ENTITIES/ENTITY, every list
// type (Taliban, Al-Qaida, DPRK, ...) unless asked for some. Errors name the element
// at fault. Pure: takes the file's text.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { UnusableInput } from '../kernel/errors.ts';
import { hasArabicScript } from './arabic.ts';
import type { Address, BirthDate, Identification, ListRecord, Name } from './model.ts';

export interface UnImportOptions {
  /** UN_LIST_TYPE values to keep (case-insensitive), e.g. ["Taliban"]; all when absent */
  listTypes?: string[];
  /** the file name, for messages */
  file?: string;
}

export interface UnImport {
  dateGenerated: string | null;
  records: ListRecord[];
  /** entries per UN_LIST_TYPE in the file, kept or not */
  listTypes: Record<string, number>;
  skipped: number;
}

type Node = Record<string, unknown>;

const REPEATED = new Set([
  'INDIVIDUAL',
  'ENTITY',
  'VALUE',
  'INDIVIDUAL_ALIAS',
  'INDIVIDUAL_ADDRESS',
  'INDIVIDUAL_DATE_OF_BIRTH',
  'INDIVIDUAL_PLACE_OF_BIRTH',
  'INDIVIDUAL_DOCUMENT',
  'ENTITY_ALIAS',
  'ENTITY_ADDRESS',
]);

function text(node: unknown, key: string): string {
  if (node === null || typeof node !== 'object') return '';
  const v = (node as Node)[key];
  if (v === undefined || v === null) return '';
  if (typeof v === 'string' || typeof v === 'number') return String(v).replace(/\s+/g, ' ').trim();
  if (typeof v === 'object' && '#text' in (v as Node)) return String((v as Node)['#text']).replace(/\s+/g, ' ').trim();
  return '';
}

function list(node: unknown, key: string): Node[] {
  if (node === null || typeof node !== 'object') return [];
  const v = (node as Node)[key];
  if (v === undefined || v === null || v === '') return [];
  return (Array.isArray(v) ? v : [v]).map((x) => (x !== null && typeof x === 'object' ? (x as Node) : { '#text': x }));
}

function values(node: unknown, key: string): string[] {
  return list(node, key)
    .flatMap((x) => list(x, 'VALUE').map((v) => text(v, '#text')))
    .filter((v) => v !== '');
}

function birthDate(d: Node): BirthDate | null {
  const type = text(d, 'TYPE_OF_DATE').toUpperCase();
  const note = text(d, 'NOTE');
  const approximate = type === 'APPROXIMATELY' || /approx/i.test(note);
  const date = text(d, 'DATE').slice(0, 10);
  const year = text(d, 'YEAR');
  const fromYear = text(d, 'FROM_YEAR');
  const toYear = text(d, 'TO_YEAR');
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return { text: `${approximate ? 'approximately ' : ''}${date}`, from: date, to: date, approximate };
  if (/^\d{4}$/.test(year)) return { text: `${approximate ? 'approximately ' : ''}${year}`, from: `${year}-01-01`, to: `${year}-12-31`, approximate };
  if (/^\d{4}$/.test(fromYear) && /^\d{4}$/.test(toYear)) return { text: `between ${fromYear} and ${toYear}`, from: `${fromYear}-01-01`, to: `${toYear}-12-31`, approximate };
  return null;
}

function joinParts(parts: string[]): string {
  return parts.filter((p) => p !== '').join(', ');
}

const DECEASED = /\b(?:reportedly|confirmed)?\s*(?:deceased|killed|assassinated)\b/i;

/** The sentence of a narrative that says the person died, if any. */
export function deceasedSentence(narrative: string): string | undefined {
  return narrative
    .split(/(?<=\.)\s+(?=[A-Z])/)
    .find((s) => DECEASED.test(s) && !/\(deceased\)/i.test(s) && /^(?:Reportedly|Confirmed|Deceased)/i.test(s.trim()));
}

/** The <CONSOLIDATED_LIST> element of a well-formed UN list; refuses anything else. */
function consolidatedList(xml: string, what: string): Node {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const e = valid.err;
    throw new UnusableInput(`${what}: malformed XML at line ${e.line}, column ${e.col}: ${e.msg}`);
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (name) => REPEATED.has(name),
  });
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (e) {
    throw new UnusableInput(`${what}: malformed XML: ${(e as Error).message}`);
  }
  const roots = Object.keys(doc).filter((k) => !k.startsWith('?') && !k.startsWith('!') && k !== '#text');
  if (roots.length !== 1 || roots[0] !== 'CONSOLIDATED_LIST') {
    throw new UnusableInput(`${what}: not a UN consolidated list: root element is <${roots[0] ?? '(none)'}>, expected <CONSOLIDATED_LIST>`);
  }
  const root = (doc.CONSOLIDATED_LIST ?? {}) as Node;
  if (typeof root !== 'object' || (!('INDIVIDUALS' in root) && !('ENTITIES' in root))) {
    throw new UnusableInput(`${what}: <CONSOLIDATED_LIST> has neither <INDIVIDUALS> nor <ENTITIES>`);
  }
  return root;
}

/** The line each <INDIVIDUAL> and <ENTITY> element opens on, in document order (comments and CDATA blanked first). */
function elementLines(xml: string, element: 'INDIVIDUAL' | 'ENTITY'): number[] {
  const blanked = xml.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g, (m) => m.replace(/[^\n]/g, ' '));
  const lines: number[] = [];
  const re = new RegExp(`<${element}[\\s>/]`, 'g');
  let line = 1;
  let from = 0;
  for (let m = re.exec(blanked); m; m = re.exec(blanked)) {
    for (let i = from; i < m.index; i++) if (blanked.charCodeAt(i) === 10) line++;
    from = m.index;
    lines.push(line);
  }
  return lines;
}

export function importUnXml(xml: string, options: UnImportOptions = {}): UnImport {
  const what = options.file ? `UN list "${options.file}"` : 'UN list';
  const root = consolidatedList(xml, what);
  const dateGenerated = typeof root['@dateGenerated'] === 'string' ? (root['@dateGenerated'] as string) : null;
  const wanted = options.listTypes?.map((t) => t.toLowerCase());
  const records: ListRecord[] = [];
  const listTypes: Record<string, number> = {};
  let skipped = 0;
  const entries = [
    ...list(root.INDIVIDUALS, 'INDIVIDUAL').map((node, index) => ({ element: 'INDIVIDUAL' as const, node, index })),
    ...list(root.ENTITIES, 'ENTITY').map((node, index) => ({ element: 'ENTITY' as const, node, index })),
  ];
  if (entries.length === 0) throw new UnusableInput(`${what} has no entries: <INDIVIDUALS> and <ENTITIES> are empty; screening against an empty list would find no one`);
  const lines = { INDIVIDUAL: elementLines(xml, 'INDIVIDUAL'), ENTITY: elementLines(xml, 'ENTITY') };
  for (const { element, node, index } of entries) {
    const line = lines[element][index];
    const at = `${line !== undefined ? `line ${line}, ` : ''}${element} #${index + 1}${text(node, 'DATAID') ? ` (DATAID ${text(node, 'DATAID')})` : ''}`;
    const reference = text(node, 'REFERENCE_NUMBER');
    if (reference === '') throw new UnusableInput(`${what}: ${at} has no REFERENCE_NUMBER`);
    const listType = text(node, 'UN_LIST_TYPE');
    if (listType === '') throw new UnusableInput(`${what}: ${at} (${reference}) has no UN_LIST_TYPE`);
    listTypes[listType] = (listTypes[listType] ?? 0) + 1;
    if (wanted && !wanted.includes(listType.toLowerCase())) {
      skipped++;
      continue;
    }
    records.push(unRecord(element, node, reference, listType, `${what}: ${at} (${reference})`));
  }
  if (records.length === 0) throw new UnusableInput(`${what}: none of its ${entries.length} entries is of the list type${wanted!.length > 1 ? 's' : ''} kept (${options.listTypes!.join(', ')}); its list types are ${Object.keys(listTypes).join(', ')}`);
  return { dateGenerated, records, listTypes, skipped };
}

type Element = 'INDIVIDUAL' | 'ENTITY';

/** One listing; `where` names it in messages. */
function unRecord(element: Element, node: Node, reference: string, listType: string, where: string): ListRecord {
  const names = unNames(element, node, reference, where);
  const comments = text(node, 'COMMENTS1');
  const formerReferences = [...comments.matchAll(/listed under (?:number|reference(?: number)?) ([A-Z]{2}[ie]\.\d+)/g)].map((m) => m[1]!);
  const listedOn = text(node, 'LISTED_ON').slice(0, 10);
  const record: ListRecord = {
    list: 'UN',
    reference,
    schema: element === 'INDIVIDUAL' ? 'Person' : 'Organization',
    names,
    sanction: {
      list: 'UN',
      authority: listType.toLowerCase() === 'taliban' ? 'UN Security Council (1988 Committee)' : 'UN Security Council',
      programme: listType,
      reference,
      listId: reference,
      ...(listedOn ? { listedOn } : {}),
      measures: ['Asset freeze', 'Travel ban', 'Arms embargo'],
      otherIds: text(node, 'DATAID') ? { DATAID: text(node, 'DATAID') } : {},
      ...(formerReferences.length ? { formerReferences } : {}),
    },
    birthDates: list(node, 'INDIVIDUAL_DATE_OF_BIRTH')
      .map(birthDate)
      .filter((d): d is BirthDate => d !== null),
    birthPlaces: list(node, 'INDIVIDUAL_PLACE_OF_BIRTH')
      .map((p) => joinParts([text(p, 'CITY'), text(p, 'STATE_PROVINCE'), text(p, 'COUNTRY'), text(p, 'NOTE')]))
      .filter((p) => p !== ''),
    nationalities: values(node, 'NATIONALITY'),
    titles: values(node, 'TITLE'),
    positions: values(node, 'DESIGNATION'),
    identifications: unDocuments(node),
    addresses: unAddresses(element, node),
    narratives: unNarratives(comments, names, reference),
    linkedTo: [],
  };
  const gender = text(node, 'GENDER');
  if (gender) record.gender = gender;
  const dead = deceasedSentence(comments);
  if (dead) record.deceased = dead;
  return record;
}

/** The primary name (the name parts joined), the name in the original script, and the aliases. */
function unNames(element: Element, node: Node, reference: string, where: string): Name[] {
  const parts = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME'].map((k) => text(node, k)).filter((p) => p !== '' && p.toLowerCase() !== 'na');
  if (parts.length === 0) throw new UnusableInput(`${where} has no name: FIRST_NAME is empty`);
  const names: Name[] = [{ full: parts.join(' '), kind: 'primary', script: 'latin', reference }];
  const original = text(node, 'NAME_ORIGINAL_SCRIPT');
  if (original !== '') names.push({ full: original, kind: 'original-script', script: hasArabicScript(original) ? 'arabic' : 'other', reference });
  for (const a of list(node, element === 'INDIVIDUAL' ? 'INDIVIDUAL_ALIAS' : 'ENTITY_ALIAS')) {
    const full = text(a, 'ALIAS_NAME');
    if (full === '') continue;
    const quality = text(a, 'QUALITY').toLowerCase();
    const former = /previously listed/i.test(text(a, 'NOTE'));
    names.push({ full, kind: former ? 'former' : quality === 'low' ? 'weak-alias' : 'alias', script: hasArabicScript(full) ? 'arabic' : 'latin', reference });
  }
  return names;
}

function unDocuments(node: Node): Identification[] {
  return list(node, 'INDIVIDUAL_DOCUMENT')
    .filter((d) => text(d, 'NUMBER') !== '' || text(d, 'TYPE_OF_DOCUMENT') !== '')
    .map((d) => {
      const id: Identification = { type: [text(d, 'TYPE_OF_DOCUMENT'), text(d, 'TYPE_OF_DOCUMENT2')].filter((x) => x).join(': '), number: text(d, 'NUMBER') };
      const country = text(d, 'ISSUING_COUNTRY') || text(d, 'COUNTRY_OF_ISSUE');
      if (country) id.country = country;
      const note = joinParts([text(d, 'DATE_OF_ISSUE') && `issued ${text(d, 'DATE_OF_ISSUE')}`, text(d, 'CITY_OF_ISSUE'), text(d, 'NOTE')]);
      if (note) id.note = note;
      return id;
    });
}

function unAddresses(element: Element, node: Node): Address[] {
  return list(node, element === 'INDIVIDUAL' ? 'INDIVIDUAL_ADDRESS' : 'ENTITY_ADDRESS')
    .map((a) => {
      const t = joinParts([text(a, 'STREET'), text(a, 'CITY'), text(a, 'STATE_PROVINCE'), text(a, 'ZIP_CODE'), text(a, 'COUNTRY'), text(a, 'NOTE')]);
      const addr: Address = { text: t };
      if (text(a, 'COUNTRY')) addr.country = text(a, 'COUNTRY');
      return addr;
    })
    .filter((a) => a.text !== '');
}

/** The comments, and any name that says whose son its bearer is ("Akhter Mohmad son of Noor Mohmad"). */
function unNarratives(comments: string, names: readonly Name[], reference: string): ListRecord['narratives'] {
  return [
    ...(comments ? [{ list: 'UN' as const, reference, field: 'COMMENTS1', text: comments }] : []),
    ...names
      .filter((n) => /\bson of\b|\sولد\s/i.test(n.full))
      .map((n) => ({ list: 'UN' as const, reference, field: 'ALIAS_NAME', text: /\bson of\b/i.test(n.full) ? n.full.replace(/\s*\(.*$/s, '') : (/\(([^()]*ولد[^()]*)\)/.exec(n.full)?.[1] ?? n.full) })),
  ];
}
