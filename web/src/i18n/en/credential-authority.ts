// English texts of the credential authority's page (voter list, credentials, fingerprints).
// The reference: Dari and Pashto (../fa-AF/credential-authority.ts, ../ps-AF/credential-authority.ts) have every key
// (the type checker enforces it). Loaded with the pages that show them (web/src/pages.ts).
const texts = {
  'ca.title': 'Credential authority',
  'ca.role': 'You turn the list of voters into secret voting credentials, one per voter. The secret credentials stay with you and go to voters through trusted channels; the server receives only public credentials, which cannot be used to vote.',
  'ca.serverHas.one': 'The server holds {n} public credential.',
  'ca.serverHas.other': 'The server holds {n} public credentials.',
  'ca.compare': 'Voting has opened with this list. Check that this fingerprint is the one you computed.',
  'ca.linkExpires': 'this link works until {date}',
  'ca.alreadySent': 'The list has been sent, and this link cannot send another. If the list must be corrected, ask the organiser to allow a replacement.',
  'ca.replacementAllowed': 'The organiser has allowed you to send one new list in place of this one. The new list replaces it entirely, and the setup history the organiser sees shows both fingerprints.',
  'ca.replaced': 'The list received before was replaced: {previous} → {fingerprint}',
  'ca.listTitle': 'The voter list',
  'ca.listExplain': 'One voter per line: an identifier, and optionally a comma (, or ،) and a weight (a number of votes, in any digits). Identifiers stay in this browser.',
  'ca.csvLabel': 'Voter list (CSV)',
  'ca.csvFile': 'Or load a CSV file',
  'ca.csvLine': 'Line {n} is not "identifier" or "identifier,weight".',
  'ca.csvWeight': 'Line {n}: the weight «{weight}» is not a whole number. Write it with digits only (for example 3 or ۳), or remove it for a weight of 1.',
  'ca.csvDuplicate': 'The identifier "{id}" appears twice.',
  'ca.csvEmpty': 'The list has no voters.',
  'ca.generate': 'Create the credentials',
  'ca.progress': 'Creating credentials: {done} of {total}…',
  'ca.distributeTitle': 'Keep the secret credentials',
  'ca.distributeExplain': 'Save or print the secret credentials now. They are not kept anywhere: if you close this page before saving, create them again. Give each voter only their own credential, through a trusted channel.',
  'ca.savePrivate': 'Save the secret credentials (text file)',
  'ca.print': 'Print one card per voter',
  'ca.sendTitle': 'Send the public credentials',
  'ca.sendExplain': 'Only the public credentials are sent. Write down their fingerprint: the election page will show the same one.',
  'ca.yourFingerprint': 'Fingerprint of your list:',
  'ca.send': 'Send the public credentials',
  'ca.fingerprintMatch': 'Received. The server’s fingerprint matches yours.',
  'ca.fingerprintMismatch': 'The server’s fingerprint does NOT match yours. Do not let voting open; tell the organisers and observers.',
  'ca.offlineTitle': 'Made the credentials with the command line?',
  'ca.offlineExplain': 'If you generated the credentials offline (jirga setup generate-credentials or belenios-tool), load the public credentials file (.pubcreds) here; the secret ones stay with you.',
  'ca.pubcredsFile': 'Public credentials file (.pubcreds)',
  'ca.pubcredsInvalid': 'This file is not a list of public credentials.',
  'ca.cardVoter': 'Voter:',
  'ca.cardCredential': 'Credential:',
  'ca.cardInstructions': 'Vote at {url}. Keep this credential secret. You can vote again later; only your last ballot counts.',
} as const;

export type TextsOf = Record<keyof typeof texts, string>;
export default texts;
