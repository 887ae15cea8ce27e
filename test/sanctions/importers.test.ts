// The importers read every entry of the real lists, with every name, and reject
// foreign or malformed files with a message that names the element or column.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { UnusableInput } from '../../src/kernel/errors.ts';
import { buildDataset, classify, importOfac, importUkCsv, importUnXml } from '../../src/sanctions/index.ts';
import { bundledDir } from '../../src/node/sanctions-files.ts';

const DIR = bundledDir();
const UN_FILE = 'un_1988_taliban_extract_2024-09-26.xml';
const UK_FILE = 'uk_fcdo_sanctions_list_afghanistan_2025-08-11.csv';
const OFAC_FILE = 'ofac_sdn_taliban_haqqani_2022-01.csv';
const unXml = readFileSync(join(DIR, UN_FILE), 'utf8');
const ukCsv = readFileSync(join(DIR, UK_FILE), 'utf8');
const ofacCsv = readFileSync(join(DIR, OFAC_FILE), 'utf8');

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

/** Non-empty contents of an element, counted with a regular expression over the raw file. */
function raw(tag: string): string[] {
  return [...unXml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => decode(m[1]!)).filter((s) => s !== '');
}

function unusable(f: () => unknown, message: RegExp): void {
  assert.throws(f, (e: unknown) => e instanceof UnusableInput && message.test(e.message));
}

