import { Module, type DynamicModule } from '@nestjs/common';
import { defaultOdooGatewayFactory, ODOO_GATEWAY_FACTORY, type OdooGatewayFactory } from './odoo-gateway.factory';
import { ODOO_SYNC_ENV, OdooConnectionsService, type OdooSyncEnv } from './connection/odoo-connections.service';
import { PartnerLinksService } from './links/partner-links.service';
import { OdooSyncStateService } from './state/odoo-sync-state.service';
import { DEFAULT_SYNC_BATCH_SIZE, ODOO_SYNC_SETTINGS, OdooSyncService, type OdooSyncSettings } from './sync/odoo-sync.service';
import { OdooSyncRepository } from './sync/sync.repository';

export interface OdooSyncModuleOptions {
  /** How gateways are made (default: XML-RPC with production timeouts and retries). */
  gatewayFactory?: OdooGatewayFactory;
  /** Where secrets are read (default: process.env). */
  env?: OdooSyncEnv;
  /** Members per load call when a run's caller does not say (ODOO_BATCH_SIZE; default DEFAULT_SYNC_BATCH_SIZE). */
  batchSize?: number;
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
        { provide: ODOO_SYNC_SETTINGS, useValue: { batchSize: options.batchSize ?? DEFAULT_SYNC_BATCH_SIZE } satisfies OdooSyncSettings },
      ],
      exports: [OdooConnectionsService, OdooSyncService, OdooSyncStateService, PartnerLinksService],
    };
  }
}
