/**
 * The room and day a desk action for a resident is about (代理予約, registering a caller, answering their
 * invitations), with the scope checked, and the query that carries them from page to page so the clerk
 * keeps acting through the facility they came from.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { validate } from '../../http/validation.ts';
import { ForbiddenError, NotFoundError } from '../../lib/errors.ts';
import type { User } from '../../platform/authz/actor.ts';
import { canActOnFacility } from '../../platform/authz/policy.ts';
import { localDateSchema } from '../availability/availability.schema.ts';
import { roomAvailability } from '../availability/availability.service.ts';
import { parseId } from '../facility/facility.schema.ts';

/** The room and day a proxy booking is about, with the scope checked. */
export async function bookingTarget(c: Context<AppEnv>, staff: User, roomId: string | undefined, date: string | undefined) {
  const { db, clock } = c.get('deps');
  const parsedDate = validate(localDateSchema(), date);
  if (!parsedDate.success) throw new NotFoundError('room');
  const { facility, grid } = await roomAvailability(db, clock, parseId(roomId, 'room'), parsedDate.data, parsedDate.data);
  if (!canActOnFacility(staff, facility)) throw new ForbiddenError('facility out of scope');
  const day = grid.days[0];
  if (!day) throw new NotFoundError('room');
  return { facility, room: grid.room, day };
}

/** The room, date and band of the request, as a query string for the next page and the way back. */
export const keepOf = (c: Context<AppEnv>) =>
  new URLSearchParams({ room: c.req.query('room') ?? '', date: c.req.query('date') ?? '', band: c.req.query('band') ?? '' }).toString();
