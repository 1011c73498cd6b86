/**
 * The small crash check of the reliability harness: clients book while the server process is killed with
 * SIGKILL; after a restart, every booking that was answered 2xx is there, with its cells. Both databases.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type FreeCell, freeCells, makeTokens, type Prepared, preparePostgres, prepareSqlite } from '../bench/lib/databases.ts';
import { startServer } from '../bench/lib/processes.ts';
import { systemClock } from '../src/lib/time.ts';

// The server process runs on the real clock, so the cells to book are chosen with it too.
const clock = systemClock;
const dir = mkdtempSync(join(tmpdir(), 'tsunagu-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function crashRound(prepared: Prepared) {
  const tokens = await makeTokens(prepared.db, 20);
  const cells = await freeCells(prepared.db, clock, 20);
  const acknowledged: string[] = [];
  let next = 0;
  for (let round = 0; round < 2; round++) {
    const server = await startServer({ DATABASE_URL: prepared.url });
    let stop = false;
    const workers = tokens.map(async (token) => {
      while (!stop) {
        const cell = cells[next++] as FreeCell;
        try {
          const res = await fetch(`${server.url}/api/v1/reservations`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({
              roomId: cell.roomId,
              date: cell.date,
              bands: [cell.band],
              purpose: 'crash',
              attendees: 1,
              category: 'general',
            }),
          });
          if (res.status === 201) acknowledged.push(((await res.json()) as { id: string }).id);
          else await res.arrayBuffer();
        } catch {
          return;
        }
      }
    });
    // Kill at a random moment once bookings are flowing: a fixed delay alone could pass before the first
    // answer on a busy machine (a cold PostgreSQL pool), and then the round would prove nothing.
    const flowing = acknowledged.length + 3;
    for (let waited = 0; acknowledged.length < flowing && waited < 20_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, Math.random() * 400));
    await server.kill9();
    stop = true;
    await Promise.all(workers);
  }
  expect(acknowledged.length).toBeGreaterThan(0);
  const found = await prepared.db.kysely.selectFrom('reservations').select('id').where('id', 'in', acknowledged).execute();
  expect(found.length).toBe(acknowledged.length);
  const withoutCells = await prepared.db.kysely
    .selectFrom('reservations')
    .select('id')
    .where('id', 'in', acknowledged)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('reservation_cells').select('reservation_id').whereRef('reservation_cells.reservation_id', '=', 'reservations.id'),
        ),
      ),
    )
    .execute();
  expect(withoutCells).toEqual([]);
}

describe('SIGKILL during bookings', () => {
  it('loses no acknowledged booking on SQLite, and the file passes integrity_check', async () => {
    const prepared = await prepareSqlite(join(dir, 'crash.db'), clock, 3);
    await crashRound(prepared);
    const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(prepared.db.kysely);
    expect(check.rows[0]?.integrity_check).toBe('ok');
    await prepared.db.close();
  }, 120_000);

  it.skipIf(inject('pgUrl') === '')(
    'loses no acknowledged booking on PostgreSQL',
    async () => {
      const name = `crash_${Date.now().toString(36)}`;
      const prepared = await preparePostgres(inject('pgUrl'), name, clock, 3);
      await crashRound(prepared);
      await prepared.db.close();
      const admin = new pg.Client({ connectionString: inject('pgUrl') });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
    120_000,
  );
});
