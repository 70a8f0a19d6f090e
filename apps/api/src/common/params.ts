import { createParamDecorator, Param, type ExecutionContext, type PipeTransform } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '@coop/core';
import { fingerprint, type IdempotencyClaim } from '@coop/ledger';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

class UuidPipe implements PipeTransform<string, string> {
  constructor(private readonly field: string) {}
  transform(value: string): string {
    if (!UUID.test(value)) throw new DomainError('VALIDATION_FAILED', `${this.field} must be a UUID`, this.field);
    return value.toLowerCase();
  }
}

/** A path id that must be a UUID: anything else is a 400 naming the parameter. */
export const UuidParam = (name: string) => Param(name, new UuidPipe(name));

const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * The Idempotency-Key header with the fingerprint of the request (method, route, path ids, body):
 * the same key with another request is refused.
 */
export const Idempotency = createParamDecorator((_: unknown, ctx: ExecutionContext): IdempotencyClaim | undefined => {
  const req = ctx.switchToHttp().getRequest<Request>();
  const key = req.header('idempotency-key');
  if (key === undefined) return undefined;
  if (!KEY.test(key)) throw new DomainError('IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key must be 1 to 200 printable ASCII characters', 'Idempotency-Key');
  return { key, fingerprint: fingerprint([req.method, req.route?.path, req.params, req.body]) };
});
