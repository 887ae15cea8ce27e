// The monitor's words in the reader's language: benchmark statuses, engagement
// types, sectors, claim kinds and statuses, relations, history actions and roles;
// the states' names (from the map answer, which lists every ISO 3166 state).
import { formatDate, t, type Key } from '../../i18n/index.ts';
import { textOf } from '../../components/text.tsx';
import type { MapAnswer } from '../../api/monitor.ts';
import type { Translations } from '../../../../src/kernel/texts.ts';
import type { Assessment, ClaimKind, ClaimStatus, EngagementType, Sector } from '../../../../src/monitor/constants.ts';
import type { ClaimedRelationKind } from '../../../../src/sanctions/claims.ts';
import type { Claim } from '../../api/monitor.ts';

const STATUS_KEYS: Record<Assessment | 'none', Key> = {
  met: 'monitor.status.met',
  'partly-met': 'monitor.status.partlyMet',
  'not-met': 'monitor.status.notMet',
  regressing: 'monitor.status.regressing',
  none: 'monitor.status.none',
};
const TYPE_KEYS: Record<EngagementType, Key> = {
  'formal-recognition': 'monitor.type.formalRecognition',
  'envoy-credentials': 'monitor.type.envoyCredentials',
  'mission-handover': 'monitor.type.missionHandover',
  'head-of-state-visit': 'monitor.type.headOfStateVisit',
  'ministerial-visit': 'monitor.type.ministerialVisit',
  agreement: 'monitor.type.agreement',
  'humanitarian-contact': 'monitor.type.humanitarianContact',
};
const SECTOR_KEYS: Record<Sector, Key> = {
  'trade-investment': 'monitor.sector.tradeInvestment',
  security: 'monitor.sector.security',
  aviation: 'monitor.sector.aviation',
  health: 'monitor.sector.health',
  'natural-resources': 'monitor.sector.naturalResources',
  'transport-transit': 'monitor.sector.transportTransit',
  'migration-deportation': 'monitor.sector.migrationDeportation',
};
const CLAIM_STATUS_KEYS: Record<ClaimStatus, Key> = {
  proposed: 'monitor.claimStatus.proposed',
  published: 'monitor.claimStatus.published',
  rejected: 'monitor.claimStatus.rejected',
  retracted: 'monitor.claimStatus.retracted',
};
const KIND_KEYS: Record<ClaimKind, Key> = {
  statement: 'monitor.kind.statement',
  engagement: 'monitor.kind.engagement',
  assessment: 'monitor.kind.assessment',
  relation: 'monitor.kind.relation',
};
const RELATION_KEYS: Record<ClaimedRelationKind, Key> = {
  'parent-of': 'monitor.relation.parentOf',
  'child-of': 'monitor.relation.childOf',
  'sibling-of': 'monitor.relation.siblingOf',
  'spouse-of': 'monitor.relation.spouseOf',
  'relative-of': 'monitor.relation.relativeOf',
  'associate-of': 'monitor.relation.associateOf',
  'business-partner-of': 'monitor.relation.businessPartnerOf',
  'owner-of': 'monitor.relation.ownerOf',
  'owned-by': 'monitor.relation.ownedBy',
  'leader-of': 'monitor.relation.leaderOf',
  'member-of': 'monitor.relation.memberOf',
};
const ACTION_KEYS: Record<string, Key> = {
  proposed: 'monitor.action.proposed',
  edited: 'monitor.action.edited',
  approved: 'monitor.action.approved',
  rejected: 'monitor.action.rejected',
  retracted: 'monitor.action.retracted',
  created: 'monitor.action.created',
  changed: 'monitor.action.changed',
};
const ROLE_KEYS: Record<string, Key> = {
  editor: 'monitor.role.editor',
  reviewer: 'monitor.role.reviewer',
  organiser: 'monitor.role.organiser',
  demo: 'monitor.role.demo',
  system: 'monitor.role.system',
};

export const statusName = (s: Assessment | null | undefined) => t(STATUS_KEYS[s ?? 'none']);
export const typeName = (type: EngagementType) => t(TYPE_KEYS[type]);
export const sectorName = (sector: Sector) => t(SECTOR_KEYS[sector]);
export const claimStatusName = (s: ClaimStatus) => t(CLAIM_STATUS_KEYS[s]);
export const kindName = (k: ClaimKind) => t(KIND_KEYS[k]);
export const relationName = (r: ClaimedRelationKind) => (RELATION_KEYS[r] ? t(RELATION_KEYS[r]) : r);
export const actionName = (a: string) => (ACTION_KEYS[a] ? t(ACTION_KEYS[a]) : a);
/** A role in a public history; usernames (editors' view) are shown as they are. */
export const byName = (by: string) => (ROLE_KEYS[by] ? t(ROLE_KEYS[by]) : by);
const FIELD_KEYS: Record<string, Key> = {
  text: 'monitor.field.text',
  date: 'monitor.field.date',
  sources: 'monitor.field.sources',
  benchmarks: 'monitor.field.benchmarks',
  engagement: 'monitor.field.engagement',
  assessment: 'monitor.field.assessment',
  relation: 'monitor.field.relation',
};
export const fieldName = (f: string) => (FIELD_KEYS[f] ? t(FIELD_KEYS[f]) : f);

export function engagementName(e: NonNullable<Claim['engagement']>): string {
  return e.type === 'agreement' && e.sector ? t('monitor.agreementIn', { sector: sectorName(e.sector) }) : typeName(e.type);
}

/** A moment (ISO time) as the app writes it. */
export const when = (iso: string) => formatDate(iso);

export type StateNames = Map<string, Translations>;

export function stateName(names: StateNames | undefined, code: string): string {
  const n = names?.get(code);
  return n ? textOf(n) : code;
}

export const namesOf = (map: MapAnswer): StateNames => new Map(map.states.map((s) => [s.code, s.names]));

