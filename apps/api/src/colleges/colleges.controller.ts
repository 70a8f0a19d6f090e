import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CollegesService } from '@coop/ledger';
import { UuidParam } from '../common/params';
import { ReplaceCollegesDto } from './dto/replace-colleges.dto';

@ApiTags('colleges')
@Controller('api/cooperatives/:cooperativeId/colleges')
export class CollegesController {
  constructor(private readonly colleges: CollegesService) {}

  @Get()
  list(@UuidParam('cooperativeId') cooperativeId: string) {
    return this.colleges.list(cooperativeId);
  }

  @Put()
  replace(@UuidParam('cooperativeId') cooperativeId: string, @Body() dto: ReplaceCollegesDto) {
    return this.colleges.replaceAll(cooperativeId, dto.colleges);
  }
}
