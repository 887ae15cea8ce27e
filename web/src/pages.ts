// Each route's page and the texts it shows. Both are downloaded when the route is
// first visited, side by side: the page's code (its own chunk) and its features'
// texts in the reader's language (i18n/<language>/<feature>.ts). The frame's texts
// are always there. test/web/i18n-pages.test.ts checks that every page lists the
// features of every text it (or anything it imports) shows.
import type { ComponentType } from 'preact';
import { loadTexts, type Feature } from './i18n/index.ts';
import type { Route } from './router.ts';

export type PageModule = { default: ComponentType<{ route: Route }> };

interface Page {
  load: () => Promise<PageModule>;
  texts: readonly Feature[];
}

const page = (load: () => Promise<PageModule>, texts: readonly Feature[]): Page => ({ load, texts });

export const PAGES: Record<Route['page'], Page> = {
  home: page(() => import('./features/conventions/home-page.tsx'), ['conventions', 'elections', 'deliberation', 'inclusion']),
  convention: page(() => import('./features/conventions/home-page.tsx'), ['conventions', 'elections', 'deliberation', 'inclusion']),
  inclusion: page(() => import('./features/inclusion/inclusion-page.tsx'), ['inclusion']),
  election: page(() => import('./features/elections/election-page.tsx'), ['elections', 'vote', 'inclusion', 'verifier', 'results']),
  vote: page(() => import('./features/vote/vote-page.tsx'), ['vote']),
  organiser: page(() => import('./features/organiser/organiser-page.tsx'), ['organiser', 'elections', 'deliberation', 'inclusion', 'monitor']),
  'organiser-election': page(() => import('./features/elections/manage-election-page.tsx'), ['organiser', 'elections', 'inclusion']),
  deliberation: page(() => import('./features/deliberation/conversation-page.tsx'), ['deliberation', 'inclusion']),
  'deliberation-report': page(() => import('./features/deliberation/report-page.tsx'), ['deliberation', 'inclusion']),
  'organiser-deliberation': page(() => import('./features/deliberation/manage-conversation-page.tsx'), ['organiser', 'deliberation']),
  trustee: page(() => import('./features/trustee/trustee-page.tsx'), ['trustee']),
  'credential-authority': page(() => import('./features/credential-authority/credential-authority-page.tsx'), ['credential-authority', 'trustee', 'elections']),
  monitor: page(() => import('./features/monitor/dashboard-page.tsx'), ['monitor']),
  'monitor-benchmark': page(() => import('./features/monitor/benchmark-page.tsx'), ['monitor']),
  'monitor-state': page(() => import('./features/monitor/state-page.tsx'), ['monitor']),
  'monitor-claim': page(() => import('./features/monitor/claim-page.tsx'), ['monitor']),
  'organiser-monitor': page(() => import('./features/monitor/workspace/workspace-page.tsx'), ['monitor', 'organiser']),
  sanctions: page(() => import('./features/sanctions/sanctions-pages.tsx'), ['sanctions']),
  'sanctions-entity': page(() => import('./features/sanctions/sanctions-pages.tsx'), ['sanctions']),
  'sanctions-network': page(() => import('./features/sanctions/sanctions-pages.tsx'), ['sanctions']),
  'sanctions-coverage': page(() => import('./features/sanctions/sanctions-pages.tsx'), ['sanctions']),
  help: page(() => import('./features/help/help-page.tsx'), ['help', 'vote', 'elections', 'trustee', 'credential-authority']),
  submit: page(() => import('./features/courier/submit-page.tsx'), ['courier', 'vote']),
  'not-found': page(() => import('./components/not-found-page.tsx'), []),
};

/** A route's page, with its texts in the reader's language. */
export async function loadPage(route: Route): Promise<PageModule['default']> {
  const { load, texts } = PAGES[route.page];
  const [module] = await Promise.all([load(), loadTexts(texts)]);
  return module.default;
}
