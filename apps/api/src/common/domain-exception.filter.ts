import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { DomainError, ERROR_HTTP_STATUS, type ErrorCode } from '@coop/core';

/** Constraints whose refusal has a domain meaning of its own. */
const CODE_BY_CONSTRAINT: Record<string, { code: ErrorCode; field?: string; message: string }> = {
  ck_movement_chronological: {
    code: 'DATE_OUT_OF_ORDER',
    field: 'date',
    message: 'the register is chronological: this date is before the last recorded movement',
  },
  uq_movement_reversal: { code: 'MOVEMENT_ALREADY_REVERSED', field: 'movementId', message: 'this movement is already reversed' },
  uq_category_name: { code: 'DUPLICATE_CODE', field: 'name', message: 'a category with this name already exists' },
  uq_college_name: { code: 'DUPLICATE_CODE', field: 'colleges', message: 'two colleges have the same name' },
  uq_share_class_code: { code: 'DUPLICATE_CODE', field: 'code', message: 'a share class with this code already exists' },
};

const HTTP_CODES: Record<number, ErrorCode> = { 404: 'NOT_FOUND', 413: 'PAYLOAD_TOO_LARGE', 429: 'TOO_MANY_ATTEMPTS', 503: 'SERVICE_UNAVAILABLE' };

interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  field?: string;
  details?: Record<string, unknown>;
}

/** The one place where errors become HTTP answers: a stable `code`, a message for people, and the field at fault. */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    // An upstream refusal (Odoo unreachable, 502) is expected and said in the answer; anything else is a bug: its stack.
    if (exception instanceof DomainError && body.statusCode >= 500) this.logger.warn(`${body.code}: ${body.message}`);
    else if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    if (res.headersSent) {
      res.destroy(); // a stream failed half-way: cut it rather than send a truncated file that looks whole
      return;
    }
    res.status(body.statusCode).json(body);
  }

  private toBody(e: unknown): ErrorBody {
    if (e instanceof DomainError) return { statusCode: ERROR_HTTP_STATUS[e.code], code: e.code, message: e.message, field: e.field, details: e.details };
    if (e instanceof QueryFailedError) return this.fromDatabase(e);
    if (e instanceof HttpException) {
      const status = e.getStatus();
      // Our own validation throws DomainErrors: a bare 400 here is the body parser's, refusing a body that is not JSON.
      if (status === 400) return { statusCode: 400, code: 'MALFORMED_REQUEST', message: `the body is not valid JSON: ${e.message}` };
      return { statusCode: status, code: HTTP_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'MALFORMED_REQUEST'), message: e.message };
    }
    const status = (e as { status?: number; statusCode?: number })?.status ?? (e as { statusCode?: number })?.statusCode;
    if (status && status >= 400 && status < 500) {
      return { statusCode: status, code: HTTP_CODES[status] ?? 'MALFORMED_REQUEST', message: (e as Error).message };
    }
    return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'an unexpected error occurred; it has been logged' };
  }

  /** The database is the last line of defence: its refusals are conflicts, never 500s. */
  private fromDatabase(e: QueryFailedError): ErrorBody {
    const driver = e.driverError as { code?: string; constraint?: string; message?: string };
    const known = driver.constraint ? CODE_BY_CONSTRAINT[driver.constraint] : undefined;
    if (known) return { statusCode: ERROR_HTTP_STATUS[known.code], code: known.code, message: known.message, field: known.field };
    if (driver.code === '40001' || driver.code === '40P01')
      return { statusCode: 409, code: 'CONFLICT', message: 'a concurrent change conflicted with this one; retry' };
    // Row-level security refused a row of another cooperative: for this request, it does not exist.
    if (driver.code === '42501') return { statusCode: 404, code: 'NOT_FOUND', message: 'not found in this cooperative' };
    if (driver.code?.startsWith('22')) return { statusCode: 400, code: 'VALIDATION_FAILED', message: 'a value is out of range or malformed' };
    if (driver.code?.startsWith('23')) {
      return {
        statusCode: 409,
        code: 'INVARIANT_VIOLATION',
        message: `the ledger refused a change that would break an invariant: ${driver.message ?? ''}`,
        details: { constraint: driver.constraint },
      };
    }
    this.logger.error(`database error ${driver.code}: ${driver.message}`);
    return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'an unexpected error occurred; it has been logged' };
  }
}
