import { IsOptional, IsUUID, ValidateIf } from 'class-validator';
import { ContactDto } from './contact.dto';

export class UpdateMemberDto extends ContactDto {
  @IsOptional() @IsUUID() categoryId?: string;
  @ValidateIf((_, v) => v !== null && v !== undefined) @IsUUID() collegeId?: string | null;
}
