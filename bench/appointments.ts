/**
 * Counter appointments (#17) on one database, over HTTP against the real server (a child process), each
 * figure beside a baseline measured in the same run:
 * - the race: 100 residents at once for one slot of a 3-desk counter (3 × 201, 97 × 409, 3 seats in the
 *   database), and a life event (2 services) racing single bookings for the only seat of its second
 *   counter (one winner, and no appointment left with half its sequence);
 * - the free seats of one service over a month (GET …/slots, 31 days) at 50 clients, against a bare
 *   Hono route: anonymous (the kept answer of the minute) and signed in (built from the read model each
 *   time);
 * - bookings (POST /api/v1/appointments, signed in with an API token, Idempotency-Key) at 10 and 50
 *   clients over distinct free slots, against raw inserts of the same rows;
 * - a morning of check-ins and calls with the call screen open (bench/queue-morning.ts), on this process
 *   and, with `secondProcess`, on a second app process over the same database.
 */
import { sql } from 'kysely';
import { insertAppointment } from '../src/features/appointment/appointment.repository.ts';
import { addDays, type Clock, todayIn } from '../src/lib/time.ts';
import {
  appointmentFeeder,
  appointmentRows,
  bookableSlots,
  clerkToken,
  makeBenchCounter,
  makeBenchLifeEvent,
  makeBenchOffice,
  residentTokens,
  type Slot,
  todaysAppointments,
} from './lib/appointment-setup.ts';
import type { Prepared } from './lib/databases.ts';
import { type LoadResult, load, table } from './lib/load.ts';
import { sampleWaits } from './lib/pg-waits.ts';
import { startBaseline, startServer } from './lib/processes.ts';
import { morningPlan, queueMorning } from './queue-morning.ts';

export interface AppointmentsOutcome {
  markdown: string;
  json: Record<string, unknown>;
  targets: Record<string, boolean>;
}

const count = async (prepared: Prepared, query: ReturnType<typeof sql<{ n: string | number }>>) =>
  Number((await query.execute(prepared.db.kysely)).rows[0]?.n ?? 0);

function statuses(list: number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const s of list) m.set(s, (m.get(s) ?? 0) + 1);
  return m;
}
const describe = (m: Map<number, number>) =>
  [...m]
    .sort((a, b) => a[0] - b[0])
    .map(([s, n]) => `${n} × ${s}`)
    .join(', ');

const book = (url: string, token: string, body: Record<string, unknown>) =>
  fetch(`${url}/api/v1/appointments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then(async (r) => {
    await r.arrayBuffer();
    return r.status;
  });

/** 100 residents for one start of a 3-desk counter, all at once. */
async function slotRace(url: string, prepared: Prepared, slot: Slot, tokens: string[]) {
  const answers = statuses(
    await Promise.all(tokens.map((t) => book(url, t, { serviceIds: [slot.serviceId], date: slot.date, start: slot.start }))),
  );
  const seats = await count(
    prepared,
    sql`select count(*) as n from appointment_seats where counter_id = ${slot.counterId} and date = ${slot.date} and slot = ${slot.start}`,
  );
  const booked = await count(
    prepared,
    sql`select count(*) as n from appointment_items where service_id = ${slot.serviceId} and date = ${slot.date}`,
  );
  const ok = answers.get(201) === 3 && answers.get(409) === tokens.length - 3 && answers.size === 2 && seats === 3 && booked === 3;
  return {
    ok,
    line: `${tokens.length} at once → ${describe(answers)}; in the database ${seats} seats and ${booked} appointments for the slot`,
  };
}

/**
 * The second counter of a life event has one desk open for one slot: half the racers book the life
 * event (first service at 08:30, the second then fits only at 09:00), half book the second service
 * alone at 09:00. One wins; every appointment of the life event must hold both items and both seats.
 */
async function lifeEventRace(
  url: string,
  prepared: Prepared,
  date: string,
  ids: { lifeEventId: string; first: string; second: string },
  tokens: string[],
) {
  const half = Math.floor(tokens.length / 2);
  const answers = statuses(
    await Promise.all(
      tokens.map((t, i) =>
        i < half
          ? book(url, t, { serviceIds: [ids.first, ids.second], lifeEventId: ids.lifeEventId, date, start: '08:30' })
          : book(url, t, { serviceIds: [ids.second], date, start: '09:00' }),
      ),
    ),
  );
  const half_ = await count(
    prepared,
    sql`select count(*) as n from appointments a where a.life_event_id = ${ids.lifeEventId}
        and ((select count(*) from appointment_items i where i.appointment_id = a.id) <> 2
          or (select count(*) from appointment_seats s where s.appointment_id = a.id) <> 2)`,
  );
  const secondSeats = await count(prepared, sql`select count(*) as n from appointment_items where service_id = ${ids.second}`);
  const firstSeats = await count(prepared, sql`select count(*) as n from appointment_items where service_id = ${ids.first}`);
  const events = await count(prepared, sql`select count(*) as n from appointments where life_event_id = ${ids.lifeEventId}`);
  const ok = answers.get(201) === 1 && half_ === 0 && secondSeats === 1 && firstSeats === events && answers.size === 2;
  return {
    ok,
    line: `${half} life-event bookings + ${tokens.length - half} single bookings for the last seat → ${describe(answers)}; second counter's seats taken ${secondSeats}, life-event appointments ${events} (first counter ${firstSeats} items), half sequences ${half_}`,
  };
}

