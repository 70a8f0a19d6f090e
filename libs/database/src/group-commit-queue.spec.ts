import { GroupCommitQueue, type QueuedJob } from './group-commit-queue';

interface TestJob extends QueuedJob {
  name: string;
  settled: string | null;
}

const job = (name: string): TestJob => {
  const j: TestJob = { name, settled: null, reject: (e) => (j.settled = `rejected: ${(e as Error).message}`) };
  return j;
};

/** A batch writer whose batches finish when the test says so: no timer, no chance. */
function controlledWriter() {
  const batches: { key: string; names: string[]; finish: (error?: Error) => Promise<void> }[] = [];
  const write = (key: string, jobs: TestJob[]) =>
    new Promise<void>((resolve, reject) => {
      batches.push({
        key,
        names: jobs.map((j) => j.name),
        finish: async (error) => {
          if (error) reject(error);
          else {
            for (const j of jobs) j.settled = 'written';
            resolve();
          }
          // let the queue start its next batch
          for (let i = 0; i < 5; i++) await Promise.resolve();
        },
      });
    });
  return { batches, write };
}

describe('GroupCommitQueue', () => {
  it('writes the first job at once, and the jobs that arrive meanwhile together in the next batch, in order', async () => {
    const w = controlledWriter();
    const queue = new GroupCommitQueue<TestJob>(64, w.write);
    const jobs = ['a', 'b', 'c', 'd'].map(job);
    for (const j of jobs) queue.push('coop-1', j);
    expect(w.batches.map((b) => b.names)).toEqual([['a']]);
    await w.batches[0].finish();
    expect(w.batches.map((b) => b.names)).toEqual([['a'], ['b', 'c', 'd']]);
    await w.batches[1].finish();
    expect(jobs.map((j) => j.settled)).toEqual(['written', 'written', 'written', 'written']);
    // the queue is idle again: the next job starts a batch of its own
    queue.push('coop-1', job('e'));
    expect(w.batches.map((b) => b.names)).toEqual([['a'], ['b', 'c', 'd'], ['e']]);
  });

  it('takes at most maxBatch jobs per batch', async () => {
    const w = controlledWriter();
    const queue = new GroupCommitQueue<TestJob>(2, w.write);
    for (const name of ['a', 'b', 'c', 'd', 'e']) queue.push('coop-1', job(name));
    for (let i = 0; i < 3; i++) await w.batches[i].finish();
    expect(w.batches.map((b) => b.names)).toEqual([['a'], ['b', 'c'], ['d', 'e']]);
  });

  it('keeps one queue per key: another cooperative does not wait', () => {
    const w = controlledWriter();
    const queue = new GroupCommitQueue<TestJob>(64, w.write);
    queue.push('coop-1', job('a'));
    queue.push('coop-2', job('x'));
    queue.push('coop-1', job('b'));
    expect(w.batches.map((b) => [b.key, b.names])).toEqual([
      ['coop-1', ['a']],
      ['coop-2', ['x']],
    ]);
  });

  it('rejects the jobs of a batch whose writer throws, and goes on with the next batch', async () => {
    const w = controlledWriter();
    const queue = new GroupCommitQueue<TestJob>(64, w.write);
    const jobs = ['a', 'b', 'c'].map(job);
    for (const j of jobs) queue.push('coop-1', j);
    await w.batches[0].finish(new Error('connection lost'));
    await w.batches[1].finish();
    expect(jobs.map((j) => j.settled)).toEqual(['rejected: connection lost', 'written', 'written']);
  });
});
