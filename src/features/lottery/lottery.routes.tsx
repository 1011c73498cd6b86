/** Lottery pages for residents: the season and its dates, the entry form, and "my entries". */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { formOf, formValues, parseForm } from '../../http/forms.ts';
import { ConflictError, type FieldError, InvalidInputError, translateIssues } from '../../lib/errors.ts';
import { monthTitle } from '../../lib/format.ts';
import { isMessageKey } from '../../lib/i18n.ts';
import type { User } from '../../platform/authz/actor.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { renderPage } from '../../ui/layout.tsx';
import { groupsOf } from '../account/group.service.ts';
import { parseId } from '../facility/facility.schema.ts';
import { currentMonths } from './lottery.months.service.ts';
import { loadLotteryRules } from './lottery.rules.ts';
import { entryRequestSchema } from './lottery.schema.ts';
import { confirmWins, listMyEntries, lotteryRooms, submitEntry, withdrawEntry } from './lottery.service.ts';
import type { MonthView } from './lottery.ts';
import { EntryFormPage, type EntryFormValues, LotteryHomePage, MyEntriesPage } from './views/lottery-pages.tsx';

type Ctx = Context<AppEnv>;

/**
 * The form's name for a problem the service reports by request field: wishes.2.date → wish2Date, so the
 * error summary links to the control; other problems of a wish (its capacity, a taken cell) → its fieldset.
 */
function formField(field: string): string {
  const m = /^wishes\.(\d+)(?:\.(\w+))?/.exec(field);
  if (!m) return field;
  const sub = { roomId: 'Room', date: 'Date', bands: 'Bands' }[m[2] ?? ''];
  return sub ? `wish${m[1]}${sub}` : `wish${m[1]}`;
}

async function openMonth(c: Ctx): Promise<MonthView | undefined> {
  const { db, clock } = c.get('deps');
  return (await currentMonths(db, clock)).find((m) => m.phase === 'entry');
}

async function formPage(c: Ctx, user: User, month: MonthView, values: EntryFormValues, errors: FieldError[], status: 200 | 409 | 422) {
  const { db } = c.get('deps');
  const t = c.get('t');
  const [rooms, groups] = await Promise.all([lotteryRooms(db), groupsOf(db, user.id)]);
  return renderPage(
    c,
    {
      title: errors.length > 0 ? `${t('errorSummaryTitle')}: ${t('lotteryTitle')}` : t('lotteryTitle'),
      crumbs: [{ href: '/', label: t('home') }, { href: '/lottery', label: t('lotteryTitle') }, { label: t('lotteryApply') }],
      children: (
        <EntryFormPage
          t={t}
          lang={c.get('lang')}
          month={month}
          rooms={rooms}
          groups={groups}
          maxWishes={month.rules.maxWishes}
          values={values}
          errors={errors.map((e) => ({ ...e, field: formField(e.field) }))}
          csrf={c.get('csrf')}
        />
      ),
    },
    status,
  );
}

async function submittedValues(c: Ctx, maxWishes: number): Promise<EntryFormValues> {
  const raw = await formOf(c);
  const wishes: EntryFormValues['wishes'] = [];
  for (let i = 0; i < maxWishes; i++) {
    wishes.push({ roomId: raw[`wish${i}Room`] ?? '', date: raw[`wish${i}Date`] ?? '', bands: await formValues(c, `wish${i}Bands`) });
  }
  return {
    groupId: raw.groupId ?? '',
    purpose: raw.purpose ?? '',
    attendees: raw.attendees ?? '',
    category: raw.category ?? '',
    wishes,
  };
}

