/**
 * Back-office pages. Every route checks the staff role, and every facility-bound action the scope
 * (platform/authz/policy.ts), before doing anything.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { formOf, formValues, parseForm } from '../../http/forms.ts';
import { validate } from '../../http/validation.ts';
import { ConflictError, type FieldError, ForbiddenError, InvalidInputError, NotFoundError, translateIssues } from '../../lib/errors.ts';
import { isMessageKey } from '../../lib/i18n.ts';
import { addDays, todayIn } from '../../lib/time.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { User } from '../../platform/authz/actor.ts';
import { toUser } from '../../platform/authz/actor.ts';
import { canActOnFacility, isAdmin, requireStaff } from '../../platform/authz/policy.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { renderPage } from '../../ui/layout.tsx';
import { findUserById } from '../account/account.repository.ts';
import { counterResidentForm } from '../account/account.schema.ts';
import { registerResident } from '../account/account.service.ts';
import { invitationsFor } from '../account/group.service.ts';
import { localDateSchema } from '../availability/availability.schema.ts';
import { buildGrids, roomAvailability } from '../availability/availability.service.ts';
import { getReservationView } from '../booking/booking.service.ts';
import { parseId } from '../facility/facility.schema.ts';
import { staffCancel } from './closures.service.ts';
import { approveProvisional, recordAttendance, recordPayment, setReduction } from './counter.service.ts';
import { dailySheetPdf, permitPdf } from './documents.ts';
import { attendanceForm, paymentForm, proxyBookingSchema, reductionForm, staffCancelForm } from './staff.schema.ts';
import { facilitiesInScope, facilityDay, findResidents, proxyBook } from './staff.service.ts';
import { DayPage, StaffHomePage, WeekPage } from './views/desk-pages.tsx';
import { FindResidentPage, NewResidentPage, StaffBookingForm } from './views/proxy-booking-pages.tsx';

const staffOf = (c: Context<AppEnv>): User => requireStaff(c.get('user'));

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

export function staffRoutes() {
  const app = new Hono<AppEnv>();

  // Every back-office page (this sub-app's and the others' under /staff): logged in, then staff.
  const staffOnly = async (c: Context<AppEnv>, next: () => Promise<void>) => {
    staffOf(c);
    await next();
  };
  app.use('/staff/*', requireLogin, staffOnly);
  app.use('/staff', requireLogin, staffOnly);

  app.get('/staff', async (c) => {
    const { db, clock } = c.get('deps');
    const t = c.get('t');
    const facilities = await facilitiesInScope(db, staffOf(c));
    return renderPage(c, {
      title: t('staffTitle'),
      children: <StaffHomePage t={t} facilities={facilities} today={todayIn(clock)} isAdmin={isAdmin(staffOf(c))} />,
    });
  });

  app.get('/staff/facilities/:id', async (c) => {
    const { db, clock } = c.get('deps');
    const t = c.get('t');
    const date = validate(localDateSchema(), c.req.query('date') ?? todayIn(clock));
    if (!date.success) throw new InvalidInputError(date.issues.map((i) => ({ ...i, field: 'date' })));
    const day = await facilityDay(db, staffOf(c), parseId(c.req.param('id'), 'facility'), date.data);
    const grids = await buildGrids(db, clock, new Map([[day.facility.id, day.facility]]), day.rooms, date.data, date.data);
    const notice = c.req.query('booked');
    return renderPage(c, {
      title: `${day.facility.name} ${date.data}`,
      crumbs: [{ href: '/staff', label: t('staffTitle') }, { label: day.facility.name }],
      children: (
        <DayPage
          t={t}
          lang={c.get('lang')}
          day={day}
          date={date.data}
          today={todayIn(clock)}
          csrf={c.get('csrf')}
          grids={grids.map((g) => ({ room: g.room, day: g.days[0] ?? { date: date.data, weekday: 1, cells: [] } }))}
          notice={notice ? t('staffBooked', { number: notice }) : undefined}
        />
      ),
    });
  });

  app.get('/staff/book', async (c) => {
    const { db, dialect } = c.get('deps');
    const t = c.get('t');
    const lang = c.get('lang');
    const staff = staffOf(c);
    const target = await bookingTarget(c, staff, c.req.query('room'), c.req.query('date'));
    const band = c.req.query('band') ?? '';
    const residentId = c.req.query('resident');
    if (residentId) {
      const row = await findUserById(db, parseId(residentId, 'page'));
      if (!row) throw new NotFoundError('page');
      const resident = toUser(row);
      // A resident without email answers group invitations here, through the clerk (DESIGN Guarantees 6).
      const invitations = await invitationsFor(db, resident.id);
      return renderPage(c, {
        title: t('staffProxyTitle'),
        children: (
          <StaffBookingForm
            t={t}
            lang={lang}
            {...target}
            resident={resident}
            invitationCount={invitations.length}
            band={band}
            values={{ bands: band ? [band] : [], channel: 'phone' }}
            errors={[]}
            csrf={c.get('csrf')}
          />
        ),
      });
    }
    const query = c.req.query('q') ?? '';
    let hits: Awaited<ReturnType<typeof findResidents>> | undefined;
    let errors: FieldError[] = [];
    try {
      hits = query ? await findResidents(db, dialect, query) : undefined;
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      errors = translateIssues(t, error.issues);
    }
    return renderPage(
      c,
      {
        title: t('staffProxyTitle'),
        children: (
          <FindResidentPage
            t={t}
            lang={lang}
            facility={target.facility}
            room={target.room}
            date={target.day.date}
            band={band}
            query={query}
            hits={hits}
            errors={errors}
          />
        ),
      },
      errors.length > 0 ? 422 : 200,
    );
  });

  app.post('/staff/book', async (c) => {
    const { db, clock, notifier } = c.get('deps');
    const t = c.get('t');
    const staff = staffOf(c);
    const raw = await formOf(c);
    const bands = await formValues(c, 'bands');
    const overrides = await formValues(c, 'overrides');
    const target = await bookingTarget(c, staff, raw.roomId, raw.date);
    const residentRow = await findUserById(db, parseId(raw.residentId, 'page'));
    if (!residentRow) throw new NotFoundError('page');
    const resident = toUser(residentRow);
    const values = { ...raw, bands, overrides };
    const form = (errors: { field: string; message: string }[], status: 409 | 422) =>
      renderPage(
        c,
        {
          title: t('staffProxyTitle'),
          children: (
            <StaffBookingForm
              t={t}
              lang={c.get('lang')}
              {...target}
              resident={resident}
              values={values}
              errors={errors}
              csrf={c.get('csrf')}
            />
          ),
        },
        status,
      );
    const parsed = parseForm(c, proxyBookingSchema, {
      residentId: raw.residentId,
      channel: raw.channel,
      roomId: raw.roomId,
      date: raw.date,
      bands,
      purpose: raw.purpose,
      attendees: raw.attendees,
      category: raw.category,
      overrideQuota: overrides.includes('quota'),
      overrideWindow: overrides.includes('window'),
      overrideReason: raw.overrideReason,
    });
    if (!parsed.ok) return form(parsed.errors, 422);
    try {
      const { residentId: _id, residentNumber: _number, ...request } = parsed.data;
      const { reservation } = await proxyBook(db, clock, staff, { ...request, resident: { residentId: resident.id } });
      notifier.kick();
      return c.redirect(`/staff/facilities/${target.facility.id}?date=${reservation.date}&booked=${reservation.number}`, 303);
    } catch (error) {
      if (error instanceof InvalidInputError) return form(translateIssues(t, error.issues), 422);
      if (error instanceof ConflictError)
        return form([{ field: 'bands', message: isMessageKey(error.key) ? t(error.key, error.params) : t('errInvalidValue') }], 409);
      throw error;
    }
  });

  const keepOf = (c: Context<AppEnv>) =>
    new URLSearchParams({ room: c.req.query('room') ?? '', date: c.req.query('date') ?? '', band: c.req.query('band') ?? '' }).toString();

  app.get('/staff/residents/new', async (c) => {
    const t = c.get('t');
    await bookingTarget(c, staffOf(c), c.req.query('room'), c.req.query('date'));
    return renderPage(c, {
      title: t('staffNewResident'),
      children: <NewResidentPage t={t} lang={c.get('lang')} keep={keepOf(c)} values={{}} errors={[]} csrf={c.get('csrf')} />,
    });
  });

  app.post('/staff/residents', async (c) => {
    const { db, clock } = c.get('deps');
    const t = c.get('t');
    const staff = staffOf(c);
    const target = await bookingTarget(c, staff, c.req.query('room'), c.req.query('date'));
    const raw = await formOf(c);
    const page = (errors: { field: string; message: string }[]) =>
      renderPage(
        c,
        {
          title: t('staffNewResident'),
          children: <NewResidentPage t={t} lang={c.get('lang')} keep={keepOf(c)} values={raw} errors={errors} csrf={c.get('csrf')} />,
        },
        422,
      );
    const parsed = parseForm(c, counterResidentForm, raw);
    if (!parsed.ok) return page(parsed.errors);
    let resident: User;
    try {
      resident = await registerResident(db, clock, { ...parsed.data, email: parsed.data.email ?? null, password: null });
    } catch (error) {
      if (error instanceof InvalidInputError) return page(translateIssues(t, error.issues));
      throw error;
    }
    await recordAudit(db, clock.now(), {
      actorId: staff.id,
      action: 'resident.register_at_counter',
      targetType: 'user',
      targetId: resident.id,
      facilityId: target.facility.id,
      after: { number: resident.number, name: resident.name },
    });
    return c.redirect(`/staff/book?${keepOf(c)}&resident=${resident.id}`, 303);
  });

  app.post('/staff/reservations/:id/cancel', async (c) => {
    const { db, clock, notifier } = c.get('deps');
    const parsed = parseForm(c, staffCancelForm, await formOf(c));
    if (!parsed.ok) throw new InvalidInputError([{ field: 'reason', key: 'errCancelReason' }]);
    await staffCancel(db, clock, staffOf(c), parseId(c.req.param('id'), 'reservation'), parsed.data.reason);
    notifier.kick();
    return c.redirect(`${parsed.data.back ?? '/staff'}?cancelled=1`, 303);
  });

  app.post('/staff/reservations/:id/payment', async (c) => {
    const { db, clock } = c.get('deps');
    const parsed = parseForm(c, paymentForm, await formOf(c));
    if (!parsed.ok) throw new InvalidInputError([{ field: 'receiptNumber', key: 'errReceipt' }]);
    const id = parseId(c.req.param('id'), 'reservation');
    await recordPayment(db, clock, staffOf(c), id, parsed.data.receiptNumber);
    const view = await getReservationView(db, clock, id);
    return c.redirect(`/staff/facilities/${view.facility.id}?date=${view.reservation.date}`, 303);
  });

  app.post('/staff/reservations/:id/reduction', async (c) => {
    const { db, clock } = c.get('deps');
    const parsed = parseForm(c, reductionForm, await formOf(c));
    if (!parsed.ok)
      throw new InvalidInputError(
        parsed.errors.map((e) => ({ field: e.field, key: e.field === 'reason' ? 'errReductionReason' : 'errPercent' })),
      );
    const id = parseId(c.req.param('id'), 'reservation');
    await setReduction(db, clock, staffOf(c), id, parsed.data.percent, parsed.data.reason);
    const view = await getReservationView(db, clock, id);
    return c.redirect(`/staff/facilities/${view.facility.id}?date=${view.reservation.date}`, 303);
  });

  app.get('/staff/facilities/:id/week', async (c) => {
    const { db, clock } = c.get('deps');
    const t = c.get('t');
    const from = validate(localDateSchema(), c.req.query('date') ?? todayIn(clock));
    if (!from.success) throw new InvalidInputError(from.issues.map((i) => ({ ...i, field: 'date' })));
    const id = parseId(c.req.param('id'), 'facility');
    const first = await facilityDay(db, staffOf(c), id, from.data); // checks the scope
    const to = addDays(from.data, 6);
    const grids = await buildGrids(db, clock, new Map([[id, first.facility]]), first.rooms, from.data, to);
    const rows = await db
      .selectFrom('reservation_cells')
      .innerJoin('reservations', 'reservations.id', 'reservation_cells.reservation_id')
      .leftJoin('users', 'users.id', 'reservations.user_id')
      .select(['reservation_cells.room_id', 'reservation_cells.date', 'reservation_cells.band', 'users.name'])
      .where('reservation_cells.room_id', 'in', first.rooms.map((r) => r.id).concat(['']))
      .where('reservation_cells.date', '>=', from.data)
      .where('reservation_cells.date', '<=', to)
      .execute();
    const holders = new Map(rows.map((r) => [`${r.room_id}|${r.date}|${r.band}`, r.name ?? t('staffWalkIn')]));
    return renderPage(c, {
      title: `${first.facility.name} ${from.data}`,
      crumbs: [
        { href: '/staff', label: t('staffTitle') },
        { href: `/staff/facilities/${id}?date=${from.data}`, label: first.facility.name },
        { label: t('staffWeek') },
      ],
      children: (
        <WeekPage
          t={t}
          lang={c.get('lang')}
          facility={first.facility}
          from={from.data}
          grids={grids.map((g) => ({ room: g.room, days: g.days }))}
          holders={holders}
        />
      ),
    });
  });

  app.post('/staff/reservations/:id/approve', async (c) => {
    const { db, clock } = c.get('deps');
    const id = parseId(c.req.param('id'), 'reservation');
    await approveProvisional(db, clock, staffOf(c), id);
    const view = await getReservationView(db, clock, id);
    return c.redirect(`/staff/facilities/${view.facility.id}?date=${view.reservation.date}`, 303);
  });

  app.post('/staff/reservations/:id/attendance', async (c) => {
    const { db, clock } = c.get('deps');
    const parsed = parseForm(c, attendanceForm, await formOf(c));
    if (!parsed.ok) throw new InvalidInputError([{ field: 'outcome', key: 'errInvalidValue' }]);
    const id = parseId(c.req.param('id'), 'reservation');
    await recordAttendance(db, clock, staffOf(c), id, parsed.data.outcome);
    const view = await getReservationView(db, clock, id);
    return c.redirect(`/staff/facilities/${view.facility.id}?date=${view.reservation.date}`, 303);
  });

  app.get('/staff/reservations/:id/permit.pdf', async (c) => {
    const { db, clock } = c.get('deps');
    const view = await getReservationView(db, clock, parseId(c.req.param('id'), 'reservation'));
    if (!canActOnFacility(staffOf(c), view.facility)) throw new ForbiddenError('facility out of scope');
    if (view.reservation.status === 'cancelled') throw new ConflictError('errAlreadyCancelled');
    if (view.reservation.status === 'won') throw new ConflictError('errLotteryWinUnconfirmed');
    const booker = view.reservation.userId ? await findUserById(db, view.reservation.userId) : undefined;
    const pdf = await permitPdf(view, booker?.name ?? '', todayIn(clock));
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="permit-${view.reservation.number}.pdf"`,
    });
  });

  app.get('/staff/facilities/:id/day.pdf', async (c) => {
    const { db, clock } = c.get('deps');
    const date = validate(localDateSchema(), c.req.query('date') ?? todayIn(clock));
    if (!date.success) throw new InvalidInputError(date.issues.map((i) => ({ ...i, field: 'date' })));
    const day = await facilityDay(db, staffOf(c), parseId(c.req.param('id'), 'facility'), date.data);
    const pdf = await dailySheetPdf(day, date.data);
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="day-${day.facility.id}-${date.data}.pdf"`,
    });
  });

  /** `errors` and `values` belong to the groups form, the one form here that re-renders with its errors. */
  return app;
}
