import type { INestApplicationContext } from '@nestjs/common';
import { systemContext, type Actor, type CooperativeContext } from '@coop/core';
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

/** The demo loader acting on its own: full rights in the cooperative it loads, named `system:demo` in the audit. */
export function demoContext(cooperativeId: string): CooperativeContext {
  return systemContext(cooperativeId, 'demo');
}

/** The demo loader as the platform's operator: it creates the demo cooperative and looks for it among all of them. */
export const DEMO_OPERATOR: Actor = { kind: 'system', userId: null, tokenId: null, label: 'system:demo', operator: true, grants: [] };

/**
 * The body of each write the demo makes, as the service receives it from the controller. Derived from the services'
 * signatures, so that a change of a service's input is a compile error here rather than a demo that drifts.
 */
export interface DemoRequestBodies {
  createCooperative: Parameters<CooperativesService['create']>[0];
  createCategory: Parameters<CategoriesService['create']>[1];
  replaceColleges: { colleges: Parameters<CollegesService['replaceAll']>[1] };
  createShareClass: Parameters<ShareClassesService['create']>[1];
  createMember: Parameters<MembersService['create']>[1];
  admit: Parameters<MembersService['admit']>[2];
  exit: Parameters<MembersService['exit']>[2];
  subscribe: Parameters<MovementsService['subscribe']>[1];
  pay: Parameters<MovementsService['pay']>[1];
  transfer: Parameters<MovementsService['transfer']>[1];
  redeem: Parameters<RedemptionRequestsService['redeemOrDefer']>[1] & { deferIfBelowFloor?: boolean };
  refund: Parameters<MovementsService['refund']>[1];
  reverse: Parameters<MovementsService['reverse']>[2];
  createLossStatement: Parameters<LossStatementsService['create']>[1];
}

/**
 * Turns a request body into what the controller would hand to the service: the API's own validation (its pipe and
 * DTOs, which live in apps/api and are given to the demo from there), or a refusal.
 */
export type RequestBodyCheck = <K extends keyof DemoRequestBodies>(request: K, body: object) => Promise<DemoRequestBodies[K]>;

/**
 * The API's write calls, without HTTP: each body goes through the API's validation, then to the same ledger service
 * the controller calls. So the demo data is what the API would have produced from the same requests, and the
 * ledger's rules decide every step.
 */
export class DemoApi {
  readonly cooperatives: CooperativesService;
  readonly categories: CategoriesService;
  readonly colleges: CollegesService;
  readonly shareClasses: ShareClassesService;
  readonly members: MembersService;
  readonly movements: MovementsService;
  readonly lossStatements: LossStatementsService;
  readonly capital: CapitalService;
  readonly redemptions: RedemptionRequestsService;

  constructor(
    app: INestApplicationContext,
    private readonly body: RequestBodyCheck,
  ) {
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

  async createCooperative(body: object) {
    return this.cooperatives.create(await this.body('createCooperative', body));
  }

  async createCategory(cooperativeId: string, body: object) {
    return this.categories.create(demoContext(cooperativeId), await this.body('createCategory', body));
  }

  async replaceColleges(cooperativeId: string, body: object) {
    return this.colleges.replaceAll(demoContext(cooperativeId), (await this.body('replaceColleges', body)).colleges);
  }

  async createShareClass(cooperativeId: string, body: object) {
    return this.shareClasses.create(demoContext(cooperativeId), await this.body('createShareClass', body));
  }

  async createMember(cooperativeId: string, body: object) {
    return this.members.create(demoContext(cooperativeId), await this.body('createMember', body));
  }

  async admit(cooperativeId: string, memberId: string, body: object) {
    return this.members.admit(demoContext(cooperativeId), memberId, await this.body('admit', body));
  }

  async exit(cooperativeId: string, memberId: string, body: object) {
    return this.members.exit(demoContext(cooperativeId), memberId, await this.body('exit', body));
  }

  async subscribe(cooperativeId: string, body: object) {
    return this.movements.subscribe(demoContext(cooperativeId), await this.body('subscribe', body));
  }

  async pay(cooperativeId: string, body: object) {
    return this.movements.pay(demoContext(cooperativeId), await this.body('pay', body));
  }

  async transfer(cooperativeId: string, body: object) {
    return this.movements.transfer(demoContext(cooperativeId), await this.body('transfer', body));
  }

  /** As the controller: executed at once, or (with `deferIfBelowFloor`) queued while the capital floor holds it back. */
  async redeem(cooperativeId: string, body: object) {
    const { deferIfBelowFloor, ...dto } = await this.body('redeem', body);
    return this.redemptions.redeemOrDefer(demoContext(cooperativeId), dto, deferIfBelowFloor ?? false);
  }

  async refund(cooperativeId: string, body: object) {
    return this.movements.refund(demoContext(cooperativeId), await this.body('refund', body));
  }

  async reverse(cooperativeId: string, movementId: string, body: object) {
    return this.movements.reverse(demoContext(cooperativeId), movementId, await this.body('reverse', body));
  }

  async createLossStatement(cooperativeId: string, body: object) {
    return this.lossStatements.create(demoContext(cooperativeId), await this.body('createLossStatement', body));
  }
}
