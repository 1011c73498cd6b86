/**
 * The crash check of `npm run reliability` and the checks it shares: clients book distinct cells while
 * the app is killed with SIGKILL, ten times; afterwards every acknowledged booking must be in the
 * database with its cells and the booking tables consistent.
 */
import { type RawBuilder, sql } from 'kysely';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { systemClock } from '../../src/lib/time.ts';
import { type FreeCell, freeCells, makeTokens, type Prepared } from './databases.ts';
import { type Running, startServer } from './processes.ts';

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

/** The purpose every booking of the harness carries, so its checks can tell them from the demo city's. */
const PURPOSE = '信頼性';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const bookingBody = (cell: FreeCell) =>
  JSON.stringify({ roomId: cell.roomId, date: cell.date, bands: [cell.band], purpose: PURPOSE, attendees: 1, category: 'general' });

export function book(url: string, token: string, cell: FreeCell, signal?: AbortSignal) {
  return fetch(`${url}/api/v1/reservations`, {
    method: 'POST',
    signal,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: bookingBody(cell),
  });
}

/**
 * Consistency of the booking tables: no cell belongs to a missing or cancelled reservation (used and
 * no-show bookings keep theirs as history), live reservations hold exactly their bands' cells, no cell
 * is held twice, and no live booking of the harness is without cells.
 */
export async function consistency(db: DatabaseHandle): Promise<{ orphans: number; mismatched: number; doubled: number; empty: number }> {
  const count = async (query: RawBuilder<{ n: string | number }>) => Number((await query.execute(db.kysely)).rows[0]?.n);
  return {
    orphans: await count(sql`
      select count(*) as n from reservation_cells c where not exists (select 1 from reservations r where r.id = c.reservation_id and r.status <> 'cancelled')`),
    mismatched: await count(sql`
      select count(*) as n from reservations r
      where r.status in ('confirmed','provisional') and r.bands <> ''
        and (select count(*) from reservation_cells c where c.reservation_id = r.id) <> (length(r.bands) - length(replace(r.bands, ',', '')) + 1)`),
    // The primary key makes this 0 by construction; the check says so rather than assumes it.
    doubled: await count(sql`
      select count(*) as n from (select 1 from reservation_cells group by room_id, date, band having count(*) > 1) d`),
    empty: await count(sql`
      select count(*) as n from reservations r
      where r.status in ('confirmed','provisional') and r.purpose = ${PURPOSE}
        and not exists (select 1 from reservation_cells c where c.reservation_id = r.id)`),
  };
}

const consistent = (c: Awaited<ReturnType<typeof consistency>>) => c.orphans + c.mismatched + c.doubled + c.empty === 0;
const describeConsistency = (c: Awaited<ReturnType<typeof consistency>>) =>
  `orphan cells ${c.orphans}, reservations with wrong cells ${c.mismatched}, cells held twice ${c.doubled}, live bookings without cells ${c.empty}`;

/** Acknowledged bookings that are not in the database as live reservations, and those without exactly their cell. */
export async function lost(db: DatabaseHandle, acknowledged: Map<string, FreeCell>): Promise<{ missing: number; wrongCells: number }> {
  const ids = [...acknowledged.keys()];
  let missing = 0;
  let wrongCells = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    const found = await db.kysely
      .selectFrom('reservations')
      .select('id')
      .where('id', 'in', part)
      .where('status', 'in', ['confirmed', 'provisional'])
      .execute();
    missing += part.length - found.length;
    const cells = await db.kysely.selectFrom('reservation_cells').selectAll().where('reservation_id', 'in', part).execute();
    const held = new Map<string, string[]>();
    for (const c of cells) held.set(c.reservation_id, [...(held.get(c.reservation_id) ?? []), `${c.room_id}|${c.date}|${c.band}`]);
    for (const { id } of found) {
      const cell = acknowledged.get(id) as FreeCell;
      const mine = held.get(id) ?? [];
      if (mine.length !== 1 || mine[0] !== `${cell.roomId}|${cell.date}|${cell.band}`) wrongCells++;
    }
  }
  return { missing, wrongCells };
}

/** 50 clients book while the one server process is SIGKILLed at a random moment, ten times. */
export async function crash(label: string, prepared: Prepared): Promise<CheckResult> {
  const tokens = await makeTokens(prepared.db, 50);
  const cells = await freeCells(prepared.db, systemClock, 30);
  let next = 0;
  const acknowledged = new Map<string, FreeCell>();
  let server: Running | undefined;
  for (let round = 1; round <= 10; round++) {
    server = await startServer({ DATABASE_URL: prepared.url });
    const url = server.url;
    let stop = false;
    const workers = tokens.map(async (token) => {
      while (!stop) {
        const cell = cells[next++ % cells.length] as FreeCell;
        try {
          const res = await book(url, token, cell, AbortSignal.timeout(10_000));
          if (res.status >= 200 && res.status < 300) acknowledged.set(((await res.json()) as { id: string }).id, cell);
          else await res.arrayBuffer();
        } catch {
          return; // the server is gone
        }
      }
    });
    await sleep(300 + Math.random() * 1200);
    await server.kill9();
    stop = true;
    await Promise.all(workers);
  }
  const l = await lost(prepared.db, acknowledged);
  const c = await consistency(prepared.db);
  let integrity = 'n/a';
  if (prepared.db.dialect === 'sqlite')
    integrity = String(
      (await sql<{ integrity_check: string }>`pragma integrity_check`.execute(prepared.db.kysely)).rows[0]?.integrity_check,
    );
  return {
    name: `crash ×10 (${label})`,
    ok: l.missing === 0 && l.wrongCells === 0 && consistent(c) && (integrity === 'ok' || integrity === 'n/a'),
    detail: `${acknowledged.size} bookings acknowledged across 10 SIGKILLs, ${l.missing} missing, ${l.wrongCells} without their cell; ${describeConsistency(c)}; integrity_check ${integrity}`,
  };
}
