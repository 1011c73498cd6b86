/**
 * The bad-input check of `npm run reliability`: 10,000 requests generated with fast-check (a fixed seed)
 * against every form and API endpoint over HTTP, from 20 clients at once, to one app process or to
 * several (WORKERS); no 5xx, no hang, every rejection explained, and the database unchanged. The counter
 * appointment and queue APIs are generated from their OpenAPI parts (bad-input-openapi.ts), their staff
 * operations sent with a counter clerk's token; their pages (status, call screen, kiosk) by id.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { systemClock } from '../../src/lib/time.ts';
import { clerkToken, queueFixture } from './appointment-setup.ts';
import { apiRequest, apiSamples, appointmentOperations, type RealIds } from './bad-input-openapi.ts';
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
    'appointments',
    'appointment_items',
    'appointment_seats',
    'appointment_email_codes',
    'queue_tickets',
    'queue_numbers',
  ]) {
    parts.push(String((await sql<{ n: string | number }>`select count(*) as n from ${sql.table(t)}`.execute(db.kysely)).rows[0]?.n));
  }
  const last = await db.kysely.selectFrom('reservations').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const tickets = await db.kysely.selectFrom('queue_tickets').select(['status', 'counter_id', 'desk']).orderBy('id').execute();
  return `${parts.join('/')}#${last?.id}#${JSON.stringify(tickets)}`;
}

/** `workers` > 1: against that many app processes (WORKERS), once each of them answers. */
export async function badInput(label: string, prepared: Prepared, workers = 1): Promise<CheckResult> {
  const [token] = await makeTokens(prepared.db, 1);
  // The demo city's 小倉北区役所 and its 市民課, with a checked-in appointment of today waiting there.
  const office = {
    officeId: 'org_demo_kokurakita_office',
    counterId: 'ctr_demo_kokurakita_citizens',
    serviceId: 'svc_demo_kokurakita_moving_in',
  };
  const fixture = await queueFixture(prepared.db, systemClock, office);
  const ids: RealIds = {
    office: office.officeId,
    counter: office.counterId,
    service: office.serviceId,
    ticket: fixture.ticketId,
    appointmentNumber: fixture.number,
  };
  const tokens = { clerk: await clerkToken(prepared.db, office.officeId), resident: token ?? '' };
  const ops = appointmentOperations();
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
    { arbitrary: apiSamples(ops, nasty, jsonish), weight: 3 },
    fc.record({
      kind: fc.constant('page' as const),
      // The call screen's event stream of a real office stays open: only nasty ids for it.
      page: fc.constantFrom('screen', 'queue', 'kiosk', 'screen/events'),
      id: fc.option(nasty, { freq: 3 }),
      query: fc.dictionary(fc.constantFrom('lang', 'date', 'number'), nasty),
    }),
  );
  const samples = fc.sample(generator, { numRuns: 10_000, seed: 20261124 });
  const covered = new Set(samples.flatMap((s) => (s.kind === 'openapi' ? [s.op] : [])));
  let fivexx = 0;
  let hangs = 0;
  let unexplained = 0;
  let accepted = 0;
  const fivexxSamples: string[] = [];
  const describeSample = (s: (typeof samples)[number]) =>
    s.kind === 'openapi' ? `${ops[s.op]?.method} ${apiRequest(ops, s, ids, tokens).path}` : JSON.stringify(s).slice(0, 200);
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
        else if (s.kind === 'openapi') {
          const r = apiRequest(ops, s, ids, tokens);
          res = await fetch(`${server.url}${r.path}`, { ...r.init, signal, redirect: 'manual' });
        } else if (s.kind === 'page') {
          const id = s.id ?? (s.page === 'screen/events' ? 'org_no_such_office' : office.officeId);
          res = await fetch(`${server.url}/offices/${encodeURIComponent(id)}/${s.page}?${new URLSearchParams(s.query)}`, {
            signal,
            redirect: 'manual',
          });
        } else if (s.kind === 'form')
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
      const writes = s.kind === 'book' || s.kind === 'raw' || s.kind === 'token' || s.kind === 'form';
      const apiWrite = s.kind === 'openapi' && ops[s.op]?.method !== 'GET';
      if (res.status >= 200 && res.status < 300 && (writes || apiWrite)) accepted++;
      if (res.status >= 500 && fivexxSamples.length < 5) fivexxSamples.push(`${res.status} ${describeSample(s)}: ${text.slice(0, 200)}`);
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
    detail: `${samples.length} requests in ${((Date.now() - started) / 1000).toFixed(1)} s: ${statuses}; 5xx ${fivexx}, hangs ${hangs}, empty rejections ${unexplained}, accepted writes ${accepted}; database ${before === after ? 'unchanged' : `changed (${before.slice(0, 200)} → ${after.slice(0, 200)})`}${fivexxSamples.length ? `; 5xx e.g. ${fivexxSamples.join(' | ')}` : ''}; appointment and queue operations covered: ${covered.size} of ${ops.length}`,
  };
}
