import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CooperativeContext } from '@coop/core';
import { OdooConnectionsService, OdooSyncService, OdooSyncStateService, PartnerLinksService } from '@coop/odoo-sync';
import { Access, Ctx } from '../common/access.decorator';
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
  @Access.cooperative('odoo.configure')
  setConnection(@Ctx() ctx: CooperativeContext, @Body() dto: OdooConnectionDto) {
    return this.connections.upsert(ctx, dto);
  }

  /** What PUT …/connection with this body would do (first connection, same target, new target), without doing it. */
  @Post('connection/preview')
  @HttpCode(200)
  @Access.cooperative('odoo.configure')
  previewConnection(@Ctx() ctx: CooperativeContext, @Body() dto: OdooConnectionDto) {
    return this.connections.preview(ctx, dto);
  }

  @Get('connection')
  @Access.cooperative('odoo.read')
  getConnection(@Ctx() ctx: CooperativeContext) {
    return this.connections.get(ctx);
  }

  /** Every Odoo target the cooperative was synced to, the current one first, with their synced members. */
  @Get('targets')
  @Access.cooperative('odoo.read')
  targets(@Ctx() ctx: CooperativeContext) {
    return this.connections.targets(ctx);
  }

  /** Connects, and reports Odoo's version, the modules that matter, the user's missing rights and the company. */
  @Post('capabilities-check')
  @HttpCode(200)
  @Access.cooperative('odoo.read')
  checkCapabilities(@Ctx() ctx: CooperativeContext) {
    return this.sync.checkReadiness(ctx);
  }

  /** Starts a sync run now (202); follow it with GET …/sync-runs/:runId. */
  @Post('sync-runs')
  @HttpCode(202)
  @Access.cooperative('odoo.sync')
  async startRun(@Ctx() ctx: CooperativeContext) {
    return this.states.run(ctx, await this.sync.start(ctx, 'API'));
  }

  @Get('sync-runs')
  @Access.cooperative('odoo.read')
  runs(@Ctx() ctx: CooperativeContext, @Query() q: PageQueryDto) {
    return this.states.runs(ctx, q.limit ?? 20);
  }

  @Get('sync-runs/:runId')
  @Access.cooperative('odoo.read')
  run(@Ctx() ctx: CooperativeContext, @UuidParam('runId') runId: string) {
    return this.states.run(ctx, runId);
  }

  /** Members by sync status or with warnings, with their last error; without a filter, a count per status. */
  @Get('sync-states')
  @Access.cooperative('odoo.read')
  async syncStates(@Ctx() ctx: CooperativeContext, @Query() q: SyncStateQueryDto) {
    return q.status || q.withWarnings ? this.states.list(ctx, { status: q.status, withWarnings: q.withWarnings }, q.limit ?? 100) : this.states.summary(ctx);
  }

  @Get('sync-states/:memberId')
  @Access.cooperative('odoo.read')
  memberState(@Ctx() ctx: CooperativeContext, @UuidParam('memberId') memberId: string) {
    return this.states.member(ctx, memberId);
  }

  /** Members that kept failing: what failed and why. */
  @Get('dead-letters')
  @Access.cooperative('odoo.read')
  deadLetters(@Ctx() ctx: CooperativeContext, @Query() q: PageQueryDto) {
    return this.states.list(ctx, { status: 'DEAD' }, q.limit ?? 100);
  }

  /** Tries every failed and dead member again at the next run. */
  @Post('dead-letters/retry')
  @HttpCode(200)
  @Access.cooperative('odoo.sync')
  retryAll(@Ctx() ctx: CooperativeContext) {
    return this.states.retry(ctx);
  }

  @Post('dead-letters/:memberId/retry')
  @HttpCode(200)
  @Access.cooperative('odoo.sync')
  retryOne(@Ctx() ctx: CooperativeContext, @UuidParam('memberId') memberId: string) {
    return this.states.retry(ctx, memberId);
  }

  /**
   * A dry run: contacts already in Odoo that match unbound members (by email, name and postal code, or a stated ref),
   * the ambiguous ones, and what was left out. Nothing is written; confirm the links you checked with POST …/links.
   */
  @Post('link-proposals')
  @HttpCode(200)
  @Access.cooperative('odoo.link')
  proposeLinks(@Ctx() ctx: CooperativeContext, @Body() dto: LinkProposalsDto) {
    return this.links.propose(ctx, dto);
  }

  /** Binds the confirmed contacts to their members (all or nothing); the next sync writes the members' data on them. */
  @Post('links')
  @Access.cooperative('odoo.link')
  confirmLinks(@Ctx() ctx: CooperativeContext, @Body() dto: ConfirmLinksDto) {
    return this.links.confirm(ctx, dto);
  }

  /** The links confirmed on the current target. */
  @Get('links')
  @Access.cooperative('odoo.link')
  listLinks(@Ctx() ctx: CooperativeContext, @Query() q: PageQueryDto) {
    return this.links.list(ctx, q.limit ?? 100);
  }
}
