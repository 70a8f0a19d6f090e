import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('category')
export class CategoryEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'cooperative_id' }) cooperativeId!: string;
  @Column('text') name!: string;
  @Column('text') kind!: string;
  @Column('text', { nullable: true }) description!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
