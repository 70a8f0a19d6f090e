import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Money } from '@coop/core';
import { decimalTransformer } from '../decimal.transformer';

@Entity('cooperative')
export class CooperativeEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'legal_kind' }) legalKind!: string;
  @Column('text', { name: 'registration_number', nullable: true }) registrationNumber!: string | null;
  @Column('text', { name: 'registered_office', nullable: true }) registeredOffice!: string | null;
  @Column('numeric', { name: 'statutory_capital', transformer: decimalTransformer }) statutoryCapital!: Money;
  @Column('numeric', { name: 'statutory_floor', transformer: decimalTransformer }) statutoryFloor!: Money;
  @Column('integer', { name: 'payment_delay_months' }) paymentDelayMonths!: number;
  @Column('numeric', { name: 'min_paid_fraction', transformer: decimalTransformer }) minPaidFraction!: Money;
  @Column('integer', { name: 'redemption_delay_months' }) redemptionDelayMonths!: number;
  @Column('char', { name: 'fiscal_year_end', length: 5 }) fiscalYearEnd!: string;
  @Column('boolean', { name: 'uses_colleges' }) usesColleges!: boolean;
  @Column('boolean', { name: 'has_employees' }) hasEmployees!: boolean;
  @Column('text', { name: 'admission_approval' }) admissionApproval!: string;
  @Column('text', { name: 'transfer_approval' }) transferApproval!: string;
  @Column('text', { name: 'loss_allocation' }) lossAllocation!: string;
  @Column('numeric', { name: 'legal_reserve_rate', transformer: decimalTransformer }) legalReserveRate!: Money;
  @Column('numeric', { name: 'statutory_reserve_rate', transformer: decimalTransformer }) statutoryReserveRate!: Money;
  @Column('integer', { name: 'last_member_number', default: 0 }) lastMemberNumber!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
