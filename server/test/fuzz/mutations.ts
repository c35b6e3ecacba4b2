import type { Rng } from './prng.ts';
import { type FuzzRequest, raw } from './request.ts';
import {
  isContainer,
  isEnum,
  isNumeric,
  isString,
  isUuidish,
  type Slot,
  slotLabel,
  without,
  withValue,
} from './slots.ts';
import { type Pools, randomUuid } from './values.ts';

export type Case = { kind: string; note: string; req: FuzzRequest };

type Ctx = { rng: Rng; foreign: Pools };

/** A value mutation: which slots it prefers (falling back to any) and the values it tries. */
type ValueKind = { kind: string; prefers: (s: Slot) => boolean; values: (rng: Rng, s: Slot) => unknown[] };

const nested = (depth: number, asArray: boolean): unknown => {
  let v: unknown = asArray ? [] : {};
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
};

const LONE_SURROGATES = ['x\ud800y', '\udfff', 'nota \ud83d', '\udc00\ud800'];

const valueKinds: ValueKind[] = [
  {
    kind: 'wrong_type',
    prefers: () => true,
    values: (_rng, s) =>
      isNumeric(s)
        ? ['abc', true, {}, []]
        : isContainer(s)
          ? ['x', 1, s.schema.type === 'array' ? {} : []]
          : [12345, true, { a: 1 }, ['x']],
  },
  { kind: 'null', prefers: () => true, values: () => [null] },
  { kind: 'empty_string', prefers: isString, values: () => ['', ' ', '\t\n'] },
  { kind: 'long_string', prefers: isString, values: () => ['a'.repeat(10_000), 'é'.repeat(10_000)] },
  { kind: 'nul_byte', prefers: isString, values: () => ['a\u0000b', '\u0000'] },
  { kind: 'lone_surrogate', prefers: isString, values: () => LONE_SURROGATES },
  {
    kind: 'control_and_markup',
    prefers: isString,
    values: () => [
      "'; drop table products; --",
      '%_\\',
      '<script>x</script>',
      '\u202e\u200b\ufeff',
      '$' + '{x}{{x}}',
    ],
  },
  {
    kind: 'huge_number',
    prefers: isNumeric,
    values: () => [1e308, Number.MAX_VALUE, 2 ** 53 + 2, 1e20, 2 ** 31, '99999999999999999999'],
  },
  { kind: 'tiny_number', prefers: isNumeric, values: () => [1e-7, 5e-324, 1e-30, '0.0000001'] },
  { kind: 'negative_number', prefers: isNumeric, values: () => [-1, -0.5, -1e9, -(2 ** 31), '-1'] },
  { kind: 'zero', prefers: isNumeric, values: () => [0, -0, '0'] },
  {
    kind: 'non_finite',
    prefers: isNumeric,
    values: () => [raw('1e999'), raw('-1e999'), 'NaN', 'Infinity', '-Infinity', '1e999'],
  },
  {
    kind: 'decimal_30_digits',
    prefers: isNumeric,
    values: () => [
      '123456789012345678901234567890',
      '0.123456789012345678901234567890',
      '-123456789012345678901234567890.5',
      raw('123456789012345678901234567890'),
      '1e29',
      '1,5',
    ],
  },
  {
    kind: 'malformed_id',
    prefers: isUuidish,
    values: (rng) => [
      'not-a-uuid',
      '00000000-0000-0000-0000-00000000000g',
      '0',
      "1' OR '1'='1",
      '../../etc/passwd',
      '%',
      randomUuid(rng).toUpperCase(),
      '00000000-0000-0000-0000-000000000000',
    ],
  },
  {
    kind: 'bad_enum',
    prefers: isEnum,
    values: (_rng, s) => ['NOT_A_VALUE', ...(s.schema.enum ?? []).map((e) => `${String(e).toUpperCase()} `)],
  },
  {
    kind: 'deep_nesting',
    prefers: isContainer,
    values: (rng) => [nested(rng.int(200, 3000), true), nested(rng.int(200, 3000), false)],
  },
  {
    kind: 'huge_array',
    prefers: (s) => s.schema.type === 'array',
    values: (_rng, s) => [Array.from({ length: 5000 }, () => (s.schema.items?.type === 'string' ? 'x' : {}))],
  },
];

