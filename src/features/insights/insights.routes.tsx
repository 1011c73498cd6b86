/** 利用状況 pages for staff, and the CSV of the table they show (UTF-8 with BOM or Shift_JIS). */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { validate } from '../../http/validation.ts';
import { InvalidInputError, NotFoundError, translateIssues } from '../../lib/errors.ts';
import { translator } from '../../lib/i18n.ts';
import { addMonths, monthOf, monthRange, todayIn } from '../../lib/time.ts';
import type { User } from '../../platform/authz/actor.ts';
import { facilityReach, requireStaff } from '../../platform/authz/policy.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { csvResponse } from '../../platform/documents/csv.ts';
import { renderPage } from '../../ui/layout.tsx';
import { utilisationQuerySchema } from './insights.schema.ts';
import { insightsFigures, scopedQuestion } from './insights.service.ts';
import { firstRecordedDate } from './insights-store.ts';
import { consistentWithWho, multipurposeSummary } from './multipurpose.query.ts';
import { type GroupBy, sundayOpening, type UtilisationRow, utilisation } from './utilisation.query.ts';
import { ratePercent } from './utilisation.ts';
import { type InsightsForm, InsightsPage } from './views/insights-page.tsx';
import { usageByMonth, WHO_DIMENSIONS, type WhoDimension, whoTables, whoUses } from './who.query.ts';

const staffOf = (c: Context<AppEnv>): User => requireStaff(c.get('user'));

// Files are for city systems and Excel: Japanese headers and labels whatever the page language.
const ja = translator('ja');

/** The columns of a utilisation table's file; `group` names what the rows are. */
const rateHeader = (group: string) => [ja('insightsKey'), group, ja('insightsOpenCells'), ja('insightsBookedCells'), '稼働率(%)'];
const rateRow = (r: UtilisationRow) => [r.key, r.label.ja, r.openCells, r.bookedCells, ratePercent(r) ?? ''];

