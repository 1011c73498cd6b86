/**
 * 臨時休館: closing a room or a whole facility for a date range. Existing bookings in the range are not
 * touched: they are listed for the clerk, who contacts each booker and cancels with notice.
 */
import type { Db } from '../../db/database.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Clock, LocalDate } from '../../lib/time.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { User } from '../../platform/authz/actor.ts';
import { canActOnFacility } from '../../platform/authz/policy.ts';
import { markRangeChanged } from '../../platform/marks/marks.ts';
import { clockAt, notify } from '../../platform/notify/notify.ts';
import * as bookingRepo from '../booking/booking.repository.ts';
import { getReservationView } from '../booking/booking.service.ts';
import { getFacilityDetail } from '../facility/facility.service.ts';
import type { ClosureReason } from '../facility/facility.ts';
import { staffCancelledMail } from './staff.mail.ts';
import * as staffRepo from './staff.repository.ts';

export interface NewClosure {
  facilityId: string;
  roomId: string | null;
  startsOn: LocalDate;
  endsOn: LocalDate;
  reason: ClosureReason;
  note: string | null;
}

export async function createClosure(db: Db, clock: Clock, staff: User, input: NewClosure) {
  const detail = await getFacilityDetail(db, input.facilityId);
  if (!canActOnFacility(staff, detail.facility)) throw new ForbiddenError('facility out of scope');
  if (input.roomId && !detail.rooms.some((r) => r.id === input.roomId)) throw new NotFoundError('room');
  const now = clock.now();
  const id = newId('cl');
  await db.transaction().execute(async (trx) => {
    const row = {
      id,
      facility_id: input.facilityId,
      room_id: input.roomId,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      reason: input.reason,
      note: input.note,
      created_at: now.toISOString(),
    };
    await staffRepo.insertClosure(trx, row);
    await markRangeChanged(trx, input.startsOn, input.endsOn);
    await recordAudit(trx, now, {
      actorId: staff.id,
      action: 'closure.create',
      targetType: 'closure',
      targetId: id,
      facilityId: input.facilityId,
      after: row,
    });
  });
  return { id, affected: await staffRepo.listAffectedBookings(db, input.facilityId, input.roomId, input.startsOn, input.endsOn) };
}

/** Staff cancel a booking (e.g. for a closure) with a reason; the booker is told by email. */
export async function staffCancel(db: Db, clock: Clock, staff: User, reservationId: string, reason: string) {
  const view = await getReservationView(db, clock, reservationId);
  if (!canActOnFacility(staff, view.facility)) throw new ForbiddenError('facility out of scope');
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    if (!(await bookingRepo.cancelReservation(trx, reservationId, now.toISOString()))) throw new ConflictError('errAlreadyCancelled');
    await recordAudit(trx, now, {
      actorId: staff.id,
      action: 'reservation.cancel_by_staff',
      targetType: 'reservation',
      targetId: reservationId,
      facilityId: view.facility.id,
      reason,
      before: { status: view.reservation.status },
      after: { status: 'cancelled' },
    });
    const booker = view.reservation.userId ? await staffRepo.findUserContact(trx, view.reservation.userId) : undefined;
    if (booker && view.reservation.userId) {
      await notify(trx, clockAt(now), {
        to: view.reservation.userId,
        kind: 'booking.cancelled_by_staff',
        facilityId: view.facility.id,
        template: (lang) => staffCancelledMail(lang, booker, view, reason),
      });
    }
  });
}
