/** One request the fuzzer sends, before it is encoded for the wire. */
export type FuzzRequest = {
  method: string;
  /** OpenAPI form, `/api/v1/products/{id}`. */
  path: string;
  pathParams: Record<string, unknown>;
  query: Record<string, unknown>;
  /** A JSON value; for text bodies (CSV, webhooks) a string or CSV rows. */
  body?: unknown;
  /** Sent as it is instead of `body` (broken JSON, empty bodies). */
  rawBody?: string;
  /** null sends none. */
  contentType: string | null;
  auth: 'admin' | 'none' | 'garbage';
  /** Extra headers, over the ones every request gets. */
  headers?: Record<string, string>;
};

/** A JSON token that JSON.stringify cannot write (`1e999`, a 30-digit integer), spliced in as is. */
export const raw = (token: string) => `\u0001RAW:${token}\u0001`;
const RAW = /"\\u0001RAW:(.*?)\\u0001"/g;

export const toJson = (v: unknown) => JSON.stringify(v)?.replace(RAW, '$1') ?? '';

/** Lone surrogates have no UTF-8; they go as their CESU-8 bytes, the way a broken client sends them. */
export const encodeComponent = (s: string) =>
  s.isWellFormed()
    ? encodeURIComponent(s)
    : Array.from(s)
        .map((ch) => {
          const c = ch.charCodeAt(0);
          if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) {
            return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
              .map((b) => `%${b.toString(16).toUpperCase()}`)
              .join('');
          }
          return encodeURIComponent(ch);
        })
        .join('');

const text = (v: unknown): string =>
  typeof v === 'string' ? v : v === undefined ? '' : typeof v === 'object' ? toJson(v) : String(v);

export const urlOf = (r: FuzzRequest) => {
  const path = r.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeComponent(text(r.pathParams[name])));
  const qs = Object.entries(r.query)
    .filter(([, v]) => v !== undefined)
    .flatMap(([k, v]) =>
      (Array.isArray(v) && v.every((x) => typeof x !== 'object') ? v : [v]).map(
        (x) => `${encodeComponent(k)}=${encodeComponent(text(x))}`,
      ),
    )
    .join('&');
  return qs ? `${path}?${qs}` : path;
};

export const payloadOf = (r: FuzzRequest): string | undefined => {
  if (r.rawBody !== undefined) return r.rawBody;
  if (r.body === undefined) return undefined;
  if (r.contentType === 'text/csv' && Array.isArray(r.body)) {
    return `${(r.body as unknown[][]).map((row) => row.map(text).join(',')).join('\n')}\n`;
  }
  if (typeof r.body === 'string' && r.contentType !== 'application/json') return r.body;
  return toJson(r.body);
};

/** What the failure list shows of a request: enough to replay it by hand. */
export const summary = (r: FuzzRequest) => {
  const body = payloadOf(r);
  const shown =
    body === undefined
      ? ''
      : ` ${body.length > 240 ? `${body.slice(0, 240)}… (${body.length} chars)` : body}`;
  const url = urlOf(r);
  return `${r.method} ${url.length > 240 ? `${url.slice(0, 240)}…` : url}${r.contentType && body !== undefined ? ` [${r.contentType}]` : ''}${r.auth === 'admin' ? '' : ` (auth: ${r.auth})`}${shown}`;
};
