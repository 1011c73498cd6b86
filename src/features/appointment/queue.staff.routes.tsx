/**
 * Pages for the day at the office: the kiosk at the entrance (/offices/{id}/kiosk: check in by 予約番号
 * or QR, or take a walk-in number) and the clerk's console (/staff/counters/{id}/console?desk=N: call
 * the next person, recall, serve, done, no-show, send to another counter). Both need a counter clerk of
 * the office (or an admin): a kiosk is a tablet signed in as one. The same services as the JSON API
 * (queue.api.ts); each action redirects back (303), so a reload never repeats it.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { formOf } from '../../http/forms.ts';
import { ConflictError, type FieldError, InvalidInputError, NotFoundError, translateIssues } from '../../lib/errors.ts';
import { todayIn } from '../../lib/time.ts';
import { requireCounterWork } from '../../platform/authz/policy.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { renderPage } from '../../ui/layout.tsx';
import { parseId } from '../facility/facility.schema.ts';
import { callNext, markDone, markNoShow, recall, startServing, transfer } from './queue.console.service.ts';
import {
  findBusyTicketAtDesk,
  findCounter,
  findTicket,
  listCountersOfOffice,
  listServicesOfOffice,
  listWaitingAtCounter,
} from './queue.repository.ts';
import { checkInByNumber, type IssuedTicket, issueWalkIn, requireOffice } from './queue.service.ts';
import { callOrder } from './queue.ts';
import { ConsolePage, KioskPage, KioskTicketPage } from './views/queue-staff-pages.tsx';

/** A refusal the person can act on, as the error summary shows it (409s and 422s alike). */
function refusal(c: Context<AppEnv>, error: unknown, field: string): FieldError[] | undefined {
  const t = c.get('t');
  if (error instanceof InvalidInputError) return translateIssues(t, error.issues);
  if (error instanceof ConflictError) return [{ field, message: t(error.key, error.params) }];
  return undefined;
}

async function kioskPage(c: Context<AppEnv>, officeId: string, number: string, errors: FieldError[], status: 200 | 409 | 422 = 200) {
  const { db } = c.get('deps');
  const t = c.get('t');
  const office = await requireOffice(db, officeId);
  const services = (await listServicesOfOffice(db, officeId)).filter((s) => s.walk_ins === 1);
  return renderPage(
    c,
    {
      title: t('kioskTitle', { office: office.name }),
      children: (
        <KioskPage
          t={t}
          lang={c.get('lang')}
          officeId={officeId}
          officeName={office.name}
          csrf={c.get('csrf')}
          services={services.map((s) => ({ id: s.id, name: s.name, nameEn: s.name_en }))}
          number={number}
          errors={errors}
        />
      ),
    },
    status,
  );
}

async function ticketPage(c: Context<AppEnv>, officeId: string, issued: IssuedTicket) {
  const t = c.get('t');
  const counter = await findCounter(c.get('deps').db, issued.ticket.counterId);
  const en = c.get('lang') === 'en';
  return renderPage(
    c,
    {
      title: t('kioskYourNumber'),
      children: (
        <KioskTicketPage
          t={t}
          officeId={officeId}
          number={issued.ticket.number}
          counter={(en ? counter?.name_en : counter?.name) ?? ''}
          place={(en ? counter?.place_en : counter?.place) ?? ''}
          ahead={issued.ahead}
        />
      ),
    },
    issued.created ? 201 : 200,
  );
}

const deskOf = (c: Context<AppEnv>, desks: number) => {
  const n = Number(c.req.query('desk'));
  return Number.isInteger(n) && n >= 1 && n <= desks ? n : 1;
};

async function consolePage(c: Context<AppEnv>, counterId: string, errors: FieldError[] = [], status: 200 | 409 | 422 = 200) {
  const { db, clock } = c.get('deps');
  const t = c.get('t');
  const counter = await findCounter(db, counterId);
  if (!counter) throw new NotFoundError('page');
  requireCounterWork(c.get('actor'), counter.office_id);
  const desk = deskOf(c, Number(counter.desks));
  const today = todayIn(clock);
  const busy = await findBusyTicketAtDesk(db, counter.id, today, desk);
  const current = busy ? await findTicket(db, busy.id) : undefined;
  const waiting = callOrder(await listWaitingAtCounter(db, counter.id, today), clock.now().toISOString());
  const others = (await listCountersOfOffice(db, counter.office_id)).filter((x) => x.id !== counter.id);
  const en = c.get('lang') === 'en';
  const name = en ? counter.name_en : counter.name;
  const q = c.req.query();
  const notice =
    q.notice && /^\d{1,6}$/.test(q.number ?? '')
      ? t(q.notice === 'done' ? 'consoleDoneNotice' : q.notice === 'called' ? 'consoleCalledNotice' : 'consoleActionNotice', {
          number: q.number ?? '',
        })
      : undefined;
  return renderPage(
    c,
    {
      title: t('consoleTitle', { counter: name }),
      crumbs: [{ href: '/staff', label: t('staffTitle') }, { label: t('consoleTitle', { counter: name }) }],
      children: (
        <ConsolePage
          t={t}
          counterId={counter.id}
          counterName={name}
          desks={Number(counter.desks)}
          desk={desk}
          csrf={c.get('csrf')}
          notice={notice}
          errors={errors}
          current={
            current && (current.status === 'called' || current.status === 'serving')
              ? { id: current.id, number: Number(current.number), status: current.status }
              : undefined
          }
          waiting={waiting.map((w) => ({ id: w.id, number: w.number, kind: w.kind, queuedAt: w.queuedAt }))}
          otherCounters={others.map((x) => ({ id: x.id, name: en ? x.name_en : x.name }))}
        />
      ),
    },
    status,
  );
}

