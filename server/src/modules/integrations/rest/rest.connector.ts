import type {
  Connector,
  ErpCustomer,
  ErpProduct,
  ErpSale,
  ErpStock,
  Page,
  Rejected,
  Watermark,
} from '../connectors/connector.ts';
import { type Fetched, request } from '../http-out.ts';
import { REQUIRED_FIELDS, type RestResource, type RestSettings } from './rest.settings.ts';

type Kind = keyof RestSettings['resources'];
type Raw = Record<string, unknown>;
export type RestOptions = {
  settings: RestSettings;
  secret: string;
  allowPrivate: boolean;
  timeoutMs?: number;
  /** Waits between retries; tests pass a fast one. */
  sleep?: (ms: number) => Promise<void>;
};

const RETRIES = 4;
const MAX_BYTES = 20 * 1024 * 1024;
const MAX_WAIT_MS = 60_000;

/** A value at a dotted path (`a.b.0.c`). */
export const at = (o: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Raw)[k] : undefined), o);

const text = (v: unknown) => (v === undefined || v === null ? null : String(v).trim() || null);
const decimal = (v: unknown) => {
  const s = text(v);
  return s !== null && /^-?\d+(\.\d+)?$/.test(s) ? s : null;
};
const bool = (v: unknown, fallback: boolean) =>
  v === undefined || v === null
    ? fallback
    : v === true || ['true', '1', 'yes', 'si', 'sí', 'a'].includes(String(v).toLowerCase());
const instant = (v: unknown) => {
  const s = text(v);
  if (!s) return null;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
};

/** How long to wait after a refusal: the server's Retry-After (seconds or a date), else doubling from half a second. */
export const waitFor = (attempt: number, retryAfter: string | undefined, now = Date.now()) => {
  if (retryAfter) {
    const s = Number(retryAfter);
    const ms = Number.isFinite(s) ? s * 1000 : Date.parse(retryAfter) - now;
    if (Number.isFinite(ms)) return Math.min(MAX_WAIT_MS, Math.max(0, ms));
  }
  return Math.min(MAX_WAIT_MS, 500 * 2 ** attempt);
};

/** Where the next page starts, kept in the watermark's id between calls of one run. */
type Position = {
  origin: string | null;
  since: string | null;
  next: string | number | null;
  max: string | null;
};
const POSITION = 'rest:';

