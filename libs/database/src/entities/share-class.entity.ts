import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { Money } from '@coop/core';
import { decimalTransformer } from '../decimal.transformer';

@Entity('share_class')
export class ShareClassEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'cooperative_id' }) cooperativeId!: string;
  @Column('text') code!: string;
  @Column('text') name!: string;
  @Column('numeric', { name: 'nominal_value', transformer: decimalTransformer }) nominalValue!: Money;
  @Column('integer', { name: 'min_per_member' }) minPerMember!: number;
  @Column('integer', { name: 'max_per_member', nullable: true }) maxPerMember!: number | null;
  @Column('text', { name: 'holder_types', array: true }) holderTypes!: string[];
  @Column('uuid', { name: 'eligible_category_ids', array: true }) eligibleCategoryIds!: string[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
