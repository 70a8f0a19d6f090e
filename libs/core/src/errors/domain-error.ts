import type { ErrorCode } from './error-codes';

/** A broken business rule or bad input. Pure code throws it; the API maps `code` to an HTTP status. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function notFound(code: ErrorCode, what: string, id: string, field = 'id'): DomainError {
  return new DomainError(code, `${what} ${id} does not exist in this cooperative`, field);
}
