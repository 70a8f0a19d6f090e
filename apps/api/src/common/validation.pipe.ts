import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import { DomainError, type ErrorCode } from '@coop/core';
import { assertTextFields } from './text-fields';

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

/**
 * Nest's pipe, plus the one rule on text (text-fields.ts) applied to everything a request carries. A DTO is checked
 * as its instance, before class-validator, so that a refused character gets INVALID_CHARACTERS whatever the field's
 * format rule would have said, and `@MultiLineText()` fields are known; a value with no DTO class (a bare
 * `@Body()`, `@Query('x')` or `@Param('x')`) is checked as it came.
 */
class TextCheckingValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom' && !this.toValidate(metadata)) assertTextFields(value, metadata.data ?? '');
    return super.transform(value, metadata);
  }

  protected override validate(object: object, validatorOptions?: ValidatorOptions) {
    assertTextFields(object);
    return super.validate(object, validatorOptions);
  }
}

/** Unknown fields, wrong types and bad formats become one 4xx naming the first field at fault (and listing all). */
export function createValidationPipe(): ValidationPipe {
  return new TextCheckingValidationPipe({
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
