/**
 * The generated bad-input run of `npm run reliability` (bench/lib/bad-input-openapi.ts) covers the counter
 * appointment and queue APIs from their OpenAPI parts: every route those APIs serve must be one of its
 * operations, and the routes behind a login must be the ones it sends with a clerk's token.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { appointmentOperations } from '../bench/lib/bad-input-openapi.ts';
import { appointmentApi } from '../src/features/appointment/appointment.api.ts';
import { queueApi } from '../src/features/appointment/queue.api.ts';

describe('the bad-input run over the appointment and queue APIs', () => {
  const app = new Hono().route('/api/v1', queueApi()).route('/api/v1', appointmentApi());
  const served = [...new Set(app.routes.map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`))];
  const ops = appointmentOperations();

  it('generates requests for every route the two APIs serve', () => {
    const generated = new Set(ops.map((o) => `${o.method} ${o.path}`));
    expect(served.length).toBeGreaterThan(10);
    expect(served.filter((route) => !generated.has(route))).toEqual([]);
  });

  it('sends the staff operations with a clerk’s token, and the open ones without', () => {
    const staff = ops.filter((o) => o.staff).map((o) => o.path);
    expect(staff).toEqual(
      expect.arrayContaining(['/api/v1/offices/{id}/check-ins', '/api/v1/counters/{id}/call-next', '/api/v1/queue-tickets/{id}/done']),
    );
    for (const open of ['/api/v1/offices', '/api/v1/appointments', '/api/v1/self-check-ins', '/api/v1/offices/{id}/queue'])
      expect(staff).not.toContain(open);
    // Every field of a documented body is generated: the booking's included.
    expect(ops.find((o) => o.method === 'POST' && o.path === '/api/v1/appointments')?.body).toEqual(
      expect.arrayContaining(['serviceIds', 'date', 'start', 'email', 'emailCode']),
    );
  });
});
