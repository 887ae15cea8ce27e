// Relations read from the lists' own narrative text (UN COMMENTS1, UK "Other
// Information", OFAC remarks): "Brother of Sirajuddin Jallaloudine Haqqani (TAi.144)",
// "Father of ... and Badruddin Haqqani (deceased)", "Father's name is Ghulam Nabi,
// also known as Mullah Musafir", "Co-owner of ... (TAe.010)", "Owned by ... (TAi.166)",
// "Linked To: TALIBAN". Each relation keeps the sentence it came from. Rules, not a
// language model: a phrase that triggers a relation, then the people or
// organisations it names (with their list reference when the text gives one). Pure.
import type { Narrative, RelationType } from './model.ts';

export interface Mention {
  /** the name as the sentence writes it (titles kept) */
  name: string;
  /** a UN reference given in parentheses ("TAi.144", "QDe.004") */
  ref?: string;
  /** an older or unknown style of reference ("TE.H.12.12.") */
  otherRef?: string;
  deceased?: boolean;
  aliases: string[];
  /** a named body without a list reference ("Taliban Supreme Council", "Quetta Shura") */
  body?: boolean;
}

export interface ExtractedRelation {
  type: RelationType;
  kind: string;
  /** "self" is the listing whose narrative it is */
  subject: 'self' | Mention;
  object: 'self' | Mention;
  subjectRole?: string;
  objectRole?: string;
  sentence: string;
  field: string;
}

/** month abbreviations end no sentence after a day ("27 Jan. 2010"), but "Bakhta Jan." does */
const MONTHS = new Set(['jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec']);
const ABBREVIATIONS = new Set(['ltd', 'co', 'no', 'dr', 'mr', 'st', 'inc', 'corp', 'alt', 'a.k.a', 'i.e', 'e.g', 'approx', 'nos']);

/** Sentences of a narrative; "27 Jul. 2010" and "Rahat Ltd." do not end one. The
 * INTERPOL link that closes UN narratives is left out. */
