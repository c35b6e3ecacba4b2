import type { FastifyError, FastifyInstance } from 'fastify';
import { DomainError, type FieldError } from '../domain/errors.ts';
import { problemFor } from './errors.ts';

type Validation = { instancePath?: string; message?: string }[];

/** `/lines/0/quantity` in the body → `lines[0].quantity`; elsewhere prefixed: `query.limit`. */
const fieldName = (context: string | undefined, instancePath = '') => {
  const parts = instancePath.split('/').filter(Boolean);
  const path = parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
  const prefix = context && context !== 'body' ? (context === 'querystring' ? 'query' : context) : '';
  return [prefix, path].filter(Boolean).join('.') || prefix || 'body';
};

const fromValidation = (err: FastifyError): DomainError => {
  const issues = (err.validation ?? []) as Validation;
  const errors: FieldError[] = issues.map((i) => ({
    field: fieldName(err.validationContext, i.instancePath),
    message: i.message ?? 'is not valid',
  }));
  const first = errors[0];
  return new DomainError('platform.validation', {
    detail: first ? `${first.field}: ${first.message}` : 'The request is not valid.',
    errors,
  });
};

/**
 * No connection to be had: the pool's wait ran out, or the server refused the connection or
 * is not accepting them yet. The request never reached the database, so the client may retry:
 * a 503 with Retry-After, not a 500.
 */
const databaseBusy = (err: Error) =>
  err.message === 'timeout exceeded when trying to connect' ||
  ['ECONNREFUSED', '57P03'].includes(String((err as NodeJS.ErrnoException).code));

/** Maps Fastify's own failures to domain codes so every error leaves through one mapper. */
const toDomainError = (err: FastifyError): DomainError | undefined => {
  if (err instanceof DomainError) return err;
  if (err.validation) return fromValidation(err);
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new DomainError('platform.invalid_json', { detail: 'The request body is not valid JSON.' });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new DomainError('platform.invalid_json', {
        detail: 'The request says it is JSON but the body is empty.',
      });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new DomainError('platform.payload_too_large', {
        detail: 'The request body is larger than this server accepts.',
      });
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new DomainError('platform.payload_too_large', {
        detail: 'The upload is larger than this server accepts (one file of at most 10 MB).',
      });
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new DomainError('platform.unsupported_media_type', {
        detail: 'Send the file as multipart/form-data.',
      });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new DomainError('platform.unsupported_media_type', {
        detail: `Content type ${String(err.message).split(': ').pop()} is not accepted here; send application/json.`,
      });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new DomainError('platform.validation', { detail: 'Content-Length does not match the body.' });
  }
  if (err instanceof SyntaxError && err.statusCode === 400) {
    return new DomainError('platform.invalid_json', { detail: 'The request body is not valid JSON.' });
  }
  if (databaseBusy(err)) {
    return new DomainError('platform.unavailable', {
      detail: 'The database is busy or out of reach; try again in a moment.',
    });
  }
  if (err.statusCode === 404) return new DomainError('platform.not_found');
  if (err.statusCode === 429) return new DomainError('platform.rate_limited');
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return new DomainError('platform.validation', { detail: err.message });
  }
  return undefined;
};

export const installErrorHandlers = (app: FastifyInstance) => {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const domain = toDomainError(err);
    if (!domain) {
      // Internals stay in the log; the client gets the request id to quote.
      req.log.error({ err }, 'unhandled error');
      return reply
        .code(500)
        .type('application/problem+json')
        .send({
          type: 'urn:flujo:error:platform.internal',
          title: 'Internal error',
          status: 500,
          detail: `Something went wrong on our side. Quote request id ${req.id} when reporting it.`,
          code: 'platform.internal',
          request_id: req.id,
        });
    }
    const problem = problemFor(domain, req.id);
    if (problem.status === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', '1');
    if (problem.status >= 500) req.log.error({ err }, domain.code);
    else req.log.info({ code: domain.code, status: problem.status }, 'request rejected');
    return reply.code(problem.status).type('application/problem+json').send(problem);
  });

  app.setNotFoundHandler((req, reply) => {
    const problem = problemFor(
      new DomainError('platform.not_found', { detail: `No route ${req.method} ${req.url.split('?')[0]}.` }),
      req.id,
    );
    return reply.code(404).type('application/problem+json').send(problem);
  });
};
