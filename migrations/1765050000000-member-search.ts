import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finding a member (GET …/members?q=): a name fragment (first, last or company name), an email, in any case and with
 * or without accents, at 100 000 members. A substring match cannot use a B-tree, so: a trigram GIN index (pg_trgm)
 * on one folded text per member (lower case, accents removed by unaccent), which `LIKE '%…%'` uses.
 *
 * The folded text is a stored generated column rather than an index expression: a fragment too short for trigrams
 * ("li"), or one so common that the planner walks the list's order and filters, evaluates it for each row it reads,
 * and unaccent per row made such a search 244 ms at 100 000 members; read from a column, 10 ms.
 *
 * unaccent is only STABLE (its rules file could change), and a generated column needs IMMUTABLE: the usual wrapper
 * fixes the dictionary explicitly and is declared IMMUTABLE (were unaccent.rules ever edited, touch the rows again).
 * Both extensions are "trusted" (PostgreSQL 13+): the owner of the database may create them without superuser rights.
 * They are referred to in the schema they live in, which need not be on the search path.
 */
export class MemberSearch1765050000000 implements MigrationInterface {
  name = 'MemberSearch1765050000000';

  async up(q: QueryRunner): Promise<void> {
    for (const extension of ['pg_trgm', 'unaccent']) {
      await q.query(`CREATE EXTENSION IF NOT EXISTS ${extension}`).catch((e: Error) => {
        throw new Error(
          `the member search needs the PostgreSQL extension ${extension}, which this database user may not create (${e.message}); ` +
            `ask an administrator to run CREATE EXTENSION ${extension}; in this database, then start again`,
        );
      });
    }
    const schemaOf = async (extension: string) => {
      const [{ nspname }] = await q.query('SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = $1', [
        extension,
      ]);
      return `"${String(nspname).replace(/"/g, '""')}"`;
    };
    const unaccent = await schemaOf('unaccent');
    const trgm = await schemaOf('pg_trgm');
    // Qualified names in the bodies too: a generated column or an index may be computed with search_path = pg_catalog
    // (a restore; since PostgreSQL 17, ANALYZE, VACUUM and REINDEX), where an unqualified coop_fold would not be found.
    const [{ schema }] = await q.query('SELECT current_schema() AS schema');
    const own = `"${String(schema).replace(/"/g, '""')}"`;
    await q.query(`
CREATE FUNCTION ${own}.coop_fold(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(${unaccent}.unaccent('${unaccent}.unaccent'::regdictionary, value)) $$;

-- What a search looks into: the names and the email, folded.
CREATE FUNCTION ${own}.coop_member_search_text(first_name text, last_name text, company_name text, email text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT ${own}.coop_fold(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(company_name, '') || ' ' ||
    coalesce(email, '')) $$;

-- A word of the search as a LIKE pattern: folded the same way, its own %, _ and \\ taken literally.
CREATE FUNCTION ${own}.coop_search_pattern(word text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT '%' || replace(replace(replace(${own}.coop_fold(word), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%' $$;

ALTER TABLE member ADD COLUMN search_text text NOT NULL
  GENERATED ALWAYS AS (${own}.coop_member_search_text(first_name, last_name, company_name, email)) STORED;
CREATE INDEX ix_member_search ON member USING gin (search_text ${trgm}.gin_trgm_ops);
`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The extensions stay: other objects of the database may use them.
    await q.query(`
DROP INDEX IF EXISTS ix_member_search;
ALTER TABLE member DROP COLUMN IF EXISTS search_text;
DROP FUNCTION IF EXISTS coop_search_pattern(text);
DROP FUNCTION IF EXISTS coop_member_search_text(text, text, text, text);
DROP FUNCTION IF EXISTS coop_fold(text);
`);
  }
}