/** Raw inserts of the rows a booking writes, one transaction each (no HTTP, no checks): the ceiling. */
async function rawInserts(
  prepared: Prepared,
  officeId: string,
  counter: { counterId: string; serviceId: string },
  date: string,
  n: number,
) {
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const { row, items, seats } = appointmentRows(officeId, { ...counter, date, start: '09:00' }, i + 1);
    await prepared.db.kysely.transaction().execute((trx) => insertAppointment(trx, row, items, seats));
  }
  return n / (Number(process.hrtime.bigint() - started) / 1e9);
}

export async function benchAppointments(
  label: string,
  prepared: Prepared,
  clock: Clock,
  quick: boolean,
  log: (line: string) => void,
  options: { secondProcess: boolean },
): Promise<AppointmentsOutcome> {
  log(`\n== counter appointments (${label})`);
  const db = prepared.db;
  const officeId = await makeBenchOffice(db);
  const race = await makeBenchCounter(db, officeId, { desks: 3 });
  const first = await makeBenchCounter(db, officeId, { desks: 60 });
  const second = await makeBenchCounter(db, officeId, { desks: 1, hours: [['09:00', '09:15']] });
  const lifeEventId = await makeBenchLifeEvent(db, [first.serviceId, second.serviceId]);
  const booking = await Promise.all([1, 2, 3, 4].map(() => makeBenchCounter(db, officeId, { desks: 4 })));
  const raw = await makeBenchCounter(db, officeId, { desks: 1 });
  const queue = { ...(await makeBenchCounter(db, officeId, { desks: 8 })), desks: 8 };
  const amounts: [number, number] = quick ? [100, 200] : [400, 500];
  const tokens = await residentTokens(db, 100 + 60 + amounts[0] + amounts[1] + 100);
  const raceTokens = tokens.splice(0, 100);
  const lifeTokens = tokens.splice(0, 60);
  const clerk = await clerkToken(db, officeId);
  const raceSlot = (await bookableSlots(db, clock, [race.serviceId]))[0];
  const lifeDate = (await bookableSlots(db, clock, [second.serviceId]))[0]?.date;
  if (!raceSlot || !lifeDate) throw new Error('no bookable weekday in the next 14 days');
  // Each slot once before any slot twice: consecutive bookings go to different counters and days.
  const free = await bookableSlots(
    db,
    clock,
    booking.map((b) => b.serviceId),
  );
  const slots = [0, 1, 2, 3].flatMap((round) => free.filter((s) => s.free > round));
  for (let i = slots.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [slots[i], slots[j]] = [slots[j] as Slot, slots[i] as Slot];
  }
  const server = await startServer({ DATABASE_URL: prepared.url });
  const baseline = await startBaseline();
  const md: string[] = [`## Counter appointments (${label})\n`];
  const json: Record<string, unknown> = {};
  const targets: Record<string, boolean> = {};
  const missed = (what: string, measured: string) => log(`  !! target missed (${label}): ${what} — measured ${measured}`);
  try {
    // a. Races.
    const slotRaceResult = await slotRace(server.url, prepared, raceSlot, raceTokens);
    const lifeRaceResult = await lifeEventRace(
      server.url,
      prepared,
      lifeDate,
      { lifeEventId, first: first.serviceId, second: second.serviceId },
      lifeTokens,
    );
    for (const [name, r] of [
      ['race: one slot, 3 desks', slotRaceResult],
      ['race: a life event for the last seat of its second counter', lifeRaceResult],
    ] as const) {
      log(`${name}: ${r.line}`);
      md.push(`**${name[0]?.toUpperCase()}${name.slice(1)}.** ${r.line}\n`);
      if (!r.ok) missed(name, r.line);
    }
    targets[`appointments ${label}: race for one 3-desk slot → exactly 3 × 201, 97 × 409, 3 seats`] = slotRaceResult.ok;
    targets[`appointments ${label}: life event racing for its last seat → one winner, no half sequence`] = lifeRaceResult.ok;
    json.races = { slot: slotRaceResult, lifeEvent: lifeRaceResult };

    // c. Bookings over distinct free slots, against raw inserts of the same rows.
    const rawN = quick ? 200 : 1000;
    const rawRate = await rawInserts(prepared, officeId, raw, raceSlot.date, rawN);
    const rows: (string | number)[][] = [
      ['baseline: raw insert of its rows, one transaction each (no HTTP, no checks)', 1, Math.round(rawRate), '', '', '1.00'],
    ];
    const feeder = appointmentFeeder(slots, tokens);
    const bookings: LoadResult[] = [];
    let waits = '';
    for (const [i, connections] of [10, 50].entries()) {
      // At 50 clients on PostgreSQL: what its connections were doing meanwhile (lock, WAL or idle).
      const sampler = connections === 50 && db.dialect === 'postgres' ? sampleWaits(db) : undefined;
      const r = await load('bookings on distinct free slots', `${server.url}/api/v1/appointments`, {
        connections,
        amount: amounts[i as 0 | 1],
        requests: feeder.requests as never,
      });
      const sampled = await sampler?.stop();
      if (sampled)
        waits = `PostgreSQL's connections during the 50-client run (pg_stat_activity every 25 ms): ${sampled.rows
          .slice(0, 5)
          .map(([what, share, mean]) => `${what} ${(share * 100).toFixed(0)}% (mean ${mean.toFixed(1)})`)
          .join('; ')}`;
      bookings.push(r);
      rows.push([r.name, connections, r.rps, r.p50, r.p99, (r.rps / rawRate).toFixed(2)]);
      if (r.non2xx > 0 || r.errors > 0) log(`  !! ${r.non2xx} non-2xx, ${r.errors} errors at ${connections} clients`);
    }
    const bookingTable = table(['case', 'clients', 'bookings/s', 'p50 ms', 'p99 ms', '÷ raw insert'], rows);
    const made = await count(
      prepared,
      sql`select count(*) as n from appointments where channel = 'api' and idempotency_key like 'bench-%'`,
    );
    const bookingNote = `${feeder.used()} requests over ${slots.length} free slot-desks of 4 counters; ${made} appointments in the database${waits ? `\n\n${waits}` : ''}`;
    log(bookingTable);
    log(bookingNote);
    md.push(`Bookings (signed in with an API token, Idempotency-Key, each its own resident):\n\n${bookingTable}\n\n${bookingNote}\n`);
    const at50 = bookings[1] as LoadResult;
    targets[`appointments ${label}: booking ≥ 300/s at 50 clients`] = at50.rps >= 300 && at50.non2xx === 0;
    if (at50.rps < 300 || at50.non2xx > 0) missed('booking ≥ 300/s at 50 clients', `${at50.rps}/s, ${at50.non2xx} non-2xx`);
    json.booking = { rawPerSecond: rawRate, results: bookings, made };

    // b. A month of free seats of one service (the month now holds those bookings), 50 clients.
    const seconds = quick ? 2 : 5;
    const from = todayIn(clock);
    const base = await load('baseline: bare Hono route', `${baseline.url}/`, { connections: 50, duration: seconds });
    const slotsPath = `/api/v1/services/${booking[0]?.serviceId}/slots?from=${from}&to=${addDays(from, 30)}`;
    const month = await load('free seats of one service, 31 days (JSON)', `${server.url}${slotsPath}`, {
      connections: 50,
      duration: seconds,
    });
    const demo = await load(
      'the same for a demo service (転入届, 小倉北区役所)',
      `${server.url}/api/v1/services/svc_demo_kokurakita_moving_in/slots?from=${from}&to=${addDays(from, 30)}`,
      { connections: 50, duration: seconds },
    );
    // Signed in, nothing is kept as bytes: each answer is built from the read model's values (services,
    // schedule, counter months) plus one query for the caller's own seats, and serialised.
    const signedIn = await load('the same as the first, signed in (built each time, own seats read)', `${server.url}${slotsPath}`, {
      connections: 50,
      duration: seconds,
      headers: { authorization: `Bearer ${tokens[0]}` },
    });
    const readTable = table(
      ['case', 'clients', 'req/s', 'p50 ms', 'p99 ms', '÷ baseline req/s'],
      [base, month, demo, signedIn].map((r) => [r.name, 50, r.rps, r.p50, r.p99, (r.rps / base.rps).toFixed(2)]),
    );
    log(readTable);
    md.push(`Free seats over a month:\n\n${readTable}\n`);
    for (const r of [month, demo, signedIn])
      if (r.non2xx > 0 || r.errors > 0) log(`  !! ${r.name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
    targets[`appointments ${label}: a month of slots ≥ 1000 req/s at 50 clients`] = month.rps >= 1000 && month.non2xx === 0;
    if (month.rps < 1000) missed('a month of slots ≥ 1000 req/s at 50 clients', `${month.rps} req/s (p99 ${month.p99} ms)`);
    json.slots = { baseline: base, month, demo, signedIn };

    // d. A morning at the office with the call screen open.
    const plan = morningPlan(quick);
    const numbers = await todaysAppointments(db, clock, officeId, queue, plan.people);
    const other = options.secondProcess ? await startServer({ DATABASE_URL: prepared.url }) : undefined;
    try {
      const screens = [{ name: 'screen on the clerk’s process', server }];
      if (other) screens.push({ name: 'screen on a second app process', server: other });
      const m = await queueMorning(
        screens,
        server,
        { officeId, counterId: queue.counterId, desks: queue.desks, numbers, clerkToken: clerk },
        plan,
      );
      const screenRows = m.screens.map((s) => [s.name, s.shown, s.missing, s.p50, s.p99, s.max, s.events]);
      const screenTable = table(['call screen', 'calls shown', 'never shown', 'p50 ms', 'p99 ms', 'max ms', 'board events'], screenRows);
      const note = `${plan.people} check-ins and calls at one office, one every ${plan.paceMs} ms, ${queue.desks} desks (each ticket done before its desk calls again); the clerk's check-in p50 ${m.checkIn.p50} ms / p99 ${m.checkIn.p99} ms, call-next p50 ${m.call.p50} ms / p99 ${m.call.p99} ms; ${m.failures.length} failed requests${m.failures.length ? ` (e.g. ${m.failures[0]})` : ''}. "Never shown": called, and pushed off the screen's last 8 by later calls before a board was read.`;
      log(screenTable);
      log(note);
      md.push(`A morning with the call screen open (call answered → number on the screen):\n\n${screenTable}\n\n${note}\n`);
      const worst = Math.max(...m.screens.map((s) => s.p99));
      const ok = m.failures.length === 0 && m.screens.every((s) => s.missing === 0 && s.p99 <= 2000);
      targets[`appointments ${label}: call reaches the screen${other ? ' (both processes)' : ''} ≤ 2 s p99`] = ok;
      if (!ok)
        missed(
          'call reaches the screen ≤ 2 s p99, every call shown',
          `worst p99 ${worst} ms, never shown ${m.screens.map((s) => s.missing).join('/')}, ${m.failures.length} failures`,
        );
      json.morning = { plan, ...m };
    } finally {
      await other?.stop();
    }
  } finally {
    await server.stop();
    await baseline.stop();
  }
  return { markdown: md.join('\n'), json, targets };
}
