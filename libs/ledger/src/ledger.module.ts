import { Module, type DynamicModule } from '@nestjs/common';
import { CapitalRepository } from './capital/capital.repository';
import { CapitalService } from './capital/capital.service';
import { CategoriesService } from './categories/categories.service';
import { CertificatesService } from './certificates/certificates.service';
import { CollegesService } from './colleges/colleges.service';
import { CooperativesService } from './cooperatives/cooperatives.service';
import { LossStatementsService } from './loss-statements/loss-statements.service';
import { MemberSpaceService } from './member-space/member-space.service';
import { MembersService } from './members/members.service';
import { JournalWriter } from './movements/journal-writer';
import { MovementsRepository } from './movements/movements.repository';
import { MovementsService } from './movements/movements.service';
import { PERSONAL_DATA_RETENTION_DAYS, PersonalDataService } from './personal-data/personal-data.service';
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
  MemberSpaceService,
  CertificatesService,
  PersonalDataService,
];

/** What the services use inside the library: the SQL of the journal and of the capital, the journal's writer. */
const INTERNALS = [MovementsRepository, JournalWriter, CapitalRepository];

/** The ledger's application services; expects a TypeORM DataSource in the container. */
@Module({ providers: [...SERVICES, ...INTERNALS], exports: SERVICES })
export class LedgerModule {
  /** With the settings of the API (the retention of personal data); the plain module uses the defaults. */
  static register(options: { personalDataRetentionDays?: number } = {}): DynamicModule {
    const retention =
      options.personalDataRetentionDays === undefined ? [] : [{ provide: PERSONAL_DATA_RETENTION_DAYS, useValue: options.personalDataRetentionDays }];
    return { module: LedgerModule, providers: [...SERVICES, ...INTERNALS, ...retention], exports: SERVICES };
  }
}
