import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CooperativeContext } from '@coop/core';
import { CertificatesService } from '@coop/ledger';
import { Access, Ctx } from '../common/access.decorator';

@ApiTags('register')
@Controller('api/cooperatives/:cooperativeId/certificates')
export class CertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  /** Is a presented certificate genuine, and does the register still say what it says? */
  @Get(':reference/verification')
  @Access.cooperative('register.read')
  verify(@Ctx() ctx: CooperativeContext, @Param('reference') reference: string) {
    return this.certificates.verify(ctx, reference.slice(0, 40));
  }
}
