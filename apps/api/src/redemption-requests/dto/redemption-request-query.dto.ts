import { IsIn, IsOptional } from 'class-validator';

export class RedemptionRequestQueryDto {
  @IsOptional() @IsIn(['PENDING', 'EXECUTED', 'CANCELLED']) status?: 'PENDING' | 'EXECUTED' | 'CANCELLED';
}
