import type { DemoEvent } from '../scenario/demo-events';
import { buildScenario } from '../scenario/scenario';
import { demoProgress, stepKind, type DemoCounts } from './demo-progress';
import { identityKey } from './demo-record';

const on = '2020-01-01';
const application = (person: number): DemoEvent => ({ type: 'application', date: on, person });
const admission = (person: number): DemoEvent => ({ type: 'admission', date: on, person, decisionRef: 'CA', decisionDate: on });
const subscription = (person: number): DemoEvent => ({ type: 'subscription', date: on, person, shareClass: 'A', shares: 1, paidAmount: '50.00' });
const loss: DemoEvent = { type: 'loss-statement', date: on, fiscalYearEnd: '2019-12-31', losses: '10.00', statutoryReserves: '0.00', reference: 'AG' };
const EVENTS = [application(0), admission(0), subscription(0), application(1), loss, admission(1), subscription(1)];
const counts = (c: Partial<DemoCounts>): DemoCounts => ({ applications: 0, admissions: 0, exits: 0, movements: 0, lossStatements: 0, ...c });

describe('how far an interrupted demo load got (demoProgress)', () => {
  it('finds the end of the prefix the counts make', () => {
    expect(demoProgress(EVENTS, counts({}))).toEqual({ done: 0 });
    expect(demoProgress(EVENTS, counts({ applications: 1 }))).toEqual({ done: 1 });
    expect(demoProgress(EVENTS, counts({ applications: 1, admissions: 1, movements: 1 }))).toEqual({ done: 3 });
    expect(demoProgress(EVENTS, counts({ applications: 2, admissions: 1, movements: 1 }))).toEqual({ done: 4 });
    expect(demoProgress(EVENTS, counts({ applications: 2, admissions: 1, movements: 1, lossStatements: 1 }))).toEqual({ done: 5 });
  });

  it('knows a complete load, whatever was added after it', () => {
    const all = counts({ applications: 2, admissions: 2, movements: 2, lossStatements: 1 });
    expect(demoProgress(EVENTS, all)).toEqual({ done: EVENTS.length });
    expect(demoProgress(EVENTS, { ...all, movements: 40, exits: 3 })).toEqual({ done: EVENTS.length });
  });

  it('refuses counts that no prefix of the steps leaves: not an interrupted demo', () => {
    // a second member before the first one's admission and subscription
    expect(demoProgress(EVENTS, counts({ applications: 2 }))).toEqual({
      mismatch: "after the demo's first 1 steps it holds more (1 applications) than those steps wrote",
    });
    expect(demoProgress(EVENTS, counts({ applications: 1, admissions: 1, movements: 3 }))).toEqual({
      mismatch: "after the demo's first 3 steps it holds more (2 movements) than those steps wrote",
    });
  });

  it("takes the demo's steps for what its load records: 300 members, 822 movements", () => {
    const kinds = buildScenario().events.map(stepKind);
    expect(kinds.filter((k) => k === 'movements')).toHaveLength(822);
    expect(kinds.filter((k) => k === 'applications')).toHaveLength(300);
  });

  it("tells the demo's applicants apart by who they are and the day they applied, as their members are found again", () => {
    const { people, events } = buildScenario();
    const keys = events.flatMap((e) => (e.type === 'application' ? [identityKey(people[e.person].contact, e.date)] : []));
    expect(new Set(keys).size).toBe(people.length);
  });
});
