import type { CalendarDate } from '@coop/core';
import type { Random } from './random';

/** Calendar helpers for the demo's history. Dates are "YYYY-MM-DD" strings: comparing them as strings is chronological. */

const toUtc = (date: CalendarDate) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
const fromUtc = (ms: number): CalendarDate => new Date(ms).toISOString().slice(0, 10);
const DAY = 86_400_000;

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromUtc(toUtc(date) + days * DAY);
}

export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY);
}

export const yearOf = (date: CalendarDate) => Number(date.slice(0, 4));

export const minDate = (a: CalendarDate, b: CalendarDate) => (a <= b ? a : b);
export const maxDate = (a: CalendarDate, b: CalendarDate) => (a >= b ? a : b);

export function randomDate(rng: Random, from: CalendarDate, to: CalendarDate): CalendarDate {
  return addDays(from, rng.int(0, Math.max(0, daysBetween(from, to))));
}

/** The n-th given weekday (0 = Sunday) of a month, e.g. the second Tuesday. */
export function nthWeekday(year: number, month: number, weekday: number, n: number): CalendarDate {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const day = 1 + ((weekday - first + 7) % 7) + 7 * (n - 1);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The same day of the following months (clamped to the 28th so that every month has it). */
export function monthlyDates(after: CalendarDate, count: number, day = 28): CalendarDate[] {
  const out: CalendarDate[] = [];
  let year = yearOf(after);
  let month = Number(after.slice(5, 7));
  const dd = String(Math.min(day, 28)).padStart(2, '0');
  while (out.length < count) {
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
    out.push(`${year}-${String(month).padStart(2, '0')}-${dd}`);
  }
  return out;
}
