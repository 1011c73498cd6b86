/** Open data: the page that documents it and the two CSV files, at stable URLs, without login. */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { addMonths, isYearMonth, monthOf, todayIn } from '../../lib/time.ts';
import { csvResponse } from '../../platform/documents/csv.ts';
import { renderPage } from '../../ui/layout.tsx';
import { FACILITY_LIST_COLUMNS, facilityListRows, UTILISATION_COLUMNS, utilisationRows } from './opendata.ts';
import { OpenDataPage } from './views/opendata-page.tsx';

/** A lower bound for the month asked (each file is a full pass over the city): nothing older is kept. */
const FIRST_MONTH = '2000-01';

export function openDataRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/opendata', (c) => {
    const t = c.get('t');
    const { clock } = c.get('deps');
    const thisMonth = monthOf(todayIn(clock));
    return renderPage(c, {
      title: t('openDataTitle'),
      description: t('metaOpenData'),
      crumbs: [{ href: '/', label: t('home') }, { label: t('openDataTitle') }],
      children: <OpenDataPage t={t} lang={c.get('lang')} months={[0, 1, 2, 3, 4, 5].map((n) => addMonths(thisMonth, -n))} />,
    });
  });

  app.get('/opendata/facilities.csv', async (c) => {
    const { db, config } = c.get('deps');
    return csvResponse(c, `${config.city.code}_public_facility.csv`, FACILITY_LIST_COLUMNS, await facilityListRows(db, config));
  });

  app.get('/opendata/utilisation/:file', async (c) => {
    const { db, clock } = c.get('deps');
    const month = /^(.+)\.csv$/.exec(c.req.param('file'))?.[1] ?? '';
    // Months that have begun (a future month has nothing to report yet), and none absurdly old.
    const current = monthOf(todayIn(clock));
    if (!isYearMonth(month) || month > current || month < FIRST_MONTH) throw new NotFoundError('page');
    const rows = await utilisationRows(db, month, clock);
    // A finished month changes rarely (a late correction): let browsers and proxies keep it for a day.
    const cache = month < current ? 'public, max-age=86400' : 'public, max-age=300';
    return csvResponse(c, `utilisation_${month}.csv`, UTILISATION_COLUMNS, rows, { 'cache-control': cache });
  });

  return app;
}
