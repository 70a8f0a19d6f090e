import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export class SyncStateQueryDto {
  @IsOptional() @IsIn(['PENDING', 'SYNCED', 'FAILED', 'DEAD']) status?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}
