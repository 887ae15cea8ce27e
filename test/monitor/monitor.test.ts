// The monitor's pure parts: the recognition tally (weights, once-per-state types,
// humanitarian contact apart, only published events, a cut-off day), the import
// formats and the Atom feed (well-formed, escaped); and the CLI that recomputes the
// tally from the public export without trusting the server.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { atomFeed, claimsCsv, parseImportCsv, parseImportJson } from '../../src/monitor/exchange.ts';
import { DEFAULT_WEIGHTS, type Claim, type Source } from '../../src/monitor/model.ts';
import { tallyCountries, tallyCountry } from '../../src/monitor/scoring.ts';
import { jirga } from '../helpers/tools.ts';

let n = 0;
function claim(state: string, type: NonNullable<Claim['engagement']>['type'], date: string, extra: Partial<Claim> = {}, sector?: NonNullable<Claim['engagement']>['sector']): Claim {
  n++;
  return {
    id: `c${n}`,
    kind: 'engagement',
    status: 'published',
    text: { en: `event ${n}` },
    date,
    sources: ['s1'],
    benchmarks: [],
    engagement: { state, type, ...(sector ? { sector } : {}) },
    assessment: null,
    relation: null,
    sample: false,
    revision: 1,
    proposedBy: 'editor',
    proposedAt: '2025-01-01T00:00:00.000Z',
    reviewedBy: 'reviewer',
    reviewedAt: '2025-01-02T00:00:00.000Z',
    reviewNote: null,
    retractedBy: null,
    retractedAt: null,
    retractionReason: null,
    ...extra,
  };
}

const SOURCE: Source = { id: 's1', title: 'A <report> & "more"', publisher: 'Agency', url: 'https://example.org/a?b=1&c=2', publishedOn: '2025-01-01', language: 'en', sha256: null, copy: null, sample: false, createdBy: null, createdAt: '2025-01-01T00:00:00.000Z' };

describe('recognition tally', () => {
  const claims = [
    claim('QA', 'ministerial-visit', '2025-01-05'),
    claim('QA', 'ministerial-visit', '2025-01-05'),
    claim('QA', 'agreement', '2025-02-01', {}, 'security'),
    claim('QA', 'humanitarian-contact', '2025-02-02'),
    claim('QA', 'formal-recognition', '2025-03-01'),
    claim('QA', 'formal-recognition', '2025-04-01'),
    claim('QA', 'head-of-state-visit', '2025-05-01', { status: 'retracted', retractionReason: 'wrong' }),
    claim('QA', 'mission-handover', '2025-05-02', { status: 'proposed' }),
    claim('QA', 'envoy-credentials', '2025-05-03', { status: 'rejected' }),
    claim('TR', 'humanitarian-contact', '2025-01-01'),
  ];

  test('weights by type and sector; recognition once; retracted, proposed and rejected never count', () => {
    const t = tallyCountry('QA', claims, DEFAULT_WEIGHTS);
    assert.equal(t.score, 2 + 2 + 3 + 10);
    assert.equal(t.events, 5, 'two visits, an agreement, two recognition reports (counted as events, scored once)');
    assert.equal(t.humanitarian, 1);
    assert.deepEqual(t.series, [
      { date: '2025-01-05', score: 4 },
      { date: '2025-02-01', score: 7 },
      { date: '2025-03-01', score: 17 },
    ]);
    assert.equal(t.lastDate, '2025-04-01');
  });

  test('a cut-off day gives the score as it stood then; humanitarian-only states score zero but are listed', () => {
    assert.equal(tallyCountry('QA', claims, DEFAULT_WEIGHTS, '2025-02-01').score, 7);
    const all = tallyCountries(claims, DEFAULT_WEIGHTS);
    assert.deepEqual(all.map((t) => [t.state, t.score, t.humanitarian]), [['QA', 17, 1], ['TR', 0, 1]]);
  });

  test('changing a weight changes the score accordingly', () => {
    const w = { ...DEFAULT_WEIGHTS, types: { ...DEFAULT_WEIGHTS.types, 'formal-recognition': 50 }, sectors: { ...DEFAULT_WEIGHTS.sectors, security: 0 } };
    assert.equal(tallyCountry('QA', claims, w).score, 2 + 2 + 0 + 50);
  });
});

