/** The UTC calendar date on this machine: the service's "today" (libs/core `today()`), read by the tests. */
export const todayUtc = () => new Date().toISOString().slice(0, 10);

/**
 * Runs `read`, whose answer depends on the service's "today", until the UTC date is the same before and after it, and
 * returns that date with the answer: an assertion about "today" then holds even when the run crosses midnight.
 */
export async function onOneDay<T>(read: () => Promise<T>): Promise<{ day: string; value: T }> {
  for (;;) {
    const day = todayUtc();
    const value = await read();
    if (todayUtc() === day) return { day, value };
  }
}
