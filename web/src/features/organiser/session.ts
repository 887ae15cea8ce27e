// What an organiser's (or an editor's) page shows: fetched with the session cookie,
// refreshed every few seconds (trustees, participants and the math runner change
// it), and whether the log-in form is needed instead (no session, or it expired).
import { ApiError } from '../../api/client.ts';
import { useResource, type Resource } from '../../api/hooks.ts';

export function useSessionResource<T>(load: () => Promise<T>, deps: readonly unknown[], refreshMs: number | null): Resource<T> & { needLogin: boolean } {
  const resource = useResource(load, deps, { refreshMs });
  const needLogin = resource.error instanceof ApiError && resource.error.status === 401;
  return { ...resource, needLogin, error: needLogin ? null : resource.error };
}
