// One input rule at the edge: no text the server reads may hold a control character
// (C0 but tab, line feed and carriage return; DEL; C1) or a lone UTF-16 surrogate. NUL
// cannot be stored (Postgres and PGlite refuse it in text), a lone surrogate is no
// character at all, and the other controls have no place in a statement, a name or an
// identifier: they hide text, ring terminals and drive escape sequences when an observer's
// CLI prints what others wrote. A request carrying one in a path parameter, a query
// parameter or anywhere in its body (values and keys) is refused here with a 400 that names
// the field, before schemas or any store sees it. Format characters that
// Dari and Pashto need (ZWNJ U+200C, ZWJ, the bidirectional marks) are not controls.
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { InvalidRequest } from '../../kernel/errors.ts';

/** C0 controls but tab, LF and CR; DEL; C1 controls. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** A surrogate not paired with its other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The refusal for `text` found at `field`, or undefined when the text is fine. */
export function badText(text: string, field: string): InvalidRequest | undefined {
  const control = CONTROL.exec(text);
  if (control) {
    const code = `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    return new InvalidRequest(`${field}: cannot contain control characters (found ${code})`, 'control-characters', { field });
  }
  if (LONE_SURROGATE.test(text)) return new InvalidRequest(`${field}: contains malformed characters (a lone UTF-16 surrogate)`, 'invalid-text', { field });
  return undefined;
}

const fieldName = (base: string, key: string | number): string => (typeof key === 'number' ? `${base}[${key}]` : base === '' ? key : `${base}.${key}`);

/**
 * The first bad string in `value` (every string and object key, however deep: walked
 * without recursion, so deep nesting cannot exhaust the stack). Buffers are bytes, not text.
 */
export function findBadText(value: unknown, root: string): InvalidRequest | undefined {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0) {
    const [v, field] = stack.pop()!;
    if (typeof v === 'string') {
      const bad = badText(v, field);
      if (bad) return bad;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], fieldName(field, i)]);
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v) && !(v instanceof Uint8Array)) {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, item] = entries[i]!;
        const bad = badText(k, fieldName(field, k));
        if (bad) return bad;
        stack.push([item, fieldName(field, k)]);
      }
    }
  }
  return undefined;
}

/** A body kept as JSON text (the ballot, parsed by its own reader): its escapes (\\u0000) are checked too. */
function parsedText(req: FastifyRequest): unknown {
  if (typeof req.body !== 'string' || !/json|text\/plain/i.test(req.headers['content-type'] ?? '')) return undefined;
  try {
    return JSON.parse(req.body);
  } catch {
    return undefined; // not JSON: the route's own reader refuses it
  }
}

export const inputPlugin = fp(
  async (app) => {
    // the address first (onRequest: before any scope's authentication reads it), the body
    // once parsed (preValidation: before the participant scope and the schemas; the session
    // and link scopes have refused a stranger before the body is read)
    app.addHook('onRequest', async (req) => {
      const bad = findBadText(req.params, 'params') ?? findBadText(req.query, 'query');
      if (bad) throw bad;
    });
    app.addHook('preValidation', async (req) => {
      const bad = findBadText(req.body, 'body') ?? findBadText(parsedText(req), 'body');
      if (bad) throw bad;
    });
  },
  { name: 'jirga-input', fastify: '5.x' },
);
