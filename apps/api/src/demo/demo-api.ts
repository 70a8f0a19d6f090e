import type { INestApplicationContext, Type } from '@nestjs/common';
import {
  CapitalService,
  CategoriesService,
  CollegesService,
  CooperativesService,
  LossStatementsService,
  MembersService,
  MovementsService,
  RedemptionRequestsService,
  ShareClassesService,
} from '@coop/ledger';
import { CreateCategoryDto } from '../categories/dto/create-category.dto';
import { ReplaceCollegesDto } from '../colleges/dto/replace-colleges.dto';
import { createValidationPipe } from '../common/validation.pipe';
import { CreateCooperativeDto } from '../cooperatives/dto/create-cooperative.dto';
import { CreateLossStatementDto } from '../loss-statements/dto/create-loss-statement.dto';
import { AdmitMemberDto } from '../members/dto/admit-member.dto';
import { CreateMemberDto } from '../members/dto/create-member.dto';
import { ExitMemberDto } from '../members/dto/exit-member.dto';
import { CreatePaymentDto } from '../movements/dto/create-payment.dto';
import { CreateRedemptionDto } from '../movements/dto/create-redemption.dto';
import { CreateRefundDto } from '../movements/dto/create-refund.dto';
import { CreateReversalDto } from '../movements/dto/create-reversal.dto';
import { CreateSubscriptionDto } from '../movements/dto/create-subscription.dto';
import { CreateTransferDto } from '../movements/dto/create-transfer.dto';
import { CreateShareClassDto } from '../share-classes/dto/create-share-class.dto';

/**
 * The API's write calls, without HTTP: each body goes through the application's own validation pipe and DTO, then to
 * the same ledger service the controller calls. So the demo data is what the API would have produced from the same
 * requests, and the ledger's rules decide every step.
 */
export class DemoApi {
  private readonly pipe = createValidationPipe();
  readonly cooperatives: CooperativesService;
  readonly categories: CategoriesService;
  readonly colleges: CollegesService;
  readonly shareClasses: ShareClassesService;
  readonly members: MembersService;
  readonly movements: MovementsService;
  readonly lossStatements: LossStatementsService;
  readonly capital: CapitalService;
  readonly redemptions: RedemptionRequestsService;

  constructor(app: INestApplicationContext) {
    this.cooperatives = app.get(CooperativesService);
    this.categories = app.get(CategoriesService);
    this.colleges = app.get(CollegesService);
    this.shareClasses = app.get(ShareClassesService);
    this.members = app.get(MembersService);
    this.movements = app.get(MovementsService);
    this.lossStatements = app.get(LossStatementsService);
    this.capital = app.get(CapitalService);
    this.redemptions = app.get(RedemptionRequestsService);
  }

  /** The body as the controller would receive it: validated, unknown fields refused, turned into the DTO. */
  private async body<T extends object>(dto: Type<T>, value: object): Promise<T> {
    return (await this.pipe.transform(value, { type: 'body', metatype: dto, data: undefined })) as T;
  }

  async createCooperative(body: object) {
    return this.cooperatives.create(await this.body(CreateCooperativeDto, body));
  }

  async createCategory(cooperativeId: string, body: object) {
    return this.categories.create(cooperativeId, await this.body(CreateCategoryDto, body));
  }

  async replaceColleges(cooperativeId: string, body: object) {
    return this.colleges.replaceAll(cooperativeId, (await this.body(ReplaceCollegesDto, body)).colleges);
  }

  async createShareClass(cooperativeId: string, body: object) {
    return this.shareClasses.create(cooperativeId, await this.body(CreateShareClassDto, body));
  }

  async createMember(cooperativeId: string, body: object) {
    return this.members.create(cooperativeId, await this.body(CreateMemberDto, body));
  }

  async admit(cooperativeId: string, memberId: string, body: object) {
    return this.members.admit(cooperativeId, memberId, await this.body(AdmitMemberDto, body));
  }

  async exit(cooperativeId: string, memberId: string, body: object) {
    return this.members.exit(cooperativeId, memberId, await this.body(ExitMemberDto, body));
  }

  async subscribe(cooperativeId: string, body: object) {
    return this.movements.subscribe(cooperativeId, await this.body(CreateSubscriptionDto, body));
  }

  async pay(cooperativeId: string, body: object) {
    return this.movements.pay(cooperativeId, await this.body(CreatePaymentDto, body));
  }

  async transfer(cooperativeId: string, body: object) {
    return this.movements.transfer(cooperativeId, await this.body(CreateTransferDto, body));
  }

  /** As the controller: executed at once, or (with `deferIfBelowFloor`) queued while the capital floor holds it back. */
  async redeem(cooperativeId: string, body: object) {
    const { deferIfBelowFloor, ...dto } = await this.body(CreateRedemptionDto, body);
    return this.redemptions.redeemOrDefer(cooperativeId, dto, deferIfBelowFloor ?? false);
  }

  async refund(cooperativeId: string, body: object) {
    return this.movements.refund(cooperativeId, await this.body(CreateRefundDto, body));
  }

  async reverse(cooperativeId: string, movementId: string, body: object) {
    return this.movements.reverse(cooperativeId, movementId, await this.body(CreateReversalDto, body));
  }

  async createLossStatement(cooperativeId: string, body: object) {
    return this.lossStatements.create(cooperativeId, await this.body(CreateLossStatementDto, body));
  }
}
