import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CooperativeContext } from '@coop/core';
import { ShareClassesService } from '@coop/ledger';
import { Access, Ctx } from '../common/access.decorator';
import { CreateShareClassDto } from './dto/create-share-class.dto';

@ApiTags('share classes')
@Controller('api/cooperatives/:cooperativeId/share-classes')
export class ShareClassesController {
  constructor(private readonly shareClasses: ShareClassesService) {}

  @Post()
  @Access.cooperative('cooperative.configure')
  create(@Ctx() ctx: CooperativeContext, @Body() dto: CreateShareClassDto) {
    return this.shareClasses.create(ctx, dto);
  }

  @Get()
  @Access.cooperative('cooperative.read')
  list(@Ctx() ctx: CooperativeContext) {
    return this.shareClasses.list(ctx);
  }
}
