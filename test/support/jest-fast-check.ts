import fc from 'fast-check';

/**
 * Property tests are deterministic: every `fc.assert` runs with the same seed, so a run fails only when the code is
 * wrong, and a failure is reproduced by running the suite again. A failure prints its seed and path (fast-check's
 * report). To explore other inputs: `FC_SEED=random npm test` (the seed is printed once per test file), or
 * `FC_SEED=<number>` to replay one.
 */
export const DEFAULT_FC_SEED = 20_261_125;

function seedFromEnvironment(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_FC_SEED;
  if (raw.trim() === 'random') {
    const seed = (Date.now() ^ (Math.random() * 0x1_0000_0000)) | 0;
    process.stdout.write(`fast-check seed ${seed} (FC_SEED=${seed} replays it)\n`);
    return seed;
  }
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer or "random" (got "${raw}")`);
  return seed | 0;
}

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: seedFromEnvironment(process.env.FC_SEED) });
