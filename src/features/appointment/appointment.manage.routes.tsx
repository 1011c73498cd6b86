/**
 * One appointment's pages, by 予約番号 and the secret of the confirmation mail's link (the same address
 * the mail links to): /appointments/{number}?secret= (the number, QR, times, check-in, links),
 * /appointments/{number}/slip (the printable slip), /appointments/{number}/cancel (confirm, then cancel).
 * A wrong number or secret is the plain 404 page, alike, so neither is told apart. Actions redirect
 * (303) back with a notice, so a reload repeats nothing. The change page (/change) is another's.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { formOf } from '../../http/forms.ts';
import { ConflictError, type FieldError, NotFoundError } from '../../lib/errors.ts';
import { qrSvg } from '../../lib/qr.ts';
import { todayIn } from '../../lib/time.ts';
import { renderPage } from '../../ui/layout.tsx';
import { parseAppointmentNumber } from './appointment.schema.ts';
import { type AppointmentView, cancelAppointment, getAppointment } from './appointment.service.ts';
import { formatAppointmentNumber } from './appointment.ts';
import { findCounter, listItemsOfAppointment } from './queue.repository.ts';
import { checkInSelf, currentTicket, selfCheckInWindow } from './queue.service.ts';
import { CancelPage, type ManagedAppointment, ManagePage, SlipPage } from './views/appointment-manage-pages.tsx';

const NOTICES = { booked: 'apptBookedNotice', cancelled: 'apptCancelledNotice', checked_in: 'apptCheckedInNotice' } as const;

/** The number of the path and the secret of the link (query or form); anything else is not found. */
async function keyOf(c: Context<AppEnv>, from: 'query' | 'form') {
  const number = parseAppointmentNumber(c.req.param('number'));
  const secret = from === 'query' ? c.req.query('secret') : (await formOf(c)).secret;
  if (!number || !secret || secret.length > 200) throw new NotFoundError('reservation');
  return { number, secret };
}

async function managed(c: Context<AppEnv>, view: AppointmentView, secret: string): Promise<ManagedAppointment> {
  const en = c.get('lang') === 'en';
  const a = view.appointment;
  return {
    number: a.number,
    printed: formatAppointmentNumber(a.number),
    secret,
    status: a.status,
    officeName: view.officeName,
    name: a.name,
    date: a.date,
    phoneOnly: !a.contactConfirmed,
    items: view.items.map((i) => ({
      starts: i.starts,
      ends: i.ends,
      service: en ? i.serviceNameEn : i.serviceName,
      counter: en ? i.counterNameEn : i.counterName,
      place: en ? i.placeEn : i.place,
      documents: en ? i.documentsEn : i.documents,
    })),
    qrSvg: await qrSvg(a.number),
  };
}

async function managePage(c: Context<AppEnv>, key: { number: string; secret: string }, errors: FieldError[] = [], status: 200 | 409 = 200) {
  const { db, clock } = c.get('deps');
  const t = c.get('t');
  const view = await getAppointment(db, key.number, key.secret);
  const a = view.appointment;
  let canCheckIn = false;
  if (a.status === 'booked' && a.date === todayIn(clock)) {
    const first = (await listItemsOfAppointment(db, a.id))[0];
    const now = clock.now().toISOString();
    const window = first && selfCheckInWindow(first);
    canCheckIn = window !== undefined && now >= window.from && now <= window.until;
  }
  const issued = a.status === 'checked_in' ? await currentTicket(db, clock, a.id) : undefined;
  const live = issued && ['waiting', 'called', 'serving'].includes(issued.ticket.status) ? issued : undefined;
  const counter = live && (await findCounter(db, live.ticket.counterId));
  const en = c.get('lang') === 'en';
  const notice = NOTICES[c.req.query('notice') as keyof typeof NOTICES];
  return renderPage(
    c,
    {
      title: t('apptManageTitle'),
      crumbs: [{ href: '/', label: t('home') }, { href: '/appointments', label: t('apptTitle') }, { label: t('apptManageTitle') }],
      children: (
        <ManagePage
          t={t}
          lang={c.get('lang')}
          csrf={c.get('csrf')}
          a={await managed(c, view, key.secret)}
          notice={notice ? t(notice) : undefined}
          errors={errors}
          canCheckIn={canCheckIn}
          ticket={
            live && {
              number: live.ticket.number,
              counter: (en ? counter?.name_en : counter?.name) ?? '',
              place: (en ? counter?.place_en : counter?.place) ?? '',
              ahead: live.ahead,
            }
          }
        />
      ),
    },
    status,
  );
}

const backTo = (c: Context<AppEnv>, key: { number: string; secret: string }, notice: keyof typeof NOTICES) =>
  c.redirect(`/appointments/${key.number}?${new URLSearchParams({ secret: key.secret, notice })}`, 303);

export function appointmentManageRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/appointments/:number', async (c) => managePage(c, await keyOf(c, 'query')));

  app.get('/appointments/:number/slip', async (c) => {
    const key = await keyOf(c, 'query');
    const t = c.get('t');
    const view = await getAppointment(c.get('deps').db, key.number, key.secret);
    return renderPage(c, {
      title: t('apptSlipTitle'),
      children: <SlipPage t={t} lang={c.get('lang')} a={await managed(c, view, key.secret)} />,
    });
  });

  app.get('/appointments/:number/cancel', async (c) => {
    const key = await keyOf(c, 'query');
    const t = c.get('t');
    const view = await getAppointment(c.get('deps').db, key.number, key.secret);
    if (view.appointment.status !== 'booked') return managePage(c, key);
    return renderPage(c, {
      title: t('apptCancelTitle'),
      crumbs: [{ href: '/', label: t('home') }, { href: '/appointments', label: t('apptTitle') }, { label: t('apptCancelTitle') }],
      children: <CancelPage t={t} lang={c.get('lang')} csrf={c.get('csrf')} a={await managed(c, view, key.secret)} />,
    });
  });

  app.post('/appointments/:number/cancel', async (c) => {
    const key = await keyOf(c, 'form');
    const { db, clock } = c.get('deps');
    try {
      await cancelAppointment(db, clock, key.number, key.secret);
      return backTo(c, key, 'cancelled');
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return managePage(c, key, [{ field: 'slip-number', message: c.get('t')(error.key, error.params) }], 409);
    }
  });

  app.post('/appointments/:number/check-in', async (c) => {
    const key = await keyOf(c, 'form');
    const { db, clock } = c.get('deps');
    try {
      await checkInSelf(db, clock, key);
      return backTo(c, key, 'checked_in');
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return managePage(c, key, [{ field: 'check-in', message: c.get('t')(error.key, error.params) }], 409);
    }
  });

  return app;
}
