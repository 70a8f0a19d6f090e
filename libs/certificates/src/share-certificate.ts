import { isCalendarDate, Money } from '@coop/core';
import type Decimal from 'decimal.js';
import PDFDocument from 'pdfkit';
import { toWinAnsi } from './win-ansi';

/**
 * A member's share certificate ("certificat de parts sociales") as a one-page A4 PDF: what the member holds in each
 * share class as of a date, as entered in the cooperative's register, with a verification reference
 * (verification-reference.ts). Pure: the caller reads the register and passes the figures as decimal strings.
 */
export interface ShareCertificateData {
  cooperative: {
    name: string;
    /** e.g. 'SCIC SAS'; the certificate adds « à capital variable » / "with variable capital" */
    legalForm: string;
    registeredOffice: string | null;
    /** RCS / SIREN */
    registrationNumber: string | null;
    /** The capital is variable: a certificate never states a fixed capital. */
    statutoryCapitalText?: never;
  };
  member: { number: number; displayName: string; personType: 'NATURAL' | 'LEGAL' };
  /** One line per share class; amounts are decimal strings ("1234.50", up to 4 decimals for nominal values). */
  holdings: {
    classCode: string;
    className: string;
    shares: number;
    nominalValue: string;
    subscribedAmount: string;
    paidAmount: string;
    unpaidAmount: string;
  }[];
  /** YYYY-MM-DD: the date of the register's state the certificate states. */
  asOf: string;
  issuedAt: Date;
  verificationReference: string;
}

export type CertificateLanguage = 'fr' | 'en';

const LABELS = {
  fr: {
    title: 'Certificat de parts sociales',
    variableCapital: 'à capital variable',
    office: 'Siège social : ',
    registration: 'Immatriculation : ',
    statement: (coop: string, date: string) =>
      `${coop} certifie que l’associé désigné ci-dessous détient, au ${date}, les parts sociales suivantes, inscrites à son registre des associés.`,
    member: (n: string) => `Associé n° ${n} : `,
    legalPerson: ' (personne morale)',
    columns: ['Catégorie', 'Parts', 'Valeur nominale', 'Souscrit', 'Libéré', 'Non libéré'],
    total: 'Total',
    noHoldings: 'Aucune part sociale n’est inscrite au nom de cet associé à cette date.',
    asOf: (date: string) => `Situation établie au ${date}.`,
    issued: (date: string) => `Certificat délivré le ${date}.`,
    reference: 'Référence de vérification : ',
    howToVerify: (coop: string, date: string) =>
      `Pour vérifier ce certificat, communiquez cette référence à ${coop} : la coopérative la recalcule à partir de son registre des associés ` +
      `et confirme qu’elle correspond exactement aux parts et montants ci-dessus au ${date}. Un certificat modifié ne correspond plus à sa référence.`,
    notice:
      'Ce certificat n’est pas un titre négociable. Les parts sociales sont nominatives ; elles ne se transmettent que par inscription au registre ' +
      'de la coopérative, après agrément (loi n° 47-1775 du 10 septembre 1947, art. 11).',
  },
  en: {
    title: 'Share certificate',
    variableCapital: 'with variable capital',
    office: 'Registered office: ',
    registration: 'Registration number: ',
    statement: (coop: string, date: string) =>
      `${coop} certifies that the member named below holds, as of ${date}, the following shares, as entered in its register of members.`,
    member: (n: string) => `Member no. ${n}: `,
    legalPerson: ' (legal person)',
    columns: ['Class', 'Shares', 'Nominal value', 'Subscribed', 'Paid-up', 'Unpaid'],
    total: 'Total',
    noHoldings: 'No shares are registered in this member’s name at this date.',
    asOf: (date: string) => `Position as of ${date}.`,
    issued: (date: string) => `Certificate issued on ${date}.`,
    reference: 'Verification reference: ',
    howToVerify: (coop: string, date: string) =>
      `To verify this certificate, give this reference to ${coop}: the cooperative recomputes it from its register of members and confirms ` +
      `that it matches exactly the shares and amounts above as of ${date}. An altered certificate no longer matches its reference.`,
    notice:
      'This certificate is not a negotiable instrument. Cooperative shares are registered shares; they are transferred only by entry in the ' +
      'cooperative’s register, after approval (French law no. 47-1775 of 10 September 1947, art. 11).',
  },
} as const;

const MONTHS = {
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
} as const;

/** The issue date is the date in France when the certificate was issued. */
const PARIS_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Non-negative decimal strings only: never a float, never an exponent. */
const DECIMAL = /^\d{1,16}(?:\.\d+)?$/;
/** U+00A0: Helvetica (WinAnsi) has no narrow no-break space (U+202F); a no-break space keeps "1 234,50 €" on one line. */
const NBSP = '\u00a0';

// Layout, in PDF points (A4 is 595.28 × 841.89).
const MARGIN = 56;
const TABLE_FONT_SIZE = 9;
const COLUMN_WIDTHS = [138, 50, 80, 72, 72, 71];
const CELL_PADDING = 4;

