/**
 * Waits until `check` holds: for a state another process or a background task reaches (a run started through the API,
 * the worker, a closed socket). The budget is generous on purpose: a passing test returns as soon as the state is
 * reached and never uses it; only a broken one waits it out and fails, naming what was awaited.
 */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, budgetMs = 30_000): Promise<void> {
  const deadline = performance.now() + budgetMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`still not the case after ${budgetMs / 1000} s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