export function splitSentences(text: string): string[] {
  const t = text.replace(/\s+/g, ' ').trim();
  const out: string[] = [];
  let start = 0;
  const re = /[.!?](?=\s+["“‘']?[A-Z])/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t))) {
    const before = t.slice(start, m.index);
    const lastWord = (/([\w.]+)$/.exec(before)?.[1] ?? '').toLowerCase();
    if (ABBREVIATIONS.has(lastWord) || /^[a-z]$/i.test(lastWord)) continue;
    if (MONTHS.has(lastWord) && /\b\d{1,2}\s+\S+$/.test(before)) continue;
    out.push(t.slice(start, m.index + 1).trim());
    start = m.index + 1;
  }
  if (start < t.length) out.push(t.slice(start).trim());
  return out.filter((s) => s !== '' && !/^INTERPOL-UN Security Council Special Notice/i.test(s));
}

type Side = 'self' | 'other';
interface Trigger {
  re: RegExp;
  type: RelationType;
  kind: string;
  /** who is the relation's subject */
  subject: Side;
  selfRole?: string;
  otherRole?: string;
  /** whether names without a reference (relatives) are taken from what follows */
  bareNames?: boolean;
  /** the other side is the Taliban itself ("Taliban member", "Taliban financier") */
  taliban?: boolean;
}

const FAMILY: Array<[string, string, Side]> = [
  // [word, kind, subject side]: "Father of X" makes self the parent
  ['brother-in-law', 'in-law', 'self'],
  ['sister-in-law', 'in-law', 'self'],
  ['son-in-law', 'in-law', 'self'],
  ['daughter-in-law', 'in-law', 'self'],
  ['father-in-law', 'in-law', 'self'],
  ['mother-in-law', 'in-law', 'self'],
  ['grandfather', 'grandparent', 'self'],
  ['grandmother', 'grandparent', 'self'],
  ['grandson', 'grandparent', 'other'],
  ['granddaughter', 'grandparent', 'other'],
  ['father', 'parent', 'self'],
  ['mother', 'parent', 'self'],
  ['son', 'parent', 'other'],
  ['daughter', 'parent', 'other'],
  ['brother', 'sibling', 'self'],
  ['sister', 'sibling', 'self'],
  ['half-brother', 'sibling', 'self'],
  ['uncle', 'uncle', 'self'],
  ['aunt', 'uncle', 'self'],
  ['nephew', 'uncle', 'other'],
  ['niece', 'uncle', 'other'],
  ['cousin', 'cousin', 'self'],
  ['husband', 'spouse', 'self'],
  ['wife', 'spouse', 'self'],
];

const TRIGGERS: Trigger[] = [
  // "Father's name is X", "Brother's name: X", "Alternative father's name is X"
  ...FAMILY.map(([word, kind, side]): Trigger => ({
    re: new RegExp(`\\b(?:alternative\\s+)?${word}['’]s name(?:\\s+is|:)\\s+`, 'gi'),
    type: 'family',
    kind,
    // the named relative is the <word> of self: for "Father's name", the other side is the parent
    subject: side === 'self' ? 'other' : 'self',
    otherRole: word,
    bareNames: true,
  })),
  ...FAMILY.map(([word, kind, side]): Trigger => ({ re: new RegExp(`\\b${word} of\\s+`, 'gi'), type: 'family', kind, subject: side, selfRole: word, bareNames: true })),
  // Arabic-script "walad" (son of) in names the UN prints in both scripts
  { re: /\s+ولد\s+/g, type: 'family', kind: 'parent', subject: 'other', otherRole: 'father', bareNames: true },
  { re: /\blinked by marriage to\s+/gi, type: 'family', kind: 'marriage', subject: 'self', selfRole: 'linked by marriage', bareNames: true },
  { re: /\bco-owner of\s+(?:the\s+)?/gi, type: 'ownership', kind: 'owner', subject: 'self', selfRole: 'co-owner' },
  { re: /\bowner of\s+(?:the\s+)?/gi, type: 'ownership', kind: 'owner', subject: 'self', selfRole: 'owner' },
  { re: /\bowns and operates\s+(?:the\s+)?/gi, type: 'ownership', kind: 'owner', subject: 'self', selfRole: 'owner and operator' },
  { re: /\bowned by\s+/gi, type: 'ownership', kind: 'owner', subject: 'other', otherRole: 'owner' },
  { re: /\bheading\s+(?:the\s+)?/gi, type: 'leadership', kind: 'leader', subject: 'self', selfRole: 'head' },
  { re: /\b(?:currently\s+)?headed by\s+/gi, type: 'leadership', kind: 'leader', subject: 'other', otherRole: 'head' },
  { re: /\bfounded by\s+/gi, type: 'leadership', kind: 'leader', subject: 'other', otherRole: 'founder' },
  { re: /\b(?:a\s+)?leader of\s+(?:the\s+)?/gi, type: 'leadership', kind: 'leader', subject: 'self', selfRole: 'leader' },
  { re: /\bhead of\s+(?:the\s+)?/gi, type: 'leadership', kind: 'leader', subject: 'self', selfRole: 'head' },
  { re: /\bother listed members include\s+/gi, type: 'membership', kind: 'member', subject: 'other', otherRole: 'member' },
  { re: /\b(?:senior\s+|key\s+)?commander (?:of|in)\s+(?:the\s+)?/gi, type: 'membership', kind: 'member', subject: 'self', selfRole: 'commander' },
  { re: /\bchief of [a-z ]+? for\s+(?:the\s+)?/gi, type: 'membership', kind: 'member', subject: 'self', selfRole: 'chief' },
  { re: /\b(?:senior\s+)?member of\s+(?:the\s+)?/gi, type: 'membership', kind: 'member', subject: 'self', selfRole: 'member' },
  { re: /\bacts as ([a-z, ]+?) (?:for|to)\s+/gi, type: 'associate', kind: 'associate', subject: 'self', selfRole: '$1' },
  { re: /\b(?:close\s+)?associate of\s+/gi, type: 'associate', kind: 'associate', subject: 'self', selfRole: 'associate' },
  { re: /\b(?:also\s+)?associated (?:also\s+)?with\s+/gi, type: 'associate', kind: 'associate', subject: 'self' },
  { re: /\b[Aa]lso associated\s+(?=[A-Z])/g, type: 'associate', kind: 'associate', subject: 'self' },
  { re: /\bclose relations with\s+(?:Taliban [Ll]eader\s+)?/gi, type: 'associate', kind: 'associate', subject: 'self', selfRole: 'close relations' },
  { re: /\bdeputy commander of\s+/gi, type: 'associate', kind: 'associate', subject: 'self', selfRole: 'deputy commander', otherRole: 'commander' },
  { re: /\bdeput(?:y|ies) (?:to|of)\s+/gi, type: 'associate', kind: 'associate', subject: 'self', selfRole: 'deputy' },
  { re: /\btreasurer to\s+/gi, type: 'associate', kind: 'associate', subject: 'self', selfRole: 'treasurer' },
  { re: /\badvisor (?:to|for)\s+/gi, type: 'associate', kind: 'associate', subject: 'self', selfRole: 'advisor' },
  { re: /\bsecretary to\s+(?:Taliban [Ll]eader\s+)?/gi, type: 'associate', kind: 'associate', subject: 'self', selfRole: 'secretary' },
  { re: /\bspokesperson (?:for|to)\s+/gi, type: 'associate', kind: 'associate', subject: 'self', selfRole: 'spokesperson' },
  { re: /\bassistant to\s+/gi, type: 'associate', kind: 'associate', subject: 'self', selfRole: 'assistant' },
  { re: /\bunder\s+(?=[A-Z])/g, type: 'associate', kind: 'associate', subject: 'self', selfRole: 'subordinate', otherRole: 'superior' },
  { re: /\bon behalf of\s+/gi, type: 'associate', kind: 'associate', subject: 'self', selfRole: 'raised funds for' },
  { re: /\bfinancial services to\s+/gi, type: 'associate', kind: 'associate', subject: 'self', selfRole: 'financial services provider' },
  { re: /\bsupport to\s+(?:the\s+)?/gi, type: 'associate', kind: 'associate', subject: 'self', selfRole: 'supporter' },
  { re: /\blinked to\s+/gi, type: 'associate', kind: 'associate', subject: 'self', selfRole: 'linked to' },
  { re: /\braised? funds for\s+/gi, type: 'associate', kind: 'associate', subject: 'self', selfRole: 'raised funds for' },
  // a role written before "the Taliban": "Taliban member responsible for …", "Senior Taliban military commander",
  // "an active Taliban leader" (not "Taliban leader Mullah Mohammed Omar", which is about Omar)
  { re: /\b(?:[Ss]enior\s+)?Taliban (member|(?:military\s+)?commander|leader)\b(?!\s+[A-Z])/g, type: 'membership', kind: 'member', subject: 'self', selfRole: '$1', taliban: true },
  { re: /\bTaliban (financier)\b/g, type: 'associate', kind: 'associate', subject: 'self', selfRole: '$1', taliban: true },
];

const UN_REF = /^[A-Z]{2}[ie]\.\d+$/;
const OTHER_REF = /^[A-Z]{1,3}(?:\.[A-Z0-9]+){2,}\.?$/;
const CONNECTORS = new Set(['of', 'al', 'ul', 'ud', 'ur', 'bin', 'ibn', 'e', 'i', 'wal', 'and', 'de', 'el']);
const capital = (w: string) => /^["“‘'’]?[A-Z0-9\u0600-\u06FF]/.test(w);

/** The name at the end of a text: the last run of capitalised words (and connectors). */
function trailingName(text: string): string {
  const words = text
    .replace(/\([^()]*\)/g, ' ')
    .replace(/['’]s\s*$/, '')
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  let i = words.length;
  while (i > 0 && (capital(words[i - 1]!) || CONNECTORS.has(words[i - 1]!))) i--;
  let run = words.slice(i);
  while (run.length && CONNECTORS.has(run[0]!)) run = run.slice(1);
  while (run.length && CONNECTORS.has(run[run.length - 1]!)) run = run.slice(0, -1);
  let name = run.join(' ').replace(/[,;:]+$/, '');
  name = name.replace(/^Taliban [Ll]eader\s+/, '').replace(/^(?:Senior|Key)\s+/, '');
  return name;
}

/** The name at the start of a text: the first run of capitalised words (and connectors). */
function leadingName(text: string): string {
  const words = text.trim().split(/\s+/);
  const run: string[] = [];
  for (const w of words) {
    const bare = /^[A-Z]\.$/.test(w) ? w : w.replace(/[.,;:]+$/, '');
    if (capital(bare) || (run.length > 0 && CONNECTORS.has(bare) && bare !== 'and')) run.push(bare);
    else break;
    if (bare !== w && !/^[A-Z]\.$/.test(w)) break; // punctuation ends the name (not an initial: "M. Anwar Khan")
  }
  while (run.length && CONNECTORS.has(run[run.length - 1]!)) run.pop();
  return run.join(' ');
}

/** The people or organisations named in a span of text after a trigger. */
export function parseMentions(span: string, bareNames: boolean): Mention[] {
  const out: Mention[] = [];
  const re = /\(([^()]*)\)/g;
  let itemStart = 0;
  let m: RegExpExecArray | null;
  let last: Mention | undefined;
  while ((m = re.exec(span))) {
    const content = m[1]!.trim();
    const before = span.slice(itemStart, m.index);
    const aka = /^(?:a\.k\.a\.?|also known as|aka)\s*:?\s*(.+)$/i.exec(content);
    if (UN_REF.test(content) || OTHER_REF.test(content) || /^deceased$/i.test(content)) {
      const name = trailingName(before);
      if (name === '' && last && /^\s*$/.test(before)) {
        // a second parenthesis for the same name: "Haqqani Network (HQN) (TE.H.12.12.)"
        if (UN_REF.test(content)) last.ref = content;
        else if (OTHER_REF.test(content)) last.otherRef = content;
        else last.deceased = true;
      } else if (name !== '') {
        last = { name, aliases: [] };
        if (UN_REF.test(content)) last.ref = content;
        else if (OTHER_REF.test(content)) last.otherRef = content;
        else last.deceased = true;
        out.push(last);
      }
      itemStart = m.index + m[0].length;
    } else if (aka) {
      const name = trailingName(before);
      if (name !== '' && bareNames) {
        last = { name, aliases: [aka[1]!.trim()] };
        out.push(last);
      } else if (last && /^\s*$/.test(before)) last.aliases.push(aka[1]!.trim());
      itemStart = m.index + m[0].length;
    } else if (/^\s*$/.test(before) && last && itemStart > 0) {
      itemStart = m.index + m[0].length;
    }
    // any other parenthesis ("(HQN)", "(2008)") stays part of the text
  }
  if (bareNames && out.length === 0) {
    const rest = span.slice(itemStart);
    const [head, ...alsoKnown] = rest.split(/,?\s+also known as\s+/i);
    const name = leadingName(head ?? '');
    if (name !== '') {
      const mention: Mention = { name, aliases: alsoKnown.map(leadingName).filter((a) => a !== '') };
      out.push(mention);
    }
  }
  return out;
}

/** The Taliban as an organisation, named without a reference (the graph finds it on a loaded list by name). */
const TALIBAN = (): Mention => ({ name: 'Taliban', aliases: [], body: true });

/** Councils, shuras, commissions and committees, named without a list reference. */
const BODY = /\b(?:Council|Shura|Commission|Committee)\b/;

/** The named body at the start of a span ("Taliban Supreme Council", "Financial Commission of the Taliban Council"), or null. */
export function leadingBody(span: string): Mention | null {
  const words = span.trim().split(/\s+/);
  const run: string[] = [];
  for (const w of words) {
    const bare = w.replace(/[.,;:)]+$/, '').replace(/^\(/, '');
    if (capital(bare) || (run.length > 0 && (bare === 'of' || bare === 'the'))) run.push(bare);
    else break;
    if (bare !== w) break;
  }
  while (run.length && (run[run.length - 1] === 'of' || run[run.length - 1] === 'the')) run.pop();
  const name = run.join(' ');
  return BODY.test(name) ? { name, aliases: [], body: true } : null;
}

/** Where a trigger phrase was found in a sentence, and the role it names ("deputy commander"). */
type TriggerHit = { start: number; end: number; trigger: Trigger; role?: string; alternative: boolean };

/**
 * The triggers of a sentence in order, the longest where they overlap ("deputy
 * commander of" over "commander of"), and where the sentence's own relations end: a
 * relative clause ("…, which provides financial services to Y") speaks of someone
 * else, so its triggers and names are not this listing's relations.
 */
function triggerHits(sentence: string): { hits: TriggerHit[]; clauseStart: number } {
  const all: TriggerHit[] = [];
  for (const trigger of TRIGGERS) {
    trigger.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = trigger.re.exec(sentence))) {
      all.push({ start: m.index, end: m.index + m[0].length, trigger, alternative: /^alternative/i.test(m[0]), ...(trigger.selfRole === '$1' ? { role: m[1]!.trim() } : {}) });
    }
  }
  all.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const clause = sentence.search(/,\s*(?:which|who|whose)\b/);
  const clauseStart = clause < 0 ? sentence.length : clause;
  const hits: TriggerHit[] = [];
  for (const h of all) if (h.start < clauseStart && !hits.some((k) => h.start < k.end && h.end > k.start)) hits.push(h);
  hits.sort((a, b) => a.start - b.start);
  return { hits, clauseStart };
}

/** Who a trigger speaks of: the names in `span` (up to the next trigger), the Taliban itself, or named bodies. */
function mentionsAfter(h: TriggerHit, span: string): Mention[] {
  const mentions = parseMentions(span, h.trigger.bareNames === true);
  // "Member of the Taliban Supreme Council": membership or leadership of a body the lists give no reference
  const forBody = h.trigger.subject === 'self' && (h.trigger.type === 'membership' || h.trigger.type === 'leadership');
  if (h.trigger.taliban) mentions.unshift(TALIBAN());
  // "support to the Taliban", "on behalf of the Taliban": the Taliban itself, named without a reference
  // (not "the Taliban leadership council", "Taliban leadership in Helmand": a part of it, left out)
  else if (h.trigger.subject === 'self' && !mentions.some((m) => m.ref || m.otherRef) && /^(?:the\s+)?Taliban(?=\s*(?:[.,;]|$)|\s+(?:in|as|since|for|and|from|at|on|by|with|including|until)\b)/.test(span.trim())) mentions.unshift(TALIBAN());
  if (forBody && !mentions.some((m) => m.ref || m.otherRef)) {
    // "Member of Taliban Supreme Council and Taliban Military Council": each body of the list
    const bodies: Mention[] = [];
    for (const part of span.split(/\s+and\s+(?:the\s+)?/)) {
      const body = leadingBody(part);
      if (!body) break;
      bodies.push(body);
    }
    mentions.unshift(...bodies);
  }
  return mentions;
}

/** The relation a trigger states between the listing ("self") and one mention. */
function relationOf(h: TriggerHit, mention: Mention, sentence: string, field: string): ExtractedRelation {
  const selfRole = h.role ?? h.trigger.selfRole;
  const otherRole = h.trigger.otherRole;
  const self = h.trigger.subject === 'self';
  const rel: ExtractedRelation = {
    type: h.trigger.type,
    kind: h.trigger.kind,
    subject: self ? 'self' : mention,
    object: self ? mention : 'self',
    sentence,
    field,
  };
  const subjectRole = self ? selfRole : otherRole;
  const objectRole = self ? otherRole : selfRole;
  if (subjectRole) rel.subjectRole = subjectRole;
  if (objectRole) rel.objectRole = objectRole;
  return rel;
}

/** References no trigger claimed: "Senior Haqqani Network (HQN) (TAe.012) member." */
function unclaimedReferences(sentence: string, covered: ReadonlySet<string>, field: string): ExtractedRelation[] {
  const out: ExtractedRelation[] = [];
  for (const mention of parseMentions(sentence, false)) {
    if (!mention.ref || covered.has(mention.ref)) continue;
    const organisation = /^[A-Z]{2}e\./.test(mention.ref);
    const role = /\bleader\b/i.test(sentence) ? 'leader' : /\bcommander\b/i.test(sentence) ? 'commander' : /\bmember\b/i.test(sentence) ? 'member' : undefined;
    out.push({
      type: organisation && role ? 'membership' : 'associate',
      kind: organisation && role ? 'member' : 'associate',
      subject: 'self',
      object: mention,
      ...(organisation && role ? { subjectRole: role } : { subjectRole: 'named together' }),
      sentence,
      field,
    });
  }
  return out;
}

/** Relations stated in one narrative field. */
export function extractRelations(narrative: Narrative): ExtractedRelation[] {
  const out: ExtractedRelation[] = [];
  for (const sentence of splitSentences(narrative.text)) {
    const { hits, clauseStart } = triggerHits(sentence);
    const covered = new Set<string>();
    for (const m of parseMentions(sentence.slice(clauseStart), false)) if (m.ref) covered.add(m.ref);
    hits.forEach((h, k) => {
      const stop = Math.min(k + 1 < hits.length ? hits[k + 1]!.start : sentence.length, clauseStart);
      for (const mention of mentionsAfter(h, sentence.slice(h.end, stop))) {
        if (!mention.ref && !mention.otherRef && !mention.deceased && !h.trigger.bareNames && !mention.body) continue;
        if (mention.ref) covered.add(mention.ref);
        if (h.alternative) {
          // "Alternative father's name is X": another name of the relative already named
          const earlier = [...out].reverse().find((r) => r.kind === h.trigger.kind && r.field === narrative.field && typeof r.subject !== 'string' && r.subjectRole === h.trigger.otherRole);
          if (earlier && typeof earlier.subject !== 'string') {
            earlier.subject.aliases.push(mention.name, ...mention.aliases);
            continue;
          }
        }
        out.push(relationOf(h, mention, sentence, narrative.field));
      }
    });
    out.push(...unclaimedReferences(sentence, covered, narrative.field));
  }
  return out;
}

/** OFAC "Linked To:" targets as relations. */
export function linkedToRelations(targets: string[], field = 'Remarks'): ExtractedRelation[] {
  return targets.map((t) => ({
    type: 'associate',
    kind: 'associate',
    subject: 'self',
    object: { name: t, aliases: [] },
    subjectRole: 'linked to',
    sentence: `Linked To: ${t}`,
    field,
  }));
}