const pickSlot = (rng: Rng, slots: Slot[], prefers: (s: Slot) => boolean) => {
  const preferred = slots.filter(prefers);
  return preferred.length ? rng.pick(preferred) : slots.length ? rng.pick(slots) : undefined;
};

/** Replaces every id the request carries with one of another tenant's, by field name. */
const foreignIds = (base: FuzzRequest, slots: Slot[], ctx: Ctx): FuzzRequest | undefined => {
  let req = base;
  let changed = false;
  for (const s of slots.filter(isUuidish)) {
    const pool = ctx.foreign.get(s.name) ?? ctx.foreign.get('id');
    if (!pool?.length) continue;
    if (s.where === 'body' && s.path.length === 0) continue;
    req = withValue(req, s, s.schema.type === 'array' ? [ctx.rng.pick(pool)] : ctx.rng.pick(pool));
    changed = true;
  }
  return changed ? req : undefined;
};

/** Every mutation of one operation's valid request; `base` itself comes first. */
export const mutate = (base: FuzzRequest, slots: Slot[], ctx: Ctx, jsonBody: boolean): Case[] => {
  const { rng } = ctx;
  const cases: Case[] = [{ kind: 'valid', note: 'a valid request', req: base }];
  const valueSlots = slots.filter((s) => !(s.where === 'body' && s.path.length === 0));
  for (const v of valueKinds) {
    const slot = pickSlot(rng, valueSlots, v.prefers);
    if (!slot) continue;
    const value = rng.pick(v.values(rng, slot));
    cases.push({ kind: v.kind, note: slotLabel(slot), req: withValue(base, slot, value) });
  }
  const required = valueSlots.filter((s) => s.required && s.where !== 'path');
  if (required.length) {
    const slot = rng.pick(required);
    cases.push({ kind: 'missing_required', note: slotLabel(slot), req: without(base, slot) });
  }
  const foreign = foreignIds(base, slots, ctx);
  if (foreign) cases.push({ kind: 'foreign_ids', note: "another tenant's ids", req: foreign });
  cases.push({
    kind: 'unknown_query',
    note: 'unknown and repeated query parameters',
    req: { ...base, query: { ...base.query, fuzz_unknown: ['1', '2'], limit: ['1', '2'] } },
  });
  cases.push({ kind: 'anonymous', note: 'no token', req: { ...base, auth: 'none' } });
  cases.push({ kind: 'garbage_token', note: 'a token that is not a JWT', req: { ...base, auth: 'garbage' } });
  if (base.method === 'GET') return cases;
  cases.push({
    kind: 'odd_idempotency_key',
    note: 'an Idempotency-Key that is long, Latin-1 or blank',
    // Header bytes arrive as Latin-1; NUL and surrogates cannot cross the HTTP parser at all.
    req: { ...base, headers: { 'idempotency-key': rng.pick(['k'.repeat(10_000), 'clé-ñ-ÿ', ' ', '\t']) } },
  });
  if (base.method === 'DELETE') return cases;
  if (jsonBody) {
    const obj = base.body && typeof base.body === 'object' && !Array.isArray(base.body) ? base.body : {};
    cases.push({
      kind: 'unknown_field',
      note: 'unknown fields beside the real ones',
      req: { ...base, body: { ...obj, fuzz_unknown: { a: [1] }, constructor: 'x', toString: 1 } },
    });
    cases.push({
      kind: 'proto_pollution',
      note: '__proto__ in the body',
      req: { ...base, rawBody: `{"__proto__":{"admin":true},${JSON.stringify(obj).slice(1)}` },
    });
    cases.push({
      kind: 'invalid_json',
      note: 'broken JSON',
      req: {
        ...base,
        rawBody: rng.pick(['{"a":', '[', 'nul', '{"a":1}}', "{'a':1}", '\u0000', '{"a":1e999999}']),
      },
    });
    cases.push({
      kind: 'body_not_object',
      note: 'a body that is not an object',
      req: { ...base, body: rng.pick([[], 'text', 123, null, true, [base.body]]) },
    });
  }
  cases.push({
    kind: 'empty_body',
    note: 'an empty body',
    req: { ...base, body: undefined, rawBody: '', contentType: rng.pick(['application/json', null]) },
  });
  cases.push({
    kind: 'wrong_content_type',
    note: 'a body in another content type',
    req: {
      ...base,
      contentType: rng.pick([
        'text/plain',
        'application/xml',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=latin1',
        'text/csv',
      ]),
    },
  });
  return cases;
};
