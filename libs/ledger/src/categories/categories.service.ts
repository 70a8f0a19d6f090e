import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainError, type CooperativeContext } from '@coop/core';
import { CategoryEntity } from '@coop/database';
import type { CategoryKind } from '../rules';
import { CooperativesService } from '../cooperatives/cooperatives.service';

export interface CreateCategoryInput {
  name: string;
  kind: CategoryKind;
  description?: string;
}

export const categoryView = (c: CategoryEntity) => ({ id: c.id, name: c.name, kind: c.kind, description: c.description, createdAt: c.createdAt.toISOString() });
export type CategoryView = ReturnType<typeof categoryView>;

@Injectable()
export class CategoriesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cooperatives: CooperativesService,
  ) {}

  async create(ctx: CooperativeContext, input: CreateCategoryInput): Promise<CategoryView> {
    const { cooperativeId } = ctx;
    await this.cooperatives.getEntity(cooperativeId);
    const repo = this.db.getRepository(CategoryEntity);
    if (await repo.existsBy({ cooperativeId, name: input.name.trim() })) {
      throw new DomainError('DUPLICATE_CODE', `a category named "${input.name}" already exists`, 'name');
    }
    const saved = await repo.save(
      repo.create({ id: randomUUID(), cooperativeId, name: input.name.trim(), kind: input.kind, description: input.description ?? null }),
    );
    return categoryView((await repo.findOneBy({ id: saved.id })) as CategoryEntity);
  }

  async list(ctx: CooperativeContext): Promise<CategoryView[]> {
    const { cooperativeId } = ctx;
    await this.cooperatives.getEntity(cooperativeId);
    const rows = await this.db.getRepository(CategoryEntity).find({ where: { cooperativeId }, order: { name: 'ASC' } });
    return rows.map(categoryView);
  }

  async getEntity(cooperativeId: string, id: string, field = 'categoryId'): Promise<CategoryEntity> {
    const found = await this.db.getRepository(CategoryEntity).findOneBy({ cooperativeId, id });
    if (!found) throw new DomainError('CATEGORY_NOT_FOUND', `category ${id} does not exist in this cooperative`, field);
    return found;
  }
}
