/**
 * The bad-input check of `npm run reliability`: 10,000 requests generated with fast-check (a fixed seed)
 * against every form and API endpoint over HTTP, from 20 clients at once, to one app process or to
 * several (WORKERS); no 5xx, no hang, every rejection explained, and the database unchanged.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../src/db/database.ts';
import type { CheckResult } from './crash.ts';
import { makeTokens, type Prepared } from './databases.ts';
import { startServer, startWorkers } from './processes.ts';

const nasty = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom(
    '',
    '２０２６－１２－０５',
    '2026-02-30',
    '2026-13-01',
    "' OR 1=1 --",
    '<img src=x onerror=alert(1)>',
    '\u0000\u0007',
    '%E0%A4%A',
    'x'.repeat(3000),
    '-1',
    '1e9',
  ),
);
const jsonish = fc.oneof(
  nasty,
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(nasty, { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
);

async function checksum(db: DatabaseHandle): Promise<string> {
  const parts: string[] = [];
  for (const t of [
    'users',
    'organisations',
    'organisation_members',
    'reservations',
    'reservation_cells',
    'api_tokens',
    'password_resets',
    'notify_messages',
    'notify_deliveries',
    'facilities',
    'rooms',
  ]) {
    parts.push(String((await sql<{ n: string | number }>`select count(*) as n from ${sql.table(t)}`.execute(db.kysely)).rows[0]?.n));
  }
  const last = await db.kysely.selectFrom('reservations').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return `${parts.join('/')}#${last?.id}`;
}

/** `workers` > 1: against that many app processes (WORKERS), once each of them answers. */
export async function badInput(label: string, prepared: Prepared, workers = 1): Promise<CheckResult> {
  const [token] = await makeTokens(prepared.db, 1);
  const server =
    workers > 1 ? await startWorkers({ DATABASE_URL: prepared.url }, workers) : await startServer({ DATABASE_URL: prepared.url });
  const before = await checksum(prepared.db);
  const generator = fc.oneof(
    fc.record({
      kind: fc.constant('book' as const),
      body: fc.dictionary(fc.constantFrom('roomId', 'date', 'bands', 'purpose', 'attendees', 'category', 'groupId'), jsonish),
    }),
    fc.record({ kind: fc.constant('raw' as const), body: nasty }),
    fc.record({
      kind: fc.constant('query' as const),
      path: fc.constantFrom(
        '/api/v1/search',
        '/search',
        '/api/v1/facilities',
        '/api/v1/rooms/kokurakita-llc-r1/availability',
        '/facilities/kokurakita-llc/availability',
        '/book',
      ),
      query: fc.dictionary(
        fc.constantFrom('date', 'from', 'to', 'band', 'ward', 'kind', 'minCapacity', 'roomType', 'equipment', 'month', 'room'),
        nasty,
      ),
    }),
    fc.record({
      kind: fc.constant('form' as const),
      path: fc.constantFrom('/register', '/login', '/password/forgot', '/password/reset', '/book/confirm', '/book', '/groups'),
      form: fc.dictionary(
        fc.constantFrom(
          'name',
          'nameKana',
          'phone',
          'email',
          'residency',
          'birthYear',
          'password',
          'passwordConfirm',
          'login',
          'token',
          'type',
          'memberCount',
        ),
        nasty,
      ),
    }),
    fc.record({ kind: fc.constant('token' as const), body: fc.dictionary(fc.constantFrom('email', 'password', 'name', 'extra'), jsonish) }),
    fc.record({ kind: fc.constant('id' as const), id: nasty }),
  );
  const samples = fc.sample(generator, { numRuns: 10_000, seed: 20261124 });
  let fivexx = 0;
  let hangs = 0;
  let unexplained = 0;
  let accepted = 0;
  const byStatus = new Map<number, number>();
  let index = 0;
  const started = Date.now();
  const worker = async () => {
    while (index < samples.length) {
      const s = samples[index++];
      if (!s) break;
      let res: Response;
      const signal = AbortSignal.timeout(10_000);
      try {
        if (s.kind === 'book')
          res = await fetch(`${server.url}/api/v1/reservations`, {
            method: 'POST',
            signal,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(s.body),
          });
        else if (s.kind === 'raw')
          res = await fetch(`${server.url}/api/v1/reservations`, {
            method: 'POST',
            signal,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: s.body,
          });
        else if (s.kind === 'query') res = await fetch(`${server.url}${s.path}?${new URLSearchParams(s.query)}`, { signal });
        else if (s.kind === 'form')
          res = await fetch(`${server.url}${s.path}`, {
            method: 'POST',
            signal,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(s.form).toString(),
            redirect: 'manual',
          });
        else if (s.kind === 'token')
          res = await fetch(`${server.url}/api/v1/auth/token`, {
            method: 'POST',
            signal,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(s.body),
          });
        else
          res = await fetch(`${server.url}/api/v1/reservations/${encodeURIComponent(s.id)}`, {
            method: 'DELETE',
            signal,
            headers: { authorization: `Bearer ${token}` },
          });
      } catch {
        hangs++;
        continue;
      }
      const text = await res.text();
      byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
      if (res.status >= 500) fivexx++;
      if (res.status >= 400 && res.status < 500 && text.trim() === '') unexplained++;
      if (res.status >= 200 && res.status < 300 && (s.kind === 'book' || s.kind === 'raw' || s.kind === 'token' || s.kind === 'form'))
        accepted++;
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));
  const after = await checksum(prepared.db);
  await server.stop();
  const statuses = [...byStatus]
    .sort((a, b) => a[0] - b[0])
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
  return {
    name: `bad input ×10,000 (${label})`,
    ok: fivexx === 0 && hangs === 0 && unexplained === 0 && (accepted > 0 || before === after),
    detail: `${samples.length} requests in ${((Date.now() - started) / 1000).toFixed(1)} s: ${statuses}; 5xx ${fivexx}, hangs ${hangs}, empty rejections ${unexplained}, accepted writes ${accepted}; database ${before === after ? 'unchanged' : `changed (${before} → ${after})`}`,
  };
}
