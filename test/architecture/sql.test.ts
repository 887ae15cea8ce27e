// Only src/store speaks SQL (docs/architecture.md). dependency-cruiser already keeps
// the database drivers inside src/store; this test finds what imports cannot show:
// SQL written elsewhere and handed to a store connection. It parses every source
// file of src/ and web/src (with swc, as dependency-cruiser does: no type checking,
// so it is fast) and
// reports, by file:line,
//   - a string or template literal that holds an SQL statement (keywords in capitals,
//     as all our SQL is written: English text with "select ... from" is not flagged);
//   - a call of `.query(` on anything, and of `.exec(` or `.transaction(` on a
//     database or transaction handle (db, tx, client, pool...; a RegExp's exec is fine).
// Services open transactions with the store's withTransaction and pass `tx` to store
// functions. The fixture test/fixtures/architecture-sql breaks the rule in each way once.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { parseSync } from '@swc/core';
import { ROOT } from '../helpers/tools.ts';

/** Files outside src/store that still hold SQL, each with the branch that removes it. */
const KNOWN_EXCEPTIONS: Record<string, string> = {};

const SQL_STATEMENT = [
  /\bSELECT\s[\s\S]*\bFROM\s/,
  /\bINSERT\s+INTO\s/,
  /\bUPDATE\s+\w+\s+SET\s/,
  /\bDELETE\s+FROM\s/,
  /\b(CREATE|ALTER|DROP)\s+(TABLE|INDEX|DATABASE|SCHEMA|VIEW|FUNCTION|TRIGGER|EXTENSION)\b/,
  /\bTRUNCATE\s+(TABLE\s+)?\w/,
  /\b(LISTEN|UNLISTEN|NOTIFY)\s+\w/,
  /\bpg_notify\s*\(/,
  /\bON\s+CONFLICT\b/,
  /\bFOR\s+UPDATE\b/,
  /\bSET\s+TRANSACTION\b/,
  /^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT)\b/,
];

/** Names of what holds a database connection or transaction. */
const DB_HANDLE = /^(db|tx|trx|client|pool|pg|pglite|sql|database|conn|connection)$/i;
const SOURCE = new Set(['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs', '.jsx']);

function sourceFiles(root: string, dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(root, path);
    return SOURCE.has(extname(e.name)) && !e.name.endsWith('.d.ts') ? [path.split(sep).join('/')] : [];
  });
}

type Node = { type?: string; span?: { start: number }; [key: string]: unknown };

function parse(file: string, text: string): Node {
  const tsx = file.endsWith('.tsx');
  const jsx = file.endsWith('.jsx');
  const typescript = /\.(ts|tsx|mts)$/.test(file);
  return parseSync(text, typescript ? { syntax: 'typescript', tsx } : { syntax: 'ecmascript', jsx }) as unknown as Node;
}

/** The last name of a receiver: `ctx.db` -> db, `this.tx` -> tx, `pool` -> pool. */
function lastName(e: Node | undefined): string | undefined {
  if (!e) return undefined;
  if (e.type === 'Identifier') return e.value as string;
  if (e.type === 'MemberExpression') return lastName(e.property as Node);
  if (e.type === 'ParenthesisExpression' || e.type === 'TsNonNullExpression' || e.type === 'TsAsExpression') return lastName(e.expression as Node);
  return undefined;
}

/** The text of a string or template literal (a template's parts joined). */
function literalText(node: Node): string | undefined {
  if (node.type === 'StringLiteral') return node.value as string;
  if (node.type === 'TemplateLiteral' || node.type === 'Tpl') return (node.quasis as Node[]).map((q) => (q.cooked ?? q.raw) as string).join(' ');
  return undefined;
}

