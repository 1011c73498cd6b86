/** Generated garbage to every household and deletion form: never a 5xx, and nothing written. */
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../../test/browser.ts';
import { countRows, describeEachDialect, testApp } from '../../../test/db.ts';
import { makeStaff, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';

const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u3000',
    '１２３４５６７８',
    '802-0001',
    '2026-02-30',
    'hh_nope',
    "'; drop table households; --",
    '<script>',
    'x'.repeat(5000),
  ),
);

describeEachDialect('household forms under generated input', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let resident: PageClient;
  let staff: PageClient;

  beforeAll(async () => {
    app = testApp(ctx());
    resident = new PageClient(app);
    await resident.logIn((await makeUser(ctx().db.kysely)).email ?? '', TEST_PASSWORD);
    staff = new PageClient(app);
    await staff.post('/login', { login: (await makeStaff(ctx().db.kysely, 'admin')).email ?? '', password: TEST_PASSWORD });
    await staff.get('/staff/households');
  });

  it('answers every submission below 500 and changes nothing', async () => {
    const tables = ['households', 'household_people', 'users', 'audit_log'];
    const before = await Promise.all(tables.map((t) => countRows(ctx(), t)));
    const fields = [
      'wardId',
      'addressLine',
      'postcode',
      'hanId',
      'householdId',
      'name',
      'nameKana',
      'phone',
      'userNumber',
      'on',
      'reason',
      'password',
      'channel',
      'q',
    ];
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...fields), nasty), async (form) => {
        for (const path of [
          '/account/household/start',
          '/account/household',
          '/account/household/join',
          '/account/household/people',
          '/account/household/move-out',
          '/account/delete',
        ]) {
          const { res } = await resident.post(path, form);
          expect(res.status, `${path} ${JSON.stringify(form)}`).toBeLessThan(500);
        }
        for (const path of ['/staff/households', '/staff/households/hh_nope/people', '/staff/households/hh_nope/move-out']) {
          const { res } = await staff.post(path, form);
          expect(res.status, `${path} ${JSON.stringify(form)}`).toBeLessThan(500);
        }
        const qs = new URLSearchParams(form).toString();
        expect((await staff.get(`/staff/households?${qs}`)).res.status).toBeLessThan(500);
        expect((await staff.get(`/staff/households/new?${qs}`)).res.status).toBeLessThan(500);
      }),
      { numRuns: 25 },
    );
    expect(await Promise.all(tables.map((t) => countRows(ctx(), t)))).toEqual(before);
  });
});
