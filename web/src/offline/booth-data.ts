// What the booth reads of an election, kept for voting with no network: its public view
// (open or not, until when), election.json and the published credential digests. All
// public. The service worker answers these from the network first and keeps them
// (web/src/offline/sw.ts); the booth puts what it already read into the same cache on
// its first visit, before the service worker controls the page.

export const BOOTH_CACHE = 'jirga-booth';

const BOOTH_DATA = /^\/api\/elections\/[0-9A-Za-z-]+(?:\/(?:election\.json|credential-digests\.json))?$/;

/** Whether a path is one of the booth's reads (kept for offline use). */
export function isBoothData(pathname: string): boolean {
  return BOOTH_DATA.test(pathname);
}

/** Keep what the booth read (where the browser has Cache Storage); failures only mean no offline copy. */
export async function keepBoothData(path: string, text: string, type = 'application/json; charset=utf-8'): Promise<void> {
  if (!isBoothData(path)) return;
  try {
    const cache = await globalThis.caches?.open(BOOTH_CACHE);
    await cache?.put(path, new Response(text, { headers: { 'content-type': type } }));
  } catch {
    /* no Cache Storage (a private window, Tor Browser): the booth works online only */
  }
}
