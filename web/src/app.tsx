// The page frame: header with the language choice and the quick-exit control,
// and the page for the current route (each page is its own download).
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { LANGUAGE_NAMES, LANGUAGES, currentLanguage, onLanguageChange, setLanguage, t } from './i18n/index.ts';
import { loadPage } from './pages.ts';
import { onLinkClick, useRoute, type Route } from './router.ts';

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
  const [page, setPage] = useState<{ route: Route; Component: ComponentType<{ route: Route }> } | null>(null);
  useEffect(() => onLanguageChange(() => rerender((n) => n + 1)), []);
  useEffect(() => {
    let live = true;
    void loadPage(route).then((Component) => live && setPage({ route, Component }));
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
          <a href="/help">{t('frame.help')}</a> · <a href="/organiser">{t('frame.organisers')}</a>
        </p>
      </footer>
    </div>
  );
}
