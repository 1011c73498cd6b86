/**
 * 代理予約: a clerk finds the caller (or registers them, residents.routes.tsx) and books a free cell for
 * them, on the phone or at the desk. The facility's scope is checked before anything is read or booked.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { formOf, formValues, parseForm } from '../../http/forms.ts';
import { ConflictError, type FieldError, InvalidInputError, NotFoundError, translateIssues } from '../../lib/errors.ts';
import { isMessageKey } from '../../lib/i18n.ts';
import type { User } from '../../platform/authz/actor.ts';
import { toUser } from '../../platform/authz/actor.ts';
import { requireStaff } from '../../platform/authz/policy.ts';
import { renderPage } from '../../ui/layout.tsx';
import { findUserById } from '../account/account.repository.ts';
import { invitationsFor } from '../account/group.service.ts';
import { parseId } from '../facility/facility.schema.ts';
import { bookingTarget } from './booking-target.ts';
import { proxyBookingSchema } from './staff.schema.ts';
import { findResidents, proxyBook } from './staff.service.ts';
import { FindResidentPage, StaffBookingForm } from './views/proxy-booking-pages.tsx';

const staffOf = (c: Context<AppEnv>): User => requireStaff(c.get('user'));

export function proxyBookingRoutes() {
  const app = new Hono<AppEnv>();

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

  return app;
}
