// Relations read from the lists' narratives, with the sentence they come from;
// relatives named nowhere else become unlisted people of their own.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { coverage, entity, extractRelations, network, splitSentences, type Relation, type Provenance } from '../../src/sanctions/index.ts';
import { loadBundledSanctions } from '../../src/node/sanctions-files.ts';

const ds = loadBundledSanctions();
const sentences = (r: Relation) => r.sources.map((s: Provenance) => (s.kind === 'list-narrative' ? `${s.reference}: ${s.sentence}` : s.claimId)).sort();

describe('relations from the UN narratives', () => {
  test('sentences: abbreviations do not end one, the INTERPOL link is left out', () => {
    assert.deepEqual(splitSentences('Review pursuant to Security Council resolution 1822 (2008) was concluded on 27 Jul. 2010. Owner of Rahat Ltd. (TAe.013). INTERPOL-UN Security Council Special Notice web link:https://www.interpol.int/x'), [
      'Review pursuant to Security Council resolution 1822 (2008) was concluded on 27 Jul. 2010.',
      'Owner of Rahat Ltd. (TAe.013).',
    ]);
  });

  test('one sentence, several relatives, one of them unlisted and deceased', () => {
    const rels = extractRelations({ list: 'UN', reference: 'TAi.040', field: 'COMMENTS1', text: 'Father of Sirajuddin Jallaloudine Haqqani (TAi.144), Nasiruddin Haqqani (TAi.146) and Badruddin Haqqani (deceased). Brother of Mohammad Ibrahim Omari (TAi.042) and Khalil Ahmed Haqqani (TAi.150).' });
    assert.deepEqual(
      rels.map((r) => [r.kind, r.subjectRole, typeof r.object === 'string' ? r.object : `${r.object.name}${r.object.ref ? ` ${r.object.ref}` : ''}${r.object.deceased ? ' (deceased)' : ''}`]),
      [
        ['parent', 'father', 'Sirajuddin Jallaloudine Haqqani TAi.144'],
        ['parent', 'father', 'Nasiruddin Haqqani TAi.146'],
        ['parent', 'father', 'Badruddin Haqqani (deceased)'],
        ['sibling', 'brother', 'Mohammad Ibrahim Omari TAi.042'],
        ['sibling', 'brother', 'Khalil Ahmed Haqqani TAi.150'],
      ],
    );
  });

  test("Sirajuddin Haqqani (TAi.144): his family, his network and his associates, each with its source sentences", () => {
    const v = entity(ds, 'TAi.144')!;
    const got = v.relations.map((r) => `${r.phrase} ${r.other.id}`).sort();
    assert.deepEqual(got, [
      'superior of TAi.155',
      'superior of TAi.164',
      'associate of TAi.105',
      'has as deputy, spokesperson and advisor TAi.159',
      'funds raised by TAi.157',
      'head of TAe.012',
      'nephew or niece of (inferred: a parent\'s sibling) TAi.042',
      'nephew or niece of TAi.150',
      'sibling of (inferred: children of the same parent) TAi.146',
      'sibling of (inferred: children of the same parent) unlisted:badruddin-haqqani',
      'son of TAi.040',
    ].sort());
    const rel = (id: string) => v.relations.find((r) => r.other.id === id)!.relation;
    // father: stated on both entries
    assert.deepEqual(sentences(rel('TAi.040')), [
      'TAi.040: Father of Sirajuddin Jallaloudine Haqqani (TAi.144), Nasiruddin Haqqani (TAi.146) and Badruddin Haqqani (deceased).',
      'TAi.144: Son of Jalaluddin Haqqani (TAi.040).',
    ]);
    assert.equal(rel('TAi.040').subjectRole, 'father');
    assert.equal(rel('TAi.040').objectRole, 'son');
    // the uncle is stated on his own entry (the text makes Khalil an uncle, not a brother)
    assert.deepEqual(sentences(rel('TAi.150')), ['TAi.150: Brother of Jalaluddin Haqqani (TAi.040) and uncle of Sirajuddin Jallaloudine Haqqani (TAi.144).']);
    assert.equal(rel('TAi.150').derived, undefined);
    // brothers: inferred from the father's entry, and said so
    assert.deepEqual(rel('TAi.146').derived, { rule: 'children of the same parent', via: ['TAi.040'] });
    assert.ok(sentences(rel('unlisted:badruddin-haqqani')).some((s) => s.includes('Badruddin Haqqani (deceased)')));
    assert.deepEqual(sentences(rel('TAe.012')), [
      'TAe.012: Founded by Jalaluddin Haqqani (TAi.040) and currently headed by his son Sirajuddin Jallaloudine Haqqani (TAi.144).',
      'TAi.144: Heading the Haqqani Network (TAe.012) as of late 2012.',
    ]);
    assert.deepEqual(sentences(rel('TAi.155')), ['TAi.155: Key commander in the Haqqani Network (TAe.012) under Sirajuddin Jallaloudine Haqqani (TAi.144).']);
  });

  test('relatives named without a reference are unlisted people, with the sentence that names them', () => {
    const b = entity(ds, 'unlisted:badruddin-haqqani')!;
    assert.equal(b.status, 'unlisted');
    assert.deepEqual(b.refs, []);
    assert.match(b.deceasedNote ?? '', /deceased/);
    assert.ok(b.mentions.some((s) => s.kind === 'list-narrative' && s.reference === 'TAi.040'));
    // one person named by two brothers: "Akhtar Mohammed (a.k.a.: Haji Mira Khan)" and "Haji Akhtar Muhammad"
    const father = ds.entities.find((e) => e.status === 'unlisted' && e.names.some((n) => n.full === 'Haji Akhtar Muhammad'))!;
    assert.deepEqual(father.names.map((n) => n.full).sort(), ['Akhtar Mohammed', 'Haji Akhtar Muhammad', 'Haji Mira Khan']);
    const children = ds.relations.filter((r) => r.kind === 'parent' && r.subject === father.id).map((r) => r.object).sort();
    assert.deepEqual(children, ['TAi.153', 'TAi.154']);
    // "Father's name is Haji Khudai Nazar. Alternative father's name is Nazar Mohammad."
    const k = ds.entities.find((e) => e.status === 'unlisted' && e.names.some((n) => n.full === 'Haji Khudai Nazar'))!;
    assert.ok(k.names.some((n) => n.full === 'Nazar Mohammad'));
    // names the list prints with "son of": "Akhter Mohmad son of Noor Mohmad"
    const noor = ds.entities.find((e) => e.status === 'unlisted' && e.names.some((n) => n.full === 'Noor Mohmad'))!;
    assert.ok(ds.relations.some((r) => r.subject === noor.id && r.object === 'TAi.034' && r.sources.some((s) => s.kind === 'list-narrative' && s.field === 'ALIAS_NAME')));
  });

  test('ownership, leadership and membership of the listed organisations', () => {
    const owners = ds.relations.filter((r) => r.type === 'ownership').map((r) => `${r.subject}>${r.object}:${r.subjectRole ?? ''}`).sort();
    assert.deepEqual(owners, ['TAi.162>TAe.010:co-owner', 'TAi.163>TAe.010:co-owner', 'TAi.165>TAe.013:owner', 'TAi.166>TAe.011:owner and operator', 'TAi.173>TAe.014:owner']);
    const hqn = ds.relations.filter((r) => r.object === 'TAe.012' && (r.type === 'membership' || r.type === 'leadership')).map((r) => r.subject);
    for (const m of ['TAi.146', 'TAi.155', 'TAi.157', 'TAi.159', 'TAi.161', 'TAi.164', 'TAi.150', 'TAi.169', 'TAi.170', 'TAi.171', 'TAi.040', 'TAi.144']) assert.ok(hqn.includes(m), `${m} in the Haqqani Network`);
    // TAi.152 is named as a member but is not in the 2024 extract: referenced, not unlisted
    assert.equal(ds.byId.get('TAi.152')!.status, 'referenced');
    // the Haqqani Network's links to Al-Qaida list entries the extract does not hold
    assert.equal(ds.byId.get('QDe.004')!.status, 'referenced');
  });

  test('OFAC "Linked To" targets are found by name among the listed entities', () => {
    const popalzai = entity(ds, 'US:23635')!;
    const linked = popalzai.relations.map((r) => `${r.phrase} ${r.other.id}`).sort();
    assert.deepEqual(linked, ['linked to TAi.147', 'linked to US:6636']);
    assert.deepEqual(popalzai.relations.find((r) => r.other.id === 'TAi.147')!.relation.sources, [{ kind: 'list-narrative', list: 'US', reference: 'US:23635', field: 'Remarks', sentence: 'Linked To: ISHAKZAI, Gul Agha' }]);
  });

  test('coverage: who is on which list, and the relatives on none', () => {
    const c = coverage(ds);
    assert.equal(c.totals.listed, 161);
    assert.deepEqual(c.totals.byLists, { 'UN+GB': 129, 'UN+GB+US': 11, US: 21 });
    const jalal = c.rows.find((r) => r.id === 'TAi.040')!;
    assert.deepEqual([jalal.UN, jalal.GB, jalal.US], [['TAi.040'], ['GB:AFG0036'], []]);
    assert.deepEqual(
      jalal.unlistedRelatives.map((r) => [r.id, r.phrase, r.deceased]),
      [['unlisted:badruddin-haqqani', 'child of', true]],
    );
    const omar = c.rows.find((r) => r.id === 'TAi.004')!;
    assert.deepEqual(
      omar.unlistedRelatives.map((r) => [r.caption, r.phrase]),
      [['Ghulam Nabi', 'father of']],
    );
    assert.ok(c.totals.unlistedRelatives >= 12);
    const badruddin = c.rows.find((r) => r.id === 'unlisted:badruddin-haqqani')!;
    // named by his father's entry and by his assistant's; related by inference to his brothers and uncles
    for (const id of ['TAi.040', 'TAi.161', 'TAi.144', 'TAi.146', 'TAi.042', 'TAi.150']) assert.ok(badruddin.namedBy.includes(id), id);
  });

  test('network around an entity: nodes say which lists, edges keep their sources', () => {
    const net = network(ds, 'TAi.144')!;
    const node = (id: string) => net.nodes.find((n) => n.id === id)!;
    assert.deepEqual(node('TAi.144').lists, ['UN', 'GB', 'US']);
    assert.deepEqual(node('TAi.040').lists, ['UN', 'GB']);
    assert.equal(node('unlisted:badruddin-haqqani').status, 'unlisted');
    assert.ok(net.edges.every((e) => e.sources.length > 0 && net.nodes.some((n) => n.id === e.source) && net.nodes.some((n) => n.id === e.target)));
    const all = network(ds)!;
    assert.equal(all.edges.length, ds.relations.length);
  });

  test('every relation read from the lists was checked by hand against its sentence (test/fixtures/sanctions/relations-checked.json)', () => {
    const checked = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'sanctions', 'relations-checked.json'), 'utf8')) as { extracted: Array<{ id: string; correct: boolean }> };
    const verdict = new Map(checked.extracted.map((x) => [x.id, x.correct]));
    const unchecked = ds.relations.filter((r) => !verdict.has(r.id)).map((r) => r.id);
    assert.deepEqual(unchecked, [], 'a relation nobody checked: read its sentence and add the verdict to the fixture');
    const wrong = ds.relations.filter((r) => verdict.get(r.id) === false).map((r) => r.id);
    assert.deepEqual(wrong, [], 'relations judged wrong by the reader');
    const lost = [...verdict.keys()].filter((id) => !ds.relations.some((r) => r.id === id));
    assert.deepEqual(lost, [], 'checked relations no longer found');
  });

  test('a relative clause speaks of someone else; a name ending in "Jan." ends a sentence', () => {
    const rels = extractRelations({ list: 'UN', reference: 'TAi.999', field: 'COMMENTS1', text: 'Owner of Some Hawala (TAe.014), which provides financial services to Another Person (TAi.147).' });
    assert.deepEqual(
      rels.map((r) => [r.kind, r.subject === 'self' ? 'self' : r.subject.ref, r.object === 'self' ? 'self' : r.object.ref]),
      [['owner', 'self', 'TAe.014']],
    );
    assert.deepEqual(splitSentences("Father's name is Bakhta Jan. INTERPOL-UN Security Council Special Notice web link: https://www.interpol.int/x"), ["Father's name is Bakhta Jan."]);
    assert.deepEqual(splitSentences('Review concluded on 27 Jan. 2010. Owner of X.'), ['Review concluded on 27 Jan. 2010.', 'Owner of X.']);
  });

  test('named bodies without a reference: one council however it is written, its members with their sentences, not in the coverage column', () => {
    const council = entity(ds, 'body:supreme-council')!;
    assert.equal(council.schema, 'Organization');
    assert.equal(council.status, 'unlisted');
    const members = council.relations.filter((r) => r.relation.type === 'membership').map((r) => r.other.id);
    for (const id of ['TAi.002', 'TAi.022', 'TAi.026', 'TAi.072', 'TAi.097']) assert.ok(members.includes(id), id);
    // "a member of the Taliban's Supreme Council" is the same body
    const ubaidullah = council.relations.find((r) => r.other.id === 'TAi.022')!;
    assert.match(sentences(ubaidullah.relation).join(' '), /member of the Taliban's Supreme Council/);
    // "Member of Taliban Supreme Council and Taliban Military Council": both bodies
    const ghias = entity(ds, 'TAi.072')!.relations.filter((r) => r.other.id.startsWith('body:')).map((r) => r.other.id).sort();
    assert.deepEqual(ghias, ['body:military-council', 'body:supreme-council']);
    const leader = council.relations.find((r) => r.relation.type === 'leadership')!;
    assert.equal(leader.other.id, 'TAi.068');
    assert.match(sentences(leader.relation)[0]!, /Interim leader of Taliban Supreme Council/);
    // councils are neither relatives nor partners
    assert.ok(coverage(ds).rows.every((r) => r.unlistedPartners.every((p) => !p.id.startsWith('body:'))));
  });

  test('the Taliban itself: found on the OFAC list by name; a role before the name reads, a name after "Taliban leader" does not', () => {
    const taliban = entity(ds, 'US:6636')!;
    assert.equal(taliban.caption, 'TALIBAN');
    const member = (ref: string) => taliban.relations.filter((r) => r.other.id === ref);
    assert.match(sentences(member('TAi.038')[0]!.relation).join(' '), /Taliban member responsible for Nangarhar Province/);
    assert.equal(member('TAi.040')[0]!.relation.subjectRole, 'leader', '"He is an active Taliban leader."');
    assert.deepEqual(
      member('TAi.146').map((r) => r.relation.subjectRole),
      ['raised funds for'],
    );
    // "secretary to Taliban leader Mullah Mohammed Omar (TAi.004)" is about Omar, not the secretary
    assert.ok(!member('TAi.158').some((r) => r.relation.subjectRole === 'leader'));
    // "Member of the Taliban leadership council": a part of the Taliban, not read as membership of it
    assert.deepEqual(member('TAi.028'), []);
  });
});
