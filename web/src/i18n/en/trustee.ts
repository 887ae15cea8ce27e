// English texts of the trustee's page (keys, shares, partial decryption).
// The reference: Dari and Pashto (../fa-AF/trustee.ts, ../ps-AF/trustee.ts) have every key
// (the type checker enforces it). Loaded with the pages that show them (web/src/pages.ts).
const texts = {
  'trustee.noToken': 'This page needs the full link you were sent.',
  'trustee.title': 'Trustee {n}',
  'trustee.role.one': 'You are the only trustee. You hold the key that decrypts the result; nobody can decrypt a single ballot.',
  'trustee.role.other': 'You are one of {n} trustees. Together you hold the key that decrypts the result; nobody can decrypt a single ballot.',
  'trustee.election': 'Election',
  'trustee.modeBasic': 'every trustee must decrypt',
  'trustee.modeThreshold': 'any {t} of the {n} trustees can decrypt',
  'trustee.linkExpires': 'this link works until {date}; each step is done once through it',
  'trustee.generateTitle': 'Create your key',
  'trustee.generateExplain': 'Your key is created in this browser. You will save it as a file; only its public part is sent.',
  'trustee.generate': 'Create my key',
  'trustee.saveTitle': 'Save your key file',
  'trustee.saveExplain': 'Keep this file safe and secret, on a device or stick only you control. You will need it again. If you lose it you cannot help decrypt.',
  'trustee.saveKey': 'Save my key file',
  'trustee.savedConfirm': 'I have saved my key file somewhere safe.',
  'trustee.sendPublic': 'Send the public part',
  'trustee.sent': 'Received by the server. Thank you.',
  'trustee.continueTitle': 'Next step of the key',
  'trustee.continueExplain': 'All trustees have sent their first part. Load your key file to compute your next part; the key itself stays in this browser.',
  'trustee.continue': 'Compute and send',
  'trustee.decryptTitle': 'Decrypt the result',
  'trustee.decryptExplain': 'Voting is closed. Load your key file: your browser decrypts your share of the total (never a single ballot) and sends it with a proof that it is correct.',
  'trustee.decrypt': 'Decrypt my share',
  'trustee.working': 'Working…',
  'trustee.loadKey': 'Your key file',
  'trustee.waiting': 'Waiting for the other trustees.',
  'trustee.progressKeys': '{done} of {n} keys received.',
  'trustee.progressThreshold': 'Received: {c} of {n} certificates, {p} of {n} shares, {v} of {n} keys.',
  'trustee.keyReady': 'Your key is ready. Keep your key file: you will need it to decrypt when voting is over.',
  'trustee.keyReadyOpen': 'Voting is under way. Come back to this page when it is closed, with your key file.',
  'trustee.decrypted': 'Your share of the decryption has been received. Thank you.',
  'trustee.decryptedPublished': 'Your share was received and the result is now published. Thank you.',
  'trustee.finished': 'There is nothing left to do for this election.',
  'trustee.safety': 'Never send your key file to anyone, not even the organisers.',
} as const;

export type TextsOf = Record<keyof typeof texts, string>;
export default texts;
