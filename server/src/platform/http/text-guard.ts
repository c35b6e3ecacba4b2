import type { FastifyRequest } from 'fastify';
import { DomainError, type FieldError } from '../domain/errors.ts';

export const UNSTORABLE_TEXT = 'must not contain NUL or unpaired surrogate characters';

// PostgreSQL text and jsonb cannot hold U+0000, and an unpaired UTF-16 surrogate has no UTF-8
// form: either one reaching the database fails the statement. Nothing legitimate needs them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the NUL is what this looks for
const NUL = /\u0000/;
const storable = (s: string) => !NUL.test(s) && s.isWellFormed();

const MAX_DEPTH = 64;

/** `lines[0].note` in the body, `query.q`, `params.id`: the same names as validation errors. */
const join = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

/** Every string (values and object keys) that PostgreSQL could not store, by field name. */
export const unstorableFields = (value: unknown, path: string, out: string[] = [], depth = 0): string[] => {
  if (typeof value === 'string') {
    if (!storable(value)) out.push(path);
    return out;
  }
  // Deeper input is left to validation: no schema here nests this far.
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return out;
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      unstorableFields(v, join(path, i), out, depth + 1);
    });
    return out;
  }
  for (const [k, v] of Object.entries(value)) {
    // The key itself is shown escaped, so the problem body names it readably.
    if (!storable(k)) out.push(join(path, JSON.stringify(k).slice(1, -1)));
    else unstorableFields(v, join(path, k), out, depth + 1);
  }
  return out;
};

/**
 * A preValidation hook for every route, whatever parsed the body (JSON, form, CSV text):
 * such text answers 400 naming the field, as a failed schema would, instead of a 500.
 * Synchronous, so a request with nothing wrong (nearly all) settles no promise here.
 */
export const rejectUnstorableText = (req: FastifyRequest, _reply: unknown, done: (err?: Error) => void) => {
  const found: string[] = [];
  unstorableFields(req.params, 'params', found);
  unstorableFields(req.query, 'query', found);
  unstorableFields(req.body, '', found);
  if (found.length === 0) return done();
  const fields = found.map((f) => f || 'body');
  const errors: FieldError[] = fields.map((field) => ({ field, message: UNSTORABLE_TEXT }));
  done(new DomainError('platform.validation', { detail: `${fields[0]}: ${UNSTORABLE_TEXT}`, errors }));
};
