/**
 * Generated bad input (fast-check) over every counter-appointment endpoint, on both databases: whatever
 * arrives, the answer is a 4xx with a title (never a 5xx), and a refused request writes nothing.
 */
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { api } from '../../../test/api.ts';
import { countRows, describeEachDialect, testApp } from '../../../test/db.ts';
import { DAY, makeCounter, makeOffice, makeService, nastyJson, nastyText } from './appointment.test-helpers.ts';

const nasty = nastyText();
const jsonValue = nastyJson(nasty);

describeEachDialect('counter appointments, bad input', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let serviceId: string;
  const tables = ['appointments', 'appointment_items', 'appointment_seats', 'appointment_email_codes', 'notify_messages'];
  const snapshot = async () => Promise.all(tables.map((t) => countRows(ctx(), t)));

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    serviceId = await makeService(db, await makeCounter(db, await makeOffice(db)));
  });

  it('never answers a 5xx and writes nothing for what it refuses', async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            serviceIds: fc.oneof(fc.constant([serviceId]), jsonValue),
            lifeEventId: jsonValue,
            date: fc.oneof(fc.constant(DAY), nasty),
            start: fc.oneof(fc.constant('10:00'), nasty),
            name: jsonValue,
            nameKana: jsonValue,
            phone: jsonValue,
            email: jsonValue,
            emailCode: jsonValue,
            channel: jsonValue,
            wardResident: jsonValue,
          },
          { requiredKeys: [] },
        ),
        nasty,
        nasty,
        async (body, number, query) => {
          const booked = await api(app, 'POST', '/api/v1/appointments', undefined, body);
          expect(booked.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
          expect(booked.status, JSON.stringify(body)).toBeLessThan(500);
          expect(booked.json?.title ?? '').not.toBe('');
          const code = await api(app, 'POST', '/api/v1/appointments/email-codes', undefined, { email: body.email });
          expect(code.status).toBeLessThan(500);
          const q = encodeURIComponent(query);
          expect((await app.request(`/api/v1/services/${encodeURIComponent(serviceId)}/slots?from=${q}&to=${q}`)).status).toBeLessThan(500);
          expect((await app.request(`/api/v1/services/${encodeURIComponent(number)}/slots?from=${DAY}&to=${DAY}`)).status).toBeLessThan(
            500,
          );
          const path = `/api/v1/appointments/${encodeURIComponent(number)}?secret=${q}`;
          expect((await app.request(path)).status).toBeLessThan(500);
          expect((await app.request(path, { method: 'DELETE' })).status).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
    for (const raw of ['{', '[1,2', '"text"', '{"serviceIds":{"$gt":""}}']) {
      expect((await api(app, 'POST', '/api/v1/appointments', undefined, raw)).status).toBe(422);
      expect((await api(app, 'POST', '/api/v1/appointments/email-codes', undefined, raw)).status).toBe(422);
    }
    const after = await snapshot();
    // A valid email in the generated bodies may have been sent a code (and its mail); nothing else is written.
    expect([after[0], after[1], after[2]]).toEqual([before[0], before[1], before[2]]);
  });
});
