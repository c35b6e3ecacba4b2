/** A provider's answer that is final for this call: 2xx, or a 4xx that says no. */
export type ProviderAnswer = { status: number; ok: boolean; body: Record<string, unknown> };

export type ProviderHttp = {
  /** Defaults to 10 s: a hung provider must not hold the saga's step forever. */
  timeoutMs?: number | undefined;
  fetch?: typeof fetch | undefined;
};

/**
 * Status codes worth retrying, or that say our own set-up is wrong (credentials): thrown, so the
 * saga retries and the operator sees it, instead of declining the buyer's payment.
 */
const THROWN = new Set([401, 403, 408, 409, 425, 429]);

/**
 * Calls a provider's JSON API. Network failures, timeouts and 5xx throw; a 4xx comes back
 * as an answer for the adapter to read as "declined" or "refused", with the provider's reason.
 */
export const callProvider = async (
  provider: string,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: unknown },
  opts: ProviderHttp = {},
): Promise<ProviderAnswer> => {
  const doFetch = opts.fetch ?? fetch;
  const what = `${provider} ${init.method} ${new URL(url).pathname}`;
  let res: Response;
  let text: string;
  try {
    res = await doFetch(url, {
      method: init.method,
      headers: {
        accept: 'application/json',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
    text = await res.text();
  } catch (err) {
    throw new Error(`${what} failed: ${(err as Error).message}`, { cause: err });
  }
  if (res.status >= 500 || THROWN.has(res.status))
    throw new Error(`${what} answered ${res.status}: ${text.slice(0, 200)}`);
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      body = parsed as Record<string, unknown>;
  } catch {
    if (res.ok) throw new Error(`${what} answered ${res.status} with a body that is not JSON`);
  }
  return { status: res.status, ok: res.ok, body };
};

/** The provider's own words for a refusal, short enough to store as a failure reason. */
export const reasonOf = (a: ProviderAnswer, ...keys: string[]) => {
  for (const k of [...keys, 'message', 'error', 'cause']) {
    const v = a.body[k];
    if (typeof v === 'string' && v) return v.slice(0, 200);
  }
  return `http_${a.status}`;
};
