/**
 * What kind of failure a domain error is. The HTTP status follows from the kind alone,
 * in one exhaustive switch, so a new code can never fall through to a 500.
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

export const statusOf = (kind: ErrorKind): number => {
  switch (kind) {
    case 'invalid':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'gone':
      return 410;
    case 'too_large':
      return 413;
    case 'unsupported_media':
      return 415;
    case 'unprocessable':
      return 422;
    case 'rate_limited':
      return 429;
    case 'unavailable':
      return 503;
    default: {
      const never: never = kind;
      throw new Error(`unmapped error kind ${String(never)}`);
    }
  }
};

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
  readonly code: string;
  readonly detail: string | undefined;
  readonly meta: Record<string, unknown> | undefined;
  readonly errors: FieldError[] | undefined;

  constructor(
    code: string,
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

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  request_id?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
};

export const problemFor = (err: DomainError, requestId?: string): Problem => {
  const def = describeError(err.code);
  const kind: ErrorKind = def?.kind ?? 'unavailable';
  const title = def?.title ?? 'Unexpected error';
  return {
    type: `urn:flujo:error:${err.code}`,
    title,
    status: statusOf(kind),
    detail: err.detail ?? title,
    code: err.code,
    ...(requestId ? { request_id: requestId } : {}),
    ...(err.errors ? { errors: err.errors } : {}),
    ...(err.meta ?? {}),
  };
};
