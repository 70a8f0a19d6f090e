import { CategoryEntity } from './category.entity';
import { CollegeEntity } from './college.entity';
import { CooperativeEntity } from './cooperative.entity';
import { MemberEntity } from './member.entity';
import { ShareClassEntity } from './share-class.entity';

export { CategoryEntity, CollegeEntity, CooperativeEntity, MemberEntity, ShareClassEntity };
export const ALL_ENTITIES = [CooperativeEntity, CategoryEntity, CollegeEntity, ShareClassEntity, MemberEntity];
