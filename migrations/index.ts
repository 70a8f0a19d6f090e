import { InitialSchema1764057600000 } from './1764057600000-initial-schema';

/** Every migration, in order. Listed explicitly so that compiled and ts-jest runs load the same set. */
export const ALL_MIGRATIONS = [InitialSchema1764057600000];
