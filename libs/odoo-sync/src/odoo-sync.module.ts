import { Module, type DynamicModule } from '@nestjs/common';
import { defaultOdooGatewayFactory, ODOO_GATEWAY_FACTORY, type OdooGatewayFactory } from './odoo-gateway.factory';
import { ODOO_SYNC_ENV, OdooConnectionsService, type OdooSyncEnv } from './odoo-connections.service';
import { OdooSyncStateService } from './odoo-sync-state.service';
import { OdooSyncService } from './odoo-sync.service';

export interface OdooSyncModuleOptions {
  /** How gateways are made (default: XML-RPC with production timeouts and retries). */
  gatewayFactory?: OdooGatewayFactory;
  /** Where secrets are read (default: process.env). */
  env?: OdooSyncEnv;
}

/** The Odoo bridge's services. */
@Module({})
export class OdooSyncModule {
  static register(options: OdooSyncModuleOptions = {}): DynamicModule {
    return {
      module: OdooSyncModule,
      providers: [
        OdooConnectionsService,
        OdooSyncService,
        OdooSyncStateService,
        { provide: ODOO_GATEWAY_FACTORY, useValue: options.gatewayFactory ?? defaultOdooGatewayFactory },
        { provide: ODOO_SYNC_ENV, useValue: options.env ?? process.env },
      ],
      exports: [OdooConnectionsService, OdooSyncService, OdooSyncStateService],
    };
  }
}
