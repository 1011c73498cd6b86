/** 利用状況 pages for staff, and the CSV of the table they show (UTF-8 with BOM or Shift_JIS). */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { redirectToLogin } from '../../http/forms.ts';
import { validate } from '../../http/validation.ts';
import { csvBytes, csvEncodingOf, csvHeaders } from '../../lib/csv-export.ts';
import { ForbiddenError, InvalidInputError, translateIssues } from '../../lib/errors.ts';
import { addDays, addMonths, monthOf, monthRange, todayIn } from '../../lib/time.ts';
import { renderPage } from '../../ui/layout.tsx';
import type { User } from '../account/account.ts';
import { isStaff } from '../staff/staff.policy.ts';
import { utilisationQuerySchema } from './insights.schema.ts';
import { type GroupBy, scopedQuery, utilisationBy } from './utilisation.query.ts';
import { type InsightsForm, InsightsPage } from './views/insights-page.tsx';

function staffOf(c: Context<AppEnv>): User {
  const user = c.get('user');
  if (!isStaff(user)) throw new ForbiddenError('staff only');
  return user;
}

/** The question from the query string; blank dates mean last month (the last complete one). */
function formOf(c: Context<AppEnv>): InsightsForm {
  const q = c.req.query();
  const last = monthRange(addMonths(monthOf(todayIn(c.get('deps').clock)), -1));
  return {
    from: q.from || last.from,
    to: q.to || last.to,
    groupBy: (q.groupBy as GroupBy) || 'facility',
    ward: q.ward ?? '',
    facility: q.facility ?? '',
  };
}

async function answer(c: Context<AppEnv>, staff: User, form: InsightsForm, groupBys: GroupBy[]) {
  const parsed = validate(utilisationQuerySchema, form);
  if (!parsed.success) throw new InvalidInputError(parsed.issues);
  const q = parsed.data;
  const scoped = scopedQuery(staff, { from: q.from, to: q.to, wardId: q.ward, facilityId: q.facility });
  return { groupBy: q.groupBy, result: await utilisationBy(c.get('deps').db, scoped, [...new Set([q.groupBy, ...groupBys])]) };
}

export function insightsRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/staff/insights', async (c) => {
    if (!c.get('user')) return redirectToLogin(c);
    const staff = staffOf(c);
    const { db } = c.get('deps');
    const t = c.get('t');
    const form = formOf(c);
    const wards = staff.role === 'admin' ? await db.selectFrom('wards').select(['id', 'name']).orderBy('sort_order').execute() : undefined;
    const facilities =
      staff.role === 'clerk'
        ? undefined
        : await db
            .selectFrom('facilities')
            .select(['id', 'name'])
            .$if(staff.role === 'ward', (qb) => qb.where('ward_id', '=', staff.staffWardId ?? '-'))
            .orderBy('ward_id')
            .orderBy('name_kana')
            .execute();
    let result: Parameters<typeof InsightsPage>[0]['result'];
    let errors: Parameters<typeof InsightsPage>[0]['errors'] = [];
    try {
      const { groupBy, result: tables } = await answer(c, staff, form, ['room']);
      const csvQuery = new URLSearchParams({ from: form.from, to: form.to, groupBy, ward: form.ward, facility: form.facility }).toString();
      result = { rows: tables.get(groupBy) ?? [], rooms: tables.get('room') ?? [], csvQuery };
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      errors = translateIssues(t, error.issues);
    }
    return renderPage(
      c,
      {
        title: t('insightsTitle'),
        crumbs: [{ href: '/staff', label: t('staffTitle') }, { label: t('insightsTitle') }],
        children: (
          <InsightsPage t={t} lang={c.get('lang')} form={form} errors={errors} wards={wards} facilities={facilities} result={result} />
        ),
      },
      errors.length > 0 ? 422 : 200,
    );
  });

  app.get('/staff/insights/utilisation.csv', async (c) => {
    if (!c.get('user')) return redirectToLogin(c);
    const staff = staffOf(c);
    const t = c.get('t');
    const form = formOf(c);
    const { groupBy, result } = await answer(c, staff, form, []);
    const rows = (result.get(groupBy) ?? []).map((r) => [
      r.key,
      r.label.ja,
      r.openCells,
      r.bookedCells,
      r.rate === null ? '' : Math.round(r.rate * 1000) / 10,
    ]);
    const encoding = csvEncodingOf(c.req.query('encoding'));
    const header = [t('insightsKey'), t('insightsGroup'), '開館コマ数', '予約コマ数', '稼働率(%)'];
    return c.body(
      new Uint8Array(csvBytes(header, rows, encoding)),
      200,
      csvHeaders(`utilisation_${groupBy}_${form.from}_${addDays(form.to, 0)}.csv`, encoding),
    );
  });

  return app;
}