export function queueStaffRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/offices/:id/kiosk', requireLogin, async (c) => {
    const officeId = parseId(c.req.param('id'), 'organisation');
    requireCounterWork(c.get('actor'), officeId);
    return kioskPage(c, officeId, '', []);
  });

  app.post('/offices/:id/kiosk/check-in', requireLogin, async (c) => {
    const { db, clock } = c.get('deps');
    const officeId = parseId(c.req.param('id'), 'organisation');
    const number = ((await formOf(c)).number ?? '').slice(0, 40);
    try {
      return await ticketPage(c, officeId, await checkInByNumber(db, clock, c.get('actor'), { officeId, number, via: 'kiosk' }));
    } catch (error) {
      const errors = refusal(c, error, 'number');
      if (!errors) throw error;
      return kioskPage(c, officeId, number, errors, error instanceof ConflictError ? 409 : 422);
    }
  });

  app.post('/offices/:id/kiosk/walk-in', requireLogin, async (c) => {
    const { db, clock } = c.get('deps');
    const officeId = parseId(c.req.param('id'), 'organisation');
    const serviceId = (await formOf(c)).serviceId ?? '';
    try {
      return await ticketPage(c, officeId, await issueWalkIn(db, clock, c.get('actor'), { officeId, serviceId, via: 'kiosk' }));
    } catch (error) {
      const errors = refusal(c, error, 'number');
      if (!errors) throw error;
      return kioskPage(c, officeId, '', errors, error instanceof ConflictError ? 409 : 422);
    }
  });

  app.get('/staff/counters/:id/console', requireLogin, (c) => consolePage(c, parseId(c.req.param('id'), 'page')));

  const back = (c: Context<AppEnv>, counterId: string, notice: string, number: number) =>
    c.redirect(
      `/staff/counters/${counterId}/console?${new URLSearchParams({ desk: c.req.query('desk') ?? '1', notice, number: String(number) })}`,
      303,
    );

  app.post('/staff/counters/:id/console/call-next', requireLogin, async (c) => {
    const { db, clock, notifier } = c.get('deps');
    const counterId = parseId(c.req.param('id'), 'page');
    const counter = await findCounter(db, counterId);
    if (!counter) throw new NotFoundError('page');
    try {
      const ticket = await callNext(db, clock, c.get('actor'), { counterId, desk: deskOf(c, Number(counter.desks)) });
      notifier.kick();
      return back(c, counterId, 'called', ticket.number);
    } catch (error) {
      const errors = refusal(c, error, 'desk');
      if (!errors) throw error;
      return consolePage(c, counterId, errors, error instanceof ConflictError ? 409 : 422);
    }
  });

  app.post('/staff/counters/:id/console/:ticket/:action', requireLogin, async (c) => {
    const { db, clock, notifier } = c.get('deps');
    const counterId = parseId(c.req.param('id'), 'page');
    const ticketId = parseId(c.req.param('ticket'), 'page');
    const action = c.req.param('action');
    const actor = c.get('actor');
    try {
      if (action === 'done') {
        const { ticket } = await markDone(db, clock, actor, ticketId);
        notifier.kick();
        return back(c, counterId, 'done', ticket.number);
      }
      const run = { recall, serving: startServing, 'no-show': markNoShow }[action as 'recall' | 'serving' | 'no-show'];
      if (run) return back(c, counterId, 'updated', (await run(db, clock, actor, ticketId)).number);
      if (action !== 'transfer') throw new NotFoundError('page');
      const ticket = await transfer(db, clock, actor, ticketId, { counterId: (await formOf(c)).counterId ?? '' });
      notifier.kick();
      return back(c, counterId, 'updated', ticket.number);
    } catch (error) {
      const errors = refusal(c, error, action === 'transfer' ? 'counterId' : 'desk');
      if (!errors) throw error;
      return consolePage(c, counterId, errors, error instanceof ConflictError ? 409 : 422);
    }
  });

  return app;
}
