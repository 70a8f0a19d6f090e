import { Module } from '@nestjs/common';
import { CapitalRepository } from './capital/capital.repository';
import { CapitalService } from './capital/capital.service';
import { CategoriesService } from './categories/categories.service';
import { CollegesService } from './colleges/colleges.service';
import { CooperativesService } from './cooperatives/cooperatives.service';
import { LossStatementsService } from './loss-statements/loss-statements.service';
import { MembersService } from './members/members.service';
import { JournalWriter } from './movements/journal-writer';
import { MovementsRepository } from './movements/movements.repository';
import { MovementsService } from './movements/movements.service';
import { RedemptionRequestsService } from './redemption-requests/redemption-requests.service';
import { RegisterService } from './register/register.service';
import { ShareClassesService } from './share-classes/share-classes.service';

const SERVICES = [
  CooperativesService,
  CategoriesService,
  CollegesService,
  ShareClassesService,
  MembersService,
  MovementsService,
  CapitalService,
  RegisterService,
  LossStatementsService,
  RedemptionRequestsService,
];

/** What the services use inside the library: the SQL of the journal and of the capital, the journal's writer. */
const INTERNALS = [MovementsRepository, JournalWriter, CapitalRepository];

/** The ledger's application services; expects a TypeORM DataSource in the container. */
@Module({ providers: [...SERVICES, ...INTERNALS], exports: SERVICES })
export class LedgerModule {}
