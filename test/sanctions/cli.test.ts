// `jirga sanctions ...`: the JSON contract of screen, and exit code 2 with a clear
// message on bad input.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { bundledDir } from '../../src/node/sanctions-files.ts';
import { jirga, tempDir, type Run } from '../helpers/tools.ts';

function bad(r: Run, message: RegExp): void {
  assert.equal(r.code, 2, `exit 2 expected:\n${r.stdout}\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/, 'no stack trace');
  assert.match(r.stderr, message);
}

describe('jirga sanctions', () => {
  test('screen --query NAME --json: {query, matches: [{refs, name, score, match, why}]}, best first', () => {
    const r = jirga(['sanctions', 'screen', '--query', 'Haqani, Sirajuddin', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { query: string; matches: Array<Record<string, unknown>> };
    assert.deepEqual(Object.keys(out), ['query', 'matches']);
    assert.equal(out.query, 'Haqani, Sirajuddin');
    assert.ok(out.matches.length >= 1 && out.matches.length <= 10);
    const m = out.matches[0]!;
    assert.deepEqual(Object.keys(m), ['refs', 'name', 'score', 'match', 'why']);
    assert.deepEqual(m.refs, ['TAi.144', 'GB:AFG0112', 'US:10743']);
    assert.equal(m.match, true);
    assert.match(String(m.why), /haqani/);
    for (let i = 0; i < out.matches.length; i++) {
      const s = out.matches[i]!.score as number;
      assert.ok(s >= 0 && s <= 1);
      if (i > 0) assert.ok((out.matches[i - 1]!.score as number) >= s);
    }
  });

  test('screen --queries FILE --json: an array in input order (blank lines skipped); --lists DIR', () => {
    const dir = tempDir('jirga-sanctions-');
    const file = join(dir, 'names.txt');
    writeFileSync(file, '\uFEFFAshraf Ghani\r\nسراج الدين جلال الدين حقانى\n\nMullah Mohammed Omar\n');
    const r = jirga(['sanctions', 'screen', '--queries', file, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Array<{ query: string; matches: Array<{ refs: string[]; match: boolean }> }>;
    assert.deepEqual(
      out.map((x) => x.query),
      ['Ashraf Ghani', 'سراج الدين جلال الدين حقانى', 'Mullah Mohammed Omar'],
    );
    assert.ok(out[0]!.matches.every((m) => !m.match));
    assert.deepEqual(out[1]!.matches[0]!.refs, ['TAi.144', 'GB:AFG0112', 'US:10743']);
    assert.deepEqual(out[2]!.matches[0]!.refs, ['TAi.004', 'GB:AFG0008']);
    // only the UN list: the references are the UN's alone
    const lists = join(dir, 'lists');
    mkdirSync(lists);
    copyFileSync(join(bundledDir(), 'un_1988_taliban_extract_2024-09-26.xml'), join(lists, 'consolidated.xml'));
    writeFileSync(join(lists, 'README.md'), '# not a list');
    const only = jirga(['sanctions', 'screen', '--query', 'Sirajuddin Haqqani', '--lists', lists, '--json']);
    assert.equal(only.code, 0, only.stderr);
    assert.deepEqual((JSON.parse(only.stdout) as { matches: Array<{ refs: string[] }> }).matches[0]!.refs, ['TAi.144']);
  });

  test('bad input: exit 2 and a clear message', () => {
    const dir = tempDir('jirga-sanctions-bad-');
    bad(jirga(['sanctions', 'screen']), /--query NAME or --queries FILE is mandatory/);
    bad(jirga(['sanctions', 'screen', '--query', 'a', '--queries', 'b']), /not both/);
    bad(jirga(['sanctions', 'screen', '--query', '   ']), /the name is empty/);
    bad(jirga(['sanctions', 'screen', '--queries', join(dir, 'missing.txt')]), /queries file ".*missing\.txt" does not exist/);
    bad(jirga(['sanctions', 'screen', '--query', 'x', '--threshold', '2']), /--threshold must be between 0 and 1/);
    bad(jirga(['sanctions', 'screen', '--query', 'x', '--colour']), /Unknown option '--colour'/);
    const broken = join(dir, 'broken');
    mkdirSync(broken);
    writeFileSync(join(broken, 'consolidated.xml'), '<?xml version="1.0"?><CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID></INDIVIDUALS>');
    bad(jirga(['sanctions', 'screen', '--query', 'x', '--lists', broken]), /consolidated\.xml": malformed XML at line 1/);
    const foreign = join(dir, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'list.xml'), '<?xml version="1.0"?><foo><bar/></foo>');
    bad(jirga(['sanctions', 'screen', '--query', 'x', '--lists', foreign]), /list\.xml: not a UN consolidated list: root element is <foo>, expected <CONSOLIDATED_LIST>/);
    const noref = join(dir, 'noref');
    mkdirSync(noref);
    writeFileSync(join(noref, 'un.xml'), '<CONSOLIDATED_LIST dateGenerated="2024-01-01T00:00:00Z"><INDIVIDUALS><INDIVIDUAL><DATAID>7</DATAID><FIRST_NAME>X</FIRST_NAME><UN_LIST_TYPE>Taliban</UN_LIST_TYPE></INDIVIDUAL></INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>');
    bad(jirga(['sanctions', 'coverage', '--lists', noref]), /INDIVIDUAL #1 \(DATAID 7\) has no REFERENCE_NUMBER/);
    bad(jirga(['sanctions', 'screen', '--query', 'x', '--lists', join(dir, 'nowhere')]), /lists directory ".*nowhere" does not exist/);
    bad(jirga(['sanctions', 'entity', 'TAi.999']), /no entity with reference or id "TAi\.999"/);
  });

  test('entity REF --json and coverage --json', () => {
    const e = jirga(['sanctions', 'entity', 'GB:AFG0112', '--json']);
    assert.equal(e.code, 0, e.stderr);
    const v = JSON.parse(e.stdout) as { id: string; refs: string[]; relations: Array<{ phrase: string; other: { id: string } }>; names: Array<{ full: string; script: string }> };
    assert.equal(v.id, 'TAi.144');
    assert.ok(v.names.some((n) => n.script === 'arabic'));
    assert.ok(v.relations.some((r) => r.phrase === 'son of' && r.other.id === 'TAi.040'));
    const c = jirga(['sanctions', 'coverage', '--json']);
    assert.equal(c.code, 0, c.stderr);
    const cov = JSON.parse(c.stdout) as { totals: { listed: number }; rows: unknown[] };
    assert.equal(cov.totals.listed, 161);
    const text = jirga(['sanctions', 'coverage']);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /JALALUDDIN HAQQANI \(TAi\.040\) \| TAi\.040 \| GB:AFG0036 \| - \| child: Badruddin Haqqani \(deceased\)/);
  });
});
