// Compare the texts of the three languages with those at a git revision, key for
// key: which keys were added or removed, and which texts changed. Made to check
// that splitting the flat dictionaries into one file per feature lost nothing;
// reads either layout (web/src/i18n/{en,fa-AF,ps-AF}.ts, or the per-feature files).
//   node --import tsx scripts/i18n-compare.ts main        exit 1 when a text was lost or changed
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { en, fa, ps } from '../web/src/i18n/dictionaries.ts';

type Texts = Record<string, string>;

async function textsAt(ref: string): Promise<Record<'en' | 'fa-AF' | 'ps-AF', Texts>> {
  const files = execFileSync('git', ['ls-tree', '-r', '--name-only', ref, 'web/src/i18n/'], { encoding: 'utf8' }).split('\n').filter((f) => f.endsWith('.ts'));
  const dir = mkdtempSync(join(tmpdir(), 'jirga-i18n-'));
  try {
    for (const f of files) {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      writeFileSync(join(dir, f), execFileSync('git', ['show', `${ref}:${f}`]));
    }
    const at = (f: string) => pathToFileURL(join(dir, 'web/src/i18n', f)).href;
    if (files.includes('web/src/i18n/dictionaries.ts')) {
      const d = (await import(at('dictionaries.ts'))) as { en: Texts; fa: Texts; ps: Texts };
      return { en: d.en, 'fa-AF': d.fa, 'ps-AF': d.ps };
    }
    return { en: (await import(at('en.ts'))).en, 'fa-AF': (await import(at('fa-AF.ts'))).fa, 'ps-AF': (await import(at('ps-AF.ts'))).ps };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ref = process.argv[2] ?? 'main';
const before = await textsAt(ref);
const now: Record<string, Texts> = { en, 'fa-AF': fa, 'ps-AF': ps };
let lost = 0;
for (const language of ['en', 'fa-AF', 'ps-AF'] as const) {
  const old = before[language];
  const cur = now[language]!;
  const removed = Object.keys(old).filter((k) => !(k in cur));
  const added = Object.keys(cur).filter((k) => !(k in old));
  const changed = Object.keys(old).filter((k) => k in cur && old[k] !== cur[k]);
  lost += removed.length + changed.length;
  console.log(`${language}: ${Object.keys(old).length} keys at ${ref}, ${Object.keys(cur).length} now; removed ${removed.length}${removed.length ? ` (${removed.join(', ')})` : ''}; changed ${changed.length}${changed.length ? ` (${changed.join(', ')})` : ''}; added ${added.length}${added.length ? ` (${added.join(', ')})` : ''}`);
}
process.exit(lost ? 1 : 0);
