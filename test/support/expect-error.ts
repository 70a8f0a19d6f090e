import type { TestApp } from './test-app';

type Http = TestApp['http'];

interface HttpResult {
  status: number;
  body: { statusCode?: number; code?: string; field?: string; message?: string; details?: unknown };
}

/**
 * Asserts an error answer exactly: HTTP status, `statusCode`, stable `code` and the `field` at fault
 * (pass no field for an answer that must name none). On a mismatch, jest prints the whole body received.
 */
export function expectError(res: HttpResult, status: number, code: string, field?: string): void {
  expect({ status: res.status, statusCode: res.body?.statusCode, code: res.body?.code, field: res.body?.field ?? null, body: res.body }).toEqual({
    status,
    statusCode: status,
    code,
    field: field ?? null,
    body: expect.objectContaining({ message: expect.any(String) }),
  });
}

/** What a refused write must leave unchanged: the capital, the whole journal and (optionally) members and holdings. */
export async function ledgerSnapshot(http: Http, cooperativeId: string, memberIds: string[] = []) {
  const base = `/api/cooperatives/${cooperativeId}`;
  const capital = await http.get(`${base}/capital`);
  const movements = await http.get(`${base}/movements?limit=500`);
  const members = await http.get(`${base}/members?limit=500`);
  expect([capital.status, movements.status, members.status]).toEqual([200, 200, 200]);
  const holdings: Record<string, unknown> = {};
  for (const id of memberIds) holdings[id] = (await http.get(`${base}/members/${id}/holdings`)).body;
  return { capital: capital.body, movements: movements.body, members: members.body, holdings };
}
