// The page frame: header with the language choice and the quick-exit control,
// and the page for the current route (each page is its own download).
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { LANGUAGE_NAMES, LANGUAGES, currentLanguage, onLanguageChange, setLanguage, t } from './i18n/index.ts';
import { loadPage } from './pages.ts';
import { appDepth, onLinkClick, useRoute, type Route } from './router.ts';
import { OutboxNotice } from './components/outbox-notice.tsx';
import { OUTBOX_DATABASE } from './offline/outbox.ts';

/** Where the quick exit lands: the server sends /exit to a neutral page (JIRGA_EXIT_URL, by default a plain page without the app's name). */
export const EXIT_PATH = '/exit';
let exiting = false;

/** Forget what this app kept in the browser (nothing secret is kept: the language choice, the
 * service worker and its caches, sealed ballots waiting for the network). */
function forgetEverything(): Promise<unknown> {
  for (const storage of [() => sessionStorage, () => localStorage]) {
    try {
      storage().clear();
    } catch {
      /* nothing to clear */
    }
  }
  // by name too: not every browser lists its databases
  try {
    indexedDB?.deleteDatabase(OUTBOX_DATABASE);
  } catch {
    /* no IndexedDB */
  }
  return Promise.all([
    globalThis.caches?.keys().then((keys) => Promise.all(keys.map((k) => caches.delete(k)))),
    indexedDB?.databases?.().then((dbs) => dbs.forEach((d) => d.name && indexedDB.deleteDatabase(d.name))),
    navigator.serviceWorker?.getRegistrations().then((rs) => Promise.all(rs.map((r) => r.unregister()))),
  ]).catch(() => undefined);
}

/** How long the blank page waits for the browser to forget (leaving aborts what is unfinished). */
const FORGET_AT_MOST_MS = 1500;

/** Leave at once: blank the page, forget what this tab kept, and leave nothing to go Back to. */
export function quickExit(): void {
  if (exiting) return;
  exiting = true;
  // in a conversation, the server forgets this device too (the HttpOnly cookie
  // cannot be cleared from here); the votes already cast stay
  const conversation = /^\/d\/([^/]+)/.exec(location.pathname)?.[1];
  if (conversation) void fetch(`/api/conversations/${conversation}/me`, { method: 'DELETE', keepalive: true, credentials: 'same-origin' }).catch(() => undefined);
  document.title = '';
  document.body.innerHTML = '';
  const forgotten = Promise.race([forgetEverything(), new Promise((resolve) => setTimeout(resolve, FORGET_AT_MOST_MS))]);
  void forgotten.then(leaveTheApp);
}

function leaveTheApp(): void {
  // Back must not return to the app: go back to the first entry the app made in this
  // tab, then leave from there (below)
  const depth = appDepth();
  if (depth === 0) return leaveFromHere();
  // if going back crosses into an earlier page load of the app (a reload), that page finishes the exit
  try {
    sessionStorage.setItem(EXIT_FLAG, '1');
  } catch {
    /* no storage: the same-page case below still works */
  }
  window.addEventListener('popstate', leaveFromHere, { once: true });
  // if nothing happened (no popstate, this page not left for an earlier one), leave from here
  const fallback = setTimeout(leaveFromHere, 3000);
  window.addEventListener('pagehide', () => clearTimeout(fallback), { once: true });
  history.go(-depth);
}

const EXIT_FLAG = 'jirga-exit';
let left = false;

/** Make this entry the exit page's address, push a second one (which drops the app's
 * entries ahead of it), and replace that one by the exit page itself. */
function leaveFromHere(): void {
  if (left) return;
  left = true;
  try {
    sessionStorage.removeItem(EXIT_FLAG);
  } catch {
    /* nothing to remove */
  }
  history.replaceState(null, '', EXIT_PATH);
  history.pushState(null, '', EXIT_PATH);
  location.replace(EXIT_PATH);
}

// an earlier page load of the app, reached by the quick exit going back: finish leaving
try {
  if (sessionStorage.getItem(EXIT_FLAG)) {
    exiting = true;
    document.documentElement.style.display = 'none';
    leaveFromHere();
  }
} catch {
  /* no storage */
}

// a page restored from the back-forward cache after the quick exit stays gone
window.addEventListener('pageshow', (e) => {
  if (e.persisted && (exiting || location.pathname === EXIT_PATH)) location.replace(EXIT_PATH);
});

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
        <OutboxNotice />
        {page && page.route === route ? <page.Component key={JSON.stringify(route)} route={route} /> : <p class="loading">{t('common.loading')}</p>}
      </main>
      <footer class="bottom">
        <p>{t('frame.privacy')}</p>
        <p>
          <a href="/help">{t('frame.help')}</a> · <a href="/submit">{t('frame.submitBallot')}</a> · <a href="/organiser">{t('frame.organisers')}</a>
        </p>
      </footer>
    </div>
  );
}