/** Links to the ranges asked most (last month, the last twelve, ten years by month), in the same scope. */
function presetsOf(c: Context<AppEnv>, form: InsightsForm, recordsFrom: string | undefined) {
  const t = c.get('t');
  const current = monthOf(todayIn(c.get('deps').clock));
  // The trend starts with the records: months before them would only show the rooms as empty.
  const tenYears = addMonths(current, -120);
  const trendFrom = recordsFrom && monthOf(recordsFrom) > tenYears ? monthOf(recordsFrom) : tenYears;
  const lastDay = monthRange(addMonths(current, -1)).to;
  const href = (from: string, groupBy: string) =>
    `/staff/insights?${new URLSearchParams({ from, to: lastDay, groupBy, ward: form.ward, facility: form.facility }).toString()}`;
  return [
    { label: t('insightsPresetLastMonth'), href: href(`${addMonths(current, -1)}-01`, form.groupBy) },
    { label: t('insightsPreset12'), href: href(`${addMonths(current, -12)}-01`, form.groupBy) },
    { label: t('insightsPresetTrend'), href: href(`${trendFrom}-01`, 'month') },
  ];
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

/** The question of a page or file, within the caller's scope (403 outside it, 422 when malformed). */
async function question(c: Context<AppEnv>, staff: User, form: InsightsForm) {
  const parsed = validate(utilisationQuerySchema, form);
  if (!parsed.success) throw new InvalidInputError(parsed.issues);
  const q = parsed.data;
  // The parsed dates (NFKC, trimmed) are what may go into a file name or a link, never the raw input.
  return { groupBy: q.groupBy, from: q.from, to: q.to, scoped: await scopedQuestion(c.get('deps').db, staff, q) };
}

export function insightsRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/staff/insights', requireLogin, async (c) => {
    const staff = staffOf(c);
    const { db } = c.get('deps');
    const t = c.get('t');
    const form = formOf(c);
    // The places to choose from are the ones the policy lets them ask about: every ward for the city, the
    // wards they oversee when more than one; the facilities of their reach when there is more than one.
    const reach = facilityReach(staff);
    const wards =
      reach.city || reach.wardIds.length > 1
        ? await db
            .selectFrom('wards')
            .select(['id', 'name'])
            .$if(!reach.city, (qb) => qb.where('id', 'in', reach.city ? [] : reach.wardIds))
            .orderBy('sort_order')
            .execute()
        : undefined;
    const inReach = await db
      .selectFrom('facilities')
      .select(['id', 'name'])
      .$if(!reach.city, (qb) =>
        qb.where((eb) =>
          eb.or([
            eb('ward_id', 'in', reach.city ? [] : [...reach.wardIds, '']),
            eb('id', 'in', reach.city ? [] : [...reach.facilityIds, '']),
          ]),
        ),
      )
      .orderBy('ward_id')
      .orderBy('name_kana')
      .execute();
    const facilities = reach.city || reach.wardIds.length > 0 || inReach.length > 1 ? inReach : undefined;
    const recordsFrom = await firstRecordedDate(db);
    let result: Parameters<typeof InsightsPage>[0]['result'];
    let errors: Parameters<typeof InsightsPage>[0]['errors'] = [];
    try {
      const { groupBy, scoped, from, to } = await question(c, staff, form);
      // The files ask what the page answered: a facility (its ward goes with it), else a ward.
      const scope: Record<string, string> = scoped.facilityId ? { facility: scoped.facilityId } : { ward: scoped.wardId ?? '' };
      const csvQuery = new URLSearchParams({ from, to, groupBy, ...scope }).toString();
      result = { ...(await insightsFigures(db, scoped, groupBy, c.get('deps').clock)), csvQuery };
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
          <InsightsPage
            t={t}
            lang={c.get('lang')}
            form={form}
            presets={presetsOf(c, form, recordsFrom)}
            recordsFrom={recordsFrom}
            errors={errors}
            wards={wards}
            facilities={facilities}
            result={result}
          />
        ),
      },
      errors.length > 0 ? 422 : 200,
    );
  });

  app.get('/staff/insights/utilisation.csv', requireLogin, async (c) => {
    const staff = staffOf(c);
    const form = formOf(c);
    const { groupBy, scoped, from, to } = await question(c, staff, form);
    const rows = await utilisation(c.get('deps').db, scoped, groupBy, c.get('deps').clock);
    return csvResponse(c, `utilisation_${groupBy}_${from}_${to}.csv`, rateHeader(ja('insightsGroup')), rows.map(rateRow));
  });

  app.get('/staff/insights/sunday.csv', requireLogin, async (c) => {
    const { scoped, from, to } = await question(c, staffOf(c), formOf(c));
    const sunday = await sundayOpening(c.get('deps').db, scoped, c.get('deps').clock);
    return csvResponse(c, `sunday_${from}_${to}.csv`, rateHeader('曜日'), sunday.weekdays.map(rateRow));
  });

  app.get('/staff/insights/multipurpose.csv', requireLogin, async (c) => {
    const { scoped, from, to } = await question(c, staffOf(c), formOf(c));
    const { db, clock } = c.get('deps');
    const usage = await usageByMonth(db, scoped, clock);
    const summary = consistentWithWho(await multipurposeSummary(db, scoped, clock, usage), whoTables(usage));
    const rows = summary.byMonth.map((m) => [m.month, m.bookings ?? '', m.bookings === null ? ja('insightsSuppressed') : '']);
    return csvResponse(c, `multipurpose_${from}_${to}.csv`, [ja('openDataMonth'), ja('insightsBookings'), '備考'], rows);
  });

  app.get('/staff/insights/:file', requireLogin, async (c) => {
    const staff = staffOf(c);
    const dimension = /^who-(\w+)\.csv$/.exec(c.req.param('file'))?.[1];
    if (!dimension || !(WHO_DIMENSIONS as readonly string[]).includes(dimension)) throw new NotFoundError('page');
    const { scoped, from, to } = await question(c, staff, formOf(c));
    const table = (await whoUses(c.get('deps').db, scoped, c.get('deps').clock)).find((w) => w.dimension === dimension);
    const rows = (table?.rows ?? []).map((r) => [r.key, r.label.ja, r.bookings, r.attendees, r.suppressed ? ja('insightsSuppressed') : '']);
    const header = [
      ja('insightsKey'),
      ja(`insightsWho_${dimension as WhoDimension}`),
      ja('insightsBookings'),
      ja('insightsAttendees'),
      '備考',
    ];
    return csvResponse(c, `who_${dimension}_${from}_${to}.csv`, header, rows);
  });

  return app;
}
