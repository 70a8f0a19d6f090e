/**
 * Legal dates (decision, effective, payment) are calendar dates: "YYYY-MM-DD" strings that no time zone shifts.
 * Comparing two of them as strings is chronological.
 */
export type CalendarDate = string;

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string') return false;
  const m = PATTERN.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2999 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Adds whole months; the day is clamped to the end of a shorter month (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const nd = Math.min(d, daysInMonth(ny, nm));
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(nd).padStart(2, '0')}`;
}

/** Today in UTC as a calendar date. */
/** `date` plus `days` calendar days (negative: before). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function today(now: Date = new Date()): CalendarDate {
  return now.toISOString().slice(0, 10);
}

/** The end of the fiscal year (closing on `fiscalYearEnd`, "MM-DD") that contains `date`. */
export function fiscalYearEndContaining(date: CalendarDate, fiscalYearEnd: string): CalendarDate {
  const year = Number(date.slice(0, 4));
  const [mm, dd] = fiscalYearEnd.split('-').map(Number);
  const clamp = (y: number) => `${y}-${String(mm).padStart(2, '0')}-${String(Math.min(dd, daysInMonth(y, mm))).padStart(2, '0')}`;
  const sameYear = clamp(year);
  return date <= sameYear ? sameYear : clamp(year + 1);
}

export function maxDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a >= b ? a : b;
}
