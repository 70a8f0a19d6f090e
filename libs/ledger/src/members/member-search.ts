import type { SelectQueryBuilder } from 'typeorm';
import { DomainError } from '@coop/core';
import type { MemberEntity } from '@coop/database';

/** Words a search may hold: each one is a condition on the index, and nobody types more to find a person. */
export const MAX_SEARCH_WORDS = 5;

/**
 * GET …/members?q=: the SQL of finding a member, added to the list's query (so filters, order and cursor stay the list's).
 * - digits only: the member number, exactly (a number is how a cooperative refers to a member);
 * - otherwise each word must appear somewhere in the first, last or company name or the email, in any case, with or
 *   without accents ("lefevre jea" finds Jeanne Lefèvre): LIKE on member.search_text, the names and email folded by the
 *   database's coop_fold, with its trigram index ix_member_search (migration 1765050000000); the word is folded by the
 *   same function. A word of 3 characters or more uses the index; a shorter one is only filtered (at 100 000 members a
 *   rare 2-letter fragment reads the whole cooperative, about 60 ms).
 * A text search runs as the service's own role, not the tenant's (MembersService.list): under row-level security
 * PostgreSQL evaluates a condition whose function is not LEAKPROOF (LIKE's textlike is not) after the policy, so the
 * trigram index could not be used (100 ms instead of 6 at 100 000 members). The query keeps its cooperative filter.
 */
export function applyMemberSearch(qb: SelectQueryBuilder<MemberEntity>, alias: string, q: string | undefined): 'text' | 'number' | null {
  const words = (q ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  if (words.length > MAX_SEARCH_WORDS) throw new DomainError('VALIDATION_FAILED', `q may hold at most ${MAX_SEARCH_WORDS} words`, 'q');
  if (words.length === 1 && /^\d{1,9}$/.test(words[0])) {
    qb.andWhere(`${alias}.member_number = :searchNumber`, { searchNumber: Number(words[0]) });
    return 'number';
  }
  words.forEach((word, i) => qb.andWhere(`${alias}.search_text LIKE coop_search_pattern(:searchWord${i})`, { [`searchWord${i}`]: word }));
  return 'text';
}
