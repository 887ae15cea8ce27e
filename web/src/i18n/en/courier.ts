// English texts of the page where anyone submits a sealed ballot someone gave them (/submit).
// Dari and Pashto: ../fa-AF/courier.ts, ../ps-AF/courier.ts. Loaded with that page (web/src/pages.ts).
const texts = {
  'courier.title': 'Submit a ballot someone gave you',
  'courier.intro': 'A voter who could not reach the ballot box — a network shutdown, a blocked connection — can save their sealed ballot and send it to anyone. If you received one, paste it or choose its file here, and submit it. The ballot is encrypted and signed: it does not reveal the vote, and nobody can change it on its way without it being refused.',
  'courier.pasteLabel': 'Paste the sealed ballot (everything from BEGIN to END)',
  'courier.fileLabel': 'Or choose the file you received',
  'courier.fileUnreadable': 'This file could not be read as a sealed ballot. Choose the file the voter saved (a small .txt file), or paste its text above.',
  'courier.readOk': 'This is a whole sealed ballot.',
  'courier.forElection': 'It is for the vote:',
  'courier.notOpen': 'this vote is not open now',
  'courier.unknownElection': 'This server does not hold the vote this ballot is for. Submit it on the server whose address the voter received with their credential.',
  'courier.tracker': 'Its tracker (the voter can look it up in the public ballot box):',
  'courier.problemEmpty': 'Nothing has been pasted yet.',
  'courier.problemNotBallot': 'This is not a sealed ballot. A sealed ballot begins with "BEGIN JIRGA SEALED BALLOT" and ends with "END JIRGA SEALED BALLOT".',
  'courier.problemDamaged': 'This sealed ballot was damaged on its way: its content no longer matches its tracker. Ask the voter to send it again, as a file if possible.',
  'courier.problemIncomplete': 'Only part of a sealed ballot is here: its END line is missing. Copy all of it, or ask the voter to send it again.',
  'courier.submit': 'Put this ballot in the ballot box',
  'courier.tryAgain': 'Try again',
  'courier.sending': 'Sending…',
  'courier.done': 'Done: the ballot is in the ballot box.',
  'courier.doneAlready': 'This ballot was already in the ballot box: nothing was added, it counts once.',
  'courier.doneRelayed': 'Taken: this server is a relay. It keeps the ballot and sends it on to the ballot box of the vote as soon as it can reach it; a copy that arrives twice counts once.',
  'courier.doneAfter': 'Tell the voter it arrived; they can check its tracker in the public ballot box. Then delete the file and the message: having them shows that someone took part.',
  'courier.seeBox': 'Check it in the ballot box',
  'courier.retryExplain': 'The ballot is still here. Try again when you are connected: a copy that did arrive is recognised and never counted twice.',
  'courier.refusedClosed': 'Voting in this election has closed, so this ballot can no longer be cast.',
  'courier.refusedCredential': 'The ballot box does not know the credential this ballot was made with, so it was not cast. The voter should check their credential and prepare a new ballot.',
  'courier.refusedInvalid': 'The ballot box refused this ballot as invalid, so it was not cast. The voter should prepare a new ballot.',
  'courier.refusedReplayed': 'This ballot was cast earlier and a later ballot of the same voter has replaced it: sending it again would not count.',
  'courier.privacy': 'This page asks nothing about you and sends only the sealed ballot. The server does not record who submitted it.',
} as const;

export type TextsOf = Record<keyof typeof texts, string>;
export default texts;