describe('exchange formats', () => {
  test('Atom feed: well-formed, escaped, retracted and sample entries marked', () => {
    const claims = [claim('QA', 'ministerial-visit', '2025-01-05', { text: { en: 'Visit <b>&</b> "talks"' } }), claim('QA', 'agreement', '2025-01-06', { status: 'retracted', retractionReason: 'mistaken', sample: true }, 'health')];
    const xml = atomFeed(claims, { s1: SOURCE }, 'https://jirga.example');
    assert.equal(XMLValidator.validate(xml), true);
    const feed = new XMLParser({ ignoreAttributes: false }).parse(xml).feed;
    assert.equal(feed.entry.length, 2);
    const titles = feed.entry.map((e: any) => e.title);
    assert.ok(titles.includes('Visit <b>&</b> "talks"'));
    assert.ok(titles.some((t: string) => t.startsWith('[Retracted] [Sample — not a real event] ')));
    assert.equal(feed.entry[0].link[1]['@_href'], 'https://example.org/a?b=1&c=2');
  });

  test('CSV: export → import keeps kinds, states, sectors and sources; bad rows name their line', () => {
    const claims = [claim('QA', 'agreement', '2025-01-06', {}, 'health'), claim('CN', 'ministerial-visit', '2025-01-07')];
    const batch = parseImportCsv(claimsCsv(claims, { s1: SOURCE }));
    assert.equal(batch.sources.length, 1, 'one shared source, once');
    assert.equal(batch.sources[0]!.title, SOURCE.title);
    assert.deepEqual(batch.claims.map((c) => (c.kind === 'engagement' ? [c.engagement.state, c.engagement.type, c.engagement.sector] : [])), [['QA', 'agreement', 'health'], ['CN', 'ministerial-visit', undefined]]);
    assert.throws(() => parseImportCsv('kind,date\nengagement,2025-01-01\n'), /no "source_url" column/);
    assert.throws(() => parseImportCsv(claimsCsv([claim('QA', 'ministerial-visit', '2025-01-07')], { s1: { ...SOURCE, url: 'nope' } })), /CSV line 2, source: .*not a usable web address/);
  });

  test('JSON: a malformed item names itself', () => {
    assert.throws(() => parseImportJson('{"sources": [], "claims": [{"kind": "engagement", "text": {"en": "x"}, "date": "2025-01-01", "sources": ["a"], "engagement": {"state": "XX", "type": "ministerial-visit"}}]}'), /claim 1: .*unknown state/);
    assert.throws(() => parseImportJson('[1,2'), /not valid JSON/);
  });
});

describe('jirga monitor', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jirga-monitor-'));
  const exportFile = join(dir, 'claims.json');
  writeFileSync(exportFile, JSON.stringify({ claims: [claim('QA', 'ministerial-visit', '2025-01-05'), claim('QA', 'agreement', '2025-02-01', {}, 'security'), claim('RU', 'formal-recognition', '2025-03-01')] }));

  test('tally recomputes scores from the public export, with other weights and a cut-off', () => {
    const r = jirga(['monitor', 'tally', '--claims', exportFile, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).states.map((s: any) => [s.state, s.score]), [['RU', 10], ['QA', 5]]);
    const weights = join(dir, 'w.json');
    writeFileSync(weights, JSON.stringify({ ...DEFAULT_WEIGHTS, sectors: { ...DEFAULT_WEIGHTS.sectors, security: 20 } }));
    const w = jirga(['monitor', 'tally', '--claims', exportFile, '--weights', weights, '--at', '2025-02-15', '--json']);
    assert.equal(w.code, 0, w.stderr);
    assert.deepEqual(JSON.parse(w.stdout).states.map((s: any) => [s.state, s.score]), [['QA', 22]]);
  });

  test('bad input: exit 2 with the reason', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"claims": [{"id": "x"}]}');
    const r = jirga(['monitor', 'tally', '--claims', bad]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not the monitor's claims export/);
    assert.equal(jirga(['monitor', 'tally', '--claims', exportFile, '--at', '2999-01-01']).code, 2);
    const csv = join(dir, 'import.csv');
    writeFileSync(csv, 'claim,kind,date,text_en,state,engagement_type,source_title,source_publisher,source_url,source_published_on,source_language\nk,engagement,2025-01-01,x,QA,ministerial-visit,T,P,https://example.org/x,2025-01-01,en\n');
    const ok = jirga(['monitor', 'check', '--file', csv]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /1 sources, 1 claims \(0 statement, 1 engagement, 0 assessment, 0 relation\)/);
    writeFileSync(csv, 'claim,kind,date,text_en,state,engagement_type,source_title,source_publisher,source_url,source_published_on,source_language\nk,engagement,2025-01-01,x,QQ,ministerial-visit,T,P,https://example.org/x,2025-01-01,en\n');
    const no = jirga(['monitor', 'check', '--file', csv]);
    assert.equal(no.code, 2);
    assert.match(no.stderr, /CSV line 2, claim: .*unknown state/);
  });
});
