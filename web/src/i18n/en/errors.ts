// English texts of the errors the server words by their code (src/kernel/errors.ts) beyond the
// frame's few: loaded only when such an error is shown (components/error-message.tsx), so the
// voting page does not carry them. Dari and Pashto: ../fa-AF/errors.ts, ../ps-AF/errors.ts.
const texts = {
  'error.unusableInput': 'What was sent could not be read. Nothing was recorded; check it and try again.',
  'error.verificationFailed': 'A check failed, so this was not accepted. Nothing was recorded.',
  'error.invalidRequest': 'The request was not accepted: something in it is missing or not allowed. Check what you entered and try again.',
  'error.unsupported': 'Jirga cannot do this yet.',
  'error.rateLimited': 'Too many requests in a short time. Wait a moment, then try again; nothing was recorded.',
  'error.invalidJson': 'The request could not be read. Nothing was recorded; reload the page and try again.',
  'error.tooLarge': 'What you sent is too large. Nothing was recorded; send something smaller.',
  'error.internal': 'Something went wrong on the server; nothing was recorded. Please try again later.',
  'error.malformedBallot': 'The ballot could not be read, so it was not recorded. Prepare a new ballot and try again.',
  'error.missingTranslations': 'Some texts of this vote are not in all three languages, so it was not frozen. Add the missing translations, or tick the box to freeze anyway.',
  'error.lastOrganiser': 'This is the last organiser account. Make another account an organiser first: otherwise nobody could manage accounts and conventions.',
  'error.linkExpired': 'This link has expired. Ask the organiser for a new link; nothing was recorded.',
  'error.linkRevoked': 'The organiser has replaced this link with a new one, so it no longer works. Use the new link the organiser sends you; nothing was recorded.',
  'error.linkStepUsed': 'This step has already been done through this link, and what was received stays as it is. Nothing was changed. If it must be done again, ask the organiser.',
  'error.notJoined': 'You have not joined this conversation on this device, or your participation here has ended. Take part again to continue.',
  'error.codeNeeded': 'This conversation asks for a participation code. Type it exactly as you received it.',
  'error.invalidCode': 'This participation code is not valid or has already been used.',
  'error.notCodeAccess': 'This conversation is open to everyone: it has no participation codes.',
  'error.conversationClosed': 'This conversation is closed: nothing more can be added. Its report stays open to all.',
  'error.noSuchStatement': 'This statement is no longer open for votes.',
  'error.emptyStatement': 'Write your statement first.',
  'error.statementTooLong': 'This statement is too long. Shorten it and send it again.',
  'error.controlCharacters': 'The text contains invisible control characters. Type it again by hand and send it again.',
  'error.invalidText': 'The text contains characters that cannot be read. Type it again and send it again.',
  'error.sameLanguage': 'A translation must be into another language than the one the statement is written in.',
  'error.duplicate': 'This statement has already been written. Vote on it instead.',
  'error.nearDuplicate': 'A statement saying almost the same has already been written. Vote on it instead, or write something that adds a new idea.',
  'error.tooManyVotes': 'Too many votes in a short time. Wait a while, then try again.',
  'error.statementLimit': 'You have written as many statements as one person may in this conversation. You can still vote.',
  'error.tooManyStatements': 'You have sent many statements in a short time. Wait a while, then try again.',
  'error.minCellLowered': 'The smallest group shown can only be raised, never lowered: a lower value would expose small groups in reports already published.',
  'error.unknownQuestion': 'One of the answers is to a question that does not exist.',
  'error.questionNotAsked': 'One of the answers is to a question this convention does not ask.',
  'error.unknownCategory': 'One of the answers is not among the choices of its question.',
  'error.waitMinutes': 'You can try again in about {n} min.',
  'error.field': 'What to correct:',
} as const;

export type TextsOf = Record<keyof typeof texts, string>;
export default texts;
