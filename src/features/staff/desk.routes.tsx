/**
 * The desk: the back office's start page, and a facility's day (with its reservation actions) and week.
 * Scope is checked before a facility's bookings are read (staff.service.ts facilityDay).
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { validate } from '../../http/validation.ts';
import { InvalidInputError } from '../../lib/errors.ts';
import { addDays, todayIn } from '../../lib/time.ts';
import type { User } from '../../platform/authz/actor.ts';
import { isAdmin, requireStaff } from '../../platform/authz/policy.ts';
import { renderPage } from '../../ui/layout.tsx';
import { staffOffices } from '../appointment/counter-insights.service.ts';
import { localDateSchema } from '../availability/availability.schema.ts';
import { buildGrids } from '../availability/availability.service.ts';
import { parseId } from '../facility/facility.schema.ts';
import { listCellHolders } from './staff.repository.ts';
import { facilitiesInScope, facilityDay } from './staff.service.ts';
import { DayPage, StaffHomePage, WeekPage } from './views/desk-pages.tsx';

const staffOf = (c: Context<AppEnv>): User => requireStaff(c.get('user'));

export function deskRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/staff', async (c) => {
    const { db, clock } = c.get('deps');
    const t = c.get('t');
    const facilities = await facilitiesInScope(db, staffOf(c));
    const en = c.get('lang') === 'en';
    const offices = (await staffOffices(db, staffOf(c))).map((o) => ({
      ...o,
      counters: o.counters.map((x) => ({ id: x.id, name: en ? x.nameEn : x.name })),
    }));
    return renderPage(c, {
      title: t('staffTitle'),
      children: <StaffHomePage t={t} facilities={facilities} offices={offices} today={todayIn(clock)} isAdmin={isAdmin(staffOf(c))} />,
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

  app.get('/staff/facilities/:id/week', async (c) => {
    const { db, clock } = c.get('deps');
    const t = c.get('t');
    const from = validate(localDateSchema(), c.req.query('date') ?? todayIn(clock));
    if (!from.success) throw new InvalidInputError(from.issues.map((i) => ({ ...i, field: 'date' })));
    const id = parseId(c.req.param('id'), 'facility');
    const first = await facilityDay(db, staffOf(c), id, from.data); // checks the scope
    const to = addDays(from.data, 6);
    const grids = await buildGrids(db, clock, new Map([[id, first.facility]]), first.rooms, from.data, to);
    const roomIds = first.rooms.map((r) => r.id);
    const rows = await listCellHolders(db, roomIds, from.data, to);
    const holders = new Map(rows.map((r) => [`${r.room_id}|${r.date}|${r.band}`, r.booker_name ?? t('staffWalkIn')]));
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

  return app;
}
