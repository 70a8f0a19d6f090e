import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, Money, type Actor, type CooperativeContext } from '@coop/core';
import { CooperativeEntity, inTransaction } from '@coop/database';
import { defaultSettings, validateSettings, type CooperativeSettings, type LegalKind } from '../rules';
import { decodeCursor, encodeCursor, type Page } from '../shared/views';
import { cooperativeView, DECIMAL_SETTINGS, settingsOf, type CooperativeView } from './cooperative.view';

/** Settings as they cross the API: amounts and ratios as decimal strings. All optional: legal defaults apply. */
export interface SettingsInput {
  statutoryCapital?: string;
  statutoryFloor?: string;
  paymentDelayMonths?: number;
  minPaidFraction?: string;
  redemptionDelayMonths?: number;
  fiscalYearEnd?: string;
  usesColleges?: boolean;
  hasEmployees?: boolean;
  admissionApproval?: CooperativeSettings['admissionApproval'];
  transferApproval?: CooperativeSettings['transferApproval'];
  lossAllocation?: CooperativeSettings['lossAllocation'];
  legalReserveRate?: string;
  statutoryReserveRate?: string;
}

export interface CreateCooperativeInput {
  name: string;
  legalKind: LegalKind;
  registrationNumber?: string;
  /** The registered office (siège social), printed on share certificates. */
  registeredOffice?: string;
  settings?: SettingsInput;
}

function mergeSettings(base: CooperativeSettings, input: SettingsInput | null = {}): CooperativeSettings {
  const merged: CooperativeSettings = { ...base };
  for (const [key, value] of Object.entries(input ?? {})) {
    if (value === undefined || value === null) continue; // absent or null: the current (or legal default) value stays
    (merged as unknown as Record<string, unknown>)[key] = (DECIMAL_SETTINGS as readonly string[]).includes(key) ? new Money(value as string) : value;
  }
  return merged;
}

@Injectable()
export class CooperativesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * An operator's (the route says so), or the service's own (the demo). `withCooperative` runs in the same transaction
   * once the cooperative exists (its first admin): both are written, or neither.
   */
  async create(input: CreateCooperativeInput, withCooperative?: (em: EntityManager, cooperativeId: string) => Promise<void>): Promise<CooperativeView> {
    const settings = mergeSettings(defaultSettings(input.legalKind), input.settings);
    try {
      validateSettings(settings);
    } catch (e) {
      // the settings sit under `settings` in this request: name the field as the validation pipe does
      if (e instanceof DomainError && e.field) throw new DomainError(e.code, e.message, `settings.${e.field}`, e.details);
      throw e;
    }
    const id = randomUUID();
    await inTransaction(this.db, async ({ manager: em }) => {
      const repo = em.getRepository(CooperativeEntity);
      await repo.save(
        repo.create({
          ...settings,
          id,
          name: input.name.trim(),
          registrationNumber: input.registrationNumber ?? null,
          registeredOffice: input.registeredOffice?.trim() || null,
        }),
      );
      await withCooperative?.(em, id);
    });
    return cooperativeView(await this.getEntity(id));
  }

  async updateSettings(ctx: CooperativeContext, input: SettingsInput): Promise<CooperativeView> {
    const id = ctx.cooperativeId;
    return inTransaction(this.db, async ({ manager: em }) => {
      const current = await em.getRepository(CooperativeEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw new DomainError('COOPERATIVE_NOT_FOUND', `cooperative ${id} does not exist`, 'cooperativeId');
      if (input.usesColleges === false && current.usesColleges) {
        const [{ count }] = await em.query('SELECT count(*)::int AS count FROM college WHERE cooperative_id = $1', [id]);
        if (count > 0) throw new DomainError('COLLEGE_IN_USE', 'remove the colleges before turning colleges off', 'usesColleges');
      }
      const settings = mergeSettings(settingsOf(current), input);
      validateSettings(settings);
      await em.getRepository(CooperativeEntity).update({ id }, { ...settings, updatedAt: new Date() });
      return cooperativeView((await em.getRepository(CooperativeEntity).findOneBy({ id })) as CooperativeEntity);
    });
  }

  async get(ctx: CooperativeContext): Promise<CooperativeView> {
    return cooperativeView(await this.getEntity(ctx.cooperativeId));
  }

  async getEntity(id: string): Promise<CooperativeEntity> {
    const found = await this.db.getRepository(CooperativeEntity).findOneBy({ id });
    if (!found) throw new DomainError('COOPERATIVE_NOT_FOUND', `cooperative ${id} does not exist`, 'cooperativeId');
    return found;
  }

  async getSettings(id: string): Promise<CooperativeSettings> {
    return settingsOf(await this.getEntity(id));
  }

  /** An operator sees every cooperative; anyone else only those they have a role in. */
  async list(actor: Actor, limit: number, cursor?: string): Promise<Page<CooperativeView>> {
    const after = decodeCursor(cursor);
    const qb = this.db
      .getRepository(CooperativeEntity)
      .createQueryBuilder('c')
      .where(after ? 'c.id > :after' : '1=1', { after: after?.[0] });
    if (!actor.operator) qb.andWhere('c.id = ANY(CAST(:ids AS uuid[]))', { ids: actor.grants.map((g) => g.cooperativeId) });
    const rows = await qb
      .orderBy('c.id')
      .limit(limit + 1)
      .getMany();
    const items = rows.slice(0, limit).map(cooperativeView);
    return { items, nextCursor: rows.length > limit ? encodeCursor([items[items.length - 1].id]) : null };
  }
}
