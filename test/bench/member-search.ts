import type { Client } from 'pg';
import { ms, summarize, table, type Figure, type LatencySummary } from './bench-stats';
import { fixedCount } from './closed-loop';
import type { HttpClient } from './http-client';

/**
 * Issue 8: finding a member, `GET …/members?q=`, at the benchmark's 100 000 members, sequentially: name fragments,
 * member numbers and emails (target p95 < 50 ms each), and for information the worst kind of search, a 2-letter
 * fragment that matches nobody (too short for the trigram index: the cooperative's members are read).
 * Every answer is checked (the member searched for by number or email is the one found).
 */
const REQUESTS = 200;
const TARGET_MS = 50;
// fragments of the generator's names (journal-generator.ts), typed without accents or capitals: "Lefèvre", "Fontaine"…
const NAME_FRAGMENTS = ['lefev', 'fontai', 'bertra', 'mercie', 'moreau', 'girard', 'le gal', 'elodie', 'francois', 'HELENE'];

interface Page {
  items: { memberNumber: number | null; email: string | null }[];
}

export async function measureMemberSearch(
  http: HttpClient,
  pg: Client,
  cooperativeId: string,
): Promise<{ figures: Figure[]; results: Record<string, LatencySummary> }> {
  const base = `/api/cooperatives/${cooperativeId}/members`;
  const [{ highest }] = (await pg.query('SELECT max(member_number) AS highest FROM member WHERE cooperative_id = $1', [cooperativeId])).rows;
  const emails: string[] = (
    await pg.query('SELECT email FROM member WHERE cooperative_id = $1 AND email IS NOT NULL ORDER BY md5(id::text) LIMIT $2', [cooperativeId, REQUESTS])
  ).rows.map((r) => r.email);
  const search = async (q: string, check: (page: Page) => boolean) => {
    const res = await http.request('GET', `${base}?q=${encodeURIComponent(q)}`);
    if (res.status !== 200) throw new Error(`GET /members?q=${q}: ${res.status} ${res.body.slice(0, 200)}`);
    if (!check(JSON.parse(res.body) as Page)) throw new Error(`GET /members?q=${q}: not the expected members: ${res.body.slice(0, 300)}`);
  };
  const kinds: [string, (i: number) => Promise<void>, number | null][] = [
    ['a name fragment', (i) => search(NAME_FRAGMENTS[i % NAME_FRAGMENTS.length], (p) => p.items.length > 0), TARGET_MS],
    [
      'a member number',
      (i) => {
        const n = ((i * 7919) % highest) + 1; // spread over the register, the same every run
        return search(String(n), (p) => p.items.length === 1 && p.items[0].memberNumber === n);
      },
      TARGET_MS,
    ],
    ['an email', (i) => search(emails[i % emails.length], (p) => p.items.some((m) => m.email === emails[i % emails.length])), TARGET_MS],
    ['a 2-letter fragment matching nobody', () => search('qz', (p) => p.items.length === 0), null],
  ];
  const figures: Figure[] = [];
  const results: Record<string, LatencySummary> = {};
  const rows: string[][] = [];
  for (const [name, run, target] of kinds) {
    for (let i = 0; i < 10; i++) await run(i); // warm-up
    const s = summarize(await fixedCount(REQUESTS, 1, run));
    results[name] = s;
    rows.push([`GET /members?q= ${name}`, ms(s.p50), ms(s.p95), ms(s.max)]);
    figures.push({
      step: '7 search',
      figure: `GET /members?q= ${name}`,
      value: `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, max ${ms(s.max)}`,
      target: target ? `p95 < ${target} ms` : '',
      pass: target ? s.p95 < target : null,
    });
  }
  console.log(table(['request (sequential)', 'p50', 'p95', 'max'], rows));
  return { figures, results };
}
