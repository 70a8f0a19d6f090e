import { Money } from '@coop/core';
import { PUBLIC_BODY_CAP_TEXT } from '@coop/ledger';
import { demoContext, type DemoApi } from './demo-api';
import { everyPage } from './demo-record';

/** "123456.5" → "123 456.50": euros for people to read (the amount stays a decimal string, never a float). */
export function formatEuros(amount: string): string {
  const [units, cents = ''] = amount.split('.');
  return `${units.replace(/\B(?=(\d{3})+(?!\d))/g, ' ')}.${cents.padEnd(2, '0')}`;
}

const percent = (ratio: string) => `${new Money(ratio).times(100).toFixed(1)} %`;

function tally<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

const list = (counts: Map<string, number>, order: string[]) =>
  order
    .filter((k) => counts.has(k))
    .map((k) => `${k} ${counts.get(k)}`)
    .join(', ');

/** What the API now shows about the cooperative: members, journal, capital and the legal checks. */
export async function printSummary(api: DemoApi, cooperativeId: string, out: (line: string) => void): Promise<boolean> {
  const ctx = demoContext(cooperativeId);
  const [members, movements, categories, statements, capital, compliance] = await Promise.all([
    everyPage((cursor) => api.members.list(ctx, { limit: 500, cursor })),
    everyPage((cursor) => api.movements.list(ctx, { limit: 500, cursor })),
    api.categories.list(ctx),
    api.lossStatements.list(ctx),
    api.capital.capital(ctx),
    api.capital.compliance(ctx),
  ]);
  const categoryName = new Map(categories.map((c) => [c.id, c.name]));
  const admitted = members.filter((m) => m.status === 'ADMITTED');
  out('');
  out(`Summary of "${(await api.cooperatives.get(ctx)).name}" (${cooperativeId})`);
  out(
    `  members       ${members.length}: ${list(
      tally(members, (m) => m.status),
      ['CANDIDATE', 'ADMITTED', 'EXITED', 'CLOSED'],
    )}`,
  );
  out(
    `                admitted by category: ${list(
      tally(admitted, (m) => categoryName.get(m.categoryId) ?? '?'),
      categories.map((c) => c.name),
    )}`,
  );
  out(
    `                natural persons ${members.filter((m) => m.personType === 'NATURAL').length}, legal persons ` +
      `${members.filter((m) => m.personType === 'LEGAL').length}`,
  );
  out(
    `  movements     ${movements.length}: ${list(
      tally(movements, (m) => m.kind),
      ['SUBSCRIPTION', 'PAYMENT', 'TRANSFER', 'REDEMPTION', 'REFUND', 'REVERSAL'],
    )}`,
  );
  out(`                from ${movements[0]?.date ?? '-'} to ${movements[movements.length - 1]?.date ?? '-'}`);
  out(`  losses        ${statements.map((s) => `${s.fiscalYearEnd.slice(0, 4)}: ${formatEuros(s.losses)}`).join(', ') || 'none'}`);
  out(
    `  capital       as of ${capital.asOf}: subscribed ${formatEuros(capital.subscribed)}, paid ${formatEuros(capital.paid)}, unpaid ` +
      `${formatEuros(capital.unpaid)} (overdue ${formatEuros(capital.overdue)})`,
  );
  out(
    `                highest ${formatEuros(capital.highestCapital)}, floor ${formatEuros(capital.floor.amount)}, refunds due ` +
      `${formatEuros(capital.refundsDue)}`,
  );
  out(
    `                public bodies ${formatEuros(capital.publicBodies.capital)} = ${percent(capital.publicBodies.share)} of capital ` +
      `(cap ${PUBLIC_BODY_CAP_TEXT})`,
  );
  const failed = compliance.checks.filter((c) => !c.ok).map((c) => `${c.code} (${c.severity.toLowerCase()})`);
  out(
    `  compliance    ${compliance.compliant ? 'compliant' : 'NOT compliant'}: ${compliance.checks.length - failed.length} of ` +
      `${compliance.checks.length} checks pass${failed.length ? `; failing: ${failed.join(', ')}` : ''}`,
  );
  return compliance.compliant;
}
