/**
 * The resident's booking pages: /appointments (the ward office, then a life event or one procedure),
 * /appointments/events/{id} (tick what applies), /appointments/times (a week of start times at which
 * everything fits), /appointments/details (who books; without an account an email confirmed by its
 * one-time code, since a phone-only booking goes through staff), then POST /appointments books through
 * bookAppointment and redirects (303) to the appointment's own page. The code step's form token is the
 * Idempotency-Key, so a double click books once. Steps before the details are GET: nothing is held.
 */
import { type Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { clientIp } from '../../http/client-ip.ts';
import type { AppEnv } from '../../http/env.ts';
import { type FieldError, InvalidInputError, NotFoundError, translateIssues } from '../../lib/errors.ts';
import { addDays, isLocalDate, type LocalDate, todayIn } from '../../lib/time.ts';
import { randomToken } from '../../lib/tokens.ts';
import { canWorkCounter } from '../../platform/authz/policy.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { renderPage } from '../../ui/layout.tsx';
import { AppointmentFullError, bookAppointment } from './appointment.booking.service.ts';
import { appointmentChoice, type Choice, lifeEventChoice, officeChoices, type Selection } from './appointment.choice.service.ts';
import { sendEmailCode, TooManyEmailCodesError } from './appointment.email-codes.ts';
import { ID_RE, requestOf, type Submitted, selectionOf, submitted } from './appointment.form.ts';
import type { ServiceWithCounter } from './appointment.repository.ts';
import { idempotencyKeySchema, timeSchema } from './appointment.schema.ts';
import { type BookingSummary, CodePage, DetailsPage, type DetailsValues, FullPage } from './views/appointment-form-pages.tsx';
import { EntryPage, EventPage, type ServiceCard, selectionHref, TimesPage } from './views/appointment-pages.tsx';

const WEEK = 7;
const crumbsOf = (c: Context<AppEnv>, label: string) => [
  { href: '/', label: c.get('t')('home') },
  { href: '/appointments', label: c.get('t')('apptTitle') },
  { label },
];

function cardsOf(c: Context<AppEnv>, services: ServiceWithCounter[]): ServiceCard[] {
  const en = c.get('lang') === 'en';
  return services.map(({ service, counter }) => ({
    id: service.id,
    name: en ? service.nameEn : service.name,
    minutes: service.durationMinutes,
    counter: en ? counter.nameEn : counter.name,
    place: en ? counter.placeEn : counter.place,
    documents: en ? service.documentsEn : service.documents,
    notes: en ? service.notesEn : service.notes,
  }));
}

async function eventPage(c: Context<AppEnv>, lifeEventId: string, ticked: string[] | undefined, errors: FieldError[]) {
  const { event, services, office } = await lifeEventChoice(c.get('deps').db, lifeEventId);
  const en = c.get('lang') === 'en';
  const name = en ? event.nameEn : event.name;
  return renderPage(
    c,
    {
      title: name,
      crumbs: crumbsOf(c, name),
      children: (
        <EventPage
          t={c.get('t')}
          event={{ id: event.id, name, description: en ? event.descriptionEn : event.description }}
          officeId={office.id}
          officeName={office.name}
          services={cardsOf(c, services)}
          ticked={ticked ?? services.map((s) => s.service.id)}
          errors={errors}
        />
      ),
    },
    errors.length > 0 ? 422 : 200,
  );
}

async function timesPage(c: Context<AppEnv>, sel: Selection, from: LocalDate, errors: FieldError[] = [], status: 200 | 409 = 200) {
  const { db, clock } = c.get('deps');
  const today = todayIn(clock);
  const start = from < today ? today : from;
  const choice = await appointmentChoice(db, clock, sel, start, addDays(start, WEEK - 1));
  const farthest = addDays(today, Math.max(...choice.services.map((s) => s.service.bookFromDays)));
  const t = c.get('t');
  return renderPage(
    c,
    {
      title: t('apptTimesTitle'),
      crumbs: crumbsOf(c, t('apptTimesTitle')),
      children: (
        <TimesPage
          t={t}
          lang={c.get('lang')}
          selection={sel}
          services={cardsOf(c, choice.services)}
          gapMinutes={choice.gapMinutes}
          days={choice.days}
          prev={
            start > today
              ? selectionHref('/appointments/times', sel, { from: addDays(start, -WEEK) < today ? today : addDays(start, -WEEK) })
              : undefined
          }
          next={addDays(start, WEEK) <= farthest ? selectionHref('/appointments/times', sel, { from: addDays(start, WEEK) }) : undefined}
          errors={errors}
        />
      ),
    },
    status,
  );
}

/** What is about to be booked, if the start still fits: each service's own time, counter and place. */
async function summaryOf(c: Context<AppEnv>, sel: Selection, date: LocalDate, start: string) {
  const choice: Choice = await appointmentChoice(c.get('deps').db, c.get('deps').clock, sel, date, date);
  const fit = choice.days[0]?.starts.find((s) => s.start === start);
  if (!fit) return undefined;
  const cards = new Map(cardsOf(c, choice.services).map((s) => [s.id, s]));
  const summary: BookingSummary = {
    officeName: choice.services[0]?.office.name ?? '',
    date,
    start,
    items: fit.items.map((i) => {
      const s = cards.get(i.serviceId);
      return c.get('t')('apptItem', {
        starts: i.starts,
        ends: i.ends,
        service: s?.name ?? '',
        counter: s?.counter ?? '',
        place: s?.place ?? '',
      });
    }),
  };
  return {
    summary,
    officeId: choice.services[0]?.office.id ?? '',
    wardResidentsOnly: choice.services.some((s) => s.service.eligibility === 'ward_residents'),
  };
}

type Summarised = NonNullable<Awaited<ReturnType<typeof summaryOf>>>;

/**
 * A step after the time is chosen (details, code), titled and summarised; a start no longer free goes
 * back to the week with the reason.
 */
async function stepPage(
  c: Context<AppEnv>,
  s: Omit<Submitted, 'formToken'>,
  step: { title: 'apptDetailsTitle' | 'apptCodeTitle'; errors: FieldError[]; status: 200 | 409 | 422 | 429 },
  body: (found: Summarised) => Child,
) {
  const found = await summaryOf(c, s.sel, s.date, s.start);
  const t = c.get('t');
  if (!found) return timesPage(c, s.sel, s.date, [{ field: 'start', message: t('errAppointmentStartNotOffered') }], 409);
  return renderPage(
    c,
    {
      title: step.errors.length > 0 ? `${t('errorSummaryTitle')}: ${t(step.title)}` : t(step.title),
      crumbs: crumbsOf(c, t(step.title)),
      children: body(found),
    },
    step.status,
  );
}

function detailsPage(c: Context<AppEnv>, s: Omit<Submitted, 'formToken'>, errors: FieldError[], status: 200 | 409 | 422 | 429 = 200) {
  const user = c.get('user');
  return stepPage(c, s, { title: 'apptDetailsTitle', errors, status }, (found) => (
    <DetailsPage
      t={c.get('t')}
      lang={c.get('lang')}
      csrf={c.get('csrf')}
      selection={s.sel}
      summary={found.summary}
      signedIn={user ? { name: user.name, email: user.email ?? user.phone ?? '' } : undefined}
      forCaller={canWorkCounter(user, found.officeId)}
      wardResidentsOnly={found.wardResidentsOnly}
      formToken={randomToken()}
      values={s.values}
      errors={errors}
    />
  ));
}

function codePage(c: Context<AppEnv>, s: Submitted, errors: FieldError[], status: 200 | 422 | 429 = 200) {
  return stepPage(c, s, { title: 'apptCodeTitle', errors, status }, (found) => (
    <CodePage
      t={c.get('t')}
      lang={c.get('lang')}
      csrf={c.get('csrf')}
      selection={s.sel}
      summary={found.summary}
      formToken={s.formToken}
      values={s.values}
      errors={errors}
    />
  ));
}

/** Without an account, the web needs an email (its code confirms it); phone only is booked by staff. */
function contactIssues(c: Context<AppEnv>, v: DetailsValues): FieldError[] {
  const t = c.get('t');
  const out: FieldError[] = [];
  if (!v.name?.trim()) out.push({ field: 'name', message: t('errNameRequired') });
  if (!v.nameKana?.trim()) out.push({ field: 'nameKana', message: t('errKanaRequired') });
  if (!v.email?.trim())
    out.push({ field: 'email', message: t(v.phone?.trim() ? 'errAppointmentEmailNeeded' : 'errAppointmentContactRequired') });
  return out;
}

export function appointmentRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/appointments', async (c) => {
    const t = c.get('t');
    const en = c.get('lang') === 'en';
    const choices = await officeChoices(c.get('deps').db);
    const officeId = c.req.query('office');
    const chosen = officeId ? choices.find((o) => o.office.id === officeId) : undefined;
    if (officeId && !chosen) throw new NotFoundError('organisation');
    return renderPage(c, {
      title: chosen ? `${chosen.office.name}: ${t('apptTitle')}` : t('apptTitle'),
      crumbs: [{ href: '/', label: t('home') }, { label: t('apptTitle') }],
      children: (
        <EntryPage
          t={t}
          offices={choices.map((o) => ({ id: o.office.id, name: o.office.name }))}
          office={
            chosen && {
              id: chosen.office.id,
              name: chosen.office.name,
              lifeEvents: chosen.lifeEvents.map((e) => ({
                id: e.id,
                name: en ? e.nameEn : e.name,
                description: en ? e.descriptionEn : e.description,
              })),
              counters: chosen.office.counters
                .filter((counter) => counter.services.length > 0)
                .map((counter) => ({
                  name: en ? counter.nameEn : counter.name,
                  services: counter.services.map((s) => ({ id: s.id, name: en ? s.nameEn : s.name, minutes: s.durationMinutes })),
                })),
            }
          }
        />
      ),
    });
  });

  app.get('/appointments/events/:id', async (c) => {
    const id = c.req.param('id');
    if (!ID_RE.test(id)) throw new NotFoundError('page');
    return eventPage(c, id, undefined, []);
  });

  app.get('/appointments/times', async (c) => {
    const sel = selectionOf(c.req.queries('services') ?? [], c.req.query('event'));
    if (sel.serviceIds.length === 0) {
      if (!sel.lifeEventId) return c.redirect('/appointments', 303);
      return eventPage(c, sel.lifeEventId, [], [{ field: 'services', message: c.get('t')('errAppointmentServicesRequired') }]);
    }
    const from = c.req.query('from') ?? '';
    return timesPage(c, sel, isLocalDate(from) ? from : todayIn(c.get('deps').clock));
  });

  app.get('/appointments/details', async (c) => {
    const sel = selectionOf(c.req.queries('services') ?? [], c.req.query('event'));
    const date = c.req.query('date') ?? '';
    const start = timeSchema.safeParse(c.req.query('start') ?? '');
    // Nothing chosen (the language switch of a step that was a POST lands here bare): start again.
    if (sel.serviceIds.length === 0 && !c.req.query('date')) return c.redirect('/appointments', 303);
    if (sel.serviceIds.length === 0 || !isLocalDate(date) || !start.success) throw new NotFoundError('page');
    return detailsPage(c, { sel, date, start: start.data, values: {} }, []);
  });

  app.post('/appointments/details', async (c) => {
    const { db, clock, notifier, authLimiter } = c.get('deps');
    const s = await submitted(c);
    const parsed = requestOf(c, s, false);
    const errors = [...contactIssues(c, s.values), ...(parsed.ok ? [] : parsed.errors)];
    const unique = errors.filter((e, i) => errors.findIndex((x) => x.field === e.field) === i);
    if (unique.length > 0 || !parsed.ok) return detailsPage(c, s, unique, 422);
    const address = parsed.data.email ?? '';
    const tooMany = (seconds: number) => {
      c.header('retry-after', String(seconds));
      const message = c.get('t')('errTooManyEmailCodes', { minutes: Math.ceil(seconds / 60) });
      return detailsPage(c, s, [{ field: 'email', message }], 429);
    };
    // Codes per client address first (one client cannot mail many addresses), then the codes' own
    // per-address limit. Not the password reset's budget: booking must not use up a resident's resets.
    const wait = await authLimiter.appointmentCodeRequest(clientIp(c));
    if (wait > 0) return tooMany(wait);
    try {
      await sendEmailCode(db, clock, address, c.get('lang'));
    } catch (error) {
      if (!(error instanceof TooManyEmailCodesError)) throw error;
      return tooMany(error.retryAfterSeconds);
    }
    notifier.kick();
    return codePage(c, { ...s, values: { ...s.values, email: parsed.data.email ?? '', emailCode: '' } }, []);
  });

  app.post('/appointments', async (c) => {
    const { db, clock, notifier, config, authLimiter } = c.get('deps');
    const t = c.get('t');
    const s = await submitted(c);
    const signedIn = c.get('user') !== undefined;
    const parsed = requestOf(c, s, !signedIn);
    const back = (errors: FieldError[], status: 422 | 429 = 422) =>
      !signedIn && errors.every((e) => e.field === 'emailCode') ? codePage(c, s, errors, status) : detailsPage(c, s, errors, status);
    if (!parsed.ok) return back(parsed.errors);
    // Without an account, bookings per client address are limited (an account's own limit is its open appointments).
    const wait = signedIn ? 0 : await authLimiter.appointmentBooking(clientIp(c));
    if (wait > 0) {
      c.header('retry-after', String(wait));
      return back([{ field: 'emailCode', message: t('errTooManyBookings', { minutes: Math.ceil(wait / 60) }) }], 429);
    }
    const key = idempotencyKeySchema.safeParse(`web-${s.formToken}`);
    try {
      const result = await bookAppointment(db, clock, c.get('user'), parsed.data, {
        channel: 'web',
        idempotencyKey: key.success ? key.data : undefined,
        publicUrl: config.publicUrl,
        lang: c.get('lang'),
        readCache: c.get('deps').readCache,
      });
      const number = result.view.appointment.number;
      if (!result.secret) {
        // The same form sent again: the secret was only in the first answer (and is in the mail).
        return renderPage(c, {
          title: t('apptManageTitle'),
          children: <p class="notice notice--info">{t('apptAlreadyBooked', { number })}</p>,
        });
      }
      notifier.kick();
      return c.redirect(`/appointments/${number}?${new URLSearchParams({ secret: result.secret, notice: 'booked' })}`, 303);
    } catch (error) {
      if (error instanceof AppointmentFullError)
        return renderPage(
          c,
          {
            title: t('apptFullTitle'),
            crumbs: crumbsOf(c, t('apptFullTitle')),
            children: <FullPage t={t} lang={c.get('lang')} selection={s.sel} date={s.date} alternatives={error.alternatives} />,
          },
          409,
        );
      if (error instanceof InvalidInputError) return back(translateIssues(t, error.issues));
      throw error;
    }
  });

  // A counter clerk books for a caller (phone or counter): no code, the clerk recorded as operator, then
  // the staff's page of the appointment, where the number is read out to the caller.
  app.post('/appointments/for-caller', requireLogin, async (c) => {
    const { db, clock, notifier, config } = c.get('deps');
    const s = await submitted(c);
    const parsed = requestOf(c, s, false, true);
    if (!parsed.ok) return detailsPage(c, s, parsed.errors, 422);
    const key = idempotencyKeySchema.safeParse(`staff-${s.formToken}`);
    try {
      const result = await bookAppointment(db, clock, c.get('user'), parsed.data, {
        channel: 'web',
        idempotencyKey: key.success ? key.data : undefined,
        publicUrl: config.publicUrl,
        lang: c.get('lang'),
      });
      if (!result.replayed) notifier.kick();
      const { number, officeId } = result.view.appointment;
      return c.redirect(`/staff/offices/${officeId}/appointments/${number}?booked=1`, 303);
    } catch (error) {
      if (error instanceof InvalidInputError) return detailsPage(c, s, translateIssues(c.get('t'), error.issues), 422);
      if (error instanceof AppointmentFullError)
        return detailsPage(c, s, [{ field: 'start', message: c.get('t')('errAppointmentFull') }], 409);
      throw error;
    }
  });

  return app;
}
