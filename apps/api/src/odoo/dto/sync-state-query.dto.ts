import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export class SyncStateQueryDto {
  @IsOptional() @IsIn(['PENDING', 'SYNCED', 'FAILED', 'DEAD']) status?: string;
  /** Only members written without something Odoo did not know (a country, a language). */
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean() withWarnings?: boolean;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}
