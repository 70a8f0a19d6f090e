import { registerDecorator, type ValidationOptions } from 'class-validator';
import { checkCountryCode, checkLanguageCode, isCalendarDate, odooSecretEnvProblem, parseAmount, type CodeCheck } from '@coop/core';

/** A sanity bound on the share count of one movement. */
export const MAX_SHARES = 10_000_000;

/**
 * A decimal amount sent as a string ("12.50"), at most `scale` decimals and `integerDigits` digits before the point
 * (what its column holds); never a JSON number.
 */
export function IsAmount(opts: { scale?: number; allowZero?: boolean; integerDigits?: number } = {}, validationOptions?: ValidationOptions) {
  const integerDigits = opts.integerDigits ?? 16;
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isAmount',
      target: target.constructor,
      propertyName,
      options: validationOptions,
      constraints: [opts.scale ?? 4],
      validator: {
        validate: (value: unknown) =>
          parseAmount(value, { scale: opts.scale ?? 4, allowZero: opts.allowZero }) !== null &&
          String(value).replace(/^-/, '').split('.')[0].length <= integerDigits,
        defaultMessage: () =>
          `${propertyName} must be a ${opts.allowZero ? 'non-negative' : 'positive'} decimal string with at most ${integerDigits} digits before the ` +
          `point and ${opts.scale ?? 4} after, e.g. "100.00"`,
      },
    });
}

/** A calendar date "YYYY-MM-DD" that exists (no 2025-02-29). */
export function IsCalendarDate(validationOptions?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName,
      options: validationOptions,
      validator: {
        validate: (value: unknown) => isCalendarDate(value),
        defaultMessage: () => `${propertyName} must be an existing calendar date, "YYYY-MM-DD"`,
      },
    });
}

function isCode(name: string, check: (value: string) => CodeCheck, validationOptions?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      options: validationOptions,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && check(value).code !== undefined,
        defaultMessage: (args) => `${propertyName} ${typeof args?.value === 'string' ? check(args.value).error : 'must be a string'}`,
      },
    });
}

/** An ISO 3166-1 alpha-2 country code that exists, in any case ("fr" is stored as "FR"); "XX" and "UK" are refused. */
export const IsCountryCode = (validationOptions?: ValidationOptions) => isCode('isCountryCode', checkCountryCode, validationOptions);

/** A language as Odoo's `lang` writes it ("fr", "fr_FR"): the language ISO 639-1, the region ISO 3166-1. */
export const IsLanguageCode = (validationOptions?: ValidationOptions) => isCode('isLanguageCode', checkLanguageCode, validationOptions);

/** An environment variable an Odoo connection may read its secret from (the rule and its reasons: odoo-secret-env.ts). */
export function IsOdooSecretEnv(validationOptions?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isOdooSecretEnv',
      target: target.constructor,
      propertyName,
      options: validationOptions,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && odooSecretEnvProblem(value) === null,
        defaultMessage: (args) => (typeof args?.value === 'string' && odooSecretEnvProblem(args.value)) || `${propertyName} must be a string`,
      },
    });
}
