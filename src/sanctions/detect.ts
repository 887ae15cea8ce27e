// Which list a file holds, from its content (and its name for OFAC's headerless
// alt.csv and add.csv). Pure.
import { UnusableInput } from '../kernel/errors.ts';

export type SourceKind = 'un-xml' | 'uk-csv' | 'ofac-sdn' | 'ofac-alt' | 'ofac-add';

export interface SourceFile {
  /** the file name (for messages and for telling alt.csv from add.csv) */
  name: string;
  text: string;
}

export interface ClassifiedFile extends SourceFile {
  kind: SourceKind;
}

/** The first line of a text, without a byte-order mark. */
function firstLine(text: string): string {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const i = t.search(/\r?\n/);
  return i < 0 ? t : t.slice(0, i);
}

/** The root element's name of an XML text, or null. */
export function xmlRoot(text: string): string | null {
  const body = text.replace(/^\uFEFF/, '').replace(/<\?[\s\S]*?\?>/g, '').replace(/<!--[\s\S]*?-->/g, '').replace(/<!DOCTYPE[^>]*>/gi, '');
  const m = /<([A-Za-z_][\w.:-]*)/.exec(body);
  return m ? m[1]! : null;
}

/** The kind of a sanctions file, or null for a file that is not one (a README, an XSD). */
export function classify(file: SourceFile): SourceKind | null {
  const lower = file.name.toLowerCase();
  if (/\.(xsd|md|txt|yml|yaml|json|pdf|html?)$/.test(lower)) return null;
  const head = file.text.trimStart().slice(0, 200);
  if (head.startsWith('<')) {
    const root = xmlRoot(file.text);
    if (root === 'CONSOLIDATED_LIST') return 'un-xml';
    if (root === 'Sanctions' || root === 'sdnList') throw new UnusableInput(`${file.name}: an OFAC XML file (root element <${root}>) is not read yet; give sdn.csv (and alt.csv, add.csv) instead`);
    throw new UnusableInput(`${file.name}: not a UN consolidated list: root element is <${root ?? '(none)'}>, expected <CONSOLIDATED_LIST>`);
  }
  if (!lower.endsWith('.csv')) return null;
  const line = firstLine(file.text);
  if (/(^|,)\s*"?Unique ID"?\s*(,|$)/i.test(line) || /^Report Date/i.test(line)) return 'uk-csv';
  if (/^"?ent_num"?\s*,/i.test(line)) return 'ofac-sdn';
  if (/^\d+,/.test(line)) {
    const fields = line.split(',').length;
    if (/(^|[^a-z])alt\.csv$/.test(lower)) return 'ofac-alt';
    if (/(^|[^a-z])add\.csv$/.test(lower)) return 'ofac-add';
    if (/(^|[^a-z])sdn\.csv$/.test(lower) || fields >= 12) return 'ofac-sdn';
    // headerless alt.csv: ent_num, alt_num, "aka"|"fka"|"nka", name, remarks
    if (/^\d+,\d+,"?(aka|fka|nka)"?,/i.test(line)) return 'ofac-alt';
    return 'ofac-add';
  }
  throw new UnusableInput(`${file.name}: not a sanctions list Jirga reads (UN consolidated XML, UK sanctions list CSV with a "Unique ID" column, OFAC sdn.csv/alt.csv/add.csv); its first line is "${line.slice(0, 80)}"`);
}
