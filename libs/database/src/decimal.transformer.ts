import { Money } from '@coop/core';
import type { ValueTransformer } from 'typeorm';

/** numeric columns come from pg as strings: keep them exact as decimal.js values, never JS numbers. */
export const decimalTransformer: ValueTransformer = {
  to: (value: Money | null | undefined) => (value === null || value === undefined ? value : value.toString()),
  from: (value: string | null) => (value === null ? null : new Money(value)),
};
