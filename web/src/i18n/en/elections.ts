// English texts of an election's public page: states, schedule, result, ballot box, the verifier and its checks.
// The reference: Dari and Pashto (../fa-AF/elections.ts, ../ps-AF/elections.ts) have every key
// (the type checker enforces it). Loaded with the pages that show them (web/src/pages.ts).
const texts = {
  'state.draft': 'Draft',
  'state.setup': 'Being prepared',
  'state.open': 'Open for voting',
  'state.closed': 'Voting closed',
  'state.tallied': 'Being counted',
  'state.published': 'Result published',

  'election.opens': 'Opens: {date}.',
  'election.closes': 'Closes: {date}.',
  'election.vote': 'Go to the voting booth',
  'election.counts': '{ballots} ballots cast by {voters} voters, out of {credentials} credentials.',
  'election.result': 'Result',
  'election.questions': 'Questions',
  'election.checkBallot': 'Check your ballot',
  'election.trackerLabel': 'Your ballot tracker',
  'election.trackerCheck': 'Check',
  'election.trackerCounted': 'Your ballot is in the ballot box and it is the one that counts.',
  'election.trackerReplaced': 'This ballot is in the ballot box, but a later ballot with the same credential replaced it.',
  'election.trackerMissing': 'No ballot with this tracker is in the ballot box. If you cast it, report this to the observers.',
  'election.box': 'Ballot box',
  'election.boxEmpty': 'No ballots yet.',
  'election.boxExplain': 'Every accepted ballot, by its tracker. Nobody can tell from a tracker who voted or how.',
  'election.boxShowAll': 'Show all {n} ballots',
  'election.replaced': 'replaced by a later ballot',
  'election.fingerprints': 'Fingerprints',
  'election.fingerprintExplain': 'These codes identify exactly this election and its list of voters. Observers and the credential authority compare them with what they were given.',
  'election.fingerprint': 'Election:',
  'election.credentialsFingerprint': 'Voter credentials:',
  'election.notOpenYet': 'This election is being prepared; its public record starts when voting opens.',

  'result.blank': 'Blank votes: {n}',

  'verify.title': 'Verify this election',
  'verify.explain': 'Check the whole public record of this election in your own browser: every ballot’s proofs and signature, the count, the trustees’ decryptions and the result. It does not trust this server.',
  'verify.run': 'Verify now',
  'verify.running': 'Verifying…',
  'verify.download': 'Download the public record (.bel)',
  'verify.valid': 'Everything checks: this record is valid.',
  'verify.invalid': 'The record did NOT pass verification. Tell the observers.',
  'verify.otherTools': 'Verify with other tools',
  'verify.cli': 'Download the record, then run either of these independent programs:',

  'check.archiveStructure': 'Archive structure',
  'check.recordHashes': 'Record fingerprints',
  'check.eventChain': 'Chain of events',
  'check.canonicalArchive': 'Exact archive format',
  'check.setupData': 'Setup data',
  'check.election': 'Election',
  'check.trustees': 'Trustees and election key',
  'check.publicCredentials': 'Public credentials',
  'check.ballots': 'Ballots',
  'check.encryptedTally': 'Encrypted tally',
  'check.shuffles': 'Shuffles',
  'check.partialDecryptions': 'Trustees’ decryptions',
  'check.result': 'Result',
} as const;

export type TextsOf = Record<keyof typeof texts, string>;
export default texts;
