/**
 * Booking pages: form → confirmation (with the fee) → reservation, then "my reservations", the .ics file
 * and cancellation. The confirmation carries a one-time form token used as the idempotency key, so a
 * double click or a resubmitted page returns the same reservation instead of a second one.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { type FormResult, formOf, formValues, parseForm } from '../../http/forms.ts';
import { ConflictError, type FieldError, InvalidInputError, NotFoundError, translateIssues } from '../../lib/errors.ts';
import { isMessageKey } from '../../lib/i18n.ts';
import { todayIn } from '../../lib/time.ts';
import { randomToken } from '../../lib/tokens.ts';
import type { User } from '../../platform/authz/actor.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { renderPage } from '../../ui/layout.tsx';
import { groupsOf } from '../account/group.service.ts';
import { roomAvailability } from '../availability/availability.service.ts';
import { parseId } from '../facility/facility.schema.ts';
import { bookingRequestSchema, idempotencyKeySchema } from './booking.schema.ts';
import {
  type BookingRequest,
  bookReservation,
  cancelMyReservation,
  getMyReservation,
  listMyReservations,
  prepareBooking,
} from './booking.service.ts';
import { myReservationIcs } from './ics.ts';
import { BookingConfirmPage, BookingFormPage, type BookingFormValues } from './views/booking-form.tsx';
import { MyReservationsPage, ReservationPage } from './views/reservation-pages.tsx';

async function submittedValues(c: Context<AppEnv>): Promise<{ raw: Record<string, string>; values: BookingFormValues }> {
  const raw = await formOf(c);
  const flags = await formValues(c, 'flags');
  const values: BookingFormValues = {
    roomId: raw.roomId ?? '',
    date: raw.date ?? '',
    bands: await formValues(c, 'bands'),
    purpose: raw.purpose,
    attendees: raw.attendees,
    category: raw.category,
    groupId: raw.groupId || undefined,
    commercial: flags.includes('commercial') || raw.commercial === 'on',
    admission: flags.includes('admission') || raw.admission === 'on',
  };
  return { raw, values };
}

function toRequest(c: Context<AppEnv>, values: BookingFormValues): FormResult<BookingRequest> {
  const parsed = parseForm(c, bookingRequestSchema, values);
  return parsed.ok ? { ok: true, data: { ...parsed.data, channel: 'web' } } : parsed;
}

/** The form again (first visit, back button, or with errors). */
async function formPage(c: Context<AppEnv>, user: User, values: BookingFormValues, errors: FieldError[], status: 200 | 409 | 422) {
  const { db, clock } = c.get('deps');
  const t = c.get('t');
  const { facility, grid } = await roomAvailability(db, clock, parseId(values.roomId, 'room'), values.date, values.date);
  const day = grid.days[0];
  if (!day) throw new NotFoundError('room');
  const groups = await groupsOf(db, user.id);
  return renderPage(
    c,
    {
      title: errors.length > 0 ? `${t('errorSummaryTitle')}: ${t('bookTitle')}` : t('bookTitle'),
      crumbs: [
        { href: '/', label: t('home') },
        { href: `/facilities/${facility.id}/availability?month=${values.date.slice(0, 7)}`, label: facility.name },
        { label: t('bookTitle') },
      ],
      children: (
        <BookingFormPage
          t={t}
          lang={c.get('lang')}
          facility={facility}
          room={grid.room}
          day={day}
          groups={groups}
          values={values}
          errors={errors}
          csrf={c.get('csrf')}
        />
      ),
    },
    status,
  );
}

function conflictErrors(c: Context<AppEnv>, error: ConflictError): FieldError[] {
  const t = c.get('t');
  return [{ field: 'bands', message: isMessageKey(error.key) ? t(error.key, error.params) : t('errInvalidValue') }];
}

