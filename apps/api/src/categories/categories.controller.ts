import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CooperativeContext } from '@coop/core';
import { CategoriesService } from '@coop/ledger';
import { Access, Ctx } from '../common/access.decorator';
import { CreateCategoryDto } from './dto/create-category.dto';

@ApiTags('categories')
@Controller('api/cooperatives/:cooperativeId/categories')
export class CategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  @Post()
  @Access.cooperative('cooperative.configure')
  create(@Ctx() ctx: CooperativeContext, @Body() dto: CreateCategoryDto) {
    return this.categories.create(ctx, dto);
  }

  @Get()
  @Access.cooperative('cooperative.read')
  list(@Ctx() ctx: CooperativeContext) {
    return this.categories.list(ctx);
  }
}
