// The two ways a page talks to the server. useResource: what a page shows (loading,
// the answer or the error, fetched again on demand or every few seconds).
// useAction: what a form or button does (running, its error, its result), one run
// at a time so that a double click does not send twice.
import { useEffect, useRef, useState } from 'preact/hooks';

export interface Resource<T> {
  /** The latest answer; undefined until the first one came. */
  data: T | undefined;
  /** Why the latest attempt failed (cleared by the next success). */
  error: unknown;
  /** No answer yet for what is asked now. */
  loading: boolean;
  /** Ask again, keeping what is shown until the answer comes. */
  reload: () => Promise<void>;
  /** Replace what is shown (an action's answer that says the same as a reload would). */
  setData: (data: T) => void;
}

export interface ResourceOptions {
  /** Ask again every so many milliseconds (null or absent: never). */
  refreshMs?: number | null;
}

/**
 * `load` is run when `deps` change (the old answer and error are dropped first) and
 * on reload; an answer that comes after the page asked for something else is ignored.
 */
export function useResource<T>(load: () => Promise<T>, deps: readonly unknown[], options: ResourceOptions = {}): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  // which request is current: answers to older ones are dropped
  const generation = useRef(0);
  const latestLoad = useRef(load);
  latestLoad.current = load;

  const fetchNow = async (): Promise<void> => {
    const mine = generation.current;
    try {
      const answer = await latestLoad.current();
      if (mine !== generation.current) return;
      setData(() => answer);
      setError(null);
    } catch (e) {
      if (mine !== generation.current) return;
      setError(e);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  };

  useEffect(() => {
    generation.current++;
    setData(undefined);
    setError(null);
    setLoading(true);
    void fetchNow();
    return () => {
      generation.current++;
    };
  }, deps);

  const refreshMs = options.refreshMs ?? null;
  useEffect(() => {
    if (refreshMs === null) return;
    const timer = setInterval(() => void fetchNow(), refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs, ...deps]);

  return { data, error, loading, reload: fetchNow, setData: (d: T) => setData(() => d) };
}

export interface Action<R> {
  pending: boolean;
  error: unknown;
  /** What the last run returned (a message to show, an answer), cleared when the next one starts. */
  result: R | undefined;
  /** Run `body` unless a run is under way; its error is kept in `error`, its value in `result`. */
  run: (body: () => Promise<R>) => Promise<R | undefined>;
  setError: (e: unknown) => void;
  setResult: (r: R | undefined) => void;
}

export function useAction<R = unknown>(): Action<R> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<R | undefined>(undefined);
  // a ref, not the state: two clicks in one frame both see pending === false
  const running = useRef(false);
  const run = async (body: () => Promise<R>): Promise<R | undefined> => {
    if (running.current) return undefined;
    running.current = true;
    setPending(true);
    setError(null);
    setResult(undefined);
    try {
      const r = await body();
      setResult(() => r);
      return r;
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      running.current = false;
      setPending(false);
    }
  };
  return { pending, error, result, run, setError, setResult: (r) => setResult(() => r) };
}
