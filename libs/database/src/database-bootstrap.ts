import type { AppConfig } from '@coop/core';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded/embedded-database';

export interface OpenedDatabase {
  url: string;
  embedded: EmbeddedDatabase | null;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL in DATA_DIR. */
export async function openDatabase(config: AppConfig, log: (m: string) => void, serverLog: (m: string) => void = () => undefined): Promise<OpenedDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: null };
  log(`no DATABASE_URL: starting the embedded PostgreSQL in ${config.dataDir} on port ${config.embeddedDbPort}`);
  const embedded = await startEmbeddedDatabase({ dataDir: config.dataDir, port: config.embeddedDbPort, log, serverLog });
  return { url: embedded.url, embedded };
}
