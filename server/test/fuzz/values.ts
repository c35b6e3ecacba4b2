import type { Schema } from './openapi.ts';
import { typesOf } from './openapi.ts';
import type { Rng } from './prng.ts';

/** Real values found in the running app, by field name (`product_id`, `store_id`, …). */
export type Pools = Map<string, string[]>;

export type SampleContext = {
  rng: Rng;
  resolve: (s: Schema) => Schema;
  pools: Pools;
  /** Makes SKUs, codes and emails unique, so a valid request is not a duplicate. */
  serial: () => number;
};

const uuid = (rng: Rng) => {
  const hex = () => rng.int(0, 15).toString(16);
  const part = (n: number) => Array.from({ length: n }, hex).join('');
  return `${part(8)}-${part(4)}-4${part(3)}-${rng.pick(['8', '9', 'a', 'b'])}${part(3)}-${part(12)}`;
};

export const randomUuid = uuid;

/** The variant a valid request would most likely use: the first that is not null. */
export const mainVariant = (s: Schema, resolve: (s: Schema) => Schema): Schema => {
  const r = resolve(s);
  const variants = r.anyOf ?? r.oneOf;
  if (!variants) return r;
  const pick = variants.map(resolve).find((v) => !typesOf(v).includes('null') && v.const !== null);
  return mainVariant(pick ?? variants[0] ?? {}, resolve);
};

/** Fields that must be new on every create (a pool value would be a duplicate). */
const fresh = (name: string, c: SampleContext): string | undefined => {
  if (name === 'sku') return `FZ-${c.serial()}`;
  if (name === 'code') return `FZ${c.serial()}`;
  if (name === 'slug' || name === 'tenant_slug') return `fuzz-${c.serial()}`;
  if (name.endsWith('email')) return `fuzz${c.serial()}@example.com`;
  return undefined;
};

/** Strings with a known shape, by the field's name, so a valid request gets past validation. */
const byName = (name: string, c: SampleContext): string | undefined => {
  if (name === 'currency') return 'MXN';
  if (name === 'card_number') return '4242424242424242';
  if (name === 'phone') return '+34600000000';
  if (name === 'password' || name.endsWith('_password')) return `fuzz-password-${c.serial()}-long`;
  if (name === 'timezone') return 'Europe/Madrid';
  if (name === 'permission' || name === 'permissions') return c.rng.pick(['product:read', 'inventory:read']);
  return undefined;
};

/** Ranges come out in order: a `from`/`start` date before any `to`/`end` date. */
const dateFor = (name: string, c: SampleContext) =>
  /^(to|end|until)|_to$|end_|until/.test(name)
    ? `2027-0${c.rng.int(7, 9)}-2${c.rng.int(0, 8)}`
    : `2026-0${c.rng.int(1, 6)}-1${c.rng.int(0, 9)}`;

const UUID = /^[0-9a-f-]{36}$/i;

const stringFor = (s: Schema, name: string, c: SampleContext): string => {
  const made = fresh(name, c);
  if (made !== undefined) return made;
  // `from_store_id`, `store_ids` and `store_id` all name a location: by code, or by id as a uuid.
  const base = name.replace(/^(from|to|via)_/, '').replace(/_ids$/, '_id');
  const names = [name, base, ...(base === 'store_id' ? ['location_id'] : [])];
  const pool = names
    .flatMap((n) => c.pools.get(n) ?? [])
    .filter((v) => (s.format === 'uuid' ? UUID.test(v) : true));
  if (pool.length) return c.rng.pick(pool);
  switch (s.format) {
    case 'uuid':
      return uuid(c.rng);
    case 'email':
      return `fuzz${c.serial()}@example.com`;
    case 'date':
      return dateFor(name, c);
    case 'date-time':
      return `${dateFor(name, c)}T10:00:00.000Z`;
    case 'uri':
    case 'url':
      return 'https://example.com/fuzz';
  }
  const named = byName(name, c);
  if (named !== undefined) return named;
  // Decimal quantities and prices travel as strings matching a digits pattern.
  if (s.pattern && /\\d|\[0-9\]/.test(s.pattern)) return String(c.rng.int(1, 9));
  const min = s.minLength ?? 1;
  const max = Math.max(min, Math.min(s.maxLength ?? 12, 12));
  return `fz${'x'.repeat(Math.max(0, c.rng.int(min, max) - 2))}`.slice(0, Math.max(min, max));
};

/** A small whole number inside the bounds: valid for integers, quantities and prices alike. */
const numberFor = (s: Schema, c: SampleContext) => {
  const lo = Math.ceil(s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1));
  const hi = Math.floor(s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : lo + 9));
  return c.rng.int(Math.min(lo, hi), Math.min(hi, lo + 9));
};

/** A value the schema accepts, or close to it; `name` is the property it goes in. */
export const sample = (schema: Schema, name: string, c: SampleContext, depth = 0): unknown => {
  const s = mainVariant(schema, c.resolve);
  if (depth > 8) return null;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return c.rng.pick(s.enum);
  const types = typesOf(s).filter((t) => t !== 'null');
  const type = types[0] ?? (s.properties ? 'object' : s.items ? 'array' : 'string');
  switch (type) {
    case 'string':
      return stringFor(s, name, c);
    case 'integer':
    case 'number':
      return numberFor(s, c);
    case 'boolean':
      return c.rng.chance(0.5);
    case 'array': {
      const min = s.minItems ?? 1;
      const n = Math.max(min, Math.min(s.maxItems ?? 2, c.rng.int(1, 2)));
      const single = name.endsWith('s') ? name.slice(0, -1) : name;
      return Array.from({ length: n }, () => sample(s.items ?? {}, single, c, depth + 1));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set(s.required ?? []);
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        if (required.has(k) || c.rng.chance(0.6)) out[k] = sample(v, k, c, depth + 1);
      }
      return out;
    }
    default:
      return null;
  }
};