/**
 * Renders the certificate. Throws (rejects) on data that must not be printed: an amount that is not a non-negative
 * decimal string, paid + unpaid ≠ subscribed for a class, a fractional share count, an invalid date.
 *
 * Deterministic: the same data gives byte-identical PDFs (pdfkit's only clock read is the CreationDate, set to issuedAt,
 * and its file ID is a hash of the document info; standard fonts are not embedded, so no random subset tag).
 */
export async function renderShareCertificate(data: ShareCertificateData, language: CertificateLanguage = 'fr'): Promise<Buffer> {
  const lines = checkHoldings(data);
  if (!isCalendarDate(data.asOf)) throw new TypeError(`share certificate: asOf must be a calendar date YYYY-MM-DD (got "${data.asOf}")`);
  if (!(data.issuedAt instanceof Date) || Number.isNaN(data.issuedAt.getTime())) throw new TypeError('share certificate: issuedAt must be a valid Date');
  if (!Number.isSafeInteger(data.member.number) || data.member.number <= 0)
    throw new TypeError('share certificate: the member number must be a positive integer');
  if (language !== 'fr' && language !== 'en') throw new TypeError(`share certificate: unknown language "${String(language)}"`);

  const label = LABELS[language];
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    lang: language === 'fr' ? 'fr-FR' : 'en-GB',
    displayTitle: true,
    info: {
      Title: `${label.title} – ${data.member.displayName} (${language === 'fr' ? 'n°' : 'no.'} ${data.member.number}) – ${data.asOf}`,
      Author: data.cooperative.name,
      Subject: `${label.reference}${data.verificationReference}`,
      Creator: 'coop-ledger',
      CreationDate: data.issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  drawCertificate(doc, data, lines, language);
  doc.end();
  return done;
}

interface HoldingLine {
  classText: string;
  shares: number;
  nominal: Decimal;
  subscribed: Decimal;
  paid: Decimal;
  unpaid: Decimal;
}

function checkHoldings(data: ShareCertificateData): HoldingLine[] {
  return data.holdings.map((h) => {
    const amount = (field: 'nominalValue' | 'subscribedAmount' | 'paidAmount' | 'unpaidAmount') => {
      const raw = h[field];
      if (typeof raw !== 'string' || !DECIMAL.test(raw)) {
        throw new TypeError(`share certificate: class ${h.classCode} ${field} must be a non-negative decimal string (got ${JSON.stringify(raw)})`);
      }
      return new Money(raw);
    };
    if (!Number.isSafeInteger(h.shares) || h.shares < 0) throw new TypeError(`share certificate: class ${h.classCode} shares must be a whole number ≥ 0`);
    const line = {
      classText: toWinAnsi(h.className ? `${h.classCode} – ${h.className}` : h.classCode),
      shares: h.shares,
      nominal: amount('nominalValue'),
      subscribed: amount('subscribedAmount'),
      paid: amount('paidAmount'),
      unpaid: amount('unpaidAmount'),
    };
    if (!line.paid.plus(line.unpaid).equals(line.subscribed)) {
      throw new TypeError(`share certificate: class ${h.classCode} paid (${h.paidAmount}) + unpaid (${h.unpaidAmount}) ≠ subscribed (${h.subscribedAmount})`);
    }
    return line;
  });
}

function drawCertificate(doc: PDFKit.PDFDocument, data: ShareCertificateData, lines: HoldingLine[], language: CertificateLanguage): void {
  const label = LABELS[language];
  const coop = toWinAnsi(data.cooperative.name);
  const asOf = formatCalendarDate(data.asOf, language);
  const width = doc.page.width - 2 * MARGIN;

  doc.font('Helvetica-Bold').fontSize(20).text(label.title, { align: 'center' });
  doc.moveDown(1.2);

  doc.font('Helvetica-Bold').fontSize(14).text(coop);
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(`${toWinAnsi(data.cooperative.legalForm)} ${label.variableCapital}`);
  if (data.cooperative.registeredOffice) doc.text(label.office + toWinAnsi(data.cooperative.registeredOffice));
  if (data.cooperative.registrationNumber) doc.text(label.registration + toWinAnsi(data.cooperative.registrationNumber));
  doc.moveDown(0.6);
  rule(doc);
  doc.moveDown(0.8);

  doc.font('Helvetica').fontSize(10).text(label.statement(coop, asOf), { align: 'justify' });
  doc.moveDown(0.8);
  doc
    .font('Helvetica-Bold')
    .fontSize(12)
    .text(label.member(String(data.member.number)) + toWinAnsi(data.member.displayName) + (data.member.personType === 'LEGAL' ? label.legalPerson : ''));
  doc.moveDown(0.8);

  if (lines.length === 0) {
    doc.font('Helvetica-Oblique').fontSize(10).text(label.noHoldings);
  } else {
    drawHoldingsTable(doc, lines, language);
  }
  doc.moveDown(1);

  doc.font('Helvetica').fontSize(10).text(label.asOf(asOf));
  doc.text(label.issued(formatCalendarDate(PARIS_DATE.format(data.issuedAt), language)));
  doc.moveDown(1);

  doc.font('Helvetica').fontSize(10).text(label.reference, { continued: true }).font('Helvetica-Bold').text(toWinAnsi(data.verificationReference));
  doc.moveDown(0.3);
  doc.font('Helvetica').fontSize(8.5).text(label.howToVerify(coop, asOf), { align: 'justify', width });
  doc.moveDown(1);
  doc.fillColor('#555555').fontSize(8).text(label.notice, { align: 'justify', width }).fillColor('black');
}

function drawHoldingsTable(doc: PDFKit.PDFDocument, lines: HoldingLine[], language: CertificateLanguage): void {
  const label = LABELS[language];
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  let y = doc.y;

  const drawRow = (cells: string[], bold: boolean, shaded: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(TABLE_FONT_SIZE);
    const height = Math.max(doc.heightOfString(cells[0], { width: COLUMN_WIDTHS[0] - 2 * CELL_PADDING }), doc.currentLineHeight()) + 2 * CELL_PADDING;
    if (y + height > bottom()) {
      doc.addPage();
      y = doc.page.margins.top;
      if (!shaded) drawRow(label.columns.slice(), true, true);
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(TABLE_FONT_SIZE);
    }
    let x = MARGIN;
    if (shaded) {
      doc.rect(MARGIN, y, sumOf(COLUMN_WIDTHS), height).fill('#eeeeee').fillColor('black');
    }
    cells.forEach((cell, i) => {
      const inner = COLUMN_WIDTHS[i] - 2 * CELL_PADDING;
      if (i === 0) {
        doc.text(cell, x + CELL_PADDING, y + CELL_PADDING, { width: inner });
      } else {
        // right-aligned on one line; a figure too wide for its column is drawn smaller rather than wrapped
        const natural = doc.widthOfString(cell);
        if (natural > inner) doc.fontSize((TABLE_FONT_SIZE * inner) / natural);
        doc.text(cell, x + COLUMN_WIDTHS[i] - CELL_PADDING - doc.widthOfString(cell), y + CELL_PADDING, { lineBreak: false });
        doc.fontSize(TABLE_FONT_SIZE);
      }
      x += COLUMN_WIDTHS[i];
    });
    y += height;
    doc
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + sumOf(COLUMN_WIDTHS), y)
      .lineWidth(0.5)
      .strokeColor('#999999')
      .stroke();
  };

  drawRow(label.columns.slice(), true, true);
  for (const line of lines) {
    drawRow(
      [
        line.classText,
        formatCount(line.shares, language),
        formatMoney(line.nominal, language),
        formatMoney(line.subscribed, language),
        formatMoney(line.paid, language),
        formatMoney(line.unpaid, language),
      ],
      false,
      false,
    );
  }
  // Totals in exact decimals: the shares as integers (safe: each is a safe integer and a member holds few classes), amounts with decimal.js.
  const total = (pick: (l: HoldingLine) => Decimal) => lines.reduce((acc, l) => acc.plus(pick(l)), new Money(0));
  const totalShares = lines.reduce((n, l) => n + l.shares, 0);
  drawRow(
    [
      label.total,
      formatCount(totalShares, language),
      '',
      formatMoney(
        total((l) => l.subscribed),
        language,
      ),
      formatMoney(
        total((l) => l.paid),
        language,
      ),
      formatMoney(
        total((l) => l.unpaid),
        language,
      ),
    ],
    true,
    false,
  );
  doc.x = MARGIN;
  doc.y = y + CELL_PADDING;
}

