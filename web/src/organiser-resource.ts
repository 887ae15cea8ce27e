// What an organiser page shows: fetched with the organiser's session, refreshed
// every few seconds (trustees, participants and the math runner change it), and a
// login form when the session is missing or expired.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from './api.ts';

export function useOrganiserResource<T>(path: string, refreshMs: number) {
  const [data, setData] = useState<T | null>(null);
  const [needLogin, setNeedLogin] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const load = async () => {
    try {
      setData(await api<T>(path));
      setNeedLogin(false);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setNeedLogin(true);
      else setError(e);
    }
  };
  useEffect(() => {
    void load();
    const timer = setInterval(load, refreshMs);
    return () => clearInterval(timer);
  }, [path]);
  return { data, needLogin, error, setError, load };
}