describe('UN consolidated list importer', () => {
  const un = importUnXml(unXml);

  test('every entry of the 1988 extract is imported: 135 individuals and 5 entities', () => {
    const individuals = (unXml.match(/<INDIVIDUAL>/g) ?? []).length;
    const entities = (unXml.match(/<ENTITY>/g) ?? []).length;
    assert.equal(individuals, 135);
    assert.equal(entities, 5);
    assert.equal(un.records.filter((r) => r.schema === 'Person').length, individuals);
    assert.equal(un.records.filter((r) => r.schema === 'Organization').length, entities);
    assert.deepEqual(un.records.map((r) => r.reference).sort(), raw('REFERENCE_NUMBER').sort());
    assert.equal(un.dateGenerated, '2024-09-26T00:00:07.514Z');
    assert.deepEqual(un.listTypes, { Taliban: 140 });
  });

  test('every alias and every original-script name is imported, as printed', () => {
    const aliases = un.records.flatMap((r) => r.names.filter((n) => n.kind === 'alias' || n.kind === 'weak-alias' || n.kind === 'former').map((n) => n.full));
    const expected = raw('ALIAS_NAME');
    assert.equal(expected.length, 262); // non-empty ALIAS_NAME elements (395 in all, 133 empty)
    assert.deepEqual([...aliases].sort(), [...expected].sort());
    const original = un.records.flatMap((r) => r.names.filter((n) => n.kind === 'original-script').map((n) => n.full));
    assert.deepEqual([...original].sort(), raw('NAME_ORIGINAL_SCRIPT').sort());
    assert.equal(original.length, 140);
    // alias quality and "previously listed as"
    const r013 = un.records.find((r) => r.reference === 'TAi.013')!;
    assert.ok(r013.names.some((n) => n.full === 'Mohammad Naim' && n.kind === 'former'));
    const r144 = un.records.find((r) => r.reference === 'TAi.144')!;
    assert.deepEqual(
      r144.names.map((n) => [n.full, n.kind]),
      [
        ['SIRAJUDDIN JALLALOUDINE HAQQANI', 'primary'],
        ['سراج الدين جلال الدين حقانى', 'original-script'],
        ['Siraj Haqqani', 'alias'],
        ['Serajuddin Haqani', 'alias'],
        ['Siraj Haqani', 'alias'],
        ['Saraj Haqani', 'alias'],
        ['Khalifa', 'weak-alias'],
      ],
    );
  });

  test('dates of birth, nationality, listing date and narrative are read', () => {
    const r = un.records.find((x) => x.reference === 'TAi.144')!;
    assert.deepEqual(r.birthDates, [{ text: 'between 1977 and 1978', from: '1977-01-01', to: '1978-12-31', approximate: true }]);
    assert.deepEqual(r.nationalities, ['Afghanistan']);
    assert.equal(r.sanction.listedOn, '2007-09-13');
    assert.match(r.narratives[0]!.text, /^Heading the Haqqani Network \(TAe\.012\) as of late 2012\. Son of Jalaluddin Haqqani \(TAi\.040\)\./);
    const r150 = un.records.find((x) => x.reference === 'TAi.150')!;
    assert.equal(r150.birthDates[0]!.from, '1966-01-01');
    const r038 = un.records.find((x) => x.reference === 'TAi.038')!;
    assert.deepEqual(r038.sanction.formerReferences, ['TAi.048']);
    const r040 = un.records.find((x) => x.reference === 'TAi.040')!;
    assert.match(r040.deceased ?? '', /Reportedly deceased as of September 2018/);
  });

  const minimal = (body: string) => `<?xml version="1.0"?><CONSOLIDATED_LIST dateGenerated="2024-01-01T00:00:00Z"><INDIVIDUALS>${body}</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>`;
  const person = (ref: string, type: string, name: string) =>
    `<INDIVIDUAL><DATAID>1</DATAID><VERSIONNUM>1</VERSIONNUM><FIRST_NAME>${name}</FIRST_NAME><UN_LIST_TYPE>${type}</UN_LIST_TYPE>${ref ? `<REFERENCE_NUMBER>${ref}</REFERENCE_NUMBER>` : ''}<LISTED_ON>2001-01-01</LISTED_ON><COMMENTS1/><LIST_TYPE><VALUE>UN List</VALUE></LIST_TYPE><INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS><INDIVIDUAL_ADDRESS><COUNTRY/></INDIVIDUAL_ADDRESS><INDIVIDUAL_DATE_OF_BIRTH/><INDIVIDUAL_PLACE_OF_BIRTH/><INDIVIDUAL_DOCUMENT/><SORT_KEY/><SORT_KEY_LAST_MOD/></INDIVIDUAL>`;

  test('other list types of the full consolidated list are read, or left out on request', () => {
    const xml = minimal(person('TAi.900', 'Taliban', 'ONE') + person('QDi.901', 'Al-Qaida', 'TWO') + person('KPi.902', 'DPRK', 'THREE'));
    assert.equal(importUnXml(xml).records.length, 3);
    const only = importUnXml(xml, { listTypes: ['taliban'] });
    assert.deepEqual(
      only.records.map((r) => r.reference),
      ['TAi.900'],
    );
    assert.equal(only.skipped, 2);
    assert.deepEqual(only.listTypes, { Taliban: 1, 'Al-Qaida': 1, DPRK: 1 });
  });

  test('a foreign, malformed or incomplete XML file is refused, naming the element', () => {
    unusable(() => importUnXml('<?xml version="1.0"?><foo><bar/></foo>'), /not a UN consolidated list: root element is <foo>, expected <CONSOLIDATED_LIST>/);
    unusable(() => importUnXml(unXml.slice(0, 5000)), /malformed XML at line \d+, column \d+/);
    unusable(() => importUnXml('<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>'), /malformed XML/);
    unusable(() => importUnXml(minimal(person('TAi.900', 'Taliban', 'ONE') + person('', 'Taliban', 'TWO'))), /INDIVIDUAL #2 \(DATAID 1\) has no REFERENCE_NUMBER/);
    unusable(() => importUnXml(minimal(person('TAi.900', 'Taliban', ''))), /INDIVIDUAL #1 .*\(TAi\.900\) has no name: FIRST_NAME is empty/);
    unusable(() => importUnXml('<CONSOLIDATED_LIST dateGenerated="x"><FOO/></CONSOLIDATED_LIST>'), /<CONSOLIDATED_LIST> has neither <INDIVIDUALS> nor <ENTITIES>/);
  });

  test('a list with no entries, or none of the kept list types, is refused; errors name the line of the element', () => {
    unusable(() => importUnXml(minimal('')), /has no entries: <INDIVIDUALS> and <ENTITIES> are empty/);
    unusable(() => importUnXml('<CONSOLIDATED_LIST>\n<INDIVIDUALS/>\n<ENTITIES></ENTITIES>\n</CONSOLIDATED_LIST>'), /has no entries/);
    unusable(() => importUnXml(minimal(person('QDi.901', 'Al-Qaida', 'TWO')), { listTypes: ['Taliban'] }), /none of its 1 entries is of the list type kept \(Taliban\); its list types are Al-Qaida/);
    const xml = minimal(`\n${person('TAi.900', 'Taliban', 'ONE')}\n\n${person('TAi.901', 'Taliban', '')}`);
    unusable(() => importUnXml(xml, { file: 'un.xml' }), /UN list "un\.xml": line 4, INDIVIDUAL #2 \(DATAID 1\) \(TAi\.901\) has no name/);
    unusable(() => classify({ name: 'list.xml', text: '<?xml version="1.0"?><sdnList/>' }), /OFAC XML file \(root element <sdnList>\)/);
    unusable(() => classify({ name: 'x.xml', text: '<html><body/></html>' }), /root element is <html>, expected <CONSOLIDATED_LIST>/);
  });
});

describe('UK sanctions list importer', () => {
  test('the 140 rows of the Afghanistan regime', () => {
    const uk = importUkCsv(ukCsv);
    assert.equal(uk.records.length, 140);
    assert.equal(uk.records.filter((r) => r.schema === 'Organization').length, 5);
    const r = uk.records.find((x) => x.reference === 'GB:AFG0112')!;
    assert.equal(r.names[0]!.full, 'HAQQANI SIRAJUDDIN JALLALOUDINE');
    assert.equal(r.sanction.listedOn, '2007-09-13');
    assert.equal(r.sanction.otherIds?.['OFSI Group ID'], '9158');
    assert.deepEqual(r.sanction.measures, ['Asset freeze', 'Travel Ban']);
    assert.equal(r.sanction.designationSource, 'UN');
  });

  const FULL = [
    'Report Date: 11-Aug-2025',
    'Last Updated,Unique ID,OFSI Group ID,UN Reference Number,Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Name type,Alias strength,Title,Name non-latin script,Regime Name,Designation Type,Designation source,Date Designated,Sanctions Imposed,Other Information,D.O.B,Nationality(/ies)',
    '01/02/2024,AFG0112,9158,TAi.144,HAQQANI,SIRAJUDDIN,JALLALOUDINE,,,,Primary name,,,سراج الدين جلال الدين حقانى,Afghanistan,Individual,UN,13/09/2007,Asset freeze|Travel Ban,"Son of Jalaluddin Haqqani (TAi.040).",00/00/1977,Afghanistan',
    '01/02/2024,AFG0112,9158,TAi.144,HAQANI,SIRAJ,,,,,Alias,Good,,,Afghanistan,Individual,UN,13/09/2007,Asset freeze|Travel Ban,"Son of Jalaluddin Haqqani (TAi.040).",00/00/1977,Afghanistan',
    '01/02/2024,RUS0001,1,,IVANOV,IVAN,,,,,Primary name,,,,Russia,Individual,UK,01/03/2022,Asset freeze,,01/01/1970,Russia',
  ].join('\n');

  test('the full export: one row per name, Name 1..6, the UN reference, other regimes', () => {
    const all = importUkCsv(FULL);
    assert.equal(all.records.length, 2);
    const r = all.records.find((x) => x.reference === 'GB:AFG0112')!;
    assert.deepEqual(
      r.names.map((n) => [n.full, n.kind]),
      [
        ['SIRAJUDDIN JALLALOUDINE HAQQANI', 'primary'],
        ['سراج الدين جلال الدين حقانى', 'original-script'],
        ['SIRAJ HAQANI', 'alias'],
      ],
    );
    assert.equal(r.sanction.unReference, 'TAi.144');
    assert.equal(r.birthDates[0]!.from, '1977-01-01');
    assert.equal(r.narratives[0]!.field, 'Other Information');
    const afghanistan = importUkCsv(FULL, { regimes: ['Afghanistan'] });
    assert.deepEqual(
      afghanistan.records.map((x) => x.reference),
      ['GB:AFG0112'],
    );
    assert.equal(afghanistan.skipped, 1);
  });

  test('the UN reference column merges a UK row with its UN listing, whatever its name', () => {
    const renamed = FULL.replace('HAQQANI,SIRAJUDDIN,JALLALOUDINE', 'SOMEONE,ELSE,ENTIRELY').replace('HAQANI,SIRAJ', 'NOBODY,KNOWN');
    const ds = buildDataset([
      { name: UN_FILE, text: unXml },
      { name: 'uk.csv', text: renamed },
    ]);
    const e = ds.byRef.get('GB:AFG0112')!;
    assert.deepEqual(e.refs, ['TAi.144', 'GB:AFG0112']);
    assert.ok(e.resolution.some((d) => d.evidence.some((x) => x.feature === 'un-reference' && x.weight > 0)));
  });

  test('a CSV without the needed columns is refused, naming them', () => {
    unusable(() => importUkCsv('Name,Regime Name\nX,Afghanistan\n'), /no "Unique ID" column/);
    unusable(() => importUkCsv('Unique ID,Name,Type\nAFG1,X,Individual\n'), /no "Regime Name" column; the header has: Unique ID, Name, Type/);
    unusable(() => importUkCsv('Unique ID,Regime Name,Type\nAFG1,Afghanistan,Individual\n'), /no "Name" \(or "Name 1".."Name 6"\) column/);
    unusable(() => importUkCsv('Unique ID,Name,Regime Name,Type\nAFG1,X,Afghanistan,Spaceship\n'), /row 2 \(AFG1\): unknown type "Spaceship"/);
  });

  test('a header without entries, a row cut short or a malformed row is refused, naming its line', () => {
    const header = ukCsv.split('\n')[0]!;
    unusable(() => importUkCsv(`${header}\n`, { file: 'uk.csv' }), /UK list "uk\.csv" has no entries: only its header \(line 1\)/);
    unusable(() => importUkCsv(`${header}\n\n\n`), /has no entries/);
    const rows = ukCsv.split('\n').slice(0, 4);
    rows[3] = 'AFG0003,12811,HAQQANI NETWORK,Afghanistan,Entity';
    unusable(() => importUkCsv(rows.join('\n')), /row 4 \(AFG0003\): the row is cut short: 5 of the header's 8 columns, "Designation source", "Date Designated", "Sanctions Imposed" missing/);
    // a quoted name over two lines: the next row's line is still right
    const multi = [header, 'AFG0001,1,"TWO\nLINES",Afghanistan,Entity,UN,29-06-2012,Asset freeze', 'AFG0002,2,X,Afghanistan'].join('\n');
    unusable(() => importUkCsv(multi), /row 4 \(AFG0002\): the row is cut short/);
    unusable(() => importUkCsv(`${header}\nAFG0001,1,X,,Entity,UN,29-06-2012,Asset freeze\n`), /row 2 \(AFG0001\): "Regime Name" is empty/);
    unusable(() => importUkCsv(`${header}\nAFG0001,1,X,Afghanistan,Entity,UN,someday,Asset freeze\n`), /row 2 \(AFG0001\): "Date Designated" is "someday", not a date/);
    unusable(() => importUkCsv(`${header}\nAFG0001,1,X,Afghanistan,Entity,UN,29-06-2012,Asset freeze,extra\n`), /row 2 \(AFG0001\): 9 cells where the header has 8 columns/);
    unusable(() => importUkCsv(FULL, { regimes: ['Syria'] }), /none of its 2 entries is of the regime kept \(Syria\); its regimes are Afghanistan, Russia/);
  });
});

describe('OFAC SDN importer', () => {
  test('the shared subset (sdn columns with a header, aliases and Linked To)', () => {
    const ofac = importOfac({ sdn: ofacCsv });
    assert.equal(ofac.format, 'header');
    assert.equal(ofac.records.length, 32);
    const r = ofac.records.find((x) => x.reference === 'US:15007')!;
    assert.equal(r.names[0]!.full, 'BARAKZAI, Haji Abdul Sattar');
    assert.ok(r.names.some((n) => n.full === 'MANAN, Haji Abdul Satar Haji Abdul' && n.kind === 'alias'));
    assert.deepEqual(r.linkedTo, ['HAJI KHAIRULLAH HAJI SATTAR MONEY EXCHANGE', 'TALIBAN']);
    assert.deepEqual(
      r.identifications.map((i) => [i.type, i.number, i.country]),
      [
        ['Passport', 'AM5421691', 'Pakistan'],
        ['National ID No.', '5420250161699', 'Pakistan'],
        ['National ID No.', '585629', 'Afghanistan'],
      ],
    );
    assert.deepEqual(r.birthDates, [{ text: '1964', from: '1964-01-01', to: '1964-12-31', approximate: false }]);
    const tor = ofac.records.find((x) => x.reference === 'US:18688')!;
    assert.deepEqual(
      tor.birthDates.map((d) => [d.from, d.to]),
      [
        ['1964-01-01', '1966-12-31'],
        ['1961-01-01', '1963-12-31'],
        ['1960-01-01', '1960-12-31'],
      ],
    );
    const ameen = ofac.records.find((x) => x.reference === 'US:11355')!;
    assert.ok(ameen.names.some((n) => n.full === 'AMINULLAH, Shaykh' && n.kind === 'weak-alias'));
    assert.equal(ameen.birthDates[0]!.approximate, true);
    assert.equal(ofac.records.find((x) => x.reference === 'US:6636')!.schema, 'Organization');
  });

  // the legacy files: no header, "-0-" for empty, a SUB character at the end
  const SDN = [
    '10743,"MUHAMMAD, Sirajuddin Haqqani Jalaluddin Khwasa","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 1977; alt. DOB 1978; POB Danda, Miramshah, Afghanistan."',
    '15484,"HAQQANI NETWORK",-0- ,"FTO] [SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. \'HQN\'."',
    '\u001a',
  ].join('\r\n');
  const ALT = ['10743,9001,"aka","HAQANI, Sirajuddin",-0- ', '10743,9002,"aka","HAQQANI, Siraj",-0- ', '99999,9003,"aka","NOT IN SDN",-0- '].join('\r\n');
  const ADD = ['10743,8001,-0- ,"Miramshah","Pakistan",-0- '].join('\r\n');

  test('the legacy sdn.csv with alt.csv and add.csv', () => {
    const ofac = importOfac({ sdn: SDN, alt: ALT, add: ADD });
    assert.equal(ofac.format, 'legacy');
    assert.deepEqual(
      ofac.records.map((r) => [r.reference, r.schema, r.sanction.programme]),
      [
        ['US:10743', 'Person', 'SDGT'],
        ['US:15484', 'Organization', 'FTO, SDGT'],
      ],
    );
    assert.equal(ofac.aliasesFromAlt, 2);
    const s = ofac.records[0]!;
    assert.deepEqual(
      s.names.map((n) => n.full),
      ['MUHAMMAD, Sirajuddin Haqqani Jalaluddin Khwasa', 'HAQANI, Sirajuddin', 'HAQQANI, Siraj'],
    );
    assert.deepEqual(s.addresses, [{ text: 'Miramshah, Pakistan', country: 'Pakistan' }]);
    assert.equal(ofac.records[1]!.names[1]!.full, 'HQN');
    // recognised by name and content in a directory
    assert.equal(classify({ name: 'sdn.csv', text: SDN }), 'ofac-sdn');
    assert.equal(classify({ name: 'alt.csv', text: ALT }), 'ofac-alt');
    assert.equal(classify({ name: 'add.csv', text: ADD }), 'ofac-add');
    assert.equal(classify({ name: 'aliases.csv', text: ALT }), 'ofac-alt');
    assert.equal(classify({ name: UK_FILE, text: ukCsv }), 'uk-csv');
    assert.equal(classify({ name: UN_FILE, text: unXml }), 'un-xml');
    assert.equal(classify({ name: 'README.md', text: '# x' }), null);
    const ds = buildDataset([
      { name: UN_FILE, text: unXml },
      { name: 'sdn.csv', text: SDN },
      { name: 'alt.csv', text: ALT },
    ]);
    assert.deepEqual(ds.byRef.get('US:10743')!.refs, ['TAi.144', 'US:10743']);
    assert.deepEqual(ds.byRef.get('US:15484')!.refs, ['TAe.012', 'US:15484']);
  });

  test('a CSV that is not sdn.csv is refused with the reason', () => {
    unusable(() => importOfac({ sdn: 'a,b,c\n1,2,3\n' }), /not an OFAC sdn.csv: the first row has 3 fields where sdn.csv has 12/);
    unusable(() => importOfac({ sdn: 'ent_num,sdn_name\n1,X\n' }), /no "sdn_type" column/);
    unusable(() => importOfac({ sdn: 'ent_num,sdn_name,sdn_type,program\nx1,X,,SDGT\n' }), /row 2: ent_num "x1" is not a number/);
  });

  test('a header without entries or a row cut short is refused, naming its line', () => {
    const header = ofacCsv.split('\n')[0]!;
    unusable(() => importOfac({ sdn: `${header}\n`, files: { sdn: 'sdn.csv' } }), /OFAC list "sdn\.csv" has no entries: only its header \(line 1\)/);
    unusable(() => importOfac({ sdn: 'ent_num,sdn_name,sdn_type,program,remarks\n1,X,individual,SDGT,-0-\n2,Y,individual\n' }), /row 3 \(ent_num 2\): the row is cut short: 3 of 5 columns, "program", "remarks" missing/);
    const legacy = SDN.split('\r\n');
    legacy[1] = '15484,"HAQQANI NETWORK",-0- ,"FTO] [SDGT",-0- ';
    unusable(() => importOfac({ sdn: legacy.join('\r\n') }), /row 2 \(ent_num 15484\): the row is cut short: 5 of 12 columns, "Call_Sign", .*"Remarks" missing/);
    unusable(() => importOfac({ sdn: SDN, alt: `${ALT}\r\n10743,9004` }), /alt\.csv, row 4 \(ent_num 10743\): the row is cut short: 2 of 4 columns, "alt_type", "alt_name" missing/);
    unusable(() => importOfac({ sdn: SDN, alt: `${ALT}\r\nabc,9004,"aka","X",-0- ` }), /alt\.csv, row 4: ent_num "abc" is not a number/);
    unusable(() => importOfac({ sdn: SDN, add: '10743,8001,-0- \r\n' }), /add\.csv, row 1 \(ent_num 10743\): the row is cut short: 3 of 5 columns/);
    unusable(() => importOfac({ sdn: SDN, programmes: ['IRAN'] }), /none of its 2 entries is in the programme kept \(IRAN\)/);
    unusable(() => classify({ name: 'notes.csv', text: 'hello,world\n' }), /not a sanctions list Jirga reads/);
  });
});
