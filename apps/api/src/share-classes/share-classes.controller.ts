import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ShareClassesService } from '@coop/ledger';
import { UuidParam } from '../common/params';
import { CreateShareClassDto } from './dto/create-share-class.dto';

@ApiTags('share classes')
@Controller('api/cooperatives/:cooperativeId/share-classes')
export class ShareClassesController {
  constructor(private readonly shareClasses: ShareClassesService) {}

  @Post()
  create(@UuidParam('cooperativeId') cooperativeId: string, @Body() dto: CreateShareClassDto) {
    return this.shareClasses.create(cooperativeId, dto);
  }

  @Get()
  list(@UuidParam('cooperativeId') cooperativeId: string) {
    return this.shareClasses.list(cooperativeId);
  }
}
