// A few routes, with the History API. Link tokens live in the URL fragment.
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { page: 'home' }
  | { page: 'convention'; id: string }
  | { page: 'inclusion'; id: string }
  | { page: 'election'; uuid: string }
  | { page: 'vote'; uuid: string }
  | { page: 'organiser' }
  | { page: 'organiser-election'; uuid: string }
  | { page: 'deliberation'; id: string }
  | { page: 'deliberation-report'; id: string }
  | { page: 'organiser-deliberation'; id: string }
  | { page: 'trustee' }
  | { page: 'credential-authority' }
  | { page: 'monitor' }
  | { page: 'monitor-benchmark'; id: string }
  | { page: 'monitor-state'; code: string }
  | { page: 'monitor-claim'; id: string }
  | { page: 'organiser-monitor' }
  | { page: 'sanctions' }
  | { page: 'sanctions-entity'; ref: string }
  | { page: 'sanctions-network'; ref?: string }
  | { page: 'sanctions-coverage' }
  | { page: 'help'; guide?: string }
  | { page: 'submit' }
  | { page: 'not-found' };

export function parseRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [a, b, c] = parts;
  if (parts.length === 0) return { page: 'home' };
  if (a === 'c' && b && parts.length === 2) return { page: 'convention', id: b };
  if (a === 'c' && b && c === 'inclusion' && parts.length === 3) return { page: 'inclusion', id: b };
  if (a === 'e' && b && parts.length === 2) return { page: 'election', uuid: b };
  if (a === 'e' && b && c === 'vote' && parts.length === 3) return { page: 'vote', uuid: b };
  if (a === 'organiser' && parts.length === 1) return { page: 'organiser' };
  if (a === 'organiser' && b === 'e' && c && parts.length === 3) return { page: 'organiser-election', uuid: c };
  if (a === 'd' && b && parts.length === 2) return { page: 'deliberation', id: b };
  if (a === 'd' && b && c === 'report' && parts.length === 3) return { page: 'deliberation-report', id: b };
  if (a === 'organiser' && b === 'd' && c && parts.length === 3) return { page: 'organiser-deliberation', id: c };
  if (a === 'trustee' && parts.length === 1) return { page: 'trustee' };
  if (a === 'credential-authority' && parts.length === 1) return { page: 'credential-authority' };
  if (a === 'monitor' && parts.length === 1) return { page: 'monitor' };
  if (a === 'monitor' && b === 'b' && c && parts.length === 3) return { page: 'monitor-benchmark', id: c };
  if (a === 'monitor' && b === 's' && c && parts.length === 3) return { page: 'monitor-state', code: c };
  if (a === 'monitor' && b === 'claims' && c && parts.length === 3) return { page: 'monitor-claim', id: c };
  if (a === 'organiser' && b === 'monitor' && parts.length === 2) return { page: 'organiser-monitor' };
  if (a === 'sanctions' && parts.length === 1) return { page: 'sanctions' };
  if (a === 'sanctions' && b === 'e' && c && parts.length === 3) return { page: 'sanctions-entity', ref: c };
  if (a === 'sanctions' && b === 'network' && parts.length <= 3) return c ? { page: 'sanctions-network', ref: c } : { page: 'sanctions-network' };
  if (a === 'sanctions' && b === 'coverage' && parts.length === 2) return { page: 'sanctions-coverage' };
  if (a === 'submit' && parts.length === 1) return { page: 'submit' };
  if (a === 'help' && parts.length <= 2) return b ? { page: 'help', guide: b } : { page: 'help' };
  return { page: 'not-found' };
}

const listeners = new Set<() => void>();

/** How many entries this app has pushed onto the tab's history before the current one
 * (kept in the entry's state, so Back and reloads keep it right); the quick exit goes
 * back that many entries before it leaves, so that Back does not return to the app. */
export function appDepth(): number {
  const depth = (history.state as { jirgaDepth?: unknown } | null)?.jirgaDepth;
  return typeof depth === 'number' && depth > 0 ? depth : 0;
}

export function navigate(path: string): void {
  history.pushState({ jirgaDepth: appDepth() + 1 }, '', path);
  window.scrollTo(0, 0);
  for (const f of listeners) f();
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.pathname));
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}

/** The link token in the fragment (#token), read once and kept in memory only. */
export function linkToken(): string {
  return location.hash.replace(/^#/, '');
}

/** Follow in-app links without reloading the page. */
export function onLinkClick(event: MouseEvent): void {
  const a = (event.target as HTMLElement).closest('a');
  if (!a || a.target || a.hasAttribute('download') || event.metaKey || event.ctrlKey || event.shiftKey) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  event.preventDefault();
  navigate(url.pathname + url.search + url.hash);
}
