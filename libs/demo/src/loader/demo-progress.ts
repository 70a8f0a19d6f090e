import type { DemoEvent } from '../scenario/demo-events';

/** What a step leaves in the ledger: a member, an admission, an exit, a movement of the journal or a loss statement. */
export type DemoStepKind = 'applications' | 'admissions' | 'exits' | 'movements' | 'lossStatements';

/** How many of each a cooperative holds. */
export type DemoCounts = Record<DemoStepKind, number>;

export function stepKind(e: DemoEvent): DemoStepKind {
  switch (e.type) {
    case 'application':
      return 'applications';
    case 'admission':
      return 'admissions';
    case 'exit':
      return 'exits';
    case 'loss-statement':
      return 'lossStatements';
    default:
      return 'movements'; // subscription, payment, transfer, redemption (executed at once), refund, reversal: one row each
  }
}

export type DemoProgress = { done: number } | { mismatch: string };

/**
 * How many steps of the scenario a cooperative already holds, from what it holds.
 *
 * Each step is one transaction of the ledger and the loader makes them one after the other, so whatever stopped a load
 * (a signal, a crash, a failure) left exactly the first `done` steps: a prefix. Walking the steps in order and taking
 * each from the counts of its kind finds where that prefix ends (the first step whose kind has nothing left). Counts
 * still left over after a prefix that is not the whole scenario mean the cooperative holds something the demo did not
 * write: it is not an interrupted demo. After the whole scenario, anything more is what people added since.
 */
export function demoProgress(events: readonly DemoEvent[], recorded: DemoCounts): DemoProgress {
  const left = { ...recorded };
  let done = 0;
  for (const event of events) {
    const kind = stepKind(event);
    if (left[kind] === 0) break;
    left[kind]--;
    done++;
  }
  if (done === events.length) return { done };
  const extra = (Object.keys(left) as DemoStepKind[]).filter((kind) => left[kind] > 0);
  if (extra.length) {
    return {
      mismatch: `after the demo's first ${done} steps it holds more (${extra.map((kind) => `${left[kind]} ${kind}`).join(', ')}) than those steps wrote`,
    };
  }
  return { done };
}
