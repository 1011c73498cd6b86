/**
 * Generated bad input (fast-check) over the 窓口の設定 forms and upload, on both databases: whatever
 * arrives — odd text in every field, random bytes as a file, a forged confirmation — the answer is never
 * a 5xx, and a refused request leaves the catalogue as it was.
 */
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../../test/browser.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeStaff, TEST_PASSWORD } from '../../../test/factories.ts';
import { nastyText } from './appointment.test-helpers.ts';
import { DEMO_OFFICE, makeDemoOffice, snapshot } from './catalogue.test-helpers.ts';

const BASE = `/staff/counters/catalogue/${DEMO_OFFICE}`;
const nasty = nastyText('２０２６－１２－０６', 'ctr_demo_kokurakita_citizens');

describeEachDialect('窓口の設定, bad input', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let page: PageClient;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    await makeDemoOffice(db);
    const officer = await makeStaff(db, 'ward_officer', { wardId: 'kokurakita' });
    page = new PageClient(app);
    await page.post('/login', { login: officer.email ?? '', password: TEST_PASSWORD });
    await page.get(BASE);
  });

  it('never answers a 5xx, and changes nothing for what it refuses', async () => {
    const db = ctx().db.kysely;
    await fc.assert(
      fc.asyncProperty(
        fc.record({ counterId: nasty, date: nasty, status: nasty, opens: nasty, closes: nasty, desks: nasty, note: nasty, minutes: nasty }),
        fc.uint8Array({ maxLength: 400 }),
        nasty,
        async (form, bytes, data) => {
          const before = await snapshot(db);
          const day = await page.post(`${BASE}/days`, form);
          const grace = await page.post(`${BASE}/late-grace`, form);
          const removed = await page.post(`${BASE}/days/remove`, form);
          const sound = await page.post(`${BASE}/sound`, { sound: form.status });
          const confirm = await page.post(`${BASE}/import/confirm`, { data, fingerprint: form.note });
          const body = new FormData();
          body.append('_csrf', page.csrf);
          body.append('file', new File([new Uint8Array(bytes)], 'x.csv'));
          const upload = await app.request(`http://localhost${BASE}/import`, {
            method: 'POST',
            body,
            headers: { cookie: page.cookieHeader, origin: 'http://localhost' },
          });
          for (const res of [day.res, grace.res, removed.res, sound.res, confirm.res, upload])
            expect(res.status, JSON.stringify(form)).toBeLessThan(500);
          expect(confirm.res.status).toBeGreaterThanOrEqual(400);
          const refused = [day.res, grace.res, removed.res].every((r) => r.status >= 400);
          if (refused && upload.status >= 400) expect(await snapshot(db)).toBe(before);
        },
      ),
      { numRuns: 40 },
    );
  });
});
