import { Module, type DynamicModule } from '@nestjs/common';
import { defaultOdooGatewayFactory, ODOO_GATEWAY_FACTORY, type OdooGatewayFactory } from './odoo-gateway.factory';
import { ODOO_SYNC_ENV, OdooConnectionsService, type OdooSyncEnv } from './connection/odoo-connections.service';
import { PartnerLinksService } from './links/partner-links.service';
import { OdooSyncStateService } from './state/odoo-sync-state.service';
import { OdooSyncService } from './sync/odoo-sync.service';
import { OdooSyncRepository } from './sync/sync.repository';

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
        OdooSyncRepository,
        PartnerLinksService,
        { provide: ODOO_GATEWAY_FACTORY, useValue: options.gatewayFactory ?? defaultOdooGatewayFactory },
        { provide: ODOO_SYNC_ENV, useValue: options.env ?? process.env },
      ],
      exports: [OdooConnectionsService, OdooSyncService, OdooSyncStateService, PartnerLinksService],
    };
  }
}
