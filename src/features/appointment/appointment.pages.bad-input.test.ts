/**
 * Generated bad input (fast-check) over the resident's booking pages and an appointment's pages, on both
 * databases: whatever the query or form holds, the answer is a page with a 4xx or a success (never a
 * 5xx), and nothing is booked, cancelled or checked in.
 */
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../../test/browser.ts';
import { countRows, describeEachDialect, testApp } from '../../../test/db.ts';
import { DAY, makeCounter, makeLifeEvent, makeOffice, makeService, nastyText } from './appointment.test-helpers.ts';

const nasty = nastyText('2026-12-31');
const field = fc.oneof(nasty, fc.array(nasty, { maxLength: 3 }));

describeEachDialect('the booking pages, bad input', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let serviceId: string;
  let eventId: string;
  const tables = ['appointments', 'appointment_seats', 'queue_tickets'];
  const snapshot = async () => Promise.all(tables.map((t) => countRows(ctx(), t)));

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    serviceId = await makeService(db, await makeCounter(db, await makeOffice(db)));
    eventId = await makeLifeEvent(db, [serviceId]);
  });

  it('never answers a 5xx and books nothing', async () => {
    const page = new PageClient(app);
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            services: fc.oneof(fc.constant(serviceId), field),
            event: fc.oneof(fc.constant(eventId), nasty),
            date: fc.oneof(fc.constant(DAY), nasty),
            start: fc.oneof(fc.constant('10:00'), nasty),
            from: nasty,
            name: nasty,
            nameKana: nasty,
            phone: nasty,
            email: nasty,
            emailCode: nasty,
            wardResident: nasty,
            formToken: nasty,
            secret: nasty,
          },
          { requiredKeys: [] },
        ),
        nasty,
        async (form, number) => {
          const query = new URLSearchParams();
          for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) query.append(k, one);
          const answers = [
            await page.get(`/appointments?office=${encodeURIComponent(String(form.event ?? ''))}`),
            await page.get(`/appointments/events/${encodeURIComponent(number)}`),
            await page.get(`/appointments/times?${query}`),
            await page.get(`/appointments/details?${query}`),
            await page.post('/appointments/details', form),
            await page.post('/appointments', form),
            await page.get(`/appointments/${encodeURIComponent(number)}?${query}`),
            await page.get(`/appointments/${encodeURIComponent(number)}/slip?${query}`),
            await page.get(`/appointments/${encodeURIComponent(number)}/cancel?${query}`),
            await page.post(`/appointments/${encodeURIComponent(number)}/cancel`, form),
            await page.post(`/appointments/${encodeURIComponent(number)}/check-in`, form),
          ];
          for (const a of answers) expect(a.res.status, `${a.res.url} ${JSON.stringify(form)}`).toBeLessThan(500);
        },
      ),
      { numRuns: 40 },
    );
    expect(await snapshot()).toEqual(before);
  });
});
