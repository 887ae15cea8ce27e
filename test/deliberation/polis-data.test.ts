// The deliberation analysis on real Polis exports (../shared/data/polis), through
// the `jirga deliberation` command: the contract's JSON, agreement with Polis's
// recorded groups, and clear refusals of unusable input (exit 2).
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { assertProperty } from '../helpers/property.ts';
import { parseCsv, writeCsv } from '../../src/kernel/csv.ts';
import { parsePolisExport, writeCommentsCsv, writeParticipantsVotesCsv } from '../../src/deliberation/polis-export.ts';
import { AUSTRIA, polisFolder, UBI, VTAIWAN } from '../helpers/polis-data.ts';
import { jirga, tempDir, type Run } from '../helpers/tools.ts';

function json(r: Run) {
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

function assertUnusable(r: Run, reason: RegExp) {
  assert.equal(r.code, 2, `exit 2 expected, got ${r.code}: ${r.stdout}${r.stderr}`);
  assert.match(r.stderr, reason);
  assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/, 'no stack trace');
}

describe('jirga deliberation analyze on real Polis exports', () => {
  test('the contract: k, groups of clustered participants, consensus, repness per group, divisive', () => {
    const dir = polisFolder(AUSTRIA);
    const out = join(tempDir(), 'analysis.json');
    const r = jirga(['deliberation', 'analyze', '--polis', dir, '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    assert.deepEqual(Object.keys(result).sort(), ['consensus', 'divisive', 'groups', 'k', 'repness']);
    assert.equal(result.k, 2);
    const comments = new Set(parseCsv(readFileSync(join(dir, 'comments.csv'), 'utf8')).slice(1).map((row) => row[2]));
    const moderatedOut = new Set(parseCsv(readFileSync(join(dir, 'comments.csv'), 'utf8')).slice(1).filter((row) => row[6] === '-1').map((row) => row[2]));
    const participants = new Set(parseCsv(readFileSync(join(dir, 'participants-votes.csv'), 'utf8')).slice(1).map((row) => row[0]));
    for (const [p, g] of Object.entries(result.groups)) {
      assert.ok(participants.has(p), `participant ${p}`);
      assert.ok(Number.isInteger(g) && (g as number) >= 0 && (g as number) < result.k);
    }
    assert.ok(Object.keys(result.groups).length < participants.size, 'only clustered participants');
    assert.deepEqual(Object.keys(result.repness).sort(), ['0', '1']);
    for (const id of [...result.consensus, ...result.divisive, ...Object.values(result.repness).flat()] as string[]) {
      assert.equal(typeof id, 'string');
      assert.ok(comments.has(id), `comment ${id}`);
      assert.ok(!moderatedOut.has(id), `moderated-out comment ${id} must not be reported`);
    }
    assert.ok(result.consensus.length > 0 && result.divisive.length > 0);
    for (const id of result.consensus) assert.ok(!result.divisive.includes(id), 'consensus and divisive are disjoint');
    // stdout without --out: the same
    const again = json(jirga(['deliberation', 'analyze', '--polis', dir]));
    assert.deepEqual(again, result);
  });

  for (const [name, minimum] of [
    [AUSTRIA, 0.95],
    [VTAIWAN, 0.9],
  ] as const) {
    test(`${name}: our groups agree with Polis's recorded groups (ARI ≥ ${minimum})`, () => {
      const r = json(jirga(['deliberation', 'compare', '--polis', polisFolder(name)]));
      assert.equal(r.k, r.polisGroups);
      assert.ok(r.ari >= minimum, `ARI ${r.ari}`);
      assert.ok(r.bothClustered >= 0.95 * r.polisGrouped, `${r.bothClustered} of ${r.polisGrouped} grouped by both`);
      // majority consensus does not depend on the groups: identical to what Polis's report lists
      assert.deepEqual(r.ours.consensus, r.polisReport.consensus);
    });
  }
});

describe('jirga deliberation analyze refuses unusable input (exit 2, a reason)', () => {
  const copy = () => {
    const dir = tempDir();
    for (const f of ['comments.csv', 'participants-votes.csv']) copyFileSync(join(polisFolder(UBI), f), join(dir, f));
    return dir;
  };
  test('missing folder, missing file, a file instead of a folder, missing option', () => {
    assertUnusable(jirga(['deliberation', 'analyze', '--polis', '/nonexistent/polis']), /does not exist/);
    const dir = tempDir();
    writeFileSync(join(dir, 'comments.csv'), 'comment-id,comment-body\n1,x\n');
    assertUnusable(jirga(['deliberation', 'analyze', '--polis', dir]), /no participants-votes\.csv/);
    assertUnusable(jirga(['deliberation', 'analyze', '--polis', join(dir, 'comments.csv')]), /not a folder/);
    assertUnusable(jirga(['deliberation', 'analyze']), /--polis is mandatory/);
  });
  test('empty files, header only, unknown vote values, unterminated quotes, unknown comment columns', () => {
    let dir = copy();
    writeFileSync(join(dir, 'comments.csv'), '');
    assertUnusable(jirga(['deliberation', 'analyze', '--polis', dir]), /comments\.csv is empty/);
    dir = copy();
    writeFileSync(join(dir, 'participants-votes.csv'), readFileSync(join(dir, 'participants-votes.csv'), 'utf8').split('\n')[0] + '\n');
    assertUnusable(jirga(['deliberation', 'analyze', '--polis', dir]), /no participants/);
    dir = copy();
    const pv = readFileSync(join(dir, 'participants-votes.csv'), 'utf8').split('\n');
    const cells = pv[1]!.split(',');
    cells[cells.length - 1] = 'yes';
    pv[1] = cells.join(',');
    writeFileSync(join(dir, 'participants-votes.csv'), pv.join('\n'));
    assertUnusable(jirga(['deliberation', 'analyze', '--polis', dir]), /line 2.*"yes" is not a vote/);
    dir = copy();
    writeFileSync(join(dir, 'comments.csv'), 'comment-id,comment-body\n0,"never closed\n');
    assertUnusable(jirga(['deliberation', 'analyze', '--polis', dir]), /never closed/);
    dir = copy();
    writeFileSync(join(dir, 'comments.csv'), 'comment-id,comment-body\n0,only one comment\n');
    assertUnusable(jirga(['deliberation', 'analyze', '--polis', dir]), /column for comment \d+, which is not in comments\.csv/);
    dir = copy();
    writeFileSync(join(dir, 'comments.csv'), 'id,text\n0,x\n');
    assertUnusable(jirga(['deliberation', 'analyze', '--polis', dir]), /no "comment-id" column/);
  });
});

describe('Polis CSV format', () => {
  test('CSV writes and reads back any fields (commas, quotes, line breaks, Arabic script, formula-like cells neutralised)', () => {
    assertProperty(
      fc.property(fc.array(fc.array(fc.oneof(fc.string(), fc.constantFrom('a,b', '"q"', 'line\nbreak', 'د افغانستان', '', '=1+1', "'=x", '-y', '@z', '\t+')), { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 6 }), (rows) => {
        const width = rows[0]!.length;
        const table = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
        assert.deepEqual(parseCsv(writeCsv(table), 'CSV', { neutralised: true }), table.filter((r) => !(r.length === 1 && r[0] === '')));
      }),
      300,
    );
  });

  test('an export we write is read back identically', () => {
    const comments = writeCommentsCsv([
      { id: 0, authorId: null, text: 'Girls must go back to school, now.', moderated: 1, timestamp: 1_700_000_000_000, agrees: 2, disagrees: 0 },
      { id: 1, authorId: 3, text: 'زنان باید "کار" کنند\nدر همه جا', moderated: -1, timestamp: 1_700_000_100_000, agrees: 0, disagrees: 1 },
    ]);
    assert.equal(comments.split('\n')[0], 'timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body');
    const pv = writeParticipantsVotesCsv(
      [
        { id: 3, group: 1, nComments: 1, votes: new Map([[0, 1], [1, -1]]) },
        { id: 5, group: null, nComments: 0, votes: new Map([[0, 1]]) },
      ],
      [1, 0],
    );
    assert.equal(pv.split('\n')[0], 'participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1');
    assert.equal(pv.split('\n')[1], '3,1,1,2,1,1,1,-1');
    const back = parsePolisExport({ comments, participantsVotes: pv });
    assert.deepEqual(back.comments.map((c) => [c.id, c.text, c.moderated, c.authorId]), [
      [1, 'زنان باید "کار" کنند\nدر همه جا', -1, 3],
      [0, 'Girls must go back to school, now.', 1, null],
    ]);
    assert.deepEqual(back.participants.map((p) => [p.id, p.recordedGroup, [...p.votes]]), [
      [3, 1, [[0, 1], [1, -1]]],
      [5, null, [[0, 1]]],
    ]);
  });
});
