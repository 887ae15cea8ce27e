// Which sentence words each error code of the server (src/kernel/errors.ts) in the reader's
// language. A Record over ErrorCode, so a code added to the closed set does not compile
// until it is worded here (and test/web/error-texts.test.ts checks all three languages).
import type { ErrorCode } from '../../../src/kernel/errors.ts';
import type { Key } from '../i18n/features.ts';

export const ERROR_TEXTS: Record<ErrorCode, Key> = {
  'unusable-input': 'error.unusableInput',
  'verification-failed': 'error.verificationFailed',
  'invalid-request': 'error.invalidRequest',
  unsupported: 'error.unsupported',
  'not-found': 'error.notFound',
  conflict: 'error.conflict',
  forbidden: 'error.forbidden',
  unauthenticated: 'error.login',
  'rate-limited': 'error.rateLimited',
  'invalid-json': 'error.invalidJson',
  'too-large': 'error.tooLarge',
  'internal-error': 'error.internal',
  'cross-origin': 'error.crossOrigin',
  'unsupported-media-type': 'error.unsupportedMediaType',
  'voting-not-started': 'error.votingNotStarted',
  'voting-closed': 'error.votingClosed',
  'malformed-ballot': 'error.malformedBallot',
  'invalid-ballot': 'error.invalidBallot',
  'unknown-credential': 'error.unknownCredential',
  'replayed-ballot': 'error.replayedBallot',
  'missing-translations': 'error.missingTranslations',
  'election-not-open': 'error.electionNotOpen',
  'no-closing-time': 'error.noClosingTime',
  'close-not-later': 'error.closeNotLater',
  'close-in-past': 'error.closeInPast',
  'last-organiser': 'error.lastOrganiser',
  'link-expired': 'error.linkExpired',
  'link-revoked': 'error.linkRevoked',
  'link-step-used': 'error.linkStepUsed',
  'not-joined': 'error.notJoined',
  'code-needed': 'error.codeNeeded',
  'invalid-code': 'error.invalidCode',
  'not-code-access': 'error.notCodeAccess',
  'conversation-closed': 'error.conversationClosed',
  'no-such-statement': 'error.noSuchStatement',
  'empty-statement': 'error.emptyStatement',
  'statement-too-long': 'error.statementTooLong',
  'control-characters': 'error.controlCharacters',
  'invalid-text': 'error.invalidText',
  'same-language': 'error.sameLanguage',
  duplicate: 'error.duplicate',
  'near-duplicate': 'error.nearDuplicate',
  'too-many-votes': 'error.tooManyVotes',
  'statement-limit': 'error.statementLimit',
  'too-many-statements': 'error.tooManyStatements',
  'min-cell-lowered': 'error.minCellLowered',
  'unknown-question': 'error.unknownQuestion',
  'question-not-asked': 'error.questionNotAsked',
  'unknown-category': 'error.unknownCategory',
};

/** The sentence for a code, if it is one of the server's (or the client's own: network, unexpected answer). */
export function errorTextOf(code: string | undefined): Key | undefined {
  if (code === undefined) return undefined;
  return Object.hasOwn(ERROR_TEXTS, code) ? ERROR_TEXTS[code as ErrorCode] : undefined;
}
