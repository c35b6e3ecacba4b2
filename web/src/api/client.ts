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

const auth: Middleware = {
  onRequest: ({ request }) => {
    const s = session.get();
    if (s) request.headers.set('authorization', `Bearer ${s.token}`);
    return request;
  },
  onResponse: ({ request, response }) => {
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/api/v1/auth/')) {
      session.clear();
      onUnauthorized();
    }
    return response;
  },
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
