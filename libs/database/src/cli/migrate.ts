import { loadConfig } from '@coop/core';
import { openDatabase } from '../database-bootstrap';
import { runMigrations } from '../data-source';

/** `npm run migration:run`: applies pending migrations to DATABASE_URL (or the embedded database) and exits. */
async function main() {
  const config = loadConfig();
  const db = await openDatabase(config, () => undefined);
  try {
    const applied = await runMigrations(db.url);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the schema is up to date');
  } finally {
    await db.embedded?.stop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
