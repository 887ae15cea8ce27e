// In-process notice that a conversation's analysis is out of date (a vote, a
// moderation change), so that the math runner starts without waiting for its next
// poll. Listeners are kept per database, so servers in one process (tests) do not
// hear each other. Other server processes find the work by polling the database.
import type { Db } from '../../store/db.ts';

type Listener = (conversationId: string) => void;
const listeners = new WeakMap<Db, Set<Listener>>();

export function onConversationChanged(db: Db, listener: Listener): () => void {
  let set = listeners.get(db);
  if (!set) listeners.set(db, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

export function conversationChanged(db: Db, conversationId: string): void {
  for (const l of listeners.get(db) ?? []) {
    try {
      l(conversationId);
    } catch {
      /* a listener's failure is its own business */
    }
  }
}