export function bookingRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/book', requireLogin, async (c) => {
    const user = c.get('actor');
    const date = c.req.query('date') ?? '';
    const band = c.req.query('band');
    const values: BookingFormValues = { roomId: c.req.query('room') ?? '', date, bands: band ? [band] : [] };
    const parsed = parseForm(c, bookingRequestSchema.pick({ roomId: true, date: true }), values);
    if (!parsed.ok) throw new NotFoundError('room');
    return formPage(c, user, values, [], 200);
  });

  app.post('/book/form', requireLogin, async (c) => {
    const user = c.get('actor');
    const { values } = await submittedValues(c);
    return formPage(c, user, values, [], 200);
  });

  app.post('/book/confirm', requireLogin, async (c) => {
    const user = c.get('actor');
    const { db, clock } = c.get('deps');
    const t = c.get('t');
    const { values } = await submittedValues(c);
    const request = toRequest(c, values);
    if (!request.ok) return formPage(c, user, values, request.errors, 422);
    try {
      const prepared = await prepareBooking(db, clock, user, request.data, {}, c.get('deps').readCache);
      return renderPage(c, {
        title: t('confirmTitle'),
        children: (
          <BookingConfirmPage
            t={t}
            lang={c.get('lang')}
            prepared={prepared}
            values={values}
            formToken={randomToken('form_')}
            csrf={c.get('csrf')}
          />
        ),
      });
    } catch (error) {
      if (error instanceof InvalidInputError) return formPage(c, user, values, translateIssues(t, error.issues), 422);
      if (error instanceof ConflictError) return formPage(c, user, values, conflictErrors(c, error), 409);
      throw error;
    }
  });

  app.post('/book', requireLogin, async (c) => {
    const user = c.get('actor');
    const { db, clock, notifier } = c.get('deps');
    const t = c.get('t');
    const { raw, values } = await submittedValues(c);
    const request = toRequest(c, values);
    if (!request.ok) return formPage(c, user, values, request.errors, 422);
    const token = idempotencyKeySchema.safeParse(raw.formToken);
    try {
      const { reservation } = await bookReservation(
        db,
        clock,
        user,
        { ...request.data, idempotencyKey: token.success ? token.data : undefined },
        { readCache: c.get('deps').readCache },
      );
      notifier.kick();
      return c.redirect(`/my/reservations/${reservation.id}?notice=booked`, 303);
    } catch (error) {
      if (error instanceof InvalidInputError) return formPage(c, user, values, translateIssues(t, error.issues), 422);
      if (error instanceof ConflictError) return formPage(c, user, { ...values, bands: [] }, conflictErrors(c, error), 409);
      throw error;
    }
  });

  app.get('/my/reservations', requireLogin, async (c) => {
    const user = c.get('actor');
    const { db, clock } = c.get('deps');
    const t = c.get('t');
    const views = await listMyReservations(db, clock, user);
    return renderPage(c, {
      title: t('myReservationsTitle'),
      children: <MyReservationsPage t={t} lang={c.get('lang')} today={todayIn(clock)} views={views} />,
    });
  });

  app.get('/my/reservations/:id', requireLogin, async (c) => {
    const user = c.get('actor');
    const { db, clock } = c.get('deps');
    const t = c.get('t');
    const view = await getMyReservation(db, clock, user, parseId(c.req.param('id'), 'reservation'));
    const notice = c.req.query('notice');
    return renderPage(c, {
      title: `${t('reservationTitle')} ${view.reservation.number}`,
      crumbs: [{ href: '/my/reservations', label: t('myReservationsTitle') }, { label: view.reservation.number }],
      children: (
        <ReservationPage
          t={t}
          lang={c.get('lang')}
          view={view}
          csrf={c.get('csrf')}
          notice={notice === 'booked' ? t('noticeBooked') : notice === 'cancelled' ? t('noticeCancelled') : undefined}
        />
      ),
    });
  });

  app.get('/my/reservations/:id/ics', requireLogin, myReservationIcs);

  app.post('/my/reservations/:id/cancel', requireLogin, async (c) => {
    const user = c.get('actor');
    const { db, clock, notifier } = c.get('deps');
    const id = parseId(c.req.param('id'), 'reservation');
    await cancelMyReservation(db, clock, user, id);
    notifier.kick();
    return c.redirect(`/my/reservations/${id}?notice=cancelled`, 303);
  });

  return app;
}
