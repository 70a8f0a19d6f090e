import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { Money } from '@coop/core';
import { decimalTransformer } from '../decimal.transformer';

@Entity('college')
export class CollegeEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'cooperative_id' }) cooperativeId!: string;
  @Column('text') name!: string;
  @Column('numeric', { nullable: true, transformer: decimalTransformer }) weight!: Money | null;
  @Column('integer') position!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
