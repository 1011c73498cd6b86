/** Catalogue pages: a ward's facilities, one facility. The home page, which offers the search, is search's. */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { renderPage } from '../../ui/layout.tsx';
import { parseId } from './facility.schema.ts';
import { getFacilityDetail, getWard, listFacilities } from './facility.service.ts';
import { facilityName } from './facility-labels.ts';
import { FacilityPage } from './views/facility-page.tsx';
import { WardPage } from './views/ward-page.tsx';

export function facilityRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/wards/:wardId', async (c) => {
    const { db } = c.get('deps');
    const t = c.get('t');
    const lang = c.get('lang');
    const ward = await getWard(db, parseId(c.req.param('wardId'), 'ward'));
    const facilities = await listFacilities(db, { wardId: ward.id });
    const wardName = lang === 'en' ? ward.nameEn : ward.name;
    return renderPage(c, {
      title: t('wardHeading', { ward: wardName }),
      description: t('metaWard', { ward: wardName }),
      crumbs: [{ href: '/', label: t('home') }, { label: wardName }],
      children: <WardPage t={t} lang={lang} ward={ward} facilities={facilities} />,
    });
  });

  app.get('/facilities/:id', async (c) => {
    const { db } = c.get('deps');
    const t = c.get('t');
    const lang = c.get('lang');
    const detail = await getFacilityDetail(db, parseId(c.req.param('id'), 'facility'));
    const name = facilityName(detail.facility, lang);
    const wardName = lang === 'en' ? detail.ward.nameEn : detail.ward.name;
    return renderPage(c, {
      title: name,
      description: t('metaFacility', { facility: name, ward: wardName }),
      crumbs: [{ href: '/', label: t('home') }, { href: `/wards/${detail.ward.id}`, label: wardName }, { label: name }],
      children: <FacilityPage t={t} lang={lang} detail={detail} />,
    });
  });

  return app;
}
