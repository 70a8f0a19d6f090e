import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createLogger } from '@coop/bootstrap';
import { createApp, type AppOptions } from '../../apps/api/src/app-factory';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  close(): Promise<void>;
}

/** The real application (same pipes, filters and modules as main.ts) on the test database, over real HTTP. */
export async function startTestApp(options: Pick<AppOptions, 'odoo'> = {}): Promise<TestApp> {
  const url = process.env.COOP_TEST_DATABASE_URL;
  if (!url) throw new Error('COOP_TEST_DATABASE_URL is not set: run the e2e tests through jest (global setup)');
  const app = await createApp({ databaseUrl: url, poolSize: 20, runMigrations: false, logger: createLogger('json', ['fatal', 'error']), ...options });
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer();
  return { app, http: request(server), close: () => app.close() };
}
