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
 */
export function applyMemberSearch(qb: SelectQueryBuilder<MemberEntity>, alias: string, cooperativeId: string, q: string | undefined): void {
  const words = (q ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return;
  if (words.length > MAX_SEARCH_WORDS) throw new DomainError('VALIDATION_FAILED', `q may hold at most ${MAX_SEARCH_WORDS} words`, 'q');
  if (words.length === 1 && /^\d{1,9}$/.test(words[0])) {
    qb.andWhere(`${alias}.member_number = :searchNumber`, { searchNumber: Number(words[0]) });
    return;
  }
  // through coop_member_ids_matching: under row-level security a LIKE in this query could not use the index (migration 1765100000000)
  words.forEach((word, i) =>
    qb.andWhere(`${alias}.id IN (SELECT coop_member_ids_matching(:searchCooperative, :searchWord${i}))`, {
      searchCooperative: cooperativeId,
      [`searchWord${i}`]: word,
    }),
  );
}