export const createRestConnector = (o: RestOptions): Connector => {
  const s = o.settings;
  const sleep = o.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  let token: { value: string; until: number } | null = null;

  const oauthToken = async () => {
    if (s.auth.type !== 'oauth2') return '';
    if (token && token.until > Date.now() + 30_000) return token.value;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: s.auth.client_id,
      client_secret: o.secret,
    });
    if (s.auth.scope) form.set('scope', s.auth.scope);
    const r = await request(
      'POST',
      s.auth.token_url,
      { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      form.toString(),
      {
        allowPrivate: o.allowPrivate,
        timeoutMs: o.timeoutMs ?? 30_000,
        maxBytes: 64 * 1024,
      },
    );
    const body = JSON.parse(r.body || '{}') as { access_token?: string; expires_in?: number };
    if (r.status !== 200 || !body.access_token) throw new Error(`the token endpoint answered ${r.status}`);
    token = { value: body.access_token, until: Date.now() + (body.expires_in ?? 300) * 1000 };
    return token.value;
  };

  const authHeaders = async (): Promise<Record<string, string>> => {
    switch (s.auth.type) {
      case 'none':
        return {};
      case 'api_key':
        return { [s.auth.header]: o.secret };
      case 'bearer':
        return { authorization: `Bearer ${o.secret}` };
      case 'basic':
        return { authorization: `Basic ${Buffer.from(`${s.auth.username}:${o.secret}`).toString('base64')}` };
      case 'oauth2':
        return { authorization: `Bearer ${await oauthToken()}` };
    }
  };

  /** GET with retries on 429 and 5xx (honouring Retry-After) and one token refresh on 401. */
  const get = async (url: string): Promise<unknown> => {
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      let r: Fetched | null = null;
      let error: Error | null = null;
      try {
        r = await request('GET', url, { accept: 'application/json', ...(await authHeaders()) }, null, {
          allowPrivate: o.allowPrivate,
          timeoutMs: o.timeoutMs ?? 30_000,
          maxBytes: MAX_BYTES,
        });
      } catch (err) {
        error = err as Error;
      }
      if (r && r.status === 401 && s.auth.type === 'oauth2' && !refreshed) {
        refreshed = true;
        token = null;
        continue;
      }
      if (r && r.status >= 200 && r.status < 300) {
        try {
          return JSON.parse(r.body);
        } catch {
          throw new Error(`${new URL(url).pathname} did not answer JSON`);
        }
      }
      const retryable = error !== null || (r !== null && (r.status === 429 || r.status >= 500));
      if (!retryable || attempt >= RETRIES)
        throw new Error(
          error ? `${new URL(url).host}: ${error.message}` : `${new URL(url).pathname} answered ${r?.status}`,
        );
      const after = r?.headers['retry-after'];
      await sleep(waitFor(attempt, Array.isArray(after) ? after[0] : after));
    }
  };

  const urlOf = (res: RestResource, since: string | null, pos: string | number | null, limit: number) => {
    const p = s.pagination;
    if (p.type === 'next_link' && typeof pos === 'string') return new URL(pos, s.base_url).toString();
    const u = new URL(res.path.replace(/^\//, ''), s.base_url.endsWith('/') ? s.base_url : `${s.base_url}/`);
    if (since && res.since_param) u.searchParams.set(res.since_param, since);
    if (p.type === 'page') {
      u.searchParams.set(p.page_param, String(pos ?? p.first_page));
      u.searchParams.set(p.size_param, String(limit));
    } else if (p.type === 'offset') {
      u.searchParams.set(p.offset_param, String(pos ?? 0));
      u.searchParams.set(p.limit_param, String(limit));
    } else if (p.type === 'cursor') {
      if (pos !== null) u.searchParams.set(p.cursor_param, String(pos));
      if (p.size_param) u.searchParams.set(p.size_param, String(limit));
    }
    return u.toString();
  };

  /** One page of a resource, and where the next one starts (null: this was the last). */
  const page = async (kind: Kind, since: string | null, pos: string | number | null, limit: number) => {
    const res = s.resources[kind];
    if (!res) return { rows: [] as Raw[], next: null };
    const answer = await get(urlOf(res, since, pos, limit));
    const found = at(answer, res.records_path);
    if (!Array.isArray(found)) throw new Error(`${res.path}: no list at "${res.records_path}"`);
    const rows = found as Raw[];
    const p = s.pagination;
    let next: string | number | null = null;
    if (p.type === 'page') next = rows.length < limit ? null : Number(pos ?? p.first_page) + 1;
    else if (p.type === 'offset') next = rows.length < limit ? null : Number(pos ?? 0) + rows.length;
    else next = text(at(answer, p.next_path));
    return { rows, next: rows.length === 0 ? null : next };
  };

  const field = (kind: Kind, r: Raw, name: string) => {
    const path = s.resources[kind]?.fields[name];
    return path ? at(r, path) : undefined;
  };
  const missing = (kind: Exclude<Kind, never>, r: Raw) =>
    REQUIRED_FIELDS[kind].filter((f) => text(field(kind, r, f)) === null);

  /** Reads a changed-since resource a page per call, the page position carried in the watermark. */
  const incremental = async <T extends { modified_at: string }>(
    kind: 'products' | 'sales' | 'customers',
    since: Watermark,
    limit: number,
    map: (r: Raw) => T | string,
  ): Promise<Page<T>> => {
    const lookback = s.lookback_minutes * 60_000;
    const pos: Position = since?.id.startsWith(POSITION)
      ? (JSON.parse(since.id.slice(POSITION.length)) as Position)
      : {
          origin: since?.ts ?? null,
          since: since ? new Date(Date.parse(since.ts) - lookback).toISOString() : null,
          next: null,
          max: since?.ts ?? null,
        };
    const got = await page(kind, pos.since, pos.next, limit);
    const records: T[] = [];
    const rejected: Rejected[] = [];
    for (const r of got.rows) {
      const out = map(r);
      if (typeof out === 'string')
        rejected.push({
          external_id: text(field(kind, r, 'external_id')) ?? text(field(kind, r, 'sku')) ?? '?',
          reason: out,
        });
      else {
        records.push(out);
        if (!pos.max || out.modified_at > pos.max) pos.max = out.modified_at;
      }
    }
    if (got.next === null) {
      const last = pos.max ?? pos.origin;
      return { records, rejected, next: last ? { ts: last, id: '' } : null, done: true };
    }
    // Mid-run, the watermark carries the page position; a crash resumes from that page.
    return {
      records,
      rejected,
      next: {
        ts: pos.origin ?? pos.max ?? '1970-01-01T00:00:00.000Z',
        id: POSITION + JSON.stringify({ ...pos, next: got.next }),
      },
      done: false,
    };
  };

  const now = () => new Date().toISOString();

  const allStock = async function* (limit: number): AsyncGenerator<ErpStock[]> {
    let pos: string | number | null = null;
    for (;;) {
      const got = await page('stock', null, pos, limit);
      const out: ErpStock[] = [];
      for (const r of got.rows) {
        if (missing('stock', r).length) continue;
        const onHand = decimal(field('stock', r, 'on_hand'));
        if (onHand === null) continue;
        const code = text(field('stock', r, 'warehouse_code')) as string;
        out.push({
          sku: text(field('stock', r, 'sku')) as string,
          warehouse_code: code,
          warehouse_name: text(field('stock', r, 'warehouse_name')) ?? code,
          on_hand: onHand,
        });
      }
      if (out.length) yield out;
      if (got.next === null) return;
      pos = got.next;
    }
  };

  return {
    test: async () => {
      try {
        const first = (Object.keys(s.resources) as Kind[]).find((k) => s.resources[k]);
        if (!first) return { ok: false, message: 'No resource is configured.' };
        const got = await page(first, null, null, 1);
        return { ok: true, detail: `${first}: answered with ${got.rows.length} record(s)` };
      } catch (err) {
        return { ok: false, message: (err as Error).message };
      }
    },
    /** Warehouses are the distinct ones stock names (an HTTP API rarely lists them on their own). */
    warehouses: async () => {
      const seen = new Map<string, string>();
      for await (const rows of allStock(500))
        for (const r of rows) seen.set(r.warehouse_code, r.warehouse_name);
      return [...seen].map(([code, name]) => ({ code, name, branch: null }));
    },
    products: (since, limit) =>
      incremental<ErpProduct>('products', since, limit, (r) => {
        const lack = missing('products', r);
        if (lack.length) return `missing ${lack.join(', ')}`;
        const sku = text(field('products', r, 'sku')) as string;
        return {
          external_id: text(field('products', r, 'external_id')) ?? sku,
          sku,
          name: text(field('products', r, 'name')) as string,
          category: text(field('products', r, 'category')),
          unit: text(field('products', r, 'unit')),
          price: decimal(field('products', r, 'price')),
          cost: decimal(field('products', r, 'cost')),
          active: bool(field('products', r, 'active'), true),
          modified_at: instant(field('products', r, 'modified_at')) ?? now(),
        };
      }),
    stock: (limit) => allStock(limit),
    sales: (since, limit) =>
      incremental<ErpSale>('sales', since, limit, (r) => {
        const lack = missing('sales', r);
        if (lack.length) return `missing ${lack.join(', ')}`;
        const date = instant(field('sales', r, 'date'));
        const quantity = decimal(field('sales', r, 'quantity'));
        if (!date || quantity === null) return 'date or quantity unreadable';
        const folio = text(field('sales', r, 'folio')) ?? '';
        const sku = text(field('sales', r, 'sku')) as string;
        return {
          external_id: text(field('sales', r, 'external_id')) ?? `${folio}|${sku}|${date}`,
          folio,
          sku,
          warehouse_code: text(field('sales', r, 'warehouse_code')) as string,
          date: date.slice(0, 10),
          quantity,
          cancelled: bool(field('sales', r, 'cancelled'), false),
          modified_at: instant(field('sales', r, 'modified_at')) ?? now(),
        };
      }),
    customers: (since, limit) =>
      incremental<ErpCustomer>('customers', since, limit, (r) => {
        const lack = missing('customers', r);
        if (lack.length) return `missing ${lack.join(', ')}`;
        return {
          external_id: text(field('customers', r, 'external_id')) as string,
          name: text(field('customers', r, 'name')) as string,
          email: text(field('customers', r, 'email')),
          phone: text(field('customers', r, 'phone')),
          active: bool(field('customers', r, 'active'), true),
          modified_at: instant(field('customers', r, 'modified_at')) ?? now(),
        };
      }),
    close: async () => {},
  };
};
