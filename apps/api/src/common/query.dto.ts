import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { IsCalendarDate } from './validators';

export class PageQueryDto {
  /** Items per page, 1 to 500. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  /** The `nextCursor` of the previous page. */
  @IsOptional() @IsString() cursor?: string;
}

export class AsOfQueryDto {
  /** A past date gives the state on that date; default today. */
  @IsOptional() @IsCalendarDate() asOf?: string;
}
