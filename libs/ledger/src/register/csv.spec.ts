import { csvLine } from './csv';

describe('csvLine', () => {
  it('ends lines with CRLF and leaves plain values alone', () => {
    expect(csvLine(['A', 12, null, '100.50'])).toBe('A,12,,100.50\r\n');
  });

  it('quotes commas, quotes and line breaks, doubling inner quotes', () => {
    expect(csvLine(['Dupont, "Jo"', 'a\nb'])).toBe('"Dupont, ""Jo""","a\nb"\r\n');
  });

  it('defuses text a spreadsheet would run as a formula, but not negative amounts', () => {
    expect(csvLine(['=HYPERLINK("x")', '+33 1', '@SUM(A1)', '-12.50', '-5'])).toBe(`"'=HYPERLINK(""x"")",'+33 1,'@SUM(A1),-12.50,-5\r\n`);
  });
});
