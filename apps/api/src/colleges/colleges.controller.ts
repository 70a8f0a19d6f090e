import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CooperativeContext } from '@coop/core';
import { CollegesService } from '@coop/ledger';
import { Access, Ctx } from '../common/access.decorator';
import { ReplaceCollegesDto } from './dto/replace-colleges.dto';

@ApiTags('colleges')
@Controller('api/cooperatives/:cooperativeId/colleges')
export class CollegesController {
  constructor(private readonly colleges: CollegesService) {}

  @Get()
  @Access.cooperative('cooperative.read')
  list(@Ctx() ctx: CooperativeContext) {
    return this.colleges.list(ctx);
  }

  @Put()
  @Access.cooperative('cooperative.configure')
  replace(@Ctx() ctx: CooperativeContext, @Body() dto: ReplaceCollegesDto) {
    return this.colleges.replaceAll(ctx, dto.colleges);
  }
}