function rule(doc: PDFKit.PDFDocument): void {
  doc
    .moveTo(MARGIN, doc.y)
    .lineTo(doc.page.width - MARGIN, doc.y)
    .lineWidth(1)
    .strokeColor('#333333')
    .stroke();
}

const sumOf = (values: number[]) => values.reduce((a, b) => a + b, 0);

function groupThousands(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/** "1 234" (no-break space) in French, "1,234" in English. */
export function formatCount(value: number, language: CertificateLanguage): string {
  return groupThousands(String(value), language === 'fr' ? NBSP : ',');
}

/**
 * "1 234,50 €" (no-break spaces) in French, "€1,234.50" in English; at least 2 decimals and as many as the amount has
 * (a nominal value may have 4), never rounded.
 */
export function formatMoney(value: Decimal, language: CertificateLanguage): string {
  const [integer, fraction] = value.abs().toFixed(Math.max(2, value.decimalPlaces())).split('.');
  const sign = value.isNegative() && !value.isZero() ? '-' : '';
  return language === 'fr' ? `${sign}${groupThousands(integer, NBSP)},${fraction}${NBSP}€` : `${sign}€${groupThousands(integer, ',')}.${fraction}`;
}

/** "1er janvier 2026", "31 décembre 2025"; "31 December 2025". */
export function formatCalendarDate(date: string, language: CertificateLanguage): string {
  const [year, month, day] = date.split('-').map(Number);
  const dayText = language === 'fr' && day === 1 ? '1er' : String(day);
  return `${dayText} ${MONTHS[language][month - 1]} ${year}`;
}
