import { Logger, type INestApplicationContext, type LoggerService, type LogLevel } from '@nestjs/common';
import { loadConfig, type AppConfig } from '@coop/core';
import { mailConfigProblems } from '@coop/mail';
import { openDatabase, type OpenedDatabase } from '@coop/database';
import { createLogger } from './create-logger';

/** What every process gets once its configuration is read and its database is open. */
export interface BootContext {
  config: AppConfig;
  /** The framework's logger (JSON lines unless LOG_FORMAT=text), already installed as Nest's. */
  logger: LoggerService;
  /** The process's own lines, under its name. */
  log: Logger;
  /** DATABASE_URL, or the embedded PostgreSQL this process started in DATA_DIR. */
  databaseUrl: string;
}

interface ProcessSpec<T extends INestApplicationContext> {
  /** Names the process in its logs and in the one-line error when it cannot start: `coop-ledger`, `odoo:sync`… */
  name: string;
  /** The Nest application (HTTP) or application context (no HTTP) of the process, on the opened database. */
  create(boot: BootContext): Promise<T>;
}

/** A process that serves until SIGINT or SIGTERM: the API, the Odoo worker. */
export interface ServiceSpec<T extends INestApplicationContext> extends ProcessSpec<T> {
  /**
   * Starts the service on the initialised application. What it returns is awaited on SIGINT/SIGTERM before the
   * application closes (the worker finishes its current run).
   */
  start(app: T, boot: BootContext): Promise<(() => Promise<void>) | void>;
}

/** A process that does one thing and exits with its code: `npm run odoo:sync`, `npm run seed:demo`. */
export interface CommandSpec<T extends INestApplicationContext> extends ProcessSpec<T> {
  /** The framework's log levels; by default LOG_LEVEL's without the routine `log` lines, which would drown the command's output. */
  logLevels?: (config: AppConfig) => LogLevel[];
  /** Where the notes go (the embedded database starting, a signal stopping the command); nowhere by default. */
  notes?: (line: string) => void;
  /** The command's work; its result is the exit code. */
  run(app: T, boot: BootContext): Promise<number>;
}

/** What a process needs from Node: a test drives the helper through its own. */
export interface ProcessHost {
  env: NodeJS.ProcessEnv;
  /** Called once per signal; a second Ctrl-C then gets Node's default (an immediate stop). */
  onSignal(signal: 'SIGINT' | 'SIGTERM', handler: () => void): void;
  exit(code: number): void;
  printError(error: unknown): void;
}

export const NODE_PROCESS: ProcessHost = {
  env: process.env,
  onSignal: (signal, handler) => process.once(signal, handler),
  exit: (code) => process.exit(code),
  printError: (error) => console.error(error),
};

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * The life of one process: what it opened (database, application) and the one way out. Whoever comes first — the end
 * of a command, a failure, a signal — closes everything in order (the service's own stop, the application, then the
 * embedded PostgreSQL, so that it is never left running) and exits; the others find the way out taken.
 */
class ProcessLife<T extends INestApplicationContext> {
  private db?: OpenedDatabase;
  private app?: T;
  private beforeClose?: () => Promise<void>;
  private leaving = false;
  private say: (line: string) => void = () => undefined;

  constructor(
    private readonly name: string,
    private readonly host: ProcessHost,
    private readonly kind: 'service' | 'command',
  ) {}

  async boot(spec: ProcessSpec<T>, logLevels: (config: AppConfig) => LogLevel[], notes?: (line: string) => void): Promise<{ app: T; boot: BootContext }> {
    const config = loadConfig(this.host.env, mailConfigProblems(this.host.env));
    const logger = createLogger(config.logFormat, logLevels(config));
    Logger.overrideLogger(logger);
    const log = new Logger(this.name);
    this.say = notes ?? ((m) => log.log(m));
    // Signals are caught from here on: the embedded PostgreSQL about to start must be stopped with the process.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) this.host.onSignal(signal, () => void this.signalled(signal));
    this.db = await openDatabase(config, this.say, (m) => log.debug(m));
    const boot: BootContext = { config, logger, log, databaseUrl: this.db.url };
    this.app = await spec.create(boot);
    await this.app.init();
    return { app: this.app, boot };
  }

  /** Runs before the application closes (the service's own stop). */
  onClose(stop: (() => Promise<void>) | void): void {
    if (stop) this.beforeClose = stop;
  }

  /** A failure: one line (the whole error with DEBUG set), unless the process is already on its way out. */
  async fail(what: string, error: unknown): Promise<void> {
    if (this.leaving) return; // a signal closed the database under the work: that is not the failure to report
    this.host.printError(error instanceof Error && !this.host.env.DEBUG ? `${this.name} ${what}: ${error.message}` : error);
    await this.leave(1);
  }

  async leave(code: number): Promise<void> {
    if (this.leaving) return;
    this.leaving = true;
    const quietly = (what: string) => (e: unknown) => this.host.printError(`${this.name}: ${what}: ${e instanceof Error ? e.message : String(e)}`);
    await this.beforeClose?.().catch(quietly('stopping'));
    await this.app?.close().catch(quietly('closing the application'));
    await this.db?.embedded?.stop().catch(quietly('stopping the embedded PostgreSQL'));
    this.host.exit(code);
  }

  private async signalled(signal: 'SIGINT' | 'SIGTERM'): Promise<void> {
    if (this.leaving) return;
    this.say(`${signal}: stopping`);
    await this.leave(this.kind === 'service' ? 0 : SIGNAL_EXIT_CODES[signal]);
  }
}

/**
 * The start of a service, the same for the API and the Odoo worker: configuration read and validated, the logger,
 * the database (DATABASE_URL or the embedded PostgreSQL), the application (migrations run as its data source opens),
 * then `start`. SIGINT/SIGTERM stop it cleanly (exit 0); a start that fails prints one line (`<name> cannot start: …`)
 * and exits 1 after closing what was opened. Resolves once the service is started (or has left).
 */
export async function runService<T extends INestApplicationContext>(spec: ServiceSpec<T>, host: ProcessHost = NODE_PROCESS): Promise<void> {
  const life = new ProcessLife<T>(spec.name, host, 'service');
  try {
    const { app, boot } = await life.boot(spec, (config) => config.logLevels);
    life.onClose(await spec.start(app, boot));
  } catch (e) {
    await life.fail('cannot start', e);
  }
}

/**
 * A command on the same start as a service, run to its end: exit with its code, 1 and one line (`<name> failed: …`)
 * when it throws, 130/143 when SIGINT/SIGTERM stop it (the application and the database are closed first).
 */
export async function runCommand<T extends INestApplicationContext>(spec: CommandSpec<T>, host: ProcessHost = NODE_PROCESS): Promise<void> {
  const life = new ProcessLife<T>(spec.name, host, 'command');
  const levels = spec.logLevels ?? ((config: AppConfig) => config.logLevels.filter((level) => level !== 'log'));
  let started: { app: T; boot: BootContext };
  try {
    started = await life.boot(spec, levels, spec.notes ?? (() => undefined));
  } catch (e) {
    return life.fail('cannot start', e);
  }
  let code: number;
  try {
    code = await spec.run(started.app, started.boot);
  } catch (e) {
    return life.fail('failed', e);
  }
  await life.leave(code);
}
