import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainError, Money, type CooperativeContext } from '@coop/core';
import { ShareClassEntity } from '@coop/database';
import type { PersonType, ShareClassSnapshot } from '../rules';
import { amount } from '../shared/views';
import { CooperativesService } from '../cooperatives/cooperatives.service';

export interface CreateShareClassInput {
  code: string;
  name: string;
  nominalValue: string;
  minPerMember?: number;
  maxPerMember?: number | null;
  holderTypes?: PersonType[];
  eligibleCategoryIds?: string[];
}

export const shareClassView = (s: ShareClassEntity) => ({
  id: s.id,
  code: s.code,
  name: s.name,
  nominalValue: amount(s.nominalValue),
  minPerMember: s.minPerMember,
  maxPerMember: s.maxPerMember,
  holderTypes: s.holderTypes,
  eligibleCategoryIds: s.eligibleCategoryIds,
  createdAt: s.createdAt.toISOString(),
});
export type ShareClassView = ReturnType<typeof shareClassView>;

export const shareClassSnapshot = (s: ShareClassEntity): ShareClassSnapshot => ({
  id: s.id,
  code: s.code,
  nominalValue: s.nominalValue,
  minPerMember: s.minPerMember,
  maxPerMember: s.maxPerMember,
  holderTypes: s.holderTypes as PersonType[],
  eligibleCategoryIds: s.eligibleCategoryIds,
});

@Injectable()
export class ShareClassesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cooperatives: CooperativesService,
  ) {}

  async create(ctx: CooperativeContext, input: CreateShareClassInput): Promise<ShareClassView> {
    const { cooperativeId } = ctx;
    await this.cooperatives.getEntity(cooperativeId);
    const repo = this.db.getRepository(ShareClassEntity);
    if (await repo.existsBy({ cooperativeId, code: input.code })) throw new DomainError('DUPLICATE_CODE', `share class ${input.code} already exists`, 'code');
    const minPerMember = input.minPerMember ?? 1;
    if (input.maxPerMember != null && input.maxPerMember < Math.max(minPerMember, 1)) {
      throw new DomainError('VALIDATION_FAILED', 'maxPerMember must be at least minPerMember and at least 1', 'maxPerMember');
    }
    const categoryIds = [...new Set(input.eligibleCategoryIds ?? [])];
    if (categoryIds.length) {
      const [{ count }] = await this.db.query('SELECT count(*)::int AS count FROM category WHERE cooperative_id = $1 AND id = ANY($2::uuid[])', [
        cooperativeId,
        categoryIds,
      ]);
      if (count !== categoryIds.length)
        throw new DomainError('CATEGORY_NOT_FOUND', 'an eligible category does not exist in this cooperative', 'eligibleCategoryIds');
    }
    const saved = await repo.save(
      repo.create({
        id: randomUUID(),
        cooperativeId,
        code: input.code,
        name: input.name.trim(),
        nominalValue: new Money(input.nominalValue),
        minPerMember,
        maxPerMember: input.maxPerMember ?? null,
        holderTypes: [...new Set(input.holderTypes ?? ['NATURAL', 'LEGAL'])],
        eligibleCategoryIds: categoryIds,
      }),
    );
    return shareClassView((await repo.findOneBy({ id: saved.id })) as ShareClassEntity);
  }

  async list(ctx: CooperativeContext): Promise<ShareClassView[]> {
    const { cooperativeId } = ctx;
    await this.cooperatives.getEntity(cooperativeId);
    return (await this.db.getRepository(ShareClassEntity).find({ where: { cooperativeId }, order: { code: 'ASC' } })).map(shareClassView);
  }

  async getEntity(cooperativeId: string, id: string, field = 'shareClassId'): Promise<ShareClassEntity> {
    const found = await this.db.getRepository(ShareClassEntity).findOneBy({ cooperativeId, id });
    if (!found) throw new DomainError('SHARE_CLASS_NOT_FOUND', `share class ${id} does not exist in this cooperative`, field);
    return found;
  }
}
