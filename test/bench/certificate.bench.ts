/**
 * Share certificates: how long one takes to make (the verification reference, then the PDF), sequentially, in this
 * process. `benchCertificates(n)` renders a warm-up batch, then n certificates of 3 share classes each, every one
 * different (member number, name, amounts, date), each checked to be a PDF; it returns the latency figures (ms).
 * Run directly (after `npm run build`: `node dist/test/bench/certificate.bench.js`), it prints
 * `certificate generation: p50 … ms, p95 … ms (n=…)`; BENCH_CERTIFICATES sets n (200).
 */
import { performance } from 'node:perf_hooks';
import { certificateReference, renderShareCertificate, type ShareCertificateData } from '@coop/certificates';
import { Money } from '@coop/core';
import { ms, summarize, type LatencySummary } from './bench-stats';

const WARMUP = 20;
const SECRET = 'bench-secret-bench-secret-bench-secret';
const NAMES = ['Françoise Lefèvre', 'Hélène Fontaine', 'Élodie Bertrand', 'François Mercier', 'Zoé Moreau', 'Gaëlle Le Gal', 'Łucja Nowak'];
const CLASSES = [
  { classCode: 'A', className: 'Fondateurs', nominalValue: '100.00' },
  { classCode: 'B', className: 'Usagers', nominalValue: '15.2449' },
  { classCode: 'C', className: 'Collectivités territoriales', nominalValue: '500.00' },
];

export interface CertificateBenchResult extends LatencySummary {
  /** mean size of a certificate, in bytes */
  meanBytes: number;
}

/** Certificate i of the run: 3 classes, amounts in exact decimals, some of them partly unpaid. */
function certificateData(i: number): ShareCertificateData {
  const holdings = CLASSES.map((c, k) => {
    const shares = 1 + ((i * 7 + k * 13) % 400);
    const subscribed = new Money(c.nominalValue).times(shares);
    const paid = subscribed.times((1 + ((i + k) % 4)) / 4).toDecimalPlaces(2, Money.ROUND_DOWN);
    return { ...c, shares, subscribedAmount: subscribed.toFixed(), paidAmount: paid.toFixed(2), unpaidAmount: subscribed.minus(paid).toFixed() };
  });
  const asOf = `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
  const verificationReference = certificateReference(
    {
      cooperativeId: 'bench-cooperative',
      memberId: `bench-member-${i}`,
      asOf,
      holdings: holdings.map((h) => ({ classCode: h.classCode, shares: h.shares, paidAmount: h.paidAmount })),
    },
    SECRET,
  );
  return {
    cooperative: {
      name: 'Énergies Citoyennes du Léman',
      legalForm: 'SCIC SAS',
      registeredOffice: '12 rue de l’Église, 74200 Thonon-les-Bains',
      registrationNumber: 'RCS Thonon-les-Bains 912 345 678',
    },
    member: { number: 1 + i, displayName: NAMES[i % NAMES.length], personType: i % 10 === 0 ? 'LEGAL' : 'NATURAL' },
    holdings,
    asOf,
    issuedAt: new Date(Date.UTC(2026, 0, 1, 9, 30) + i * 60_000),
    verificationReference,
  };
}

export async function benchCertificates(n = 200): Promise<CertificateBenchResult> {
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`benchCertificates: n must be a positive integer (got ${n})`);
  for (let i = 0; i < WARMUP; i++) await renderShareCertificate(certificateData(1_000_000 + i), i % 2 ? 'en' : 'fr');
  const latencies: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const pdf = await renderShareCertificate(certificateData(i), 'fr');
    latencies.push(performance.now() - started);
    if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error(`certificate ${i} is not a PDF`);
    bytes += pdf.length;
  }
  return { ...summarize(latencies), meanBytes: Math.round(bytes / n) };
}

export function describeCertificateBench(r: CertificateBenchResult): string {
  return `certificate generation: p50 ${ms(r.p50)}, p95 ${ms(r.p95)} (n=${r.count})`;
}

if (require.main === module) {
  const raw = process.env.BENCH_CERTIFICATES;
  const n = raw ? Number(raw) : 200;
  benchCertificates(n)
    .then((r) => console.log(`${describeCertificateBench(r)}; max ${ms(r.max)}, ${Math.round(r.meanBytes / 1024)} KB each`))
    .catch((e: unknown) => {
      console.error(`BENCHMARK FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      process.exit(1);
    });
}
