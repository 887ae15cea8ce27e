// The ranked and graded questions of a published election, one card each.
import { NhResult } from './nh-result.tsx';
import type { NhQuestionResult } from './nh-count.ts';

/** `idPrefix`: the cards' ids (another one where a page shows two sets: the published result and the verifier's count). */
export function NhResults({ results, idPrefix = 'nh-q', testId = 'nh-results' }: { results: readonly NhQuestionResult[]; idPrefix?: string; testId?: string }) {
  if (results.length === 0) return null;
  return (
    <div data-testid={testId}>
      {results.map((r, i) => (
        <NhResult key={i} result={r} id={`${idPrefix}${i + 1}`} />
      ))}
    </div>
  );
}
