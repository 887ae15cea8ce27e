// CSV as RFC 4180 writes it (and Polis exports it): comma-separated, fields with
// commas, quotes or line breaks in double quotes, "" for a quote inside. Pure.
import { UnusableInput } from './errors.ts';

/** Parse CSV text into rows of fields. Throws UnusableInput on an unterminated quote. */
export function parseCsv(text: string, what = 'CSV'): string[][] {
  const rows: string[][] = [];
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
      rows.push(row);
      row = [];
      field = '';
      if (c === '\r' && text[i + 1] === '\n') i++;
      i++;
      line++;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** Write rows as CSV with \n line ends (as Polis does), a final newline included. */
export function writeCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return rows.map((r) => r.map((f) => quote(f === null || f === undefined ? '' : String(f))).join(',')).join('\n') + '\n';
}
