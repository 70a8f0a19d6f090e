import { Money } from '@coop/core';
import { formatCalendarDate, formatMoney, renderShareCertificate, type ShareCertificateData } from './share-certificate';
import { readPdf, type PdfContent } from './testing/pdf-text';
import { certificateReference } from './verification-reference';
import { toWinAnsi } from './win-ansi';

const NBSP = '\u00a0';
/** The amounts hold no-break spaces (U+00A0, see formatMoney below); pdf.js extracts them as plain spaces. */
const SP = ' ';
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A table row of the extracted text: its cells in order, separated by spaces or tabs (pdf.js's cell separator). */
const row = (...cells: string[]) => new RegExp(`^${cells.map(escape).join('[\\t ]+')}$`, 'm');

const REFERENCE = certificateReference(
  {
    cooperativeId: 'coop-1',
    memberId: 'member-1042',
    asOf: '2025-12-31',
    holdings: [
      { classCode: 'A', shares: 1, paidAmount: '100.00' },
      { classCode: 'B', shares: 1234, paidAmount: '4703.05' },
      { classCode: 'C', shares: 3, paidAmount: '0.30' },
    ],
  },
  'a-test-secret-of-32-characters!!',
);

const data = (over: Partial<ShareCertificateData> = {}): ShareCertificateData => ({
  cooperative: {
    name: 'Énergies Citoyennes du Léman',
    legalForm: 'SCIC SAS',
    registeredOffice: '12 rue de l’Église, 74200 Thonon-les-Bains',
    registrationNumber: 'RCS Thonon-les-Bains 912 345 678',
  },
  member: { number: 1042, displayName: 'Françoise Lefèvre', personType: 'NATURAL' },
  holdings: [
    { classCode: 'A', className: 'Fondateurs', shares: 1, nominalValue: '100.00', subscribedAmount: '100.00', paidAmount: '100.00', unpaidAmount: '0.00' },
    {
      classCode: 'B',
      className: 'Usagers',
      shares: 1234,
      nominalValue: '15.2449',
      subscribedAmount: '18812.2066',
      paidAmount: '4703.05',
      unpaidAmount: '14109.1566',
    },
    { classCode: 'C', className: 'Investisseurs', shares: 3, nominalValue: '0.10', subscribedAmount: '0.30', paidAmount: '0.30', unpaidAmount: '0.00' },
  ],
  asOf: '2025-12-31',
  issuedAt: new Date('2026-01-01T09:30:00Z'),
  verificationReference: REFERENCE,
  ...over,
});

describe('renderShareCertificate, in French', () => {
  let pdf: Buffer;
  let content: PdfContent;
  beforeAll(async () => {
    pdf = await renderShareCertificate(data());
    content = readPdf(pdf);
  });

  it('is a one-page PDF', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(content.pages).toBe(1);
  });

  it('names the cooperative, its form with variable capital, its office and registration', () => {
    expect(content.text).toContain('Certificat de parts sociales');
    expect(content.text).toContain('Énergies Citoyennes du Léman');
    expect(content.text).toContain('SCIC SAS à capital variable');
    expect(content.text).toContain('Siège social : 12 rue de l’Église, 74200 Thonon-les-Bains');
    expect(content.text).toContain('Immatriculation : RCS Thonon-les-Bains 912 345 678');
  });

  it('names the member by number and name', () => {
    expect(content.text).toContain('Associé n° 1042 : Françoise Lefèvre');
  });

  it('has one line per class with its shares and amounts, French style', () => {
    expect(content.text).toMatch(row('Catégorie', 'Parts', 'Valeur nominale', 'Souscrit', 'Libéré', 'Non libéré'));
    expect(content.text).toMatch(row('A – Fondateurs', '1', `100,00${SP}€`, `100,00${SP}€`, `100,00${SP}€`, `0,00${SP}€`));
    expect(content.text).toMatch(row('B – Usagers', `1${SP}234`, `15,2449${SP}€`, `18${SP}812,2066${SP}€`, `4${SP}703,05${SP}€`, `14${SP}109,1566${SP}€`));
    expect(content.text).toMatch(row('C – Investisseurs', '3', `0,10${SP}€`, `0,30${SP}€`, `0,30${SP}€`, `0,00${SP}€`));
  });

  it('totals the classes exactly', () => {
    expect(content.text).toMatch(row('Total', `1${SP}238`, `18${SP}912,5066${SP}€`, `4${SP}803,35${SP}€`, `14${SP}109,1566${SP}€`));
  });

  it('states the date of the position, the issue date and the verification reference with how to verify it', () => {
    expect(content.text).toContain('Situation établie au 31 décembre 2025.');
    expect(content.text).toContain('Certificat délivré le 1er janvier 2026.');
    expect(content.text).toContain(`Référence de vérification : ${REFERENCE}`);
    expect(content.text.replace(/\s+/g, ' ')).toContain(
      'Pour vérifier ce certificat, communiquez cette référence à Énergies Citoyennes du Léman : la coopérative la recalcule à partir de son registre',
    );
  });

  it('has the metadata: title, author, creation date', () => {
    expect(content.info.Title).toBe(`Certificat de parts sociales – Françoise Lefèvre (n° 1042) – 2025-12-31`);
    expect(content.info.Author).toBe('Énergies Citoyennes du Léman');
    expect(content.info.CreationDate).toBe('D:20260101093000Z');
    expect(content.info.Language).toBe('fr-FR');
  });

  it('is byte-identical for the same data', async () => {
    expect((await renderShareCertificate(data())).equals(pdf)).toBe(true);
    const later = await renderShareCertificate(data({ issuedAt: new Date('2026-01-02T09:30:00Z') }));
    expect(later.equals(pdf)).toBe(false);
  });
});

