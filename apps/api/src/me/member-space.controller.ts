import { Body, Controller, Get, Patch, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CooperativeContext } from '@coop/core';
import { CertificatesService, MemberSpaceService, ownMember } from '@coop/ledger';
import { Access, Ctx } from '../common/access.decorator';
import { AsOfQueryDto } from '../common/query.dto';
import { MovementQueryDto } from '../movements/dto/movement-query.dto';
import { sendPdf } from '../common/send-file';
import { CertificateQueryDto, UpdateOwnProfileDto } from './dto/member-space.dto';

/** A member's own space in one of their cooperatives: always the record bound to their account. */
@ApiTags('me')
@Controller('api/me/cooperatives/:cooperativeId')
export class MemberSpaceController {
  constructor(
    private readonly space: MemberSpaceService,
    private readonly certificates: CertificatesService,
  ) {}

  @Get('profile')
  @Access.cooperative('own-member.read')
  profile(@Ctx() ctx: CooperativeContext) {
    return this.space.profile(ctx);
  }

  /** Contact data only; the change reaches Odoo with the next member sync. */
  @Patch('profile')
  @Access.cooperative('own-member.write')
  updateProfile(@Ctx() ctx: CooperativeContext, @Body() dto: UpdateOwnProfileDto) {
    return this.space.updateProfile(ctx, dto);
  }

  @Get('holdings')
  @Access.cooperative('own-member.read')
  holdings(@Ctx() ctx: CooperativeContext, @Query() q: AsOfQueryDto) {
    return this.space.holdings(ctx, q.asOf);
  }

  @Get('movements')
  @Access.cooperative('own-member.read')
  movements(@Ctx() ctx: CooperativeContext, @Query() q: MovementQueryDto) {
    const { memberId: _ignored, ...filter } = q;
    return this.space.movements(ctx, { ...filter, limit: q.limit ?? 50 });
  }

  /** The share certificate (PDF), French unless `lang=en`. */
  @Get('certificate')
  @Access.cooperative('own-member.read')
  @ApiProduces('application/pdf')
  async certificate(@Ctx() ctx: CooperativeContext, @Query() q: CertificateQueryDto, @Res() res: Response): Promise<void> {
    sendPdf(res, await this.certificates.issue(ctx, ownMember(ctx), { language: q.lang, asOf: q.asOf }));
  }

  /** Everything the cooperative holds about the member, as JSON. */
  @Get('export')
  @Access.cooperative('own-member.read')
  export(@Ctx() ctx: CooperativeContext) {
    return this.space.export(ctx);
  }
}
