/**
 * Insights scope on SQLite and PostgreSQL: every insights path (the page, every CSV, the API) refuses a
 * facility or a ward outside the caller's scope with 403, whether the months are counted live or read
 * from the aggregates, and never shows the other ward's figures.
 */
import { beforeAll, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { PageClient } from '../../../test/browser.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeBooking, makeFacility, makeRoom, makeStaff, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { fixedClock } from '../../lib/time.ts';

const PATHS = [
  '/staff/insights',
  '/staff/insights/utilisation.csv',
  '/staff/insights/sunday.csv',
  '/staff/insights/multipurpose.csv',
  '/staff/insights/who-age.csv',
  '/staff/insights/who-bookerType.csv',
  '/staff/insights/who-category.csv',
  '/staff/insights/who-channel.csv',
  '/api/v1/insights/utilisation',
];
// A stored range (September–November, ended months) and one counted live (part of December).
const RANGES = { stored: 'from=2026-09-01&to=2026-11-30', live: 'from=2026-12-01&to=2026-12-09' };
const FOREIGN_NAME = '門司の集計センター';

describeEachDialect('insights refuse what is outside the scope', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let ownFacility: string;
  let neighbourFacility: string;
  let mojiFacility: string;
  const pages: Record<string, PageClient> = {};
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx(), fixedClock('2026-12-10T03:00:00Z'));
    ownFacility = await makeFacility(db, { ward_id: 'kokurakita' });
    neighbourFacility = await makeFacility(db, { ward_id: 'kokurakita' });
    mojiFacility = await makeFacility(db, { ward_id: 'moji', name: FOREIGN_NAME, hours: { 7: ['09:00', '17:00'], 1: ['09:00', '17:00'] } });
    const mojiRoom = await makeRoom(db, mojiFacility);
    await makeRoom(db, ownFacility);
    // Enough bookers in Moji for the "who" tables to show figures, were they ever shown.
    for (let i = 0; i < 6; i++) {
      const user = await makeUser(db);
      await makeBooking(db, mojiRoom, `2026-11-${String(2 + i).padStart(2, '0')}`, ['morning'], {
        user_id: user.id,
        category: 'multipurpose',
      });
      await makeBooking(db, mojiRoom, `2026-12-0${1 + i}`, ['morning'], { user_id: user.id, category: 'multipurpose' });
    }
    await makeBooking(db, mojiRoom, '2026-09-07', ['morning']);
    const roles = {
      admin: await makeStaff(db, 'admin'),
      clerk: await makeStaff(db, 'clerk', { facilityId: ownFacility }),
      ward: await makeStaff(db, 'ward', { wardId: 'kokurakita' }),
    };
    for (const [role, user] of Object.entries(roles)) {
      tokens[role] = await tokenFor(ctx(), user.id);
      pages[role] = new PageClient(app);
      await pages[role].post('/login', { login: user.email ?? '', password: TEST_PASSWORD });
    }
    // A whole-city question builds the ended months' aggregates, so the stored range is read from them.
    const built = await api(app, 'GET', `/api/v1/insights/utilisation?${RANGES.stored}`, tokens.admin);
    expect(built.status).toBe(200);
    expect((await db.selectFrom('insights_months').select('month').execute()).length).toBeGreaterThan(0);
  });

  const fetchAs = async (role: string, path: string, query: string) => {
    if (path.startsWith('/api/')) {
      const r = await api(app, 'GET', `${path}?${query}`, tokens[role]);
      return { status: r.status, body: JSON.stringify(r.json ?? ''), type: r.res.headers.get('content-type') ?? '' };
    }
    const r = await (pages[role] as PageClient).get(`${path}?${query}`);
    return { status: r.res.status, body: r.html, type: r.res.headers.get('content-type') ?? '' };
  };

  const foreign = () => ({
    clerk: {
      facility: `facility=${neighbourFacility}`,
      ward: 'ward=moji',
      ownWardForeignFacility: `ward=kokurakita&facility=${mojiFacility}`,
    },
    ward: { facility: `facility=${mojiFacility}`, ward: 'ward=moji', ownWardForeignFacility: `ward=kokurakita&facility=${mojiFacility}` },
  });

  for (const role of ['clerk', 'ward'] as const)
    for (const [range, dates] of Object.entries(RANGES))
      it(`a ${role === 'ward' ? 'ward officer' : 'clerk'} gets 403 on every path for a foreign facility or ward (${range})`, async () => {
        for (const [what, scope] of Object.entries(foreign()[role]))
          for (const path of PATHS) {
            for (const groupBy of path.endsWith('utilisation') || path.endsWith('utilisation.csv')
              ? ['facility', 'band', 'month']
              : ['facility']) {
              const answer = await fetchAs(role, path, `${dates}&groupBy=${groupBy}&${scope}`);
              expect(answer.status, `${role} ${what} ${path} ${groupBy}`).toBe(403);
              expect(answer.type, path).not.toContain('text/csv');
              expect(answer.body, path).not.toContain(FOREIGN_NAME);
              if (path.startsWith('/api/')) expect(answer.type).toContain('application/problem+json');
            }
          }
      });

  it('still answers each role in its own scope on every path', async () => {
    for (const [role, scope] of [
      ['clerk', `facility=${ownFacility}`],
      ['clerk', ''],
      ['ward', 'ward=kokurakita'],
      ['ward', `facility=${neighbourFacility}`],
      ['ward', `ward=kokurakita&facility=${neighbourFacility}`],
    ] as const)
      for (const path of PATHS)
        expect((await fetchAs(role, path, `${RANGES.stored}&${scope}`)).status, `${role} ${scope} ${path}`).toBe(200);
  });

  it('refuses an unknown facility or ward, or a facility with a ward it is not in, with a message (422)', async () => {
    for (const [role, scope] of [
      ['admin', 'facility=fac_nowhere'],
      ['admin', 'ward=nowhere'],
      ['admin', `ward=kokurakita&facility=${mojiFacility}`],
      ['ward', 'facility=fac_nowhere'],
    ] as const)
      for (const path of PATHS) {
        const answer = await fetchAs(role, path, `${RANGES.stored}&${scope}`);
        expect(answer.status, `${role} ${scope} ${path}`).toBe(422);
        // (An admin's page lists every facility to choose from, so only the others are checked.)
        if (role !== 'admin') expect(answer.body).not.toContain(FOREIGN_NAME);
      }
    const page = await fetchAs('admin', '/staff/insights', `${RANGES.stored}&ward=kokurakita&facility=${mojiFacility}`);
    expect(page.body).toContain('error-summary');
    expect(page.body).toContain('その施設は選んだ区にありません');
  });
});
