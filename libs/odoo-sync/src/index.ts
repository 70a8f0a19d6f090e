export * from './partner-mapping';
export * from './secret-box';
export * from './odoo-gateway.factory';
export * from './odoo-connections.service';
export * from './odoo-sync.service';
export * from './odoo-sync-state.service';
export * from './odoo-sync.module';
export * from './odoo-sync.worker';
