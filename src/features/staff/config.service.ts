/**
 * City configuration by admins: fee rates and the monthly quota (settings), how many groups one person
 * may represent, band times, a facility's Sunday and holiday opening, and each room's capacity, fees,
 * booking window, cancellation deadline and approval rule. Every change is audited with its before and after.
 */
import type { Db } from '../../db/database.ts';
import { NotFoundError } from '../../lib/errors.ts';
import type { Clock } from '../../lib/time.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { User } from '../../platform/authz/actor.ts';
import { requireAdmin } from '../../platform/authz/policy.ts';
import { markAllMonthsChanged } from '../../platform/marks/marks.ts';
import { writeNumbers, writeSetting } from '../../platform/settings/settings.ts';
import { maxGroupsRepresented } from '../account/group.service.ts';
import { feeRates, MONTHLY_QUOTA_SETTING, monthlyQuota, RATE_SETTINGS } from '../booking/booking.service.ts';
import type { FeeRates } from '../booking/fees.ts';
import type { Allocation } from '../facility/facility.ts';

export async function cityConfig(db: Db) {
  const [rates, quota, bands, maxGroups] = await Promise.all([
    feeRates(db),
    monthlyQuota(db),
    db.selectFrom('bands').selectAll().orderBy('scheme_id').orderBy('sort_order').execute(),
    maxGroupsRepresented(db),
  ]);
  return { rates, quota, bands, maxGroupsRepresented: maxGroups };
}

export async function saveCitySettings(db: Db, clock: Clock, admin: User, input: FeeRates & { quota: number }) {
  requireAdmin(admin);
  const before = { ...(await feeRates(db)), quota: await monthlyQuota(db) };
  await db.transaction().execute(async (trx) => {
    await writeNumbers(trx, RATE_SETTINGS, input);
    await writeNumbers(trx, { quota: MONTHLY_QUOTA_SETTING }, input);
    await recordAudit(trx, clock.now(), {
      actorId: admin.id,
      action: 'config.settings',
      targetType: 'settings',
      targetId: 'city',
      before,
      after: input,
    });
  });
}

/** How many groups one person may represent; new registrations and hand-overs are held to it. */
export async function saveGroupSettings(db: Db, clock: Clock, admin: User, input: { maxGroupsRepresented: number }) {
  requireAdmin(admin);
  const before = { maxGroupsRepresented: await maxGroupsRepresented(db) };
  await db.transaction().execute(async (trx) => {
    await writeSetting(trx, 'max_groups_represented', String(input.maxGroupsRepresented));
    await recordAudit(trx, clock.now(), {
      actorId: admin.id,
      action: 'config.groups',
      targetType: 'settings',
      targetId: 'city',
      before,
      after: { maxGroupsRepresented: input.maxGroupsRepresented },
    });
  });
}

export async function saveBand(db: Db, clock: Clock, admin: User, schemeId: string, code: string, times: { start: string; end: string }) {
  requireAdmin(admin);
  const band = await db.selectFrom('bands').selectAll().where('scheme_id', '=', schemeId).where('code', '=', code).executeTakeFirst();
  if (!band) throw new NotFoundError('page');
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('bands')
      .set({ starts_at: times.start, ends_at: times.end })
      .where('scheme_id', '=', schemeId)
      .where('code', '=', code)
      .execute();
    // A band's times decide which cells are open, in every month counted so far.
    await markAllMonthsChanged(trx);
    await recordAudit(trx, clock.now(), {
      actorId: admin.id,
      action: 'config.band',
      targetType: 'band',
      targetId: `${schemeId}/${code}`,
      before: { start: band.starts_at, end: band.ends_at },
      after: times,
    });
  });
}

export interface CalendarInput {
  sundayOpen: boolean;
  sundayOpens: string;
  sundayCloses: string;
  openOnHolidays: boolean;
}

export async function saveFacilityCalendar(db: Db, clock: Clock, admin: User, facilityId: string, input: CalendarInput) {
  requireAdmin(admin);
  const facility = await db.selectFrom('facilities').selectAll().where('id', '=', facilityId).executeTakeFirst();
  if (!facility) throw new NotFoundError('facility');
  const sunday = await db
    .selectFrom('facility_hours')
    .selectAll()
    .where('facility_id', '=', facilityId)
    .where('weekday', '=', 7)
    .executeTakeFirst();
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('facility_hours').where('facility_id', '=', facilityId).where('weekday', '=', 7).execute();
    if (input.sundayOpen) {
      await trx
        .insertInto('facility_hours')
        .values({ facility_id: facilityId, weekday: 7, opens: input.sundayOpens, closes: input.sundayCloses })
        .execute();
    }
    await trx
      .updateTable('facilities')
      .set({ open_on_holidays: input.openOnHolidays ? 1 : 0, updated_at: clock.now().toISOString() })
      .where('id', '=', facilityId)
      .execute();
    // Opening days are counted with today's calendar in every month (as a live count would).
    await markAllMonthsChanged(trx);
    await recordAudit(trx, clock.now(), {
      actorId: admin.id,
      action: 'config.facility_calendar',
      targetType: 'facility',
      targetId: facilityId,
      facilityId,
      before: {
        sunday: sunday ? { opens: sunday.opens, closes: sunday.closes } : null,
        openOnHolidays: Number(facility.open_on_holidays) === 1,
      },
      after: input,
    });
  });
}

export interface RoomInput {
  capacity: number;
  bookingWindowDays: number;
  cancelDeadlineDays: number;
  requiresApproval: boolean;
  allocation?: Allocation;
  fees: Record<string, number>;
}

export async function saveRoom(db: Db, clock: Clock, admin: User, roomId: string, input: RoomInput) {
  requireAdmin(admin);
  const room = await db.selectFrom('rooms').selectAll().where('id', '=', roomId).executeTakeFirst();
  if (!room) throw new NotFoundError('room');
  const fees = await db.selectFrom('room_fees').selectAll().where('room_id', '=', roomId).execute();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('rooms')
      .set({
        capacity: input.capacity,
        booking_window_days: input.bookingWindowDays,
        cancel_deadline_days: input.cancelDeadlineDays,
        requires_approval: input.requiresApproval ? 1 : 0,
        ...(input.allocation ? { allocation: input.allocation } : {}),
      })
      .where('id', '=', roomId)
      .execute();
    await trx.deleteFrom('room_fees').where('room_id', '=', roomId).execute();
    const rows = Object.entries(input.fees).map(([band, amount]) => ({ room_id: roomId, band, amount }));
    if (rows.length > 0) await trx.insertInto('room_fees').values(rows).execute();
    await recordAudit(trx, clock.now(), {
      actorId: admin.id,
      action: 'config.room',
      targetType: 'room',
      targetId: roomId,
      facilityId: room.facility_id,
      before: {
        capacity: Number(room.capacity),
        bookingWindowDays: Number(room.booking_window_days),
        cancelDeadlineDays: Number(room.cancel_deadline_days),
        requiresApproval: Number(room.requires_approval) === 1,
        allocation: room.allocation,
        fees: Object.fromEntries(fees.map((f) => [f.band, Number(f.amount)])),
      },
      after: input,
    });
  });
}
