// Setup files are interchangeable with belenios-tool's, byte for byte where the
// output is deterministic (election.json, trustees.json, derived credentials).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { belenios, jirga, tempDir } from '../helpers/tools.ts';

const UUID = 'Jirga1TestUuid2';

// Characters yojson escapes (quotes, backslash, control characters, DEL) and ones it
// must not (Dari, Pashto, slash, emoji).
const TEMPLATE = {
  description: 'Line one\nline two\ttab "quoted" back\\slash / slash \u0001\u001f\u007f end',
  name: 'د افغانستان جرګه — جرگهٔ افغانستان 🗳',
  questions: [
    { answers: ['جمهوری فدرال', 'پارلماني جمهوریت'], min: 1, max: 1, question: 'کوم نظام؟' },
    { answers: ['a', 'b', 'c'], blank: true, min: 0, max: 2, question: 'blank?' },
  ],
  administrator: 'Jirga organisers',
};

describe('setup files are interchangeable with belenios-tool', () => {
  test('make-trustees and make-election write the same bytes as belenios-tool', () => {
    const dir = tempDir('jirga-setup-');
    writeFileSync(join(dir, 'template.json'), JSON.stringify(TEMPLATE));
    assert.equal(belenios(['setup', 'generate-trustee-key', '--group', 'BELENIOS-2048'], { cwd: dir }).code, 0);
    assert.equal(jirga(['setup', 'generate-trustee-key', '--group', 'BELENIOS-2048'], { cwd: dir }).code, 0);
    const pubkeys = readdirSync(dir).filter((f) => f.endsWith('.pubkey')).sort();
    assert.equal(pubkeys.length, 2);
    writeFileSync(join(dir, 'public_keys.jsons'), pubkeys.map((f) => readFileSync(join(dir, f), 'utf8')).join(''));

    const ours = tempDir('jirga-setup-ours-');
    const theirs = tempDir('jirga-setup-theirs-');
    for (const d of [ours, theirs]) {
      copyFileSync(join(dir, 'public_keys.jsons'), join(d, 'public_keys.jsons'));
      copyFileSync(join(dir, 'template.json'), join(d, 'template.json'));
    }
    assert.equal(jirga(['setup', 'make-trustees', '--dir', ours]).code, 0);
    assert.equal(belenios(['setup', 'make-trustees', '--dir', theirs]).code, 0);
    assert.equal(readFileSync(join(ours, 'trustees.json'), 'utf8'), readFileSync(join(theirs, 'trustees.json'), 'utf8'));

    const args = ['setup', 'make-election', '--uuid', UUID, '--group', 'BELENIOS-2048', '--template', 'template.json'];
    const j = jirga([...args, '--dir', ours], { cwd: ours });
    assert.equal(j.code, 0, j.stderr);
    const b = belenios([...args, '--dir', theirs], { cwd: theirs });
    assert.equal(b.code, 0, b.stderr);
    assert.equal(readFileSync(join(ours, 'election.json'), 'utf8'), readFileSync(join(theirs, 'election.json'), 'utf8'));
  });

  test('credentials derive to the same public key in both tools, in both formats', () => {
    const dir = tempDir('jirga-cred-');
    const gen = jirga(['setup', 'generate-credentials', '--uuid', UUID, '--group', 'BELENIOS-2048', '--count', '3', '--dir', dir]);
    assert.equal(gen.code, 0, gen.stderr);
    const priv = readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('.privcreds'))!), 'utf8').trim().split('\n');
    for (const line of priv) {
      const cred = line.split(' ')[1]!;
      for (const form of [cred, cred.replaceAll('-', '')]) {
        const ours = jirga(['setup', 'generate-credentials', '--uuid', UUID, '--group', 'BELENIOS-2048', '--derive', form]);
        const theirs = belenios(['setup', 'generate-credentials', '--uuid', UUID, '--group', 'BELENIOS-2048', '--derive', form]);
        assert.equal(theirs.code, 0, theirs.stderr);
        assert.equal(ours.stdout, theirs.stdout);
      }
    }
    // a credential with a wrong checksum is refused by both
    const bad = priv[0]!.split(' ')[1]!.slice(0, -1) + (priv[0]!.endsWith('2') ? '3' : '2');
    assert.notEqual(belenios(['setup', 'generate-credentials', '--uuid', UUID, '--group', 'BELENIOS-2048', '--derive', bad]).code, 0);
    const refused = jirga(['setup', 'generate-credentials', '--uuid', UUID, '--group', 'BELENIOS-2048', '--derive', bad]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /not a valid secret credential/);
  });

  test('the printed fingerprint is the SHA-256 of the credentials in the archive', () => {
    const dir = tempDir('jirga-fp-');
    writeFileSync(join(dir, 'voters.txt'), 'a@example.org,a,2\nb@example.org,b,1\nc@example.org,c,5\n');
    const gen = jirga(['setup', 'generate-credentials', '--uuid', UUID, '--group', 'BELENIOS-2048', '--file', 'voters.txt'], { cwd: dir });
    assert.equal(gen.code, 0, gen.stderr);
    const fingerprint = /fingerprint of public credentials is (\S+)/.exec(gen.stdout)![1]!;
    const pub = readdirSync(dir).find((f) => f.endsWith('.pubcreds'))!;
    const list: string[] = JSON.parse(readFileSync(join(dir, pub), 'utf8'));
    assert.deepEqual(list.map((l) => l.split(',')[1]).sort(), ['1', '2', '5']);
    const stripped = JSON.stringify(list.map((l) => l.split(',').slice(0, 2).join(',')));
    assert.equal(belenios(['sha256-b64'], { input: stripped }).stdout.trim(), fingerprint);
    assert.equal(jirga(['sha256-b64'], { input: stripped }).stdout.trim(), fingerprint);
  });
});
