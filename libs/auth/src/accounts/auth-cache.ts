import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

/** The channel the database notifies on every change of who may do what (migration 1765100000000, coop_auth_changed). */
export const AUTH_CHANNEL = 'coop_ledger_auth';
/** However the invalidations go, an entry is read again after this long. */
const TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

interface Entry<T> {
  value: T;
  generation: number;
  at: number;
}

/**
 * Who a token is, remembered between requests: the sign-in lookup (user, live session, roles) was a query per request
 * and cost more than half the write rate (README, Performance). Any change of users, roles, sessions, API tokens or a
 * cooperative's second-factor rule forgets everything: at once in this process (the services that change them call
 * `invalidate` after their commit), and in every process through PostgreSQL's NOTIFY, which triggers send at commit.
 * A read that started before a change is not kept (its generation is stale), so no entry outlives the change it missed.
 */
@Injectable()
export class AuthCache implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('auth-cache');
  private readonly entries = new Map<string, Entry<unknown>>();
  private generation = 0;
  private listener: Client | null = null;
  private closing = false;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.listener?.end().catch(() => undefined);
  }

  /** The remembered value, or `load`'s (remembered unless a change happened while it ran). */
  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key) as Entry<T> | undefined;
    if (hit && hit.generation === this.generation && Date.now() - hit.at < TTL_MS) return hit.value;
    const generation = this.generation;
    const value = await load();
    if (generation === this.generation && this.listener) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, { value, generation, at: Date.now() });
    }
    return value;
  }

  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  /** Without a listening connection nothing is remembered (every request reads), so a lost connection never serves stale rights. */
  private async listen(): Promise<void> {
    const options = this.db.options as { url?: string };
    const client = new Client({ connectionString: options.url, application_name: 'coop-ledger auth cache' });
    client.on('notification', () => this.invalidate());
    client.on('error', (e) => {
      this.log.warn(`the auth cache lost its database connection (${e.message}): reading every request until it is back`);
      this.listener = null;
      this.invalidate();
      if (!this.closing) setTimeout(() => void this.listen().catch(() => undefined), 1000).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${AUTH_CHANNEL}`);
    this.invalidate(); // anything read before listening is forgotten
    this.listener = client;
  }
}

/** Runs a change of who may do what (its own transaction inside), then forgets what this process remembered, done or failed. */
export async function changingAccess<T>(cache: AuthCache, change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } finally {
    cache.invalidate();
  }
}
