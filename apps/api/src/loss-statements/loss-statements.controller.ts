import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { LossStatementsService } from '@coop/ledger';
import { UuidParam } from '../common/params';
import { CreateLossStatementDto } from './dto/create-loss-statement.dto';

@ApiTags('loss statements')
@Controller('api/cooperatives/:cooperativeId/loss-statements')
export class LossStatementsController {
  constructor(private readonly statements: LossStatementsService) {}

  @Post()
  create(@UuidParam('cooperativeId') id: string, @Body() dto: CreateLossStatementDto) {
    return this.statements.create(id, dto);
  }

  @Get()
  list(@UuidParam('cooperativeId') id: string) {
    return this.statements.list(id);
  }
}
