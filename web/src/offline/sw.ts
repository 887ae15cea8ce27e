// The service worker: the app keeps working with no network once visited (issue 17).
// Built by scripts/build-sw.mjs into web/dist/sw.js, with Workbox doing the caching.
// - From the first visit, the frame, the voting booth, its encryption worker, their texts
//   in three languages and the fonts are kept (the precache list is written in at build).
// - Every other file of the app is kept as it is fetched (names under assets/ carry their
//   content's hash, so a kept file never goes stale).
// - Every address of the app is answered with the kept index.html; /api and /exit go to
//   the network as always.
// - What the booth reads of an election (its public view, election.json, the published
//   credential digests) is asked of the network first and kept; with no network, the kept
//   copy answers. They are all public. The booth also puts them here itself on the first
//   visit (web/src/offline/keep.ts), before this worker controls the page.
// - Sealed ballots waiting in the outbox are sent on background sync (Chromium); elsewhere
//   the open page sends them.
// Nothing else of the API is kept: no answer that names a person, no ballot box.
// A new version waits until every tab of the old one is closed (no skipWaiting): an open
// page never loses the files it was built with.
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';
import { BOOTH_CACHE, isBoothData } from './booth-data.ts';
import { OUTBOX_SYNC, sendWaiting } from './outbox.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: PrecacheEntry[] };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// the first visit's page is served by this worker from now on (so its later reads are kept)
clientsClaim();

registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api(\/|$)/, /^\/exit(\/|$)/, /^\/healthz$/] }));

registerRoute(({ url, request }) => url.origin === self.location.origin && request.method === 'GET' && url.pathname.startsWith('/assets/'), new CacheFirst({ cacheName: 'jirga-assets' }));

// a slow link still gets the network's answer; a dead one (or one that hangs for 8 s) the kept copy
registerRoute(({ url, request }) => url.origin === self.location.origin && request.method === 'GET' && isBoothData(url.pathname), new NetworkFirst({ cacheName: BOOTH_CACHE, networkTimeoutSeconds: 8 }));

self.addEventListener('sync', (event) => {
  const e = event as ExtendableEvent & { tag?: string };
  if (e.tag !== OUTBOX_SYNC) return;
  // rejecting asks the browser to try again later (with its own back-off)
  e.waitUntil(
    sendWaiting().then((left) => {
      if (left > 0) throw new Error(`${left} sealed ballot(s) still waiting`);
    }),
  );
});
