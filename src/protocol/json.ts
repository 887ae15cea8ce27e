// JSON exactly as belenios-tool writes it (atdgen + yojson): compact, fields in the
// order the ATD types declare, big numbers as base-10 strings, strings escaped like
// yojson (", \, \b, \f, \n, \r, \t, other C0 controls and DEL as \u00xx, lowercase).
// Hashes are computed over these bytes, so this writer must never change output.
import { UnusableInput } from '../kernel/errors.ts';
import { decimal } from './bigint.ts';

/** Values the writer accepts: bigint is written as a quoted decimal string. */
export type JsonOut =
  | string
  | number
  | boolean
  | bigint
  | null
  | undefined
  | readonly JsonOut[]
  | { readonly [key: string]: JsonOut };

const HEX = '0123456789abcdef';

export function quoteJsonString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c && c !== 0x7f) continue;
    out += s.slice(start, i);
    start = i + 1;
    switch (c) {
      case 0x22: out += '\\"'; break;
      case 0x5c: out += '\\\\'; break;
      case 0x08: out += '\\b'; break;
      case 0x0c: out += '\\f'; break;
      case 0x0a: out += '\\n'; break;
      case 0x0d: out += '\\r'; break;
      case 0x09: out += '\\t'; break;
      default: out += '\\u00' + HEX[c >> 4]! + HEX[c & 15]!;
    }
  }
  return out + s.slice(start) + '"';
}

/** Serialise in insertion order; object fields whose value is undefined are omitted
 * (ATD optional fields). */
export function writeJson(value: JsonOut): string {
  switch (typeof value) {
    case 'string': return quoteJsonString(value);
    case 'bigint': return '"' + (value >= 0n ? decimal(value) : value.toString(10)) + '"';
    case 'number':
      if (!Number.isSafeInteger(value)) throw new RangeError(`cannot write ${value} as a JSON integer`);
      return String(value);
    case 'boolean': return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return '[' + value.map((v) => writeJson(v)).join(',') + ']';
      const parts: string[] = [];
      for (const [k, v] of Object.entries(value as Record<string, JsonOut>)) {
        if (v === undefined) continue;
        parts.push(quoteJsonString(k) + ':' + writeJson(v));
      }
      return '{' + parts.join(',') + '}';
    }
    default:
      throw new TypeError(`cannot write a ${typeof value} as JSON`);
  }
}

/** Parse JSON text; a syntax error becomes UnusableInput naming `what`. */
export function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UnusableInput(`${what} is not valid JSON (${(e as Error).message})`);
  }
}
