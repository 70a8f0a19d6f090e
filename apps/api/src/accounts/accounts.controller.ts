import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditService, InvitationsService, RolesService } from '@coop/auth';
import type { CooperativeContext } from '@coop/core';
import { Access, Ctx } from '../common/access.decorator';
import { UuidParam } from '../common/params';
import { AuditQueryDto, CooperativeSecurityDto, CreateInvitationDto } from './dto/accounts.dto';

/** A cooperative's people: invitations, roles, the second-factor rule, and the audit trail. Admins only. */
@ApiTags('accounts')
@Controller('api/cooperatives/:cooperativeId')
export class AccountsController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly roles: RolesService,
    private readonly audit: AuditService,
  ) {}

  /** Mails a link; accepting it grants the role (and binds the member record). */
  @Post('invitations')
  @Access.cooperative('accounts.manage')
  invite(@Ctx() ctx: CooperativeContext, @Body() dto: CreateInvitationDto) {
    return this.invitations.invite(ctx, { ...dto, memberId: dto.memberId?.toLowerCase() });
  }

  @Get('invitations')
  @Access.cooperative('accounts.manage')
  listInvitations(@Ctx() ctx: CooperativeContext) {
    return this.invitations.list(ctx);
  }

  @Delete('invitations/:invitationId')
  @Access.cooperative('accounts.manage')
  revokeInvitation(@Ctx() ctx: CooperativeContext, @UuidParam('invitationId') invitationId: string) {
    return this.invitations.revoke(ctx, invitationId);
  }

  @Get('roles')
  @Access.cooperative('accounts.manage')
  listRoles(@Ctx() ctx: CooperativeContext) {
    return this.roles.list(ctx);
  }

  /** The person loses their role here, and their API tokens for this cooperative. */
  @Delete('roles/:userId')
  @HttpCode(204)
  @Access.cooperative('accounts.manage')
  async revokeRole(@Ctx() ctx: CooperativeContext, @UuidParam('userId') userId: string): Promise<void> {
    await this.roles.revoke(ctx, userId);
  }

  @Put('security')
  @Access.cooperative('accounts.manage')
  security(@Ctx() ctx: CooperativeContext, @Body() dto: CooperativeSecurityDto) {
    return this.roles.setAdminSecondFactor(ctx, dto.requireAdminSecondFactor);
  }

  /** Who did what, newest first; `cursor` is the `nextCursor` of the previous page. */
  @Get('audit-events')
  @Access.cooperative('audit.read')
  auditEvents(@Ctx() ctx: CooperativeContext, @Query() q: AuditQueryDto) {
    return this.audit.list(ctx, { ...q, limit: q.limit ?? 100, before: q.cursor });
  }
}
