import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { OdooConnectionsService, OdooSyncService, OdooSyncStateService, PartnerLinksService } from '@coop/odoo-sync';
import { UuidParam } from '../common/params';
import { PageQueryDto } from '../common/query.dto';
import { OdooConnectionDto } from './dto/odoo-connection.dto';
import { ConfirmLinksDto, LinkProposalsDto } from './dto/partner-links.dto';
import { SyncStateQueryDto } from './dto/sync-state-query.dto';

/** For accountants: where the cooperative's Odoo is, what it can do, how the members' sync goes, and explicit links. */
@ApiTags('odoo')
@Controller('api/cooperatives/:cooperativeId/odoo')
export class OdooController {
  constructor(
    private readonly connections: OdooConnectionsService,
    private readonly sync: OdooSyncService,
    private readonly states: OdooSyncStateService,
    private readonly links: PartnerLinksService,
  ) {}

  /**
   * Sets the connection and says what it did (`change`). The first time, every member is queued; pointing at another
   * target (URL, database or module) needs `confirmNewTarget: true`. The secret is never returned.
   */
  @Put('connection')
  setConnection(@UuidParam('cooperativeId') id: string, @Body() dto: OdooConnectionDto) {
    return this.connections.upsert(id, dto);
  }

  /** What PUT …/connection with this body would do (first connection, same target, new target), without doing it. */
  @Post('connection/preview')
  @HttpCode(200)
  previewConnection(@UuidParam('cooperativeId') id: string, @Body() dto: OdooConnectionDto) {
    return this.connections.preview(id, dto);
  }

  @Get('connection')
  getConnection(@UuidParam('cooperativeId') id: string) {
    return this.connections.get(id);
  }

  /** Every Odoo target the cooperative was synced to, the current one first, with their synced members. */
  @Get('targets')
  targets(@UuidParam('cooperativeId') id: string) {
    return this.connections.targets(id);
  }

  /** Connects, and reports Odoo's version, the modules that matter, the user's missing rights and the company. */
  @Post('capabilities-check')
  @HttpCode(200)
  checkCapabilities(@UuidParam('cooperativeId') id: string) {
    return this.sync.checkReadiness(id);
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

  /** Members by sync status or with warnings, with their last error; without a filter, a count per status. */
  @Get('sync-states')
  async syncStates(@UuidParam('cooperativeId') id: string, @Query() q: SyncStateQueryDto) {
    return q.status || q.withWarnings ? this.states.list(id, { status: q.status, withWarnings: q.withWarnings }, q.limit ?? 100) : this.states.summary(id);
  }

  @Get('sync-states/:memberId')
  memberState(@UuidParam('cooperativeId') id: string, @UuidParam('memberId') memberId: string) {
    return this.states.member(id, memberId);
  }

  /** Members that kept failing: what failed and why. */
  @Get('dead-letters')
  deadLetters(@UuidParam('cooperativeId') id: string, @Query() q: PageQueryDto) {
    return this.states.list(id, { status: 'DEAD' }, q.limit ?? 100);
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

  /**
   * A dry run: contacts already in Odoo that match unbound members (by email, name and postal code, or a stated ref),
   * the ambiguous ones, and what was left out. Nothing is written; confirm the links you checked with POST …/links.
   */
  @Post('link-proposals')
  @HttpCode(200)
  proposeLinks(@UuidParam('cooperativeId') id: string, @Body() dto: LinkProposalsDto) {
    return this.links.propose(id, dto);
  }

  /** Binds the confirmed contacts to their members (all or nothing); the next sync writes the members' data on them. */
  @Post('links')
  confirmLinks(@UuidParam('cooperativeId') id: string, @Body() dto: ConfirmLinksDto) {
    return this.links.confirm(id, dto);
  }

  /** The links confirmed on the current target. */
  @Get('links')
  listLinks(@UuidParam('cooperativeId') id: string, @Query() q: PageQueryDto) {
    return this.links.list(id, q.limit ?? 100);
  }
}
