import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('member')
export class MemberEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'cooperative_id' }) cooperativeId!: string;
  @Column('integer', { name: 'member_number', nullable: true }) memberNumber!: number | null;
  @Column('text', { name: 'person_type' }) personType!: string;
  @Column('text', { name: 'first_name', nullable: true }) firstName!: string | null;
  @Column('text', { name: 'last_name', nullable: true }) lastName!: string | null;
  @Column('text', { name: 'company_name', nullable: true }) companyName!: string | null;
  @Column('text', { nullable: true }) email!: string | null;
  @Column('text', { nullable: true }) phone!: string | null;
  @Column('text', { nullable: true }) street!: string | null;
  @Column('text', { name: 'postal_code', nullable: true }) postalCode!: string | null;
  @Column('text', { nullable: true }) city!: string | null;
  @Column('char', { length: 2, nullable: true }) country!: string | null;
  @Column('text', { nullable: true }) language!: string | null;
  @Column('uuid', { name: 'category_id' }) categoryId!: string;
  @Column('uuid', { name: 'college_id', nullable: true }) collegeId!: string | null;
  @Column('text') status!: string;
  @Column('date', { name: 'applied_on' }) appliedOn!: string;
  @Column('text', { name: 'admission_decision_ref', nullable: true }) admissionDecisionRef!: string | null;
  @Column('date', { name: 'admission_decision_date', nullable: true }) admissionDecisionDate!: string | null;
  @Column('date', { name: 'admission_effective_date', nullable: true }) admissionEffectiveDate!: string | null;
  @Column('text', { name: 'exit_reason', nullable: true }) exitReason!: string | null;
  @Column('text', { name: 'exit_decision_ref', nullable: true }) exitDecisionRef!: string | null;
  @Column('date', { name: 'exit_decision_date', nullable: true }) exitDecisionDate!: string | null;
  @Column('date', { name: 'exit_effective_date', nullable: true }) exitEffectiveDate!: string | null;
  @Column('date', { name: 'closed_on', nullable: true }) closedOn!: string | null;
  @Column('timestamptz', { name: 'pseudonymised_at', nullable: true }) pseudonymisedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
