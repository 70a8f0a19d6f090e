import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { MembersService, type IdempotencyClaim } from '@coop/ledger';
import { Idempotency, UuidParam } from '../common/params';
import { AsOfQueryDto } from '../common/query.dto';
import { AdmitMemberDto } from './dto/admit-member.dto';
import { CreateMemberDto } from './dto/create-member.dto';
import { ExitMemberDto } from './dto/exit-member.dto';
import { MemberQueryDto } from './dto/member-query.dto';
import { UpdateMemberDto } from './dto/update-member.dto';

@ApiTags('members')
@Controller('api/cooperatives/:cooperativeId/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  create(@UuidParam('cooperativeId') cooperativeId: string, @Body() dto: CreateMemberDto, @Idempotency() idempotency?: IdempotencyClaim) {
    return this.members.create(cooperativeId, dto, idempotency);
  }

  @Get()
  list(@UuidParam('cooperativeId') cooperativeId: string, @Query() q: MemberQueryDto) {
    return this.members.list(cooperativeId, { ...q, limit: q.limit ?? 50 });
  }

  @Get(':memberId')
  get(@UuidParam('cooperativeId') cooperativeId: string, @UuidParam('memberId') memberId: string) {
    return this.members.get(cooperativeId, memberId);
  }

  @Patch(':memberId')
  update(@UuidParam('cooperativeId') cooperativeId: string, @UuidParam('memberId') memberId: string, @Body() dto: UpdateMemberDto) {
    return this.members.update(cooperativeId, memberId, dto);
  }

  @Post(':memberId/admission')
  admit(@UuidParam('cooperativeId') cooperativeId: string, @UuidParam('memberId') memberId: string, @Body() dto: AdmitMemberDto) {
    return this.members.admit(cooperativeId, memberId, dto);
  }

  @Post(':memberId/exit')
  exit(@UuidParam('cooperativeId') cooperativeId: string, @UuidParam('memberId') memberId: string, @Body() dto: ExitMemberDto) {
    return this.members.exit(cooperativeId, memberId, dto);
  }

  @Get(':memberId/holdings')
  holdings(@UuidParam('cooperativeId') cooperativeId: string, @UuidParam('memberId') memberId: string, @Query() q: AsOfQueryDto) {
    return this.members.holdings(cooperativeId, memberId, q.asOf);
  }
}
