import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainError, Money, type CooperativeContext } from '@coop/core';
import { CollegeEntity, CooperativeEntity, inTransaction } from '@coop/database';
import { amount } from '../shared/views';
import { validateCollegeWeights } from '../rules';

export interface CollegeInput {
  /** Keep an existing college (its members stay in it) by giving its id. */
  id?: string;
  name: string;
  /** Percent of votes; omit on every college for equal weights. */
  weight?: string | null;
}

export const collegeView = (c: CollegeEntity) => ({ id: c.id, name: c.name, weight: c.weight ? amount(c.weight) : null, position: c.position });
export type CollegeView = ReturnType<typeof collegeView>;

@Injectable()
export class CollegesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(ctx: CooperativeContext): Promise<CollegeView[]> {
    const { cooperativeId } = ctx;
    if (!(await this.db.getRepository(CooperativeEntity).existsBy({ id: cooperativeId })))
      throw new DomainError('COOPERATIVE_NOT_FOUND', `cooperative ${cooperativeId} does not exist`, 'cooperativeId');
    const rows = await this.db.getRepository(CollegeEntity).find({ where: { cooperativeId }, order: { position: 'ASC' } });
    return rows.map(collegeView);
  }

  /** Weights change as one set, in one transaction: the set is legal before and after, never in between. */
  async replaceAll(ctx: CooperativeContext, colleges: CollegeInput[]): Promise<CollegeView[]> {
    const { cooperativeId } = ctx;
    return inTransaction(this.db, async ({ manager: em }) => {
      const coop = await em.getRepository(CooperativeEntity).findOne({ where: { id: cooperativeId }, lock: { mode: 'pessimistic_write' } });
      if (!coop) throw new DomainError('COOPERATIVE_NOT_FOUND', `cooperative ${cooperativeId} does not exist`, 'cooperativeId');
      if (!coop.usesColleges) throw new DomainError('COLLEGES_NOT_USED', "this cooperative's statutes do not use colleges (settings.usesColleges)", 'colleges');
      validateCollegeWeights(
        colleges.map((c) => ({ name: c.name, weight: c.weight == null ? null : new Money(c.weight) })),
        coop.legalKind as never,
      );
      const repo = em.getRepository(CollegeEntity);
      const existing = await repo.find({ where: { cooperativeId } });
      const existingIds = new Set(existing.map((c) => c.id));
      colleges.forEach((c, i) => {
        if (c.id && !existingIds.has(c.id))
          throw new DomainError('COLLEGE_NOT_FOUND', `college ${c.id} does not exist in this cooperative`, `colleges[${i}].id`);
        if (c.id && colleges.findIndex((o) => o.id === c.id) !== i)
          throw new DomainError('VALIDATION_FAILED', `college ${c.id} appears twice in the set`, `colleges[${i}].id`);
      });
      const kept = new Set(colleges.map((c) => c.id).filter(Boolean));
      const removed = existing.filter((c) => !kept.has(c.id)).map((c) => c.id);
      if (removed.length) {
        const [{ count }] = await em.query('SELECT count(*)::int AS count FROM member WHERE cooperative_id = $1 AND college_id = ANY($2::uuid[])', [
          cooperativeId,
          removed,
        ]);
        if (count > 0)
          throw new DomainError('COLLEGE_IN_USE', `${count} members belong to a college this set removes: move them first`, 'colleges', { members: count });
        await repo.delete(removed);
      }
      // Names are unique: park kept colleges under temporary names before renaming them.
      for (const c of existing.filter((e) => kept.has(e.id))) await repo.update({ id: c.id }, { name: `~${c.id}` });
      for (const [position, c] of colleges.entries()) {
        const weight = c.weight == null ? null : new Money(c.weight);
        if (c.id) await repo.update({ id: c.id }, { name: c.name.trim(), weight, position });
        else await repo.insert({ id: randomUUID(), cooperativeId, name: c.name.trim(), weight, position });
      }
      return (await repo.find({ where: { cooperativeId }, order: { position: 'ASC' } })).map(collegeView);
    });
  }
}
