export * from './ledger.types';
export * from './money-helpers';
export * from './cooperative-settings.rules';
export * from './college-weights.rules';
export * from './capital.rules';
export * from './movement.rules';
export * from './compliance.rules';