describe('renderShareCertificate, other cases', () => {
  it('in English: "with variable capital" and English amounts', async () => {
    const { text, info } = readPdf(await renderShareCertificate(data(), 'en'));
    expect(text).toContain('Share certificate');
    expect(text).toContain('SCIC SAS with variable capital');
    expect(text).toContain('Registered office: 12 rue de l’Église');
    expect(text).toContain('Member no. 1042: Françoise Lefèvre');
    expect(text).toMatch(row('B – Usagers', '1,234', '€15.2449', '€18,812.2066', '€4,703.05', '€14,109.1566'));
    expect(text).toMatch(row('Total', '1,238', '€18,912.5066', '€4,803.35', '€14,109.1566'));
    expect(text).toContain('Position as of 31 December 2025.');
    expect(text).toContain('Certificate issued on 1 January 2026.');
    expect(text).toContain(`Verification reference: ${REFERENCE}`);
    expect(info.Title).toBe('Share certificate – Françoise Lefèvre (no. 1042) – 2025-12-31');
  });

  it('a member with no holdings: no table, says so', async () => {
    const { text } = readPdf(await renderShareCertificate(data({ holdings: [] })));
    expect(text).toContain('Aucune part sociale n’est inscrite au nom de cet associé à cette date.');
    expect(text).not.toContain('Catégorie');
    expect(text).toContain(`Référence de vérification : ${REFERENCE}`);
  });

  it('characters outside WinAnsi (Polish letters, an emoji) do not crash: transliterated or "?"; the metadata keep them', async () => {
    const member = { number: 7, displayName: 'Łucja Brzęczyszczykiewicz 🌱', personType: 'LEGAL' as const };
    const pdf = await renderShareCertificate(data({ member, cooperative: { ...data().cooperative, name: 'Coopérative Œuvre “Ĳssel” – Kraków' } }));
    const { text, info } = readPdf(pdf);
    expect(text).toContain('Associé n° 7 : Lucja Brzeczyszczykiewicz ? (personne morale)');
    expect(text).toContain('Coopérative Œuvre “?ssel” – Kraków');
    expect(info.Title).toContain('Łucja Brzęczyszczykiewicz 🌱');
  });

  it('leaves out the office and the registration number when unknown', async () => {
    const { text } = readPdf(await renderShareCertificate(data({ cooperative: { ...data().cooperative, registeredOffice: null, registrationNumber: null } })));
    expect(text).toContain('SCIC SAS à capital variable');
    expect(text).not.toContain('Siège social');
    expect(text).not.toContain('Immatriculation');
  });

  it('a table longer than a page goes on with its header on the next page', async () => {
    const holdings = Array.from({ length: 45 }, (_, i) => ({
      classCode: `K${i}`,
      className: `Catégorie ${i} au nom assez long pour passer à la ligne dans sa colonne`,
      shares: 1,
      nominalValue: '10.00',
      subscribedAmount: '10.00',
      paidAmount: '2.50',
      unpaidAmount: '7.50',
    }));
    const { text, pages } = readPdf(await renderShareCertificate(data({ holdings })));
    expect(pages).toBeGreaterThan(1);
    expect(text.match(/Catégorie[\t ]+Parts[\t ]+Valeur nominale/g)).toHaveLength(pages);
    expect(text).toMatch(row('Total', '45', `450,00${SP}€`, `112,50${SP}€`, `337,50${SP}€`));
  });

  it('refuses figures that must not be printed', async () => {
    const holding = data().holdings[0];
    await expect(renderShareCertificate(data({ holdings: [{ ...holding, unpaidAmount: '0.01' }] }))).rejects.toThrow(/paid .* \+ unpaid .* ≠ subscribed/);
    await expect(renderShareCertificate(data({ holdings: [{ ...holding, paidAmount: '1e2' }] }))).rejects.toThrow(/paidAmount/);
    await expect(renderShareCertificate(data({ holdings: [{ ...holding, shares: 0.5 }] }))).rejects.toThrow(/shares/);
    await expect(renderShareCertificate(data({ asOf: '31/12/2025' }))).rejects.toThrow(/asOf/);
    await expect(renderShareCertificate(data({ issuedAt: new Date('nonsense') }))).rejects.toThrow(/issuedAt/);
  });
});

