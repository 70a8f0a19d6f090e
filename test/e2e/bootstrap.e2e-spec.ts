import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { createLogger, runCommand, runService, type BootContext, type ProcessHost } from '@coop/bootstrap';
import { DatabaseModule } from '@coop/database';

/** Node's side of a process, held by the test: signals are sent by calling their handler, the exit code is a promise. */
function testProcess(env: Record<string, string> = {}) {
  const handlers = new Map<string, () => void>();
  const errors: unknown[] = [];
  let exited!: (code: number) => void;
  const exit = new Promise<number>((resolve) => (exited = resolve));
  const host: ProcessHost = {
    env: { DATABASE_URL: process.env.COOP_TEST_DATABASE_URL, MIGRATIONS_RUN: 'false', LOG_LEVEL: 'error', ...env },
    onSignal: (signal, handler) => handlers.set(signal, handler),
    exit: (code) => exited(code),
    printError: (error) => errors.push(error),
  };
  return { host, exit, errors, signal: (name: 'SIGINT' | 'SIGTERM') => handlers.get(name)!() };
}

/** The smallest application on the test database: the data source alone. */
const create = ({ databaseUrl, config }: BootContext) =>
  NestFactory.createApplicationContext(DatabaseModule.register({ url: databaseUrl, poolSize: 2, runMigrations: config.runMigrations }), {
    logger: createLogger('json', ['fatal']),
  });

const isOpen = (app: INestApplicationContext) => app.get(DataSource).isInitialized;

describe('the start-up every process shares (libs/bootstrap)', () => {
  it('a service starts on an initialised application; SIGTERM runs its stop, then closes the application, and exits 0', async () => {
    const p = testProcess();
    const events: string[] = [];
    let app!: INestApplicationContext;
    await runService(
      {
        name: 'test-service',
        create,
        async start(started, boot) {
          app = started;
          events.push(`started on ${boot.databaseUrl === process.env.COOP_TEST_DATABASE_URL ? 'DATABASE_URL' : boot.databaseUrl}, open: ${isOpen(app)}`);
          return async () => void events.push(`stop, application open: ${isOpen(app)}`);
        },
      },
      p.host,
    );
    expect(events).toEqual(['started on DATABASE_URL, open: true']);
    p.signal('SIGTERM');
    expect(await p.exit).toBe(0);
    expect(events).toEqual(['started on DATABASE_URL, open: true', 'stop, application open: true']);
    expect(isOpen(app)).toBe(false);
    expect(p.errors).toEqual([]);
  });

  it('a service that cannot start says so in one line, closes what it opened, and exits 1', async () => {
    const p = testProcess();
    let app!: INestApplicationContext;
    await runService(
      {
        name: 'test-service',
        create,
        async start(started) {
          app = started;
          throw new Error('listen EADDRINUSE: address already in use 127.0.0.1:3000');
        },
      },
      p.host,
    );
    expect(await p.exit).toBe(1);
    expect(p.errors).toEqual(['test-service cannot start: listen EADDRINUSE: address already in use 127.0.0.1:3000']);
    expect(isOpen(app)).toBe(false);
  });

  it('an invalid configuration stops the start before anything is opened, every problem listed', async () => {
    const p = testProcess({ PORT: 'eighty', LOG_FORMAT: 'xml' });
    let created = false;
    await runService({ name: 'coop-ledger', create: async (boot) => ((created = true), create(boot)), start: async () => undefined }, p.host);
    expect(await p.exit).toBe(1);
    expect(created).toBe(false);
    expect(p.errors).toEqual([
      'coop-ledger cannot start: invalid configuration:\n  - LOG_FORMAT must be json or text (got "xml")\n  - PORT must be a whole number from 1 to ' +
        '65535 (got "eighty")',
    ]);
  });

  it('a command exits with its code once the application is closed', async () => {
    const p = testProcess();
    let app!: INestApplicationContext;
    await runCommand(
      {
        name: 'test:command',
        create,
        async run(started) {
          app = started;
          const [{ one }] = await app.get(DataSource).query('SELECT 1 AS one');
          return one === 1 ? 3 : 0;
        },
      },
      p.host,
    );
    expect(await p.exit).toBe(3);
    expect(isOpen(app)).toBe(false);
    expect(p.errors).toEqual([]);
  });

  it('a command that throws fails in one line (the whole error with DEBUG), exit 1', async () => {
    for (const debug of [false, true]) {
      const p = testProcess(debug ? { DEBUG: '1' } : {});
      const error = new Error('no such cooperative');
      await runCommand({ name: 'test:command', create, run: async () => Promise.reject(error) }, p.host);
      expect(await p.exit).toBe(1);
      expect(p.errors).toEqual([debug ? error : 'test:command failed: no such cooperative']);
    }
  });

  it('SIGINT stops a command: the application is closed under it, its failure is not reported, exit 130', async () => {
    const p = testProcess();
    let app!: INestApplicationContext;
    await runCommand(
      {
        name: 'test:command',
        create,
        async run(started) {
          app = started;
          p.signal('SIGINT');
          await p.exit; // the signal's way out is done: the database is gone under the work
          throw new Error('Connection terminated');
        },
      },
      p.host,
    );
    expect(await p.exit).toBe(130);
    expect(isOpen(app)).toBe(false);
    expect(p.errors).toEqual([]);
  });
});
