// The ranked and graded questions of a published election, one card each.
import { NhResult } from './nh-result.tsx';
import type { NhQuestionResult } from './nh-count.ts';

export function NhResults({ results }: { results: readonly NhQuestionResult[] }) {
  if (results.length === 0) return null;
  return (
    <div data-testid="nh-results">
      {results.map((r, i) => (
        <NhResult key={i} result={r} id={`nh-q${i + 1}`} />
      ))}
    </div>
  );
}
