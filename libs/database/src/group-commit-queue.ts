/** A job waiting in the queue; the batch writer settles it. */
export interface QueuedJob {
  reject(error: unknown): void;
}

/**
 * Group commit, per key (a cooperative): jobs that arrive while a batch is being written wait, and the next batch takes
 * up to `maxBatch` of them at once, in their order of arrival. One batch in flight per key in this process.
 * `writeBatch` settles every job of its batch; should it throw, the batch's jobs are rejected with its error and the
 * queue goes on with the next batch.
 */
export class GroupCommitQueue<J extends QueuedJob> {
  /** The jobs waiting per key; a key is present while its queue is being drained. */
  private readonly queues = new Map<string, J[]>();

  constructor(
    private readonly maxBatch: number,
    private readonly writeBatch: (key: string, jobs: J[]) => Promise<void>,
  ) {}

  push(key: string, job: J): void {
    const waiting = this.queues.get(key);
    if (waiting) {
      waiting.push(job);
      return;
    }
    const queue = [job];
    this.queues.set(key, queue);
    void this.drain(key, queue);
  }

  private async drain(key: string, queue: J[]): Promise<void> {
    try {
      while (queue.length) {
        const batch = queue.splice(0, this.maxBatch);
        try {
          await this.writeBatch(key, batch);
        } catch (e) {
          for (const job of batch) job.reject(e);
        }
      }
    } finally {
      this.queues.delete(key);
    }
  }
}
