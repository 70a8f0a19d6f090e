import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CooperativesService } from '@coop/ledger';
import { UuidParam } from '../common/params';
import { PageQueryDto } from '../common/query.dto';
import { CooperativeSettingsDto } from './dto/cooperative-settings.dto';
import { CreateCooperativeDto } from './dto/create-cooperative.dto';

@ApiTags('cooperatives')
@Controller('api/cooperatives')
export class CooperativesController {
  constructor(private readonly cooperatives: CooperativesService) {}

  @Post()
  create(@Body() dto: CreateCooperativeDto) {
    return this.cooperatives.create(dto);
  }

  @Get()
  list(@Query() q: PageQueryDto) {
    return this.cooperatives.list(q.limit ?? 50, q.cursor);
  }

  @Get(':cooperativeId')
  get(@UuidParam('cooperativeId') id: string) {
    return this.cooperatives.get(id);
  }

  @Patch(':cooperativeId/settings')
  updateSettings(@UuidParam('cooperativeId') id: string, @Body() dto: CooperativeSettingsDto) {
    return this.cooperatives.updateSettings(id, dto);
  }
}
