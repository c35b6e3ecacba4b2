import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateAddress } from './domain/webhooks.ts';

export type Posted = {
  status: number | null;
  latencyMs: number;
  response: string | null;
  error: string | null;
};

const TIMEOUT_MS = 15_000;
const SNIPPET = 500;

/**
 * A DNS lookup that refuses private addresses at connect time, so a name that resolves to a
 * public address when checked and to an internal one when called (DNS rebinding) is refused too.
 */
const guardedLookup =
  (allowPrivate: boolean): LookupFunction =>
  (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 4);
      const list = addresses as LookupAddress[];
      const refused = list.find((a) => !allowPrivate && isPrivateAddress(a.address));
      if (refused) {
        const e = Object.assign(new Error(`${hostname} resolves to a private address (${refused.address})`), {
          code: 'EPRIVATE',
        });
        return callback(e, '', 4);
      }
      if (options.all) return callback(null, list as never);
      const first = list[0];
      if (!first) return callback(new Error(`${hostname} has no address`), '', 4);
      callback(null, first.address, first.family);
    });
  };

export type Fetched = { status: number; headers: http.IncomingHttpHeaders; body: string };

/**
 * One HTTP request under the address guard (webhook deliveries, the REST connector's reads):
 * the whole answer up to `maxBytes`, or an error; no redirects followed.
 */
export const request = (
  method: 'GET' | 'POST',
  url: string,
  headers: Record<string, string>,
  body: string | null,
  /** With `truncate`, an answer past `maxBytes` is cut there (a delivery log keeps its start) rather than refused. */
  o: { allowPrivate: boolean; timeoutMs: number; maxBytes: number; truncate?: boolean },
): Promise<Fetched> =>
  new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return reject(new Error(`${url} is not a valid URL`));
    }
    const refusedHost = literalRefused(target, o.allowPrivate);
    if (refusedHost) return reject(new Error(refusedHost));
    const lib = target.protocol === 'https:' ? https : http;
    const req = lib.request(
      target,
      {
        method,
        headers: body === null ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
        lookup: guardedLookup(o.allowPrivate),
        timeout: o.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= o.maxBytes) chunks.push(c);
          else if (o.truncate) chunks.push(c.subarray(0, Math.max(0, o.maxBytes - (size - c.length))));
          else req.destroy(new Error(`the answer is larger than ${o.maxBytes} bytes`));
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    const deadline = setTimeout(
      () => req.destroy(new Error(`timed out after ${o.timeoutMs} ms`)),
      o.timeoutMs,
    );
    deadline.unref();
    req.on('timeout', () => req.destroy(new Error(`timed out after ${o.timeoutMs} ms`)));
    req.on('error', reject);
    req.on('close', () => clearTimeout(deadline));
    req.end(body ?? undefined);
  });

/** A host written as an address is never looked up, so the guard checks it here. */
const literalRefused = (target: URL, allowPrivate: boolean) => {
  const host = target.hostname.replace(/^\[|\]$/g, '');
  return !allowPrivate && isIP(host) !== 0 && isPrivateAddress(host) ? `${host} is a private address` : null;
};

/** POSTs one delivery and reports what happened; never throws, never follows redirects, never waits past 15 s. */
export const post = async (
  url: string,
  headers: Record<string, string>,
  body: string,
  o: { allowPrivate: boolean },
): Promise<Posted> => {
  const started = performance.now();
  const latencyMs = () => Math.round(performance.now() - started);
  try {
    const r = await request('POST', url, { ...headers, 'content-type': 'application/json' }, body, {
      allowPrivate: o.allowPrivate,
      timeoutMs: TIMEOUT_MS,
      maxBytes: SNIPPET,
      truncate: true,
    });
    return { status: r.status, latencyMs: latencyMs(), response: r.body.slice(0, SNIPPET), error: null };
  } catch (err) {
    return {
      status: null,
      latencyMs: latencyMs(),
      response: null,
      error: (err as Error).message.slice(0, SNIPPET),
    };
  }
};
