import type { Type } from '@nestjs/common';
import type { DemoRequestBodies, RequestBodyCheck } from '@coop/demo';
import { CreateCategoryDto } from './categories/dto/create-category.dto';
import { ReplaceCollegesDto } from './colleges/dto/replace-colleges.dto';
import { createValidationPipe } from './common/validation.pipe';
import { CreateCooperativeDto } from './cooperatives/dto/create-cooperative.dto';
import { CreateLossStatementDto } from './loss-statements/dto/create-loss-statement.dto';
import { AdmitMemberDto } from './members/dto/admit-member.dto';
import { CreateMemberDto } from './members/dto/create-member.dto';
import { ExitMemberDto } from './members/dto/exit-member.dto';
import { CreatePaymentDto } from './movements/dto/create-payment.dto';
import { CreateRedemptionDto } from './movements/dto/create-redemption.dto';
import { CreateRefundDto } from './movements/dto/create-refund.dto';
import { CreateReversalDto } from './movements/dto/create-reversal.dto';
import { CreateSubscriptionDto } from './movements/dto/create-subscription.dto';
import { CreateTransferDto } from './movements/dto/create-transfer.dto';
import { CreateShareClassDto } from './share-classes/dto/create-share-class.dto';

/** The DTO each write request's body is validated with, as its controller declares it. */
const BODIES: { [K in keyof DemoRequestBodies]: Type<DemoRequestBodies[K]> } = {
  createCooperative: CreateCooperativeDto,
  createCategory: CreateCategoryDto,
  replaceColleges: ReplaceCollegesDto,
  createShareClass: CreateShareClassDto,
  createMember: CreateMemberDto,
  admit: AdmitMemberDto,
  exit: ExitMemberDto,
  subscribe: CreateSubscriptionDto,
  pay: CreatePaymentDto,
  transfer: CreateTransferDto,
  redeem: CreateRedemptionDto,
  refund: CreateRefundDto,
  reverse: CreateReversalDto,
  createLossStatement: CreateLossStatementDto,
};

/**
 * The API's validation of request bodies, for writes made without HTTP (the demo, at the first start and in
 * `npm run seed:demo`): the same pipe and DTOs as the controllers, so that such data is what the API would accept.
 */
export function apiRequestBodies(): RequestBodyCheck {
  const pipe = createValidationPipe();
  return async (request, body) => pipe.transform(body, { type: 'body', metatype: BODIES[request], data: undefined });
}
