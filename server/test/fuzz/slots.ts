import type { Schema } from './openapi.ts';
import { typesOf } from './openapi.ts';
import type { FuzzRequest } from './request.ts';
import { mainVariant } from './values.ts';

/** A place in a request a mutation can write to: a body field, a query or a path parameter. */
export type Slot = {
  where: 'body' | 'query' | 'path';
  path: (string | number)[];
  name: string;
  schema: Schema;
  required: boolean;
};

export const slotLabel = (s: Slot) =>
  s.path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${p}`), s.where);

/** Body fields from the schema, down to a few levels; arrays are entered at index 0. */
export const bodySlots = (schema: Schema, resolve: (s: Schema) => Schema): Slot[] => {
  const out: Slot[] = [];
  const walk = (s: Schema, path: (string | number)[], name: string, required: boolean, depth: number) => {
    const m = mainVariant(s, resolve);
    out.push({ where: 'body', path, name, schema: m, required });
    if (depth > 5) return;
    const types = typesOf(m);
    if (m.properties) {
      const req = new Set(m.required ?? []);
      for (const [k, v] of Object.entries(m.properties)) walk(v, [...path, k], k, req.has(k), depth + 1);
    } else if (types.includes('array') && m.items) {
      walk(m.items, [...path, 0], name.replace(/s$/, ''), true, depth + 1);
    }
  };
  walk(schema, [], 'body', true, 0);
  return out;
};

export const isUuidish = (s: Slot) =>
  s.schema.format === 'uuid' || s.name === 'id' || s.name.endsWith('_id') || s.name.endsWith('_ids');
export const isNumeric = (s: Slot) =>
  typesOf(s.schema).some((t) => t === 'number' || t === 'integer') ||
  /quantity|price|qty|amount|days|factor|count|limit|page|minor|point|batch/.test(s.name);
export const isEnum = (s: Slot) => Boolean(s.schema.enum?.length);
export const isString = (s: Slot) => typesOf(s.schema).includes('string') || s.where !== 'body';
export const isContainer = (s: Slot) => typesOf(s.schema).some((t) => t === 'object' || t === 'array');

const clone = <T>(v: T): T => structuredClone(v);

/** Writes `value` at the slot, creating the objects and arrays on the way. */
export const withValue = (r: FuzzRequest, slot: Slot, value: unknown): FuzzRequest => {
  const next = clone(r);
  if (slot.where === 'path') {
    next.pathParams[slot.name] = value;
    return next;
  }
  if (slot.where === 'query') {
    next.query[slot.name] = value;
    return next;
  }
  if (slot.path.length === 0) {
    next.body = value;
    return next;
  }
  if (next.body === null || typeof next.body !== 'object')
    next.body = typeof slot.path[0] === 'number' ? [] : {};
  let at = next.body as Record<string | number, unknown>;
  slot.path.forEach((key, i) => {
    if (i === slot.path.length - 1) {
      at[key] = value;
      return;
    }
    const child = at[key];
    if (child === null || typeof child !== 'object') at[key] = typeof slot.path[i + 1] === 'number' ? [] : {};
    at = at[key] as Record<string | number, unknown>;
  });
  return next;
};

/** Removes the slot's field (a required one, to see the 400). */
export const without = (r: FuzzRequest, slot: Slot): FuzzRequest => {
  const next = clone(r);
  if (slot.where === 'path') {
    next.pathParams[slot.name] = '';
    return next;
  }
  if (slot.where === 'query') {
    delete next.query[slot.name];
    return next;
  }
  if (slot.path.length === 0) {
    next.body = undefined;
    return next;
  }
  let at: unknown = next.body;
  for (const key of slot.path.slice(0, -1)) {
    if (at === null || typeof at !== 'object') return next;
    at = (at as Record<string | number, unknown>)[key];
  }
  if (at !== null && typeof at === 'object')
    delete (at as Record<string | number, unknown>)[slot.path.at(-1) ?? ''];
  return next;
};
