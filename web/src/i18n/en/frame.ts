// English texts of the frame of every page (header, languages, quick exit, footer), loading, errors, the page not found.
// The reference: Dari and Pashto (../fa-AF/frame.ts, ../ps-AF/frame.ts) have every key
// (the type checker enforces it). Loaded with the pages that show them (web/src/pages.ts).
const texts = {
  'frame.brand': 'Jirga',
  'frame.skip': 'Skip to the content',
  'frame.languages': 'Language',
  'frame.quickExit': 'Quick exit',
  'frame.quickExitHelp': 'Leave this site at once for a neutral page, with nothing to go Back to (also Shift + Escape)',
  'frame.privacy': 'No tracking, no third-party requests. Your credential and your choices never leave this device unencrypted.',
  'frame.organisers': 'For organisers',
  'frame.help': 'Help and guides',
  'frame.submitBallot': 'Submit a ballot someone gave you',
  'frame.helpLink': 'Help for this step',

  'common.loading': 'Loading…',
  'common.notTranslated': 'not translated',
  'common.retry': 'Try again',

  'error.network': 'The server could not be reached, or its answer was lost on the way. Check your connection and try again.',
  'error.notFound': 'Not found. The link may be mistyped or out of date.',
  'error.login': 'Please log in first.',
  'error.forbidden': 'This is not allowed with this link or credential.',
  'error.conflict': 'This cannot be done at this stage of the election.',
  'error.refused': 'The server refused the request.',
  'error.unexpected': 'Something went wrong.',
  'error.votingClosed': 'Voting is closed: your ballot was not recorded.',
  'error.votingNotStarted': 'Voting has not started yet: your ballot was not recorded.',
  'error.unknownCredential': 'This credential is not on the list of this election: your ballot was not recorded. Check the credential you were given.',
  'error.replayedBallot': 'This exact ballot was already cast. To vote again, prepare a new ballot.',
  'error.invalidBallot': 'The server found the ballot invalid and did not record it.',

  'notFound.title': 'This page does not exist',
  'notFound.home': 'Go to the list of votes',
  'frame.outboxTitle': 'Ballots kept on this device',
  'frame.outboxWaiting': 'A sealed ballot is kept on this device: it will be sent to the ballot box as soon as the network returns. Its tracker:',
  'frame.outboxSendNow': 'Try to send it now',
  'frame.outboxCast': 'The sealed ballot that was waiting on this device has been cast: it is in the ballot box. Its tracker:',
  'frame.outboxRefusedClosed': 'The sealed ballot that was waiting on this device arrived after voting closed: the ballot box did not take it. Its tracker:',
  'frame.outboxRefused': 'The ballot box refused the sealed ballot that was waiting on this device. Open the election to see where it stands, and vote again in its booth if you can. Its tracker:',
  'frame.outboxCheck': 'Check it on the election page',
  'frame.outboxDismiss': 'Remove this notice',
} as const;

export type TextsOf = Record<keyof typeof texts, string>;
export default texts;
