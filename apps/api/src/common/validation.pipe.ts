import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError, type ErrorCode } from '@coop/core';

interface FieldProblem {
  field: string;
  constraint: string;
  message: string;
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? (/^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : `${prefix}.${e.property}`) : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([constraint, message]) => ({ field, constraint, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

const CODE_BY_CONSTRAINT: Record<string, ErrorCode> = {
  whitelistValidation: 'UNKNOWN_FIELD',
  isAmount: 'INVALID_AMOUNT',
  isCalendarDate: 'INVALID_DATE',
};

/** Unknown fields, wrong types and bad formats become one 4xx naming the first field at fault (and listing all). */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const problems = flatten(errors);
      const first = problems[0] ?? { field: undefined, constraint: '', message: 'invalid request' };
      const code = CODE_BY_CONSTRAINT[first.constraint] ?? 'VALIDATION_FAILED';
      const message = first.constraint === 'whitelistValidation' ? `unknown field: ${first.field}` : first.message;
      return new DomainError(code, message, first.field, { errors: problems });
    },
  });
}
