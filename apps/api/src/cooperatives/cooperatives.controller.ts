import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Actor, CooperativeContext } from '@coop/core';
import { InvitationsService } from '@coop/auth';
import { CooperativesService } from '@coop/ledger';
import { Access, Ctx, CurrentActor } from '../common/access.decorator';
import { PageQueryDto } from '../common/query.dto';
import { CooperativeSettingsDto } from './dto/cooperative-settings.dto';
import { CreateCooperativeDto } from './dto/create-cooperative.dto';

@ApiTags('cooperatives')
@Controller('api/cooperatives')
export class CooperativesController {
  constructor(
    private readonly cooperatives: CooperativesService,
    private readonly invitations: InvitationsService,
  ) {}

  /** A cooperative and its first admin (`firstAdminEmail`, or the operator creating it), in one transaction. */
  @Post()
  @Access.operator()
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateCooperativeDto) {
    const { firstAdminEmail, ...input } = dto;
    let afterCommit = () => undefined as void;
    const created = await this.cooperatives.create(input, async (em, cooperativeId) => {
      ({ afterCommit } = await this.invitations.firstAdmin(em, actor, cooperativeId, firstAdminEmail));
    });
    afterCommit();
    return created;
  }

  /** An operator sees every cooperative; anyone else the cooperatives they have a role in. */
  @Get()
  @Access.authenticated()
  list(@CurrentActor() actor: Actor, @Query() q: PageQueryDto) {
    return this.cooperatives.list(actor, q.limit ?? 50, q.cursor);
  }

  @Get(':cooperativeId')
  @Access.cooperative('cooperative.read')
  get(@Ctx() ctx: CooperativeContext) {
    return this.cooperatives.get(ctx);
  }

  @Patch(':cooperativeId/settings')
  @Access.cooperative('cooperative.configure')
  updateSettings(@Ctx() ctx: CooperativeContext, @Body() dto: CooperativeSettingsDto) {
    return this.cooperatives.updateSettings(ctx, dto);
  }
}
