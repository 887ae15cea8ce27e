// What the public monitor pages share: the way back to the dashboard, the wait or
// the error, the states' names, and the links to the feeds.
import type { ComponentChildren } from 'preact';
import type { z } from 'zod';
import { api } from '../../api/client.ts';
import { useMemo } from 'preact/hooks';
import { useResource, type Resource } from '../../api/hooks.ts';
import { zMapAnswer } from '../../api/monitor.ts';
import { Pending } from '../../components/pending.tsx';
import { t } from '../../i18n/index.ts';
import { namesOf, type StateNames } from './names.ts';

/** A public monitor answer, and (unless `withNames` is false) the states' names for claims that name one. */
export function useMonitorAnswer<S extends z.ZodType>(path: string, schema: S, withNames = true) {
  const answer = useResource(() => api(path, schema), [path]);
  const names = useStateNames(withNames);
  return { answer, data: answer.data as z.output<S> | undefined, names };
}

/** Every state's names, from the map answer (none until it came, or if it fails: codes are shown). */
export function useStateNames(wanted = true): StateNames {
  const { data } = useResource(() => (wanted ? api('/monitor/map', zMapAnswer) : Promise.resolve(null)), [wanted]);
  return useMemo(() => (data ? namesOf(data) : NO_NAMES), [data]);
}
const NO_NAMES: StateNames = new Map();

/** A public monitor page: the way back to the dashboard, the error or the wait, then the page. */
export function MonitorFrame({ testid, answer, children }: { testid: string; answer: Pick<Resource<unknown>, 'data' | 'error' | 'reload'>; children: ComponentChildren }) {
  return (
    <div data-testid={testid}>
      <p>
        <a href="/monitor">{t('monitor.back')}</a>
      </p>
      {answer.data === undefined ? <Pending resource={answer} /> : children}
    </div>
  );
}

/** Links to the feeds and exports of published claims (plain downloads, same origin). */
export function FeedLinks() {
  return (
    <ul class="plain downloads" data-testid="feeds">
      <li>
        <a href="/api/monitor/feed.atom" download="jirga-monitor.atom" type="application/atom+xml">
          {t('monitor.feedAtom')}
        </a>
      </li>
      <li>
        <a href="/api/monitor/claims.json" download="jirga-monitor-claims.json" type="application/json">
          {t('monitor.feedJson')}
        </a>
      </li>
      <li>
        <a href="/api/monitor/claims.csv" download="jirga-monitor-claims.csv" type="text/csv">
          {t('monitor.feedCsv')}
        </a>
      </li>
    </ul>
  );
}