export function lotteryRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/lottery', async (c) => {
    const { db, clock } = c.get('deps');
    const t = c.get('t');
    const [months, rooms, current] = await Promise.all([currentMonths(db, clock), lotteryRooms(db), loadLotteryRules(db)]);
    // The limits residents are entering under now, else those the next month will be announced with.
    const rules = months.find((m) => m.phase === 'entry')?.rules ?? current;
    return renderPage(c, {
      title: t('lotteryTitle'),
      description: t('metaLottery'),
      crumbs: [{ href: '/', label: t('home') }, { label: t('lotteryTitle') }],
      children: (
        <LotteryHomePage
          t={t}
          lang={c.get('lang')}
          months={months}
          rooms={rooms}
          loggedIn={c.get('user') !== undefined}
          maxWishes={rules.maxWishes}
          maxWinsPerson={rules.maxWinsPerson}
          maxWinsGroup={rules.maxWinsGroup}
        />
      ),
    });
  });

  app.get('/lottery/apply', requireLogin, async (c) => {
    const user = c.get('actor');
    const month = await openMonth(c);
    if (!month) return c.redirect('/lottery', 303);
    const room = c.req.query('room') ?? '';
    return formPage(c, user, month, { wishes: [{ roomId: /^[A-Za-z0-9_-]{1,64}$/.test(room) ? room : '', date: '', bands: [] }] }, [], 200);
  });

  app.post('/lottery/apply', requireLogin, async (c) => {
    const user = c.get('actor');
    const { db, clock, notifier } = c.get('deps');
    const t = c.get('t');
    const month = await openMonth(c);
    if (!month) return c.redirect('/lottery', 303);
    const values = await submittedValues(c, month.rules.maxWishes);
    // Rows left empty are not wishes; a half-filled row is, and gets its own messages. `rows` maps the
    // n-th wish sent on back to the row of the form it came from.
    const rows = values.wishes.flatMap((w, row) => (w.roomId !== '' || w.date !== '' || w.bands.length > 0 ? [row] : []));
    const wishes = rows.map((row) => values.wishes[row]);
    const onRows = (errors: FieldError[]) =>
      errors.map((e) => ({ ...e, field: e.field.replace(/^wishes\.(\d+)/, (_, n) => `wishes.${rows[Number(n)] ?? n}`) }));
    const parsed = parseForm(c, entryRequestSchema, { ...values, groupId: values.groupId || undefined, wishes });
    if (!parsed.ok) return formPage(c, user, month, values, onRows(parsed.errors), 422);
    // This form is for the month taking entries: a date of another month is a mistake in that wish.
    const elsewhere = parsed.data.wishes.flatMap((w, n) =>
      w.date.startsWith(`${month.month}-`)
        ? []
        : [{ field: `wishes.${n}.date`, key: 'errWishOutsideMonth', params: { month: monthTitle(month.month, t, c.get('lang')) } }],
    );
    if (elsewhere.length > 0) return formPage(c, user, month, values, onRows(translateIssues(t, elsewhere)), 422);
    try {
      await submitEntry(db, clock, user, { ...parsed.data, channel: 'web' });
    } catch (error) {
      if (error instanceof InvalidInputError) return formPage(c, user, month, values, onRows(translateIssues(t, error.issues)), 422);
      if (error instanceof ConflictError) {
        const message = isMessageKey(error.key) ? t(error.key, error.params) : t('errInvalidValue');
        return formPage(c, user, month, values, [{ field: 'wishes', message }], 409);
      }
      throw error;
    }
    notifier.kick();
    return c.redirect('/lottery/entries?notice=entered', 303);
  });

  app.get('/lottery/entries', requireLogin, async (c) => {
    const user = c.get('actor');
    const { db, clock } = c.get('deps');
    const t = c.get('t');
    const notice = c.req.query('notice');
    const notices = { entered: t('lotteryNoticeEntered'), confirmed: t('lotteryNoticeConfirmed'), withdrawn: t('lotteryNoticeWithdrawn') };
    return renderPage(c, {
      title: t('lotteryMyEntries'),
      crumbs: [{ href: '/', label: t('home') }, { href: '/lottery', label: t('lotteryTitle') }, { label: t('lotteryMyEntries') }],
      children: (
        <MyEntriesPage
          t={t}
          lang={c.get('lang')}
          entries={await listMyEntries(db, clock, user)}
          csrf={c.get('csrf')}
          notice={notice && notice in notices ? notices[notice as keyof typeof notices] : undefined}
        />
      ),
    });
  });

  app.post('/lottery/entries/:id/confirm', requireLogin, async (c) => {
    const user = c.get('actor');
    const { db, clock, notifier } = c.get('deps');
    await confirmWins(db, clock, user, parseId(c.req.param('id'), 'page'));
    notifier.kick();
    return c.redirect('/lottery/entries?notice=confirmed', 303);
  });

  app.post('/lottery/entries/:id/withdraw', requireLogin, async (c) => {
    const user = c.get('actor');
    const { db, clock } = c.get('deps');
    await withdrawEntry(db, clock, user, parseId(c.req.param('id'), 'page'));
    return c.redirect('/lottery/entries?notice=withdrawn', 303);
  });

  return app;
}
