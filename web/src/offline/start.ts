// Offline support, started once per page load (web/src/main.tsx): the service worker
// (web/src/offline/sw.ts, where the browser allows one: not in a private window nor in Tor
// Browser, where the app works online only), and the sending of sealed ballots kept on this
// device — now, whenever the browser says the network is back, and every 20 seconds while
// one waits (a watched or flaky link may never announce itself).
import { onOutboxChange, outboxEntries, sendWaiting } from './outbox.ts';

const RETRY_MS = 20_000;
let timer: ReturnType<typeof setTimeout> | undefined;

async function sendNow(): Promise<void> {
  clearTimeout(timer);
  timer = undefined;
  let left = 0;
  try {
    if ((await outboxEntries()).some((e) => e.state === 'waiting')) left = navigator.onLine === false ? 1 : await sendWaiting();
  } catch {
    left = 1; // no IndexedDB here, or it failed: look again later
  }
  if (left > 0) timer = setTimeout(() => void sendNow(), RETRY_MS);
}

export function startOffline(): void {
  if (!import.meta.env.DEV) {
    // relative to this address (an onion address, a mirror): the same build works on each
    void navigator.serviceWorker?.register('/sw.js', { scope: '/' }).catch(() => undefined);
  }
  window.addEventListener('online', () => void sendNow());
  // a ballot just kept: start trying (the booth also sends it at once)
  onOutboxChange(() => {
    if (timer === undefined) timer = setTimeout(() => void sendNow(), RETRY_MS);
  });
  void sendNow();
}
