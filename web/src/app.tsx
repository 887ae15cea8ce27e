// The page frame: header with the language choice and the quick-exit control,
// and the page for the current route (each page is its own download).
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { LANGUAGE_NAMES, LANGUAGES, currentLanguage, onLanguageChange, setLanguage, t } from './i18n/index.ts';
import { onLinkClick, useRoute, type Route } from './router.ts';

type PageModule = { default: ComponentType<{ route: Route }> };

const PAGES: Record<Route['page'], () => Promise<PageModule>> = {
  home: () => import('./pages/home.tsx'),
  convention: () => import('./pages/home.tsx'),
  inclusion: () => import('./pages/inclusion.tsx'),
  election: () => import('./pages/election.tsx'),
  vote: () => import('./pages/vote.tsx'),
  organiser: () => import('./pages/organiser.tsx'),
  'organiser-election': () => import('./pages/organiser-election.tsx'),
  deliberation: () => import('./pages/deliberation.tsx'),
  'deliberation-report': () => import('./pages/deliberation-report.tsx'),
  'organiser-deliberation': () => import('./pages/organiser-deliberation.tsx'),
  trustee: () => import('./pages/trustee.tsx'),
  'credential-authority': () => import('./pages/credential-authority.tsx'),
  monitor: () => import('./pages/monitor.tsx'),
  'monitor-benchmark': () => import('./pages/monitor-benchmark.tsx'),
  'monitor-state': () => import('./pages/monitor-state.tsx'),
  'monitor-claim': () => import('./pages/monitor-claim.tsx'),
  'organiser-monitor': () => import('./pages/organiser-monitor.tsx'),
  sanctions: () => import('./pages/sanctions.tsx'),
  'sanctions-entity': () => import('./pages/sanctions.tsx'),
  'sanctions-network': () => import('./pages/sanctions.tsx'),
  'sanctions-coverage': () => import('./pages/sanctions.tsx'),
  'not-found': () => import('./pages/not-found.tsx'),
};

/** Leave at once: forget everything in this tab and show a blank page. */
export function quickExit(): void {
  // in a conversation, the server forgets this device too (the HttpOnly cookie
  // cannot be cleared from here); the votes already cast stay
  const conversation = /^\/d\/([^/]+)/.exec(location.pathname)?.[1];
  if (conversation) void fetch(`/api/conversations/${conversation}/me`, { method: 'DELETE', keepalive: true, credentials: 'same-origin' }).catch(() => undefined);
  try {
    sessionStorage.clear();
  } catch {
    /* nothing to clear */
  }
  document.body.innerHTML = '';
  location.replace('/exit.html');
}

export function App() {
  const route = useRoute();
  const [, rerender] = useState(0);
  const [page, setPage] = useState<{ route: Route; Component: PageModule['default'] } | null>(null);
  useEffect(() => onLanguageChange(() => rerender((n) => n + 1)), []);
  useEffect(() => {
    let live = true;
    PAGES[route.page]().then((m) => live && setPage({ route, Component: m.default }));
    return () => {
      live = false;
    };
  }, [route]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && e.shiftKey) quickExit();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const language = currentLanguage();
  return (
    <div class="frame" onClick={onLinkClick}>
      <a class="skip" href="#main">
        {t('frame.skip')}
      </a>
      <header class="top">
        <a class="brand" href="/">
          {t('frame.brand')}
        </a>
        <nav aria-label={t('frame.languages')} class="languages">
          {LANGUAGES.map((l) => (
            <button key={l} type="button" lang={l} class={l === language ? 'lang current' : 'lang'} aria-pressed={l === language} onClick={() => setLanguage(l)}>
              {LANGUAGE_NAMES[l]}
            </button>
          ))}
        </nav>
        <button type="button" class="quick-exit" onClick={quickExit} title={t('frame.quickExitHelp')}>
          {t('frame.quickExit')}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {page && page.route === route ? <page.Component key={JSON.stringify(route)} route={route} /> : <p class="loading">{t('common.loading')}</p>}
      </main>
      <footer class="bottom">
        <p>{t('frame.privacy')}</p>
        <p>
          <a href="/organiser">{t('frame.organisers')}</a>
        </p>
      </footer>
    </div>
  );
}
