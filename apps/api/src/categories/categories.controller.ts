import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CategoriesService } from '@coop/ledger';
import { UuidParam } from '../common/params';
import { CreateCategoryDto } from './dto/create-category.dto';

@ApiTags('categories')
@Controller('api/cooperatives/:cooperativeId/categories')
export class CategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  @Post()
  create(@UuidParam('cooperativeId') cooperativeId: string, @Body() dto: CreateCategoryDto) {
    return this.categories.create(cooperativeId, dto);
  }

  @Get()
  list(@UuidParam('cooperativeId') cooperativeId: string) {
    return this.categories.list(cooperativeId);
  }
}
