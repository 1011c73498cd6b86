/**
 * The resident's change page: /appointments/{number}/change?secret=… (the link in the confirmation and
 * reminder mails, and on the manage page). No login: the secret is the key, as for the API. GET shows the
 * current booking and the steps (day → time → confirm, all GET until the last); POST makes the change
 * through the same service as PATCH /api/v1/appointments/{number} and redirects (303) to the manage page
 * /appointments/{number}?secret=…. A full time, a closed window or a finished appointment re-renders with
 * the plain reason (409 / 422) and, when full, the next times that fit; the old booking is untouched.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { formOf } from '../../http/forms.ts';
import { ConflictError, type FieldError, InvalidInputError, NotFoundError, translateIssues } from '../../lib/errors.ts';
import { isLocalDate } from '../../lib/time.ts';
import { renderPage } from '../../ui/layout.tsx';
import { AppointmentFullError } from './appointment.booking.service.ts';
import { assertChangeable, changeAppointment, changeChoices, changePreview } from './appointment.change.service.ts';
import { parseAppointmentNumber } from './appointment.schema.ts';
import { appointmentView, findWithSecret } from './appointment.service.ts';
import { toAppointment } from './appointment.ts';
import { manageUrlOf } from './appointment-notices.mail.ts';
import { AppointmentChangePage } from './views/appointment-change-page.tsx';

const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

interface Shown {
  date?: string | undefined;
  starts?: string | undefined;
  errors?: FieldError[];
  alternatives?: { date: string; start: string }[];
  status?: 200 | 409 | 422;
}

function keysOf(c: Context<AppEnv>, secretGiven: string | undefined) {
  const number = parseAppointmentNumber(c.req.param('number'));
  const secret = secretGiven ?? '';
  if (!number || secret === '' || secret.length > 200) throw new NotFoundError('reservation');
  return { number, secret };
}

async function changePage(c: Context<AppEnv>, number: string, secret: string, shown: Shown) {
  const { db, clock } = c.get('deps');
  const t = c.get('t');
  const row = await findWithSecret(db, number, secret);
  const current = await appointmentView(db, toAppointment(row));
  let refusal: string | undefined;
  try {
    assertChangeable(row, clock);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    refusal = t(error.key, error.params);
  }
  const choices = refusal ? new Map<string, string[]>() : await changeChoices(db, clock, row);
  const errors = [...(shown.errors ?? [])];
  const date = shown.date;
  if (date !== undefined && !choices.has(date) && errors.length === 0) {
    errors.push({ field: 'date', message: t(isLocalDate(date) ? 'changeNoTimes' : 'errInvalidDate') });
  }
  const times = date ? (choices.get(date) ?? []) : [];
  let proposed: Awaited<ReturnType<typeof changePreview>>;
  if (date && shown.starts !== undefined && errors.length === 0) {
    if (times.includes(shown.starts)) proposed = await changePreview(db, row, { date, starts: shown.starts });
    else errors.push({ field: 'starts', message: t('errChangeTimeRequired') });
  }
  const status = shown.status ?? (errors.length > 0 ? 422 : refusal ? 409 : 200);
  return renderPage(
    c,
    {
      title: t('changeTitle'),
      children: (
        <AppointmentChangePage
          t={t}
          lang={c.get('lang')}
          number={number}
          secret={secret}
          csrf={c.get('csrf')}
          current={current}
          refusal={refusal}
          days={[...choices].map(([d, starts]) => ({ date: d, count: starts.length }))}
          date={date}
          times={times}
          proposed={proposed}
          errors={errors}
          alternatives={shown.alternatives ?? []}
        />
      ),
    },
    status,
  );
}

export function appointmentChangeRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/appointments/:number/change', async (c) => {
    const { number, secret } = keysOf(c, c.req.query('secret'));
    const date = c.req.query('date')?.slice(0, 20);
    const starts = c.req.query('starts')?.slice(0, 10);
    return changePage(c, number, secret, { date: date || undefined, starts: starts === undefined ? undefined : starts });
  });

  app.post('/appointments/:number/change', async (c) => {
    const { db, clock, notifier, config } = c.get('deps');
    const t = c.get('t');
    const form = await formOf(c);
    const { number, secret } = keysOf(c, form.secret);
    const date = (form.date ?? '').slice(0, 20);
    const starts = (form.starts ?? '').slice(0, 10);
    if (!isLocalDate(date))
      return changePage(c, number, secret, { errors: [{ field: 'date', message: t('errInvalidDate') }], status: 422 });
    if (!TIME_RE.test(starts))
      return changePage(c, number, secret, { date, errors: [{ field: 'starts', message: t('errChangeTimeRequired') }], status: 422 });
    try {
      await changeAppointment(db, clock, number, secret, { date, starts }, { publicUrl: config.publicUrl });
      notifier.kick();
      return c.redirect(manageUrlOf('', number, secret), 303);
    } catch (error) {
      if (error instanceof AppointmentFullError)
        return changePage(c, number, secret, {
          errors: [{ field: 'date', message: t('errAppointmentFull') }],
          alternatives: error.alternatives,
          status: 409,
        });
      if (error instanceof InvalidInputError)
        return changePage(c, number, secret, { date, errors: translateIssues(t, error.issues), status: 422 });
      if (error instanceof ConflictError) return changePage(c, number, secret, { status: 409 });
      throw error;
    }
  });

  return app;
}
