// The public record of an election's schedule changes (issue 17, item 4): each extension
// of the voting time, when it was made, from when to when, and the organiser's reason in
// the reader's language, with a link to the same record as an Atom feed.
import type { ElectionView } from '../../api/elections.ts';
import { Txt } from '../../components/text.tsx';
import { formatDate, t } from '../../i18n/index.ts';

/** A date inside a sentence: isolated, so that a right-to-left sentence keeps it whole and in its place. */
const isolated = (iso: string) => `\u2068${formatDate(iso)}\u2069`;

export function ScheduleChanges({ election }: { election: Pick<ElectionView, 'uuid' | 'scheduleChanges'> }) {
  if (election.scheduleChanges.length === 0) return null;
  return (
    <section class="card" data-testid="schedule-changes">
      <h2>{t('schedule.title')}</h2>
      <ul class="plain">
        {election.scheduleChanges.map((c, i) => (
          <li key={i}>
            <p>{t('schedule.extended', { at: isolated(c.at), from: isolated(c.from), to: isolated(c.to) })}</p>
            <Txt value={c.reason} block />
          </li>
        ))}
      </ul>
      <p class="small">
        <a href={`/api/elections/${encodeURIComponent(election.uuid)}/feed.atom`}>{t('schedule.feed')}</a>
      </p>
    </section>
  );
}
