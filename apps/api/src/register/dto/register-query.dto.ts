import { IsIn, IsOptional } from 'class-validator';
import { AsOfQueryDto } from '../../common/query.dto';

export class RegisterQueryDto extends AsOfQueryDto {
  /** json (default) or csv */
  @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}
