// Importers and checkers refuse what they should (issue 16, item 9): an empty or cut-short
// sanctions list is never screened as if it were whole (a "no match" from it would be a
// false negative), `jirga inclusion` refuses the shares the server refuses, and
// `jirga monitor check` refuses, in the same words, every file the server's import refuses
// for what the file says.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zInclusionSettings } from '../../src/api/inclusion-input.ts';
import { formatIssues } from '../../src/protocol/codec.ts';
import { bundledDir } from '../../src/node/sanctions-files.ts';
import { Browser } from '../helpers/browser-client.ts';
import { ORGANISER_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';
import { jirga, tempDir, type Run } from '../helpers/tools.ts';

const UK_FILE = 'uk_fcdo_sanctions_list_afghanistan_2025-08-11.csv';
const ukLines = readFileSync(join(bundledDir(), UK_FILE), 'utf8').split('\n');

function refused(r: Run, reason: RegExp): void {
  assert.equal(r.code, 2, `exit code 2 expected:\n${r.stdout}\n${r.stderr}`);
  assert.doesNotMatch(r.stdout, /no match|usable/, 'no result from refused input');
  assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/, 'no stack trace');
  assert.match(r.stderr, reason);
}

/** A directory holding one UK list file with these lines. */
function ukList(lines: string[]): string {
  const dir = tempDir('jirga-uk-');
  writeFileSync(join(dir, 'uk.csv'), lines.join('\n') + '\n');
  return dir;
}

