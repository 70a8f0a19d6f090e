import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CooperativeContext } from '@coop/core';
import { LossStatementsService } from '@coop/ledger';
import { Access, Ctx } from '../common/access.decorator';
import { CreateLossStatementDto } from './dto/create-loss-statement.dto';

@ApiTags('loss statements')
@Controller('api/cooperatives/:cooperativeId/loss-statements')
export class LossStatementsController {
  constructor(private readonly statements: LossStatementsService) {}

  @Post()
  @Access.cooperative('movements.write')
  create(@Ctx() ctx: CooperativeContext, @Body() dto: CreateLossStatementDto) {
    return this.statements.create(ctx, dto);
  }

  @Get()
  @Access.cooperative('capital.read')
  list(@Ctx() ctx: CooperativeContext) {
    return this.statements.list(ctx);
  }
}
