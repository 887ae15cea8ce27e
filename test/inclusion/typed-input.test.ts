// Lists and numbers typed on a Dari, Pashto or Arabic keyboard: the credential
// authority's voter list (web and CLI) read with «،» or «؛» between fields and
// weights in Persian digits, an unreadable weight refused naming its line; numbers
// typed in the inclusion forms read in any digits or refused.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { splitTypedFields, typedWholeNumber } from '../../src/kernel/typed-fields.ts';
import { typedVoterLine } from '../../src/cli/setup-commands.ts';
import { parseVoterLine } from '../../src/protocol/credentials.ts';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jirga, tempDir } from '../helpers/tools.ts';

// the web modules write their messages in the page's language: a minimal page for them
const g = globalThis as Record<string, unknown>;
g.sessionStorage ??= { getItem: () => null, setItem: () => undefined };
g.document ??= { documentElement: {} };
const i18n = await import('../../web/src/i18n/index.ts');
const { parseVoterCsv } = await import('../../web/src/features/credential-authority/voter-csv.ts');
const { readTyped } = await import('../../web/src/features/inclusion/typed-number.ts');

describe('fields and whole numbers as typed', () => {
  test('«،» and «؛» separate fields like «,»', () => {
    assert.deepEqual(splitTypedFields('ali،3'), ['ali', '3']);
    assert.deepEqual(splitTypedFields('ali ؛ ۳'), ['ali', '۳']);
    assert.deepEqual(splitTypedFields('a,b،c'), ['a', 'b', 'c']);
  });
  test('whole numbers in Persian, Arabic-Indic or ASCII digits, nothing else', () => {
    assert.equal(typedWholeNumber('۱۲'), '12');
    assert.equal(typedWholeNumber('٣'), '3');
    assert.equal(typedWholeNumber(' 007 '), '7');
    assert.equal(typedWholeNumber('0'), '0');
    for (const bad of ['', '۱٫۵', '1.5', '-2', '3a', '۱ ۲', 'سه']) assert.equal(typedWholeNumber(bad), undefined, bad);
  });
});

describe("the credential authority's voter list in the browser", () => {
  before(() => i18n.setLanguage('fa-AF', ['credential-authority']));

  test('a line with «،» or «؛» is an identifier and a weight; Persian digits are read', () => {
    const r = parseVoterCsv('id،weight\nali،۳\nbaheer؛2\ncarim\nduniya , ٤');
    assert.equal(r.problem, undefined);
    assert.deepEqual(r.voters, [{ id: 'ali', weight: '3' }, { id: 'baheer', weight: '2' }, { id: 'carim' }, { id: 'duniya', weight: '4' }]);
  });

  test('a weight that cannot be read refuses the list, naming the line (as numbered in the file) and the weight', () => {
    const r = parseVoterCsv('ali،۳\n\nbaheer،۲٫۵');
    assert.ok(r.problem, 'refused, not dropped');
    assert.match(r.problem!, /سطر ۳/, r.problem);
    assert.match(r.problem!, /۲٫۵/, r.problem);
    const letters = parseVoterCsv('ali,three');
    assert.match(letters.problem ?? '', /سطر ۱.*three/, String(letters.problem));
  });

  test('three fields is still refused, with its line', () => {
    assert.match(parseVoterCsv('a،1،2').problem!, /سطر ۱/);
  });
});

describe('the voter list on the command line (jirga setup generate-credentials --file)', () => {
  test('«،» and Persian digits become the form belenios-tool reads', () => {
    assert.equal(typedVoterLine('ali@example.org،ali،۴', 1), 'ali@example.org,ali,4');
    assert.deepEqual(parseVoterLine(typedVoterLine('ali@example.org؛ali؛۱۲', 1)).weight, 12n);
    assert.equal(typedVoterLine('ali@example.org', 1), 'ali@example.org');
  });
  test('an unreadable weight is refused with its line number', () => {
    assert.throws(() => typedVoterLine('ali@example.org,ali,۲٫۵', 7), /line 7: the weight "۲٫۵" is not a whole number/);
  });
  test('the command reads such a file: weights in the public credentials, an unreadable one refused with its line', () => {
    const dir = tempDir('jirga-voters-');
    const file = join(dir, 'voters.txt');
    writeFileSync(file, 'ali@example.org،ali،۳\nbaheer@example.org؛baheer؛2\ncarim@example.org\n');
    const r = jirga(['setup', 'generate-credentials', '--uuid', 'uuid-typed-voters-1', '--group', 'BELENIOS-2048', '--file', file, '--dir', dir]);
    assert.equal(r.code, 0, r.stderr);
    const pub = JSON.parse(readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('.pubcreds'))!), 'utf8')) as string[];
    assert.deepEqual(pub.map((l) => l.split(',').slice(1).join(',')).sort(), ['1,carim@example.org', '2,baheer', '3,ali']);
    const priv = readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('.privcreds'))!), 'utf8');
    assert.match(priv, /^ali@example\.org,ali,3 /m, 'the line as belenios-tool reads it');
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, 'ali@example.org,ali,3\nbaheer@example.org،baheer،دو\n');
    const refused = jirga(['setup', 'generate-credentials', '--uuid', 'uuid-typed-voters-1', '--group', 'BELENIOS-2048', '--file', bad, '--dir', tempDir('jirga-voters-')]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /voter list, line 2: the weight "دو" is not a whole number/);
  });
});

describe('numbers typed in the inclusion forms', () => {
  before(() => i18n.setLanguage('fa-AF', ['inclusion']));
  test('Persian digits and «٫» are read', () => {
    assert.deepEqual(readTyped('۴۹٫۵', 0, 100), { value: 49.5 });
    assert.deepEqual(readTyped(' 30 ', 1, 1000, true), { value: 30 });
  });
  test('what cannot be read, a fraction where a whole number is needed, or out of range: a message in Dari', () => {
    const e = (r: ReturnType<typeof readTyped>) => ('error' in r ? r.error : assert.fail(`read as ${JSON.stringify(r)}`));
    assert.match(e(readTyped('۵x', 0, 100)), /«۵x» عدد نیست/);
    assert.match(e(readTyped('1,5', 0, 100)), /عدد نیست/, 'a Latin comma is never guessed');
    assert.match(e(readTyped('۲٫۵', 1, 100, true)), /عدد درست/);
    assert.match(e(readTyped('۱۲۰', 0, 100)), /میان ۰ و ۱۰۰/);
  });
});
