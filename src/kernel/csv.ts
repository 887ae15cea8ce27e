// CSV as RFC 4180 writes it (and Polis exports it): comma-separated, fields with
// commas, quotes or line breaks in double quotes, "" for a quote inside. Pure.
//
// Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that begins with
// = + - @, a tab or a carriage return (even after spaces) as a formula, so a statement
// "=HYPERLINK(...)" would become a live link in the organiser's spreadsheet. writeCsv
// therefore prefixes such a text cell with a single quote (numbers, "-1" included, are left
// as they are). The prefix is reversible: a cell that already begins with quotes before such
// a character gets one more, and readers of Jirga's own files (Polis import, monitor import,
// the inclusion CLI) take exactly one off with { neutralised: true }.
import { UnusableInput } from './errors.ts';

/** Parse CSV text into rows of fields. Throws UnusableInput on an unterminated quote. */
export function parseCsv(text: string, what = 'CSV', options: { neutralised?: boolean } = {}): string[][] {
  const rows = parseRows(text, what).map((r) => r.cells);
  return options.neutralised ? rows.map((r) => r.map(unneutralise)) : rows;
}

/** A row of a CSV file with the line it begins on (1 for the first), for messages that name it. */
export interface CsvRow {
  line: number;
  cells: string[];
}

/** Like parseCsv, each row with the line of the file it begins on (a quoted field may span lines). */
export function parseCsvLines(text: string, what = 'CSV', options: { neutralised?: boolean } = {}): CsvRow[] {
  const rows = parseRows(text, what);
  return options.neutralised ? rows.map((r) => ({ line: r.line, cells: r.cells.map(unneutralise) })) : rows;
}

function parseRows(text: string, what: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let rowLine = 1;
  let row: string[] = [];
  let field = '';
  let i = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // byte-order mark
  let line = 1;
  while (i < n) {
    const c = text[i]!;
    if (c === '"' && field === '') {
      // quoted field
      const start = line;
      i++;
      for (;;) {
        if (i >= n) throw new UnusableInput(`${what}: a quoted field opened on line ${start} is never closed`);
        const d = text[i]!;
        if (d === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (d === '\n') line++;
        field += d;
        i++;
      }
      if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
        throw new UnusableInput(`${what}: unexpected text after a closing quote on line ${line}`);
      }
      continue;
    }
    if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\n' || c === '\r') {
      row.push(field);
      rows.push({ line: rowLine, cells: row });
      row = [];
      field = '';
      if (c === '\r' && text[i + 1] === '\n') i++;
      i++;
      line++;
      rowLine = line;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push({ line: rowLine, cells: row });
  }
  return rows;
}

/** A plain number ("-1", "+0.5", "1e-3"): never a formula, left as it is. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** What a spreadsheet would read as a formula: = + - @ first (after spaces), or a tab or CR first. */
const FORMULA = /^(?: *[=+\-@]|[\t\r])/;
const formulaLike = (text: string): boolean => FORMULA.test(text) && !NUMBER.test(text);

/** The cell as written: a text a spreadsheet would run (or one already quoted so) gets a leading '. */
export function neutralise(text: string): string {
  return formulaLike(text.replace(/^'+/, '')) ? `'${text}` : text;
}

/** The text neutralise() was given (for cells of files Jirga wrote). */
export function unneutralise(cell: string): string {
  return cell.startsWith("'") && formulaLike(cell.replace(/^'+/, '')) ? cell.slice(1) : cell;
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** Write rows as CSV with \n line ends (as Polis does), a final newline included. */
export function writeCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return rows.map((r) => r.map((f) => quote(f === null || f === undefined ? '' : typeof f === 'number' ? String(f) : neutralise(f))).join(',')).join('\n') + '\n';
}
