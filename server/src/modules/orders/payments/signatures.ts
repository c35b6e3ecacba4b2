import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../../platform/domain/errors.ts';

export const hmacSha256Hex = (secret: string, data: string) =>
  createHmac('sha256', secret).update(data, 'utf8').digest('hex');

export const md5Hex = (data: string) => createHash('md5').update(data, 'utf8').digest('hex');

/** Compares two hex digests in constant time; case-insensitive, false on any length mismatch. */
export const sameHex = (expected: string, received: string | undefined) => {
  if (!received) return false;
  const a = Buffer.from(expected.toLowerCase(), 'utf8');
  const b = Buffer.from(received.trim().toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * A secret the server handed out (a shop order's token) compared exactly, in constant time:
 * unlike a provider's hex signature, its case is part of it.
 */
export const sameSecret = (expected: string, received: string | undefined) => {
  if (received === undefined) return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
};

/** A header as one string (Node gives repeated headers as an array; the first one counts). */
export const header = (headers: Record<string, string | string[] | undefined>, name: string) => {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const v = key === undefined ? undefined : headers[key];
  return Array.isArray(v) ? v[0] : v;
};

export const signatureError = () => new DomainError('orders.webhook_signature');

export const invalidWebhook = (detail: string) => new DomainError('orders.webhook_invalid', { detail });
