import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { type Problem, session } from './session.ts';

/** An API failure carrying the server's problem+json, so screens can show its detail. */
export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.problem = problem;
  }
}

let onUnauthorized: () => void = () => {};
/** The router tells the client where to send a user whose session ended. */
export const setUnauthorizedHandler = (fn: () => void) => {
  onUnauthorized = fn;
};

let renewing: Promise<boolean> | undefined;
/** Trades the refresh token for new tokens once, however many requests ask at the same time. */
const renew = (): Promise<boolean> => {
  renewing ??= (async () => {
    const s = session.get();
    if (!s?.refreshToken) return false;
    const res = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: s.refreshToken }),
    }).catch(() => undefined);
    if (!res?.ok) return false;
    session.set(await res.json());
    return true;
  })().finally(() => {
    renewing = undefined;
  });
  return renewing;
};

const isAuthPath = (url: string) => new URL(url).pathname.startsWith('/api/v1/auth/');

/**
 * The access token to send now, renewed silently a minute before it expires so a working
 * user never sees a 401; undefined once the session is gone.
 */
export const accessToken = async (): Promise<string | undefined> => {
  const s = session.get();
  if (s && s.expiresAt - Date.now() < 60_000) {
    if (!(await renew())) {
      session.clear();
      onUnauthorized();
    }
  }
  return session.get()?.token;
};

const auth: Middleware = {
  onRequest: async ({ request }) => {
    const token = isAuthPath(request.url) ? session.get()?.token : await accessToken();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  onResponse: ({ request, response }) => {
    if (response.status === 401 && !isAuthPath(request.url)) {
      session.clear();
      onUnauthorized();
    }
    return response;
  },
};

/** Ends the session on the server (its refresh token family) and here. */
export const signOut = async (everywhere = false) => {
  const s = session.get();
  if (s) {
    await api
      .POST('/api/v1/auth/logout', { body: everywhere ? { all: true } : { refresh_token: s.refreshToken } })
      .catch(() => undefined);
  }
  session.clear();
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

const toProblem = (error: unknown, status: number): Problem =>
  error && typeof error === 'object' && 'title' in error
    ? (error as Problem)
    : { title: 'Request failed', status, detail: typeof error === 'string' ? error : undefined };

/** Unwraps an openapi-fetch result: the data, or an ApiError with the problem. */
export const unwrap = async <T>(
  p: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> => {
  const { data, error, response } = await p;
  if (error !== undefined || !response.ok) throw new ApiError(toProblem(error, response.status));
  return data as T;
};
