// English texts of the voting booth, and how a ballot question says how many answers to choose.
// The reference: Dari and Pashto (../fa-AF/vote.ts, ../ps-AF/vote.ts) have every key
// (the type checker enforces it). Loaded with the pages that show them (web/src/pages.ts).
const texts = {
  'question.exactly.one': 'Choose {n} answer.',
  'question.exactly.other': 'Choose {n} answers.',
  'question.between': 'Choose between {min} and {max} answers.',
  'question.blankAllowed': 'You may also vote blank.',

  'vote.fingerprint': 'Election fingerprint:',
  'vote.secret': 'Your vote is secret. Your choices are encrypted on this device before they are sent; nobody, not even the organisers, can see how you voted.',
  'vote.revote': 'You can vote again later: only your last ballot counts. If anyone forces you to vote a certain way, vote again afterwards, in private, and your earlier ballot will not count.',
  'vote.safety': 'Vote where nobody can see your screen. The quick-exit button above clears this page at once.',
  'vote.credentialLabel': 'Your voting credential',
  'vote.credentialHelp': 'The code you were given, such as {example}. It is not stored anywhere.',
  'vote.showCredential': 'Show what I typed',
  'vote.credentialInvalid': 'This is not a valid credential: check each character (it has a built-in check).',
  'vote.continue': 'Continue',
  'vote.blank': 'Blank vote',
  'vote.prepare': 'Prepare my ballot',
  'vote.preparing': 'Encrypting your ballot on this device…',
  'vote.casting': 'Sending your encrypted ballot…',
  'vote.reviewTitle': 'Your ballot is ready',
  'vote.trackerExplain': 'This is your ballot tracker. Write it down or take a photo: after voting you can find it in the public ballot box. It does not reveal your choices.',
  'vote.cast': 'Cast this ballot',
  'vote.audit': 'Test this ballot instead',
  'vote.change': 'Change my choices',
  'vote.auditExplain': 'Testing opens this ballot to show it contains exactly your choices. A tested ballot is thrown away and a new one is prepared, so your vote stays secret.',
  'vote.auditTitle': 'Test of your ballot',
  'vote.auditPassed': 'The test passed: this ballot contained exactly these choices.',
  'vote.auditFailed': 'The test FAILED: this device did not encrypt your choices correctly. Do not vote on this device; tell the observers.',
  'vote.auditDiscarded': 'This tested ballot has been thrown away and will never be counted.',
  'vote.auditDownload': 'Save the test for an independent check',
  'vote.auditAgain': 'Prepare a new ballot',
  'vote.auditCli': 'Anyone can re-check a saved test with the command: jirga audit-ballot FILE',
  'vote.done': 'Your ballot has been cast and is in the ballot box.',
  'vote.doneReplaced': 'Your new ballot has been cast. It replaces your earlier one, which no longer counts.',
  'vote.doneTracker': 'Your ballot tracker:',
  'vote.doneRevote': 'You may vote again at any time while voting is open; only your last ballot counts. Your credential has been cleared from this page.',
  'vote.seeBox': 'See the ballot box',
} as const;

export type TextsOf = Record<keyof typeof texts, string>;
export default texts;
