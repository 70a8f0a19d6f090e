import { Body, Controller, Get, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthCache, changingAccess } from '@coop/auth';
import type { CooperativeContext } from '@coop/core';
import { CertificatesService, MembersService, PersonalDataService, type IdempotencyClaim } from '@coop/ledger';
import { Access, Ctx } from '../common/access.decorator';
import { Idempotency, UuidParam } from '../common/params';
import { AsOfQueryDto } from '../common/query.dto';
import { sendPdf } from '../common/send-file';
import { CertificateQueryDto } from '../me/dto/member-space.dto';
import { AdmitMemberDto } from './dto/admit-member.dto';
import { CreateMemberDto } from './dto/create-member.dto';
import { ExitMemberDto } from './dto/exit-member.dto';
import { MemberQueryDto } from './dto/member-query.dto';
import { UpdateMemberDto } from './dto/update-member.dto';

@ApiTags('members')
@Controller('api/cooperatives/:cooperativeId/members')
export class MembersController {
  constructor(
    private readonly members: MembersService,
    private readonly certificates: CertificatesService,
    private readonly personalData: PersonalDataService,
    private readonly authCache: AuthCache,
  ) {}

  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @Access.cooperative('members.write')
  create(@Ctx() ctx: CooperativeContext, @Body() dto: CreateMemberDto, @Idempotency() idempotency?: IdempotencyClaim) {
    return this.members.create(ctx, dto, idempotency);
  }

  @Get()
  @Access.cooperative('members.list')
  list(@Ctx() ctx: CooperativeContext, @Query() q: MemberQueryDto) {
    return this.members.list(ctx, { ...q, limit: q.limit ?? 50 });
  }

  @Get(':memberId')
  @Access.cooperative('member.read')
  get(@Ctx() ctx: CooperativeContext, @UuidParam('memberId') memberId: string) {
    return this.members.get(ctx, memberId);
  }

  @Patch(':memberId')
  @Access.cooperative('members.write')
  update(@Ctx() ctx: CooperativeContext, @UuidParam('memberId') memberId: string, @Body() dto: UpdateMemberDto) {
    return this.members.update(ctx, memberId, dto);
  }

  @Post(':memberId/admission')
  @Access.cooperative('members.write')
  admit(@Ctx() ctx: CooperativeContext, @UuidParam('memberId') memberId: string, @Body() dto: AdmitMemberDto) {
    return this.members.admit(ctx, memberId, dto);
  }

  @Post(':memberId/exit')
  @Access.cooperative('members.write')
  exit(@Ctx() ctx: CooperativeContext, @UuidParam('memberId') memberId: string, @Body() dto: ExitMemberDto) {
    return this.members.exit(ctx, memberId, dto);
  }

  @Get(':memberId/holdings')
  @Access.cooperative('member.read')
  holdings(@Ctx() ctx: CooperativeContext, @UuidParam('memberId') memberId: string, @Query() q: AsOfQueryDto) {
    return this.members.holdings(ctx, memberId, q.asOf);
  }

  /** The member's share certificate (PDF), French unless `lang=en`; a member may get only their own. */
  @Get(':memberId/certificate')
  @Access.cooperative('certificate.read')
  @ApiProduces('application/pdf')
  async certificate(
    @Ctx() ctx: CooperativeContext,
    @UuidParam('memberId') memberId: string,
    @Query() q: CertificateQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    sendPdf(res, await this.certificates.issue(ctx, memberId, { language: q.lang, asOf: q.asOf }));
  }

  /** Replaces the personal data of a member closed for longer than the retention; the register keeps its legal facts. */
  @Post(':memberId/pseudonymisation')
  @Access.cooperative('personal-data.manage')
  pseudonymise(@Ctx() ctx: CooperativeContext, @UuidParam('memberId') memberId: string) {
    // the member's account loses its binding: what this process remembers of sign-ins is forgotten
    return changingAccess(this.authCache, () => this.personalData.pseudonymise(ctx, memberId));
  }
}
