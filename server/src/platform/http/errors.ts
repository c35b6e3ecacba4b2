import { type DomainError, describeError, type ErrorKind } from '../domain/errors.ts';

/** The HTTP status of each error kind, in one exhaustive switch, so a new code can never fall through to a 500. */
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

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  request_id?: string;
  errors?: DomainError['errors'];
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
