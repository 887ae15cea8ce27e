// The sanctions-network model, in the spirit of FollowTheMoney: list records
// (one per entry of one list), entities (the same person or organisation across
// lists, or a relative/partner named in a narrative and listed nowhere), and
// relations (Family, Associate, Ownership, Leadership, Membership), each with the
// sources it rests on. Pure types and small helpers; no I/O.

/** The lists Jirga reads: the UN Security Council, the UK (FCDO), the US (OFAC SDN). */
export type ListId = 'UN' | 'GB' | 'US';
export const LIST_IDS: readonly ListId[] = ['UN', 'GB', 'US'];
export const LIST_TITLES: Record<ListId, string> = {
  UN: 'UN Security Council Consolidated List',
  GB: 'UK Sanctions List (FCDO)',
  US: 'US OFAC Specially Designated Nationals (SDN) List',
};

export type Schema = 'Person' | 'Organization' | 'Vessel';
export type Script = 'latin' | 'arabic' | 'other';

/** A name as a list prints it. */
export interface Name {
  full: string;
  /** primary: the entry's name; alias: a.k.a.; weak-alias: OFAC's "a.k.a." in remarks or a
   * UN alias of quality Low; former: "previously listed as"; original-script: the
   * UN's NAME_ORIGINAL_SCRIPT or the UK's non-Latin name; mentioned: how a narrative
   * names someone. */
  kind: 'primary' | 'alias' | 'weak-alias' | 'former' | 'original-script' | 'mentioned';
  script: Script;
  /** the list reference it was read from (e.g. "TAi.144", "GB:AFG0112", "US:10743") */
  reference: string;
}

/** A date of birth as a range of days (YYYY-MM-DD); a year alone covers the year. */
export interface BirthDate {
  text: string;
  from: string;
  to: string;
  approximate: boolean;
}

export interface Identification {
  type: string;
  number: string;
  country?: string;
  note?: string;
}

export interface Address {
  text: string;
  country?: string;
}

/** One listing: an entry of one list. */
export interface Sanction {
  list: ListId;
  /** the issuing body */
  authority: string;
  /** the programme or regime: UN_LIST_TYPE ("Taliban"), the UK regime ("Afghanistan"), OFAC programme codes ("SDGT") */
  programme: string;
  /** the reference in Jirga's format: UN references as printed ("TAi.144"), "GB:" + the UK
   * Unique ID ("GB:AFG0112"), "US:" + the OFAC entity number ("US:10743") */
  reference: string;
  /** the list's own identifier, as printed ("TAi.144", "AFG0112", "10743") */
  listId: string;
  listedOn?: string;
  measures?: string[];
  /** UK only: who designated ("UN" or "UK") */
  designationSource?: string;
  /** UK only: the UN reference the UK row implements, when the export has that column */
  unReference?: string;
  /** other identifiers of the same listing (UN DATAID, OFSI Group ID) */
  otherIds?: Record<string, string>;
  /** UN: earlier references of the same entry ("also listed under number TAi.048") */
  formerReferences?: string[];
}

/** A narrative field of a listing: UN COMMENTS1, UK "Other Information", OFAC remarks. */
export interface Narrative {
  list: ListId;
  reference: string;
  field: string;
  text: string;
}

/** One entry of one list, as imported. */
export interface ListRecord {
  list: ListId;
  reference: string;
  schema: Schema;
  names: Name[];
  sanction: Sanction;
  birthDates: BirthDate[];
  birthPlaces: string[];
  nationalities: string[];
  titles: string[];
  positions: string[];
  identifications: Identification[];
  addresses: Address[];
  narratives: Narrative[];
  /** OFAC: the "Linked To:" targets, as printed */
  linkedTo: string[];
  gender?: string;
  deceased?: string;
}

/**
 * Where a relation (or a mention of an entity) was read: a sentence of a listing's
 * narrative, or a reviewed monitor claim. (Not the monitor's Source, a cited document.)
 */
export type Provenance =
  | { kind: 'list-narrative'; list: ListId; reference: string; field: string; sentence: string }
  | { kind: 'claim'; claimId: string };

export type RelationType = 'family' | 'associate' | 'ownership' | 'leadership' | 'membership';

/** A relation reads "subject is <subjectRole> of object":
 * family: kind parent (subject is the parent), sibling, uncle (subject is the uncle or
 *   aunt), grandparent, cousin, in-law, marriage (linked by marriage), relative;
 * ownership: subject owns object; leadership: subject leads object; membership:
 *   subject is a member of object; associate: subject works with, for or under object. */
export interface Relation {
  id: string;
  type: RelationType;
  kind: string;
  subject: string;
  object: string;
  /** the words the sources use for each side ("father", "son", "co-owner", "deputy") */
  subjectRole?: string;
  objectRole?: string;
  sources: Provenance[];
  /** set when the relation is inferred from others, e.g. siblings through a common parent */
  derived?: { rule: string; via: string[] };
}

export type EntityStatus = 'listed' | 'referenced' | 'unlisted';

/** A person or organisation: listed (on at least one loaded list), referenced (the
 * narratives give a list reference or an OFAC "Linked To" that is not in the loaded
 * lists), or unlisted (named in a narrative, on none of the loaded lists). */
export interface Entity {
  id: string;
  schema: Schema;
  status: EntityStatus;
  caption: string;
  /** every list reference, UN first, then UK, then US */
  refs: string[];
  records: ListRecord[];
  names: Name[];
  deceased?: string;
  /** for unlisted and referenced entities: the sentences that name them */
  mentions: Provenance[];
  /** references given in narratives for an entity that is not in the loaded lists (e.g. "QDe.004") */
  externalRefs: string[];
  /** how the records were merged (empty for a single record) */
  resolution: MergeDecision[];
}

/** Why two list records are (or are not) the same entity. */
export interface MergeDecision {
  a: string;
  b: string;
  score: number;
  merged: boolean;
  evidence: Evidence[];
}

export interface Evidence {
  feature: 'un-reference' | 'name' | 'listing-date' | 'birth-date' | 'nationality' | 'schema' | 'identification';
  /** contribution in log-odds points (positive for, negative against) */
  weight: number;
  text: string;
}

export const REF_ORDER: Record<ListId, number> = { UN: 0, GB: 1, US: 2 };

export function listOfRef(ref: string): ListId | null {
  if (ref.startsWith('GB:')) return 'GB';
  if (ref.startsWith('US:')) return 'US';
  if (/^[A-Z]{2}[ie]\.\d+$/.test(ref)) return 'UN';
  return null;
}

export function sortRefs(refs: Iterable<string>): string[] {
  return [...new Set(refs)].sort((a, b) => {
    const la = listOfRef(a);
    const lb = listOfRef(b);
    const oa = la ? REF_ORDER[la] : 9;
    const ob = lb ? REF_ORDER[lb] : 9;
    if (oa !== ob) return oa - ob;
    return a.localeCompare(b, 'en', { numeric: true });
  });
}