/** A call `receiver.method(...)`: its method and the receiver's last name. */
function methodCall(node: Node): { method: string; receiver: string | undefined } | undefined {
  if (node.type !== 'CallExpression') return undefined;
  let callee = node.callee as Node;
  if (callee.type === 'OptionalChainingExpression') callee = callee.base as Node;
  if (callee.type !== 'MemberExpression' || (callee.property as Node).type !== 'Identifier') return undefined;
  return { method: (callee.property as Node).value as string, receiver: lastName(callee.object as Node) };
}

/** What in one file speaks SQL: "file:line what". */
export function sqlIn(root: string, file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  // swc's spans count UTF-8 bytes from 1 (Dari and Pashto texts take two bytes a letter)
  const bytes = Buffer.from(text);
  const newlines: number[] = [];
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) newlines.push(i);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newlines[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  const found: string[] = [];
  const at = (node: Node, what: string) => found.push(`${file}:${lineOf(node.span!.start - 1)} ${what}`);
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value !== 'object' || value === null) return;
    const node = value as Node;
    const literal = literalText(node);
    if (literal !== undefined && SQL_STATEMENT.some((re) => re.test(literal))) at(node, 'SQL text');
    const call = methodCall(node);
    if (call?.method === 'query') at(node, 'a .query( call');
    else if ((call?.method === 'exec' || call?.method === 'transaction') && call.receiver !== undefined && DB_HANDLE.test(call.receiver)) at(node, `a .${call.method}( call on ${call.receiver}`);
    for (const [key, child] of Object.entries(node)) if (key !== 'span') visit(child);
  };
  const module = parse(file, text);
  visit(module);
  return found;
}

/** Every place under `root` (its src/ and web/src) that speaks SQL outside src/store. */
export function sqlOutsideStore(root: string): string[] {
  const files = [...sourceFiles(root, 'src'), ...sourceFiles(root, join('web', 'src'))].filter((f) => !f.startsWith('src/store/')).sort();
  return files.flatMap((f) => sqlIn(root, f)).sort(byPlace);
}

/** By file, then line (as a number), then what. */
function byPlace(a: string, b: string): number {
  const [fa, la] = place(a);
  const [fb, lb] = place(b);
  return fa < fb ? -1 : fa > fb ? 1 : la - lb || (a < b ? -1 : a > b ? 1 : 0);
}

function place(finding: string): [string, number] {
  const m = /^(.*?):(\d+) /.exec(finding)!;
  return [m[1]!, Number(m[2])];
}

const fileOf = (finding: string) => finding.slice(0, finding.indexOf(':'));

describe('only src/store speaks SQL', () => {
  test('src/ and web/src hold no SQL outside src/store', () => {
    const found = sqlOutsideStore(ROOT);
    const unexpected = found.filter((f) => !(fileOf(f) in KNOWN_EXCEPTIONS));
    assert.deepEqual(unexpected, [], `move these into a store function (src/store/<domain>.ts):\n${unexpected.join('\n')}`);
    // an exception that no longer holds SQL is stale: delete it, so the rule covers that file again
    const stale = Object.keys(KNOWN_EXCEPTIONS).filter((file) => !found.some((f) => fileOf(f) === file));
    assert.deepEqual(stale, [], `remove these from KNOWN_EXCEPTIONS in ${relative(ROOT, fileURLToPath(import.meta.url))}: they hold no SQL any more`);
  });

  test('a tree that breaks the rule in each way is refused, place by place', () => {
    const found = sqlOutsideStore(join(ROOT, 'test', 'fixtures', 'architecture-sql'));
    assert.deepEqual(found, [
      'src/cli/listen.js:3 SQL text',
      'src/cli/listen.js:3 a .exec( call on client',
      'src/services/elections/count.js:4 SQL text',
      'src/services/elections/count.js:4 a .query( call',
      'src/services/elections/count.js:9 a .transaction( call on db',
      'src/services/elections/count.js:10 SQL text',
      'src/services/elections/count.js:15 SQL text',
      'web/src/offline.js:2 SQL text',
    ]);
  });
});
