import type { TestDatabase } from './test-database';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __COOP_TEST_DB__?: TestDatabase }).__COOP_TEST_DB__?.dispose();
}
