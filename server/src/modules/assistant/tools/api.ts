/**
 * How a tool reaches Flujo: its own public HTTP API, called in-process with the asking user's
 * credentials, so permissions, store scope, validation and tenant isolation are the routes'.
 */
export type ApiResponse<T = unknown> = { status: number; body: T };
export type ApiCall = <T = unknown>(
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
) => Promise<ApiResponse<T>>;

/** A query string from the defined, non-empty values, in the order given. */
export const query = (params: Record<string, string | number | boolean | undefined | null>): string => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};
