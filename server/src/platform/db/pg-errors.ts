import { DomainError, type ErrorCode } from '../domain/errors.ts';

/** Turns PostgreSQL's unique and foreign-key violations into the module's 409s. */
export const mapConstraint = (err: unknown, on: { unique?: ErrorCode; foreignKey?: ErrorCode }): never => {
  const code =
    (err as { cause?: { code?: string }; code?: string })?.cause?.code ?? (err as { code?: string })?.code;
  if (code === '23505' && on.unique) throw new DomainError(on.unique);
  if (code === '23503' && on.foreignKey) throw new DomainError(on.foreignKey);
  throw err;
};
