export * from './entities';
export * from './decimal.transformer';
export * from './data-source';
export * from './database-bootstrap';
export * from './embedded/embedded-database';
export * from './transaction';
export * from './database.module';
export * from './tenant/tenant-scope';
