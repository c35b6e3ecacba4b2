/**
 * What kind of failure a domain error is. Its HTTP status follows from the kind alone
 * (`statusOf` in platform/http/errors.ts), so a new code can never fall through to a 500.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'too_large'
  | 'unsupported_media'
  | 'unprocessable'
  | 'rate_limited'
  | 'unavailable';

export type FieldError = { field: string; message: string };

/** Each module declares its codes with their kind and a default message for the client. */
export type ErrorCatalog = Record<string, { kind: ErrorKind; title: string }>;

export const platformErrors = {
  'platform.validation': { kind: 'invalid', title: 'The request is not valid' },
  'platform.invalid_json': { kind: 'invalid', title: 'The request body is not valid JSON' },
  'platform.unauthenticated': { kind: 'unauthenticated', title: 'Authentication is required' },
  'platform.forbidden': { kind: 'forbidden', title: 'You do not have permission to do this' },
  'platform.not_found': { kind: 'not_found', title: 'Not found' },
  'platform.payload_too_large': { kind: 'too_large', title: 'The request body is too large' },
  'platform.unsupported_media_type': { kind: 'unsupported_media', title: 'Unsupported content type' },
  'platform.rate_limited': { kind: 'rate_limited', title: 'Too many requests' },
  'platform.unavailable': { kind: 'unavailable', title: 'Service temporarily unavailable' },
  'platform.idempotency_key_required': { kind: 'invalid', title: 'An Idempotency-Key header is required' },
  'platform.idempotency_in_progress': {
    kind: 'conflict',
    title: 'A request with this Idempotency-Key is still in progress',
  },
  'platform.idempotency_conflict': {
    kind: 'conflict',
    title: 'This Idempotency-Key was used for a different request',
  },
} as const satisfies ErrorCatalog;

/**
 * Every error code there is, as the keys of one interface: platform's here, each module's merged
 * in by its errors.ts (`declare module`), since platform may not import the modules. A code that
 * no catalog declares, misspelt or forgotten, then fails the type check instead of reaching a
 * client as a 503. An interface because only interfaces merge.
 */
export interface ErrorCodes extends Record<keyof typeof platformErrors, true> {}

export type ErrorCode = keyof ErrorCodes & string;

const catalog: ErrorCatalog = { ...platformErrors };

/** Modules call this from their index with their own catalog. */
export const registerErrors = (c: ErrorCatalog) => {
  for (const [code, def] of Object.entries(c)) {
    if (catalog[code] && catalog[code] !== def) throw new Error(`error code ${code} declared twice`);
    catalog[code] = def;
  }
};

export const describeError = (code: string) => catalog[code];

/** A business failure with a stable code; `detail` is for the user, `meta` goes to logs and the body. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly detail: string | undefined;
  readonly meta: Record<string, unknown> | undefined;
  readonly errors: FieldError[] | undefined;

  constructor(
    code: ErrorCode,
    opts: { detail?: string; meta?: Record<string, unknown>; errors?: FieldError[] } = {},
  ) {
    super(opts.detail ?? code);
    this.name = 'DomainError';
    this.code = code;
    this.detail = opts.detail;
    this.meta = opts.meta;
    this.errors = opts.errors;
  }
}
