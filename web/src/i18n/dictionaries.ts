// Every text of a language at once, for the tests and tools that check the
// translations (test/web/i18n.test.ts). The app never imports this file: it loads
// each feature's texts with the pages that show them (index.ts).
import type { Key } from './features.ts';
import enFrame from './en/frame.ts';
import enErrors from './en/errors.ts';
import enConventions from './en/conventions.ts';
import enVote from './en/vote.ts';
import enElections from './en/elections.ts';
import enTrustee from './en/trustee.ts';
import enCredentialAuthority from './en/credential-authority.ts';
import enDeliberation from './en/deliberation.ts';
import enInclusion from './en/inclusion.ts';
import enMonitor from './en/monitor.ts';
import enSanctions from './en/sanctions.ts';
import enOrganiser from './en/organiser.ts';
import enHelp from './en/help.ts';
import enVerifier from './en/verifier.ts';
import enCourier from './en/courier.ts';
import enResults from './en/results.ts';
import faFrame from './fa-AF/frame.ts';
import faErrors from './fa-AF/errors.ts';
import faConventions from './fa-AF/conventions.ts';
import faVote from './fa-AF/vote.ts';
import faElections from './fa-AF/elections.ts';
import faTrustee from './fa-AF/trustee.ts';
import faCredentialAuthority from './fa-AF/credential-authority.ts';
import faDeliberation from './fa-AF/deliberation.ts';
import faInclusion from './fa-AF/inclusion.ts';
import faMonitor from './fa-AF/monitor.ts';
import faSanctions from './fa-AF/sanctions.ts';
import faOrganiser from './fa-AF/organiser.ts';
import faHelp from './fa-AF/help.ts';
import faVerifier from './fa-AF/verifier.ts';
import faCourier from './fa-AF/courier.ts';
import faResults from './fa-AF/results.ts';
import psFrame from './ps-AF/frame.ts';
import psErrors from './ps-AF/errors.ts';
import psConventions from './ps-AF/conventions.ts';
import psVote from './ps-AF/vote.ts';
import psElections from './ps-AF/elections.ts';
import psTrustee from './ps-AF/trustee.ts';
import psCredentialAuthority from './ps-AF/credential-authority.ts';
import psDeliberation from './ps-AF/deliberation.ts';
import psInclusion from './ps-AF/inclusion.ts';
import psMonitor from './ps-AF/monitor.ts';
import psSanctions from './ps-AF/sanctions.ts';
import psOrganiser from './ps-AF/organiser.ts';
import psHelp from './ps-AF/help.ts';
import psVerifier from './ps-AF/verifier.ts';
import psCourier from './ps-AF/courier.ts';
import psResults from './ps-AF/results.ts';

export type Dict = Record<Key, string>;

export const en = { ...enFrame, ...enConventions, ...enVote, ...enElections, ...enTrustee, ...enCredentialAuthority, ...enDeliberation, ...enInclusion, ...enMonitor, ...enSanctions, ...enOrganiser, ...enErrors, ...enHelp, ...enVerifier, ...enCourier, ...enResults } satisfies Dict;
export const fa: Dict = { ...faFrame, ...faConventions, ...faVote, ...faElections, ...faTrustee, ...faCredentialAuthority, ...faDeliberation, ...faInclusion, ...faMonitor, ...faSanctions, ...faOrganiser, ...faErrors, ...faHelp, ...faVerifier, ...faCourier, ...faResults };
export const ps: Dict = { ...psFrame, ...psConventions, ...psVote, ...psElections, ...psTrustee, ...psCredentialAuthority, ...psDeliberation, ...psInclusion, ...psMonitor, ...psSanctions, ...psOrganiser, ...psErrors, ...psHelp, ...psVerifier, ...psCourier, ...psResults };