describe('jirga sanctions refuses an empty or cut-short UK list', () => {
  test('a header-only list: exit 2, "has no entries", never "no match"', () => {
    const dir = ukList([ukLines[0]!]);
    refused(jirga(['sanctions', 'screen', '--query', 'HAQQANI NETWORK', '--lists', dir]), /^jirga: UK list "uk\.csv" has no entries: only its header \(line 1\)/m);
    refused(jirga(['sanctions', 'coverage', '--lists', dir]), /has no entries/);
  });

  test('a row cut short: exit 2, naming its line, its id and the missing columns', () => {
    const lines = ukLines.slice(0, 6);
    assert.match(lines[3]!, /^AFG0003,/);
    lines[3] = 'AFG0003,12811,HAQQANI NETWORK (HQN),Afghanistan,Entity';
    refused(jirga(['sanctions', 'screen', '--query', 'HAQQANI NETWORK', '--lists', ukList(lines)]), /UK list "uk\.csv", row 4 \(AFG0003\): the row is cut short: 5 of the header's 8 columns, "Designation source", "Date Designated", "Sanctions Imposed" missing/);
    lines[3] = 'AFG0003,12811,HAQQ';
    refused(jirga(['sanctions', 'screen', '--query', 'HAQQANI NETWORK', '--lists', ukList(lines)]), /row 4 \(AFG0003\): the row is cut short: 3 of the header's 8 columns, "Regime Name", "Type"/);
  });

  test('the bundled lists still load whole: 140 UN, 140 UK and 32 US entries', () => {
    const r = jirga(['sanctions', 'coverage', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const lists = (JSON.parse(r.stdout) as { lists: { list: string; records: number }[] }).lists;
    assert.deepEqual(
      lists.map((l) => [l.list, l.records]),
      [
        ['UN', 140],
        ['GB', 140],
        ['US', 32],
      ],
    );
  });
});

describe('jirga inclusion refuses the shares the server refuses, in its words', () => {
  const dir = tempDir('jirga-incl-refused-');
  const respondents = join(dir, 'r.csv');
  writeFileSync(respondents, 'id,gender\n' + Array.from({ length: 40 }, (_, i) => `${i},${i % 2 ? 'woman' : 'man'}`).join('\n') + '\n');

  /** What the server's schema says of these gender shares (its path without "reference."). */
  const serverSays = (shares: Record<string, number>) => {
    const r = zInclusionSettings.safeParse({ dimensions: ['gender'], minCell: 10, warnBelow: 0.8, reference: { gender: { shares, source: 'test' } } });
    assert.ok(!r.success, 'the server refuses these shares');
    return formatIssues(r.error).replace(/^reference\./, '');
  };

  for (const [label, shares, message] of [
    ['1.5', { woman: 1.5, man: -0.5 }, 'gender.shares.woman: a share cannot be above 1'],
    ['-0.5', { man: -0.5, woman: 1.5 }, 'gender.shares.man: a share cannot be below 0'],
    ['a sum of 0.9', { man: 0.5, woman: 0.4 }, 'gender.shares: the shares sum to 0.9, not 1 (±0.001)'],
  ] as const) {
    test(`a share of ${label}: report and rake exit 2 with the server's message`, () => {
      assert.equal(serverSays(shares), message);
      for (const form of [{ gender: shares }, { gender: { shares, source: 'test' } }]) {
        const reference = join(dir, `ref-${Math.random()}.json`);
        writeFileSync(reference, JSON.stringify(form));
        const escaped = new RegExp(`: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm');
        refused(jirga(['inclusion', 'report', '--respondents', respondents, '--reference', reference]), escaped);
        refused(jirga(['inclusion', 'rake', '--respondents', respondents, '--targets', reference, '--out', join(dir, 'w.csv')]), escaped);
      }
    });
  }
});

describe('jirga inclusion names the line of a malformed respondent', () => {
  test('past blank lines and quoted line breaks', () => {
    const dir = tempDir('jirga-incl-lines-');
    writeFileSync(join(dir, 'r.csv'), 'id,gender\n1,man\n\n2,"wo\nman"\n3,man,extra\n');
    writeFileSync(join(dir, 'ref.json'), JSON.stringify({ gender: { man: 0.5, woman: 0.5 } }));
    refused(jirga(['inclusion', 'report', '--respondents', join(dir, 'r.csv'), '--reference', join(dir, 'ref.json')]), /r\.csv, line 6: 3 fields where the header has 2$/m);
  });
});

describe('jirga monitor check and the server import refuse the same files with the same message', () => {
  let server: TestServer;
  let editor: Browser;
  const dir = tempDir('jirga-monitor-check-');
  mkdirSync(dir, { recursive: true });
  const SOURCE = { id: 's1', title: 'Company register extract (test)', publisher: 'A test registry', url: 'https://registry.example.org/extract/1', publishedOn: '2025-03-01', language: 'en' };
  const relation = (subject: string) => ({ kind: 'relation', text: { en: 'A business partner (test data)' }, date: '2025-02-01', sources: ['s1'], relation: { subject, relation: 'associate-of', object: { ref: 'TAi.040' } } });

  before(async () => {
    server = await startTestServer('pglite', { math: false });
    const org = new Browser(server.base);
    await org.ok('POST', '/api/session', { username: 'organiser', password: ORGANISER_PASSWORD });
    await org.ok('POST', '/api/organiser/accounts', { username: 'editor-check', password: 'a-long-enough-password', role: 'editor' });
    editor = new Browser(server.base);
    await editor.ok('POST', '/api/session', { username: 'editor-check', password: 'a-long-enough-password' });
  });
  after(async () => server?.stop());

  const both = async (name: string, content: string) => {
    const file = join(dir, name);
    writeFileSync(file, content);
    const format = name.endsWith('.csv') ? 'csv' : 'json';
    return { cli: jirga(['monitor', 'check', '--file', file]), server: await editor.request('POST', '/api/monitor/import', { format, content }) };
  };

  for (const [name, content, message] of [
    ['nothing.json', JSON.stringify({ sources: [], claims: [] }), /^the file holds no sources and no claims$/],
    ['nothing.csv', 'claim,kind,date,source_url\n', /^the file holds no sources and no claims$/],
    ['blank.json', '  \n', /^the file is empty$/],
    [
      'cut.csv',
      [
        'claim,kind,date,text_en,state,engagement_type,sector,source_title,source_publisher,source_url,source_published_on,source_language',
        'k1,engagement,2025-02-02,"A trade agreement,\nsigned in two parts",KZ,agreement,trade-investment,Trade report,Ministry,https://example.gov/trade,2025-02-03,en',
        'k2,engagement,2025-02-04,A vis',
      ].join('\n'),
      /^CSV line 4: the row is cut short: 4 of the header's 12 columns, "state", "engagement_type", .*"source_language" missing$/,
    ],
    ['unlisted.json', JSON.stringify({ sources: [SOURCE], claims: [relation('TAi.999')] }), /^claim 1: TAi\.999: not in the loaded sanctions lists .*; nothing was imported$/],
  ] as const) {
    test(`${name}: the server answers 400 and the check exits 2, with one message`, async () => {
      const { cli, server: answer } = await both(name, content);
      assert.equal(answer.status, 400, answer.text);
      assert.match(answer.json.error, message);
      refused(cli, /./);
      assert.equal(cli.stderr.trim(), `jirga: ${answer.json.error}`);
    });
  }

  test('a file the server imports is usable for the check', async () => {
    const { cli, server: answer } = await both('listed.json', JSON.stringify({ sources: [SOURCE], claims: [relation('TAi.144')] }));
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(answer.json, { sources: 1, claims: 1 });
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout, /1 sources, 1 claims .*; usable/);
  });
});
