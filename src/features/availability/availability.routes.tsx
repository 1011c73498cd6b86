/** The facility month grid page. */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { parseOrThrow } from '../../http/validation.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { monthTitle } from '../../lib/format.ts';
import { monthOf, todayIn } from '../../lib/time.ts';
import { createResponseCache } from '../../platform/read-model/response-cache.ts';
import { renderPage } from '../../ui/layout.tsx';
import { parseId } from '../facility/facility.schema.ts';
import { facilityName } from '../facility/facility-labels.ts';
import { publicReader, readFacilityMonth } from './availability.read-model.ts';
import { monthQuery } from './availability.schema.ts';
import { MonthPage } from './views/month-page.tsx';

export function availabilityRoutes() {
  const app = new Hono<AppEnv>();
  const pages = createResponseCache();

  app.get('/facilities/:id/availability', (c) =>
    pages.answer(c, async (used) => {
      const { clock } = c.get('deps');
      const t = c.get('t');
      const lang = c.get('lang');
      const id = parseId(c.req.param('id'), 'facility');
      const query = parseOrThrow(monthQuery, c.req.query());
      const currentMonth = monthOf(todayIn(clock));
      const month = query.month ?? currentMonth;
      const data = await readFacilityMonth(publicReader(c, used), id, month);
      const grids = query.room ? data.grids.filter((g) => g.room.id === query.room) : data.grids;
      if (query.room && grids.length === 0) throw new NotFoundError('room');
      const name = facilityName(data.facility, lang);
      return renderPage(c, {
        title: `${t('availabilityHeading', { facility: name })} ${monthTitle(month, t, lang)}`,
        description: t('metaAvailability', { facility: name, month: monthTitle(month, t, lang) }),
        crumbs: [
          { href: '/', label: t('home') },
          { href: `/wards/${data.ward.id}`, label: lang === 'en' ? data.ward.nameEn : data.ward.name },
          { href: `/facilities/${id}`, label: name },
          { label: monthTitle(month, t, lang) },
        ],
        children: (
          <MonthPage t={t} lang={lang} detail={data} month={month} grids={grids} currentMonth={currentMonth} today={todayIn(clock)} />
        ),
      });
    }),
  );

  return app;
}
