import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { OdooConnectionsService, OdooSyncService, OdooSyncStateService } from '@coop/odoo-sync';
import { UuidParam } from '../common/params';
import { PageQueryDto } from '../common/query.dto';
import { OdooConnectionDto } from './dto/odoo-connection.dto';
import { SyncStateQueryDto } from './dto/sync-state-query.dto';

/** For accountants: where the cooperative's Odoo is, what it can do, and how the members' sync goes. */
@ApiTags('odoo')
@Controller('api/cooperatives/:cooperativeId/odoo')
export class OdooController {
  constructor(
    private readonly connections: OdooConnectionsService,
    private readonly sync: OdooSyncService,
    private readonly states: OdooSyncStateService,
  ) {}

  /** Sets the connection; the first time, every member is queued for a first sync. The secret is never returned. */
  @Put('connection')
  setConnection(@UuidParam('cooperativeId') id: string, @Body() dto: OdooConnectionDto) {
    return this.connections.upsert(id, dto);
  }

  @Get('connection')
  getConnection(@UuidParam('cooperativeId') id: string) {
    return this.connections.get(id);
  }

  /** Connects, and reports Odoo's version and the modules that matter (contacts, account, cooperator). */
  @Post('capabilities-check')
  @HttpCode(200)
  checkCapabilities(@UuidParam('cooperativeId') id: string) {
    return this.sync.checkCapabilities(id);
  }

  /** Starts a sync run now (202); follow it with GET …/sync-runs/:runId. */
  @Post('sync-runs')
  @HttpCode(202)
  async startRun(@UuidParam('cooperativeId') id: string) {
    return this.states.run(id, await this.sync.start(id, 'API'));
  }

  @Get('sync-runs')
  runs(@UuidParam('cooperativeId') id: string, @Query() q: PageQueryDto) {
    return this.states.runs(id, q.limit ?? 20);
  }

  @Get('sync-runs/:runId')
  run(@UuidParam('cooperativeId') id: string, @UuidParam('runId') runId: string) {
    return this.states.run(id, runId);
  }

  /** Members by sync status, with their last error; without status, a count per status. */
  @Get('sync-states')
  async syncStates(@UuidParam('cooperativeId') id: string, @Query() q: SyncStateQueryDto) {
    return q.status ? this.states.list(id, q.status, q.limit ?? 100) : this.states.summary(id);
  }

  @Get('sync-states/:memberId')
  memberState(@UuidParam('cooperativeId') id: string, @UuidParam('memberId') memberId: string) {
    return this.states.member(id, memberId);
  }

  /** Members that kept failing: what failed and why. */
  @Get('dead-letters')
  deadLetters(@UuidParam('cooperativeId') id: string, @Query() q: PageQueryDto) {
    return this.states.list(id, 'DEAD', q.limit ?? 100);
  }

  /** Tries every failed and dead member again at the next run. */
  @Post('dead-letters/retry')
  @HttpCode(200)
  retryAll(@UuidParam('cooperativeId') id: string) {
    return this.states.retry(id);
  }

  @Post('dead-letters/:memberId/retry')
  @HttpCode(200)
  retryOne(@UuidParam('cooperativeId') id: string, @UuidParam('memberId') memberId: string) {
    return this.states.retry(id, memberId);
  }
}
