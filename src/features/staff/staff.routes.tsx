/**
 * Back-office pages. Every route checks the staff role, and every facility-bound action the scope
 * (staff.policy.ts), before doing anything.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { formOf, formValues, parseForm, redirectToLogin } from '../../http/forms.ts';
import { validate } from '../../http/validation.ts';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, translateIssues } from '../../lib/errors.ts';
import { isMessageKey } from '../../lib/i18n.ts';
import { todayIn } from '../../lib/time.ts';
import { renderPage } from '../../ui/layout.tsx';
import { findUserById } from '../account/account.repository.ts';
import { counterResidentForm } from '../account/account.schema.ts';
import { registerResident } from '../account/account.service.ts';
import type { User } from '../account/account.ts';
import { toUser } from '../account/account.ts';
import { localDateSchema } from '../availability/availability.schema.ts';
import { buildGrids, roomAvailability } from '../availability/availability.service.ts';
import { parseId } from '../facility/facility.schema.ts';
import { recordAudit } from './audit.ts';
import { canActOnFacility, isStaff } from './staff.policy.ts';
import { proxyBookingSchema } from './staff.schema.ts';
import { facilitiesInScope, facilityDay, findResidents, proxyBook } from './staff.service.ts';
import { DayPage, FindResidentPage, NewResidentPage, StaffBookingForm, StaffHomePage } from './views/staff-pages.tsx';

function staffOf(c: Context<AppEnv>): User {
  const user = c.get('user');
  if (!isStaff(user)) throw new ForbiddenError('staff only');
  return user;
}

/** The room and day a proxy booking is about, with the scope checked. */
async function bookingTarget(c: Context<AppEnv>, staff: User, roomId: string | undefined, date: string | undefined) {
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

  app.use('/staff/*', async (c, next) => {
    if (!c.get('user')) return redirectToLogin(c);
    staffOf(c);
    await next();
  });
  app.use('/staff', async (c, next) => {
    if (!c.get('user')) return redirectToLogin(c);
    staffOf(c);
    await next();
  });

  app.get('/staff', async (c) => {
    const { db, clock } = c.get('deps');
    const t = c.get('t');
    const facilities = await facilitiesInScope(db, staffOf(c));
    return renderPage(c, { title: t('staffTitle'), children: <StaffHomePage t={t} facilities={facilities} today={todayIn(clock)} /> });
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
          grids={grids.map((g) => ({ room: g.room, day: g.days[0] ?? { date: date.data, weekday: 1, cells: [] } }))}
          notice={notice ? t('staffBooked', { number: notice }) : undefined}
        />
      ),
    });
  });

  app.get('/staff/book', async (c) => {
    const { db } = c.get('deps');
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
      return renderPage(c, {
        title: t('staffProxyTitle'),
        children: (
          <StaffBookingForm
            t={t}
            lang={lang}
            {...target}
            resident={resident}
            values={{ bands: band ? [band] : [], channel: 'phone' }}
            errors={[]}
            csrf={c.get('csrf')}
          />
        ),
      });
    }
    const query = c.req.query('q') ?? '';
    const hits = query ? await findResidents(db, query) : undefined;
    return renderPage(c, {
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
        />
      ),
    });
  });

  app.post('/staff/book', async (c) => {
    const { db, clock, mail } = c.get('deps');
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
      const { reservation } = await proxyBook(db, clock, staff, parsed.data);
      mail.kick();
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

  return app;
}