describe('formatting', () => {
  it('formatMoney: French and English, at least 2 decimals, never rounded', () => {
    expect(formatMoney(new Money('1234.5'), 'fr')).toBe(`1${NBSP}234,50${NBSP}€`);
    expect(formatMoney(new Money('1234.5'), 'en')).toBe('€1,234.50');
    expect(formatMoney(new Money('1234567.8912'), 'fr')).toBe(`1${NBSP}234${NBSP}567,8912${NBSP}€`);
    expect(formatMoney(new Money('0'), 'fr')).toBe(`0,00${NBSP}€`);
    expect(formatMoney(new Money('999'), 'en')).toBe('€999.00');
    expect(formatMoney(new Money('0.1').plus('0.2'), 'en')).toBe('€0.30');
  });

  it('formatCalendarDate', () => {
    expect(formatCalendarDate('2026-01-01', 'fr')).toBe('1er janvier 2026');
    expect(formatCalendarDate('2025-08-15', 'fr')).toBe('15 août 2025');
    expect(formatCalendarDate('2025-02-01', 'en')).toBe('1 February 2025');
  });

  it('toWinAnsi keeps WinAnsi text, transliterates what it can and puts "?" for the rest', () => {
    expect(toWinAnsi('Société coopérative « Œuvre » – 1 234,50 € ’')).toBe('Société coopérative « Œuvre » – 1 234,50 € ’');
    expect(toWinAnsi('Łódź Świętokrzyskie Đakovo Ørsted')).toBe('Lódz Swietokrzyskie Dakovo Ørsted');
    expect(toWinAnsi('e\u0301')).toBe('é');
    expect(toWinAnsi('1\u202f234')).toBe('1\u00a0234');
    expect(toWinAnsi('a👍🏽b 👨‍👩‍👧 東京')).toBe('a??b ??? ??');
    expect(toWinAnsi('line\nbreak\ttab')).toBe('line break tab');
  });
});
