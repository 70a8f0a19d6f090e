import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CapitalService } from '@coop/ledger';
import { UuidParam } from '../common/params';
import { AsOfQueryDto } from '../common/query.dto';

@ApiTags('capital')
@Controller('api/cooperatives/:cooperativeId')
export class CapitalController {
  constructor(private readonly capital: CapitalService) {}

  /** Subscribed, paid, unpaid and overdue capital, highest capital, floor and public bodies' share. */
  @Get('capital')
  get(@UuidParam('cooperativeId') id: string, @Query() q: AsOfQueryDto) {
    return this.capital.capital(id, q.asOf);
  }

  /** The cooperative against the law: SCIC categories, public bodies' cap, college weights, floor. */
  @Get('compliance')
  compliance(@UuidParam('cooperativeId') id: string, @Query() q: AsOfQueryDto) {
    return this.capital.compliance(id, q.asOf);
  }
}
