import fc from 'fast-check';
import { addMonths, daysInMonth, fiscalYearEndContaining, isCalendarDate, maxDate, today } from './calendar-date';

/** Valid calendar dates, built from a real UTC day so that the generator does not share the code under test. */
const calendarDate = fc
  .integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2999, 11, 31) })
  .map((ms) => new Date(Math.floor(ms / 86_400_000) * 86_400_000).toISOString().slice(0, 10));

describe('isCalendarDate', () => {
  it.each(['2024-02-29', '2025-02-28', '2025-01-31', '2025-04-30', '2025-12-31', '1900-01-01', '2999-12-31', '2000-02-29'])('accepts %s', (value) => {
    expect(isCalendarDate(value)).toBe(true);
  });

  it.each([
    '2025-02-29', // not a leap year
    '1900-02-29', // divisible by 100, not by 400
    '2100-02-29',
    '2024-02-30',
    '2025-04-31',
    '2025-06-31',
    '2025-13-01',
    '2025-00-10',
    '2025-01-00',
    '2025-01-32',
    '1899-12-31',
    '3000-01-01',
  ])('refuses the impossible or out-of-range date %s', (value) => {
    expect(isCalendarDate(value)).toBe(false);
  });

  it.each(['2025-1-01', '2025-01-1', '25-01-01', '2025/01/01', '2025-01-01T00:00:00Z', ' 2025-01-01', '2025-01-01 ', '', '20250101'])(
    'refuses the malformed string %p',
    (value) => {
      expect(isCalendarDate(value)).toBe(false);
    },
  );

  it.each([null, undefined, 20250101, new Date('2025-01-01'), {}])('refuses the non-string %p', (value) => {
    expect(isCalendarDate(value)).toBe(false);
  });

  it('property: accepts exactly the days that exist in the Gregorian calendar', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
        const value = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const real = new Date(Date.UTC(y, m - 1, d));
        const exists = real.getUTCFullYear() === y && real.getUTCMonth() === m - 1 && real.getUTCDate() === d;
        expect(isCalendarDate(value)).toBe(exists);
      }),
    );
  });
});

describe('daysInMonth', () => {
  it.each([
    [2024, 2, 29],
    [2025, 2, 28],
    [2000, 2, 29],
    [1900, 2, 28],
    [2025, 1, 31],
    [2025, 4, 30],
    [2025, 12, 31],
  ])('%i-%i has %i days', (y, m, days) => {
    expect(daysInMonth(y, m)).toBe(days);
  });
});

describe('addMonths', () => {
  it.each([
    ['2025-01-15', 1, '2025-02-15'],
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2025-03-31', 1, '2025-04-30'],
    ['2025-03-31', -1, '2025-02-28'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2024-02-29', 60, '2029-02-28'],
    ['2025-11-30', 3, '2026-02-28'],
    ['2025-12-31', 1, '2026-01-31'],
    ['2025-01-10', -1, '2024-12-10'],
    ['2025-01-10', -13, '2023-12-10'],
    ['2025-06-15', 0, '2025-06-15'],
    ['2025-08-31', 60, '2030-08-31'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('property: always gives a valid date, in the target month, never after the same day number', () => {
    fc.assert(
      fc.property(
        calendarDate.filter((d) => d >= '1905-01-01' && d < '2995-01-01'),
        fc.integer({ min: -60, max: 60 }),
        (date, months) => {
          const result = addMonths(date, months);
          expect(isCalendarDate(result)).toBe(true);
          const [y, m, d] = date.split('-').map(Number);
          const [ry, rm, rd] = result.split('-').map(Number);
          expect(ry * 12 + rm - (y * 12 + m)).toBe(months);
          expect(rd).toBe(Math.min(d, daysInMonth(ry, rm)));
        },
      ),
    );
  });

  it('property: is monotonic (a later date never lands before an earlier one)', () => {
    fc.assert(
      fc.property(calendarDate, calendarDate, fc.integer({ min: 0, max: 60 }), (a, b, months) => {
        fc.pre(a <= b && b < '2994-01-01');
        expect(addMonths(a, months) <= addMonths(b, months)).toBe(true);
      }),
    );
  });
});

describe('fiscalYearEndContaining', () => {
  it.each([
    ['2025-06-30', '12-31', '2025-12-31'],
    ['2025-01-01', '12-31', '2025-12-31'],
    ['2025-12-31', '12-31', '2025-12-31'],
    ['2025-06-30', '06-30', '2025-06-30'],
    ['2025-07-01', '06-30', '2026-06-30'],
    ['2025-01-15', '06-30', '2025-06-30'],
    ['2025-12-31', '06-30', '2026-06-30'],
    ['2024-02-29', '02-28', '2025-02-28'],
    ['2024-02-28', '02-28', '2024-02-28'],
    ['2025-03-31', '03-31', '2025-03-31'],
    ['2025-04-01', '03-31', '2026-03-31'],
  ])('%s is in the fiscal year closing on %s: %s', (date, end, expected) => {
    expect(fiscalYearEndContaining(date, end)).toBe(expected);
  });

  it('property: the end is on or after the date, less than a year later, and on the closing day', () => {
    const monthDay = fc
      .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }))
      .filter(([m, d]) => d <= [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1])
      .map(([m, d]) => `${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    fc.assert(
      fc.property(
        calendarDate.filter((d) => d < '2999-01-01'),
        monthDay,
        (date, end) => {
          const result = fiscalYearEndContaining(date, end);
          expect(isCalendarDate(result)).toBe(true);
          expect(result.slice(5)).toBe(end);
          expect(result >= date).toBe(true);
          // the previous closing is strictly before the date
          const previous = `${Number(result.slice(0, 4)) - 1}-${end}`;
          expect(previous < date).toBe(true);
        },
      ),
    );
  });
});

describe('maxDate and today', () => {
  it('picks the later date', () => {
    expect(maxDate('2025-01-02', '2024-12-31')).toBe('2025-01-02');
    expect(maxDate('2024-12-31', '2025-01-02')).toBe('2025-01-02');
    expect(maxDate('2025-01-02', '2025-01-02')).toBe('2025-01-02');
  });

  it('gives the UTC calendar date', () => {
    expect(today(new Date('2025-03-01T23:30:00-02:00'))).toBe('2025-03-02');
    expect(today(new Date('2025-03-01T00:30:00+02:00'))).toBe('2025-02-28');
  });
});
