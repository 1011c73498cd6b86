/**
 * 窓口の実績 for staff (/staff/counters/insights, with its CSV and xlsx), and the open data of waiting by
 * hour (/opendata/counter-waiting/YYYY-MM.csv: counts and minutes, no personal data, no login).
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { validate } from '../../http/validation.ts';
import { InvalidInputError, NotFoundError, translateIssues } from '../../lib/errors.ts';
import { translator } from '../../lib/i18n.ts';
import { addDays, isYearMonth, monthOf, monthRange, todayIn } from '../../lib/time.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { csvResponse } from '../../platform/documents/csv.ts';
import { xlsxBytes, xlsxHeaders } from '../../platform/documents/xlsx.ts';
import { renderPage } from '../../ui/layout.tsx';
import { counterInsightsQuerySchema } from './counter-insights.schema.ts';
import { type CounterInsights, counterInsights, officesInReach, waitingByHour } from './counter-insights.service.ts';
import { type CounterInsightsForm, CounterInsightsPage } from './views/counter-insights-page.tsx';

// Files are for city systems and Excel: Japanese headers whatever the page language.
const ja = translator('ja');

const SUMMARY_HEADER = [
  '窓口ID',
  '窓口',
  '予約',
  '当日受付',
  '待ち時間中央値(分)',
  '待ち時間90%(分)',
  '手続き時間中央値(分)',
  '終了日の予約',
  '来なかった予約',
];
const HOURS_HEADER = ['窓口ID', '窓口', '時', '受付人数', '待ち時間中央値(分)'];
const OPEN_DATA_HEADER = ['区役所・出張所ID', '区役所・出張所', '日付', '時', '受付人数', '待ち時間中央値(分)'];

/** The question from the query string; blank dates mean the last 30 days up to today. */
function formOf(c: Context<AppEnv>): CounterInsightsForm {
  const q = c.req.query();
  const today = todayIn(c.get('deps').clock);
  return { office: q.office ?? '', from: q.from || addDays(today, -29), to: q.to || today };
}

async function answer(c: Context<AppEnv>, form: CounterInsightsForm): Promise<CounterInsights> {
  const parsed = validate(counterInsightsQuerySchema, form);
  if (!parsed.success) throw new InvalidInputError(parsed.issues);
  const { db, clock } = c.get('deps');
  return counterInsights(db, clock, c.get('user'), parsed.data);
}

function rowsOf(result: CounterInsights) {
  const name = (id: string) => result.counters.find((x) => x.id === id)?.name ?? id;
  // A figure with nothing to measure stays null: an empty cell in the CSV, a blank one in the xlsx.
  return {
    summary: result.figures.map((f) => [
      f.counterId,
      name(f.counterId),
      f.booked,
      f.walkIns,
      f.waitMedian,
      f.waitP90,
      f.serviceMedian,
      f.bookedEnded,
      f.noShows,
    ]),
    hours: result.hours.map((h) => [h.counterId, name(h.counterId), h.hour, h.arrivals, h.waitMedian]),
  };
}

const fileName = (result: CounterInsights, ext: string) => `counters_${result.office?.id ?? 'all'}_${result.from}_${result.to}.${ext}`;

export function counterInsightsRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/staff/counters/insights', requireLogin, async (c) => {
    const t = c.get('t');
    const offices = await officesInReach(c.get('deps').db, c.get('user'));
    const form = formOf(c);
    let result: (CounterInsights & { query: string }) | undefined;
    let errors: ReturnType<typeof translateIssues> = [];
    try {
      const found = await answer(c, form);
      const query = new URLSearchParams({ office: found.office?.id ?? '', from: found.from, to: found.to }).toString();
      result = { ...found, query };
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      errors = translateIssues(t, error.issues);
    }
    return renderPage(
      c,
      {
        title: t('counterInsightsTitle'),
        crumbs: [{ href: '/staff', label: t('staffTitle') }, { label: t('counterInsightsTitle') }],
        children: <CounterInsightsPage t={t} lang={c.get('lang')} form={form} offices={offices} errors={errors} result={result} />,
      },
      errors.length > 0 ? 422 : 200,
    );
  });

  app.get('/staff/counters/insights.csv', requireLogin, async (c) => {
    const result = await answer(c, formOf(c));
    return csvResponse(c, fileName(result, 'csv'), SUMMARY_HEADER, rowsOf(result).summary);
  });

  app.get('/staff/counters/insights.xlsx', requireLogin, async (c) => {
    const result = await answer(c, formOf(c));
    const { summary, hours } = rowsOf(result);
    const bytes = await xlsxBytes([
      { name: ja('counterInsightsByCounter'), header: SUMMARY_HEADER, rows: summary },
      { name: '時間帯ごと', header: HOURS_HEADER, rows: hours },
    ]);
    return c.body(new Uint8Array(bytes), 200, xlsxHeaders(fileName(result, 'xlsx')));
  });

  app.get('/opendata/counter-waiting/:file', async (c) => {
    const { db, clock } = c.get('deps');
    const month = /^(.+)\.csv$/.exec(c.req.param('file'))?.[1] ?? '';
    const current = monthOf(todayIn(clock));
    if (!isYearMonth(month) || month > current || month < '2000-01') throw new NotFoundError('page');
    const { from, to } = monthRange(month);
    const rows = (await waitingByHour(db, from, to)).map((r) => [r.officeId, r.officeName, r.date, r.hour, r.arrivals, r.waitMedian ?? '']);
    const cache = month < current ? 'public, max-age=86400' : 'public, max-age=300';
    return csvResponse(c, `counter_waiting_${month}.csv`, OPEN_DATA_HEADER, rows, { 'cache-control': cache });
  });

  return app;
}
