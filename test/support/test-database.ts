import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { runMigrations, startEmbeddedDatabase, type EmbeddedDatabase } from '@coop/database';

/** A free TCP port on loopback, so that two test runs never collide. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A port found free can be taken by another process (another test run on this machine) before PostgreSQL binds it:
 * then PostgreSQL does not start, and another free port is tried. A failure that is not about the port fails the same
 * way three times and is reported.
 */
async function startOnAFreePort(dataDir: string): Promise<EmbeddedDatabase> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startEmbeddedDatabase({ dataDir, port: await freePort() });
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

export interface TestDatabase {
  url: string;
  dispose(): Promise<void>;
}

/**
 * TEST_DATABASE_URL (a server such as the machine's PostgreSQL): a fresh database on it, dropped afterwards.
 * Otherwise: an embedded PostgreSQL in a temporary folder on a free port.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `coop_ledger_test_${process.pid}_${Date.now()}`;
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    await runMigrations(url.toString());
    return {
      url: url.toString(),
      async dispose() {
        const c = new Client({ connectionString: serverUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'coop-ledger-test-'));
  const embedded = await startOnAFreePort(dataDir);
  await runMigrations(embedded.url);
  return {
    url: embedded.url,
    async dispose() {
      await embedded.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
