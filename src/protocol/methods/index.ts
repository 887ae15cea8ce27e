// Belenios's counting methods for non-homomorphic questions (ranked and graded votes),
// with belenios-tool 2.0's inputs and JSON outputs (`belenios-tool method …`), and views
// of how each count unfolded for the result pages.
export { parseMethodBallots, zMethodBallots, MAX_CHOICES, type MethodBallot } from './input.ts';
export { schulze, schulzeJson, pairwiseMatrix, strongestPaths, schulzeRanking, compareBeats, type Beat, type SchulzeResult, type SchulzeOptions } from './schulze.ts';
export { majorityJudgment, majorityJudgmentJson, majorityJudgmentRanking, medianSequence, type MajorityJudgmentResult, type MajorityJudgmentOptions } from './majority-judgment.ts';
export { stv, stvJson, stvRounds, preferenceList, type StvResult, type StvEvent, type StvCount, type StvRound } from './stv.ts';
export { schulzeView, majorityJudgmentView, type SchulzeView, type MajorityJudgmentView } from './views.ts';
export { questionMethod, type QuestionMethod } from './question-method.ts';
export { countOutcome, type CountOutcome } from './count-outcome.ts';
