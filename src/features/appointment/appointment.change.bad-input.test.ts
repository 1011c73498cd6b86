/**
 * Generated bad input (fast-check) over changing (PATCH and the change page), the staff look-up and the
 * staff cancel, on both databases: never a 5xx, a refusal has a title, and a refused request leaves the
 * appointment's seats and status as they were.
 */
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { PageClient } from '../../../test/browser.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeStaff } from '../../../test/factories.ts';
import { bookForCaller, seatsOfNumber } from './appointment.change.test-helpers.ts';
import { DAY, makeCounter, makeOffice, makeService, nastyJson, nastyText } from './appointment.test-helpers.ts';

const nasty = nastyText("'; DROP TABLE appointment_seats; --");
/** What a client can put in a header at all (visible ASCII): a key too short, too long, of bad characters. */
const headerText = fc.stringMatching(/^[\x21-\x7e]{0,120}$/);
const jsonValue = nastyJson(nasty);

describeEachDialect('changing and staff cancel, bad input', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let clerk: string;
  let officeId: string;
  let booked: { number: string; secret: string };

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    officeId = await makeOffice(db);
    const serviceId = await makeService(db, await makeCounter(db, officeId));
    clerk = await tokenFor(ctx(), (await makeStaff(db, 'counter_clerk', { id: officeId })).id);
    booked = await bookForCaller(app, clerk, { serviceIds: [serviceId], date: DAY, start: '10:00' });
  });

  const state = async () => {
    const db = ctx().db.kysely;
    const row = await db
      .selectFrom('appointments')
      .select(['status', 'date', 'starts'])
      .where('number', '=', booked.number)
      .executeTakeFirstOrThrow();
    return { row, seats: await seatsOfNumber(db, booked.number) };
  };

  it('never answers a 5xx, and a refused request changes nothing', async () => {
    const page = new PageClient(app);
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          { date: fc.oneof(fc.constant('2026-12-05'), nasty), starts: fc.oneof(fc.constant('12:15'), nasty), extra: jsonValue },
          { requiredKeys: [] },
        ),
        nasty,
        nasty,
        headerText,
        async (body, number, text, key) => {
          const before = await state();
          const q = encodeURIComponent(text);
          const mine = `/api/v1/appointments/${booked.number}?secret=${encodeURIComponent(booked.secret)}`;
          const changed = await api(app, 'PATCH', mine, undefined, body, { 'idempotency-key': key });
          expect(changed.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
          expect(changed.status, JSON.stringify(body)).toBeLessThan(500);
          expect(changed.json?.title ?? '').not.toBe('');
          expect(
            (await api(app, 'PATCH', `/api/v1/appointments/${encodeURIComponent(number)}?secret=${q}`, undefined, body)).status,
          ).toBeLessThan(500);
          const pageGet = await page.get(
            `/appointments/${booked.number}/change?secret=${encodeURIComponent(booked.secret)}&date=${q}&starts=${q}`,
          );
          expect(pageGet.res.status).toBeLessThan(500);
          expect((await page.get(`/appointments/${encodeURIComponent(number)}/change?secret=${q}`)).res.status).toBeLessThan(500);
          const pagePost = await page.post(`/appointments/${booked.number}/change`, {
            secret: booked.secret,
            date: String(body.date ?? text),
            starts: text,
          });
          expect(pagePost.res.status).toBeLessThan(500);
          const found = await api(app, 'GET', `/api/v1/offices/${officeId}/appointments?date=${q}&q=${q}`, clerk);
          expect(found.status).toBeLessThan(500);
          const cancel = await api(app, 'POST', `/api/v1/offices/${officeId}/appointments/${encodeURIComponent(number)}/cancel`, clerk, {
            reason: body.extra,
          });
          expect(cancel.status).toBeLessThan(500);
          const bad = await api(app, 'POST', `/api/v1/offices/${officeId}/appointments/${booked.number}/cancel`, clerk, {
            reason: '9'.repeat(300),
            extra: body.extra,
          });
          expect(bad.status).toBe(422);
          expect(await state()).toEqual(before);
        },
      ),
      { numRuns: 40 },
    );
    for (const raw of ['{', '[1,2', '"text"', '{"date":{"$gt":""}}']) {
      const mine = `/api/v1/appointments/${booked.number}?secret=${encodeURIComponent(booked.secret)}`;
      expect((await api(app, 'PATCH', mine, undefined, raw)).status).toBe(422);
    }
    expect((await state()).row).toMatchObject({ status: 'booked', date: DAY, starts: '10:00' });
  });
});
