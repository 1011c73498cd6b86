/**
 * Admin configuration pages: the city's fees, quota, group cap and band times, and each facility's
 * calendar and rooms. Admins only (platform/authz/policy.ts), checked before anything is read.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { formOf, formValues, parseForm } from '../../http/forms.ts';
import { type FieldError, InvalidInputError } from '../../lib/errors.ts';
import type { User } from '../../platform/authz/actor.ts';
import { requireAdmin, requireStaff } from '../../platform/authz/policy.ts';
import { renderPage } from '../../ui/layout.tsx';
import { parseId } from '../facility/facility.schema.ts';
import { getFacilityDetail } from '../facility/facility.service.ts';
import { cityConfig, saveBand, saveCitySettings, saveFacilityCalendar, saveGroupSettings, saveRoom } from './config.service.ts';
import { findRoomFacilityId, listRoomFees } from './staff.repository.ts';
import { bandForm, calendarForm, citySettingsForm, groupSettingsForm, roomConfigForm } from './staff.schema.ts';
import { facilitiesInScope } from './staff.service.ts';
import { CityConfigPage, FacilityConfigPage } from './views/config-pages.tsx';

const staffOf = (c: Context<AppEnv>): User => requireStaff(c.get('user'));

export function configRoutes() {
  const app = new Hono<AppEnv>();

  const cityConfigPage = async (c: Context<AppEnv>, notice?: string, errors: FieldError[] = [], values: Record<string, string> = {}) => {
    const { db } = c.get('deps');
    const t = c.get('t');
    requireAdmin(staffOf(c));
    const config = await cityConfig(db);
    const facilities = await facilitiesInScope(db, staffOf(c));
    return renderPage(
      c,
      {
        title: errors.length > 0 ? `${t('errorSummaryTitle')}: ${t('configTitle')}` : t('configTitle'),
        crumbs: [{ href: '/staff', label: t('staffTitle') }, { label: t('configTitle') }],
        children: (
          <CityConfigPage
            t={t}
            csrf={c.get('csrf')}
            rates={config.rates}
            quota={config.quota}
            maxGroupsRepresented={values.maxGroupsRepresented ?? String(config.maxGroupsRepresented)}
            bands={config.bands.map((b) => ({
              schemeId: b.scheme_id,
              code: b.code,
              label: b.label,
              startsAt: b.starts_at,
              endsAt: b.ends_at,
            }))}
            facilities={facilities}
            notice={notice}
            errors={errors}
          />
        ),
      },
      errors.length > 0 ? 422 : 200,
    );
  };

  app.get('/staff/config', (c) => cityConfigPage(c, c.req.query('saved') ? c.get('t')('configSaved') : undefined));

  app.post('/staff/config/settings', async (c) => {
    const { db, clock } = c.get('deps');
    requireAdmin(staffOf(c));
    const parsed = parseForm(c, citySettingsForm, await formOf(c));
    if (!parsed.ok) throw new InvalidInputError(parsed.errors.map((e) => ({ field: e.field, key: 'errConfigNumber' })));
    await saveCitySettings(db, clock, staffOf(c), parsed.data);
    return c.redirect('/staff/config?saved=1', 303);
  });

  app.post('/staff/config/groups', async (c) => {
    const { db, clock } = c.get('deps');
    requireAdmin(staffOf(c));
    const form = await formOf(c);
    const parsed = parseForm(c, groupSettingsForm, form);
    if (!parsed.ok) return cityConfigPage(c, undefined, parsed.errors, form);
    await saveGroupSettings(db, clock, staffOf(c), parsed.data);
    return c.redirect('/staff/config?saved=1', 303);
  });

  app.post('/staff/config/bands/:scheme/:code', async (c) => {
    const { db, clock } = c.get('deps');
    requireAdmin(staffOf(c));
    const parsed = parseForm(c, bandForm, await formOf(c));
    if (!parsed.ok) throw new InvalidInputError([{ field: 'end', key: 'errTime' }]);
    await saveBand(db, clock, staffOf(c), parseId(c.req.param('scheme'), 'page'), parseId(c.req.param('code'), 'page'), parsed.data);
    return c.redirect('/staff/config?saved=1', 303);
  });

  const facilityConfigPage = async (c: Context<AppEnv>, notice?: string) => {
    const { db } = c.get('deps');
    const t = c.get('t');
    requireAdmin(staffOf(c));
    const detail = await getFacilityDetail(db, parseId(c.req.param('id'), 'facility'));
    const roomIds = detail.rooms.map((r) => r.id);
    const fees = await listRoomFees(db, roomIds);
    const byRoom = new Map<string, Record<string, number>>();
    for (const f of fees) byRoom.set(f.room_id, { ...(byRoom.get(f.room_id) ?? {}), [f.band]: Number(f.amount) });
    return renderPage(c, {
      title: `${detail.facility.name} ${t('configTitle')}`,
      crumbs: [
        { href: '/staff', label: t('staffTitle') },
        { href: '/staff/config', label: t('configTitle') },
        { label: detail.facility.name },
      ],
      children: (
        <FacilityConfigPage t={t} csrf={c.get('csrf')} facility={detail.facility} rooms={detail.rooms} fees={byRoom} notice={notice} />
      ),
    });
  };

  app.get('/staff/config/facilities/:id', (c) => facilityConfigPage(c, c.req.query('saved') ? c.get('t')('configSaved') : undefined));

  app.post('/staff/config/facilities/:id/calendar', async (c) => {
    const { db, clock } = c.get('deps');
    requireAdmin(staffOf(c));
    const raw = await formOf(c);
    const flags = await formValues(c, 'flags');
    const parsed = parseForm(c, calendarForm, { ...raw, sundayOpen: flags.includes('sunday'), openOnHolidays: flags.includes('holidays') });
    if (!parsed.ok) throw new InvalidInputError([{ field: 'sundayCloses', key: 'errTime' }]);
    const id = parseId(c.req.param('id'), 'facility');
    await saveFacilityCalendar(db, clock, staffOf(c), id, parsed.data);
    return c.redirect(`/staff/config/facilities/${id}?saved=1`, 303);
  });

  app.post('/staff/config/rooms/:id', async (c) => {
    const { db, clock } = c.get('deps');
    requireAdmin(staffOf(c));
    const raw = await formOf(c);
    const parsed = parseForm(c, roomConfigForm, { ...raw, requiresApproval: raw.requiresApproval === 'on' });
    if (!parsed.ok) throw new InvalidInputError(parsed.errors.map((e) => ({ field: e.field, key: 'errConfigNumber' })));
    const roomId = parseId(c.req.param('id'), 'room');
    const d = parsed.data;
    await saveRoom(db, clock, staffOf(c), roomId, {
      capacity: d.capacity,
      bookingWindowDays: d.bookingWindowDays,
      cancelDeadlineDays: d.cancelDeadlineDays,
      requiresApproval: d.requiresApproval,
      allocation: d.allocation,
      fees: { morning: d.fee_morning, afternoon: d.fee_afternoon, evening: d.fee_evening },
    });
    return c.redirect(`/staff/config/facilities/${await findRoomFacilityId(db, roomId)}?saved=1`, 303);
  });

  return app;
}
