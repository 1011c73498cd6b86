/**
 * What the rush scenario (bench/rush.ts) prepares before 09:00: the moment itself (the next first-come
 * day), residents and clerks already signed in (session rows written directly, as makeTokens writes API
 * tokens: a resident at the opening is usually still signed in, and scrypt at login is not what is
 * measured), and the popular cells — weekend cells of the lottery halls in the month that opens.
 */
import type { DatabaseHandle } from '../../src/db/database.ts';
import { buildGrids } from '../../src/features/availability/availability.service.ts';
import { listFacilities, loadRooms } from '../../src/features/facility/facility.service.ts';
import { SESSION_COOKIE } from '../../src/http/session.ts';
import { newId } from '../../src/lib/ids.ts';
import {
  addDays,
  addMonths,
  type Clock,
  fixedClock,
  isoWeekday,
  type LocalDate,
  monthRange,
  todayIn,
  type YearMonth,
} from '../../src/lib/time.ts';
import { randomToken, sha256 } from '../../src/lib/tokens.ts';
import { SESSION_DAYS } from '../../src/platform/authz/sessions.ts';
import { tokyoInstant } from '../../src/platform/lottery-calendar/lottery-calendar.ts';
import { benchUser, type FreeCell } from './databases.ts';

export interface RushMoment {
  /** The first-come day, and the evening before it: the demo city is seeded as it stood then. */
  day: LocalDate;
  eve: LocalDate;
  /** 09:00 Tokyo on the first-come day. */
  opening: Date;
  /** The month the opening makes bookable in the lottery rooms. */
  month: YearMonth;
}

/** The next first-come day after today (the calendar of lottery-calendar.ts, with the city's rules). */
export function nextRush(clock: Clock, rules: { firstComeDay: number; monthsAhead: number }): RushMoment {
  const today = todayIn(clock);
  let month = today.slice(0, 7);
  let day = `${month}-${String(rules.firstComeDay).padStart(2, '0')}`;
  if (day <= today) {
    month = addMonths(month, 1);
    day = `${month}-${String(rules.firstComeDay).padStart(2, '0')}`;
  }
  return { day, eve: addDays(day, -1), opening: tokyoInstant(day, '09:00:00'), month: addMonths(month, rules.monthsAhead) };
}

export interface SignedIn {
  userId: string;
  /** The Cookie header a browser of this person sends. */
  cookie: string;
}

async function insertSessions(db: DatabaseHandle, userIds: string[], at: Date): Promise<SignedIn[]> {
  const signedIn: SignedIn[] = [];
  const rows = userIds.map((userId) => {
    const token = randomToken();
    signedIn.push({ userId, cookie: `${SESSION_COOKIE}=${token}` });
    return {
      id: sha256(token),
      user_id: userId,
      csrf_token: randomToken(),
      created_at: at.toISOString(),
      expires_at: new Date(at.getTime() + SESSION_DAYS * 86_400_000).toISOString(),
    };
  });
  for (let i = 0; i < rows.length; i += 200)
    await db.kysely
      .insertInto('sessions')
      .values(rows.slice(i, i + 200))
      .execute();
  return signedIn;
}

/** Residents, each with a session started at `at` (the simulated morning); `withSession` false: no session. */
export async function makeResidents(db: DatabaseHandle, count: number, at: Date, withSession = true): Promise<SignedIn[]> {
  const now = at.toISOString();
  const users = Array.from({ length: count }, () => benchUser(newId('usr'), now));
  for (let i = 0; i < users.length; i += 200)
    await db.kysely
      .insertInto('users')
      .values(users.slice(i, i + 200))
      .execute();
  const ids = users.map((u) => u.id);
  return withSession ? insertSessions(db, ids, at) : ids.map((userId) => ({ userId, cookie: '' }));
}

/** One clerk (centre staff, 施設職員) per facility, signed in. */
export async function makeClerks(db: DatabaseHandle, facilityIds: string[], at: Date): Promise<Map<string, SignedIn>> {
  const now = at.toISOString();
  const users = facilityIds.map((f) => ({ ...benchUser(newId('usr'), now), name: `職員 ${f}`, residency: 'worker' }));
  await db.kysely.insertInto('users').values(users).execute();
  await db.kysely
    .insertInto('role_assignments')
    .values(
      users.map((u, i) => ({
        id: newId('ra'),
        user_id: u.id,
        role: 'centre_staff',
        scope_kind: 'facility',
        scope_id: facilityIds[i] ?? '',
        granted_by: null,
        granted_at: now,
      })),
    )
    .execute();
  const sessions = await insertSessions(
    db,
    users.map((u) => u.id),
    at,
  );
  return new Map(facilityIds.map((f, i) => [f, sessions[i] as SignedIn]));
}

export interface PopularCell extends FreeCell {
  facilityId: string;
}

const BAND_RANK: Record<string, number> = { afternoon: 0, evening: 1, morning: 2 };

/**
 * `count` cells free at the opening: Saturdays and Sundays of the lottery halls in the month that opens,
 * afternoons first, taken in turn from each hall so the rush spreads over several centres' grids.
 */
export async function popularCells(db: DatabaseHandle, moment: RushMoment, count: number): Promise<PopularCell[]> {
  const facilities = await listFacilities(db.kysely);
  const halls = (
    await loadRooms(
      db.kysely,
      facilities.map((f) => f.id),
    )
  ).filter((r) => r.allocation === 'lottery');
  const { from, to } = monthRange(moment.month);
  const afterOpening = fixedClock(new Date(moment.opening.getTime() + 1000).toISOString());
  const grids = await buildGrids(db.kysely, afterOpening, new Map(facilities.map((f) => [f.id, f])), halls, from, to);
  const perHall = grids
    .sort((a, b) => a.room.facilityId.localeCompare(b.room.facilityId))
    .map((g) =>
      g.days
        .filter((d) => isoWeekday(d.date) >= 6)
        .flatMap((d) =>
          d.cells
            .filter((c) => c.state === 'free')
            .map((c) => ({ roomId: g.room.id, facilityId: g.room.facilityId, date: d.date, band: c.band })),
        )
        .sort((a, b) => (BAND_RANK[a.band] ?? 9) - (BAND_RANK[b.band] ?? 9) || a.date.localeCompare(b.date)),
    );
  const cells: PopularCell[] = [];
  for (let i = 0; cells.length < count && perHall.some((h) => h.length > i); i++)
    for (const hall of perHall) if (hall[i] && cells.length < count) cells.push(hall[i] as PopularCell);
  if (cells.length < count) throw new Error(`only ${cells.length} free weekend cells in the lottery halls of ${moment.month}`);
  return cells;
}
