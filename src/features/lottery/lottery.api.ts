/** JSON API of the lottery. Bearer token only (no cookies), so no CSRF exposure. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/env.ts';
import { bearer, json, listOf, type OpenApiPart, ok, open, problemResponses, tooLarge } from '../../http/openapi.ts';
import { jsonBody, parseOrThrow } from '../../http/validation.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { parseId } from '../facility/facility.schema.ts';
import { getMonth } from './lottery.months.service.ts';
import { entryRequestSchema, lotteryEntryJsonSchema, lotteryMonthJsonSchema, monthParamSchema } from './lottery.schema.ts';
import { confirmWins, getMyEntry, listMyEntries, submitEntry, withdrawEntry } from './lottery.service.ts';
import type { EntryView, MonthView } from './lottery.ts';

export function monthJson(m: MonthView) {
  const s = m.schedule;
  return {
    month: m.month,
    phase: m.phase,
    entryOpensAt: s.entryOpensAt.toISOString(),
    entryClosesAt: s.entryClosesAt.toISOString(),
    drawAt: s.drawAt.toISOString(),
    confirmClosesAt: s.confirmClosesAt.toISOString(),
    firstComeOpensAt: s.firstComeOpensAt.toISOString(),
    firstComeOpensAtNonResident: s.firstComeOpensAtNonResident.toISOString(),
    seedHash: m.seedHash,
    seed: m.seed,
    drawnAt: m.drawnAt,
  };
}

export function entryJson(e: EntryView) {
  return {
    id: e.id,
    month: monthJson(e.month),
    groupId: e.group?.id ?? null,
    groupName: e.group?.name ?? null,
    purpose: e.purpose,
    attendees: e.attendees,
    category: e.category,
    createdAt: e.createdAt,
    confirmedAt: e.confirmedAt,
    canWithdraw: e.canWithdraw,
    canConfirm: e.canConfirm,
    wishes: e.wishes.map((w) => ({
      rank: w.rank,
      roomId: w.room.id,
      roomName: w.room.name,
      facilityId: w.facilityId,
      facilityName: w.facilityName,
      date: w.date,
      bands: w.bands.map((b) => ({ band: b.code, label: b.label, labelEn: b.labelEn, start: b.start, end: b.end })),
      fee: w.fee,
      outcome: w.outcome,
      reservationId: w.reservationId,
      reservationStatus: w.reservationStatus,
    })),
  };
}

export function lotteryApi() {
  const app = new Hono<AppEnv>();

  app.get('/lottery/months/:month', async (c) => {
    const { db, clock } = c.get('deps');
    const { month } = parseOrThrow(z.object({ month: monthParamSchema }), { month: c.req.param('month') });
    return c.json(monthJson(await getMonth(db, clock, month)));
  });

  app.post('/lottery/entries', requireLogin, async (c) => {
    const user = c.get('actor');
    const { db, clock, notifier } = c.get('deps');
    const body = parseOrThrow(entryRequestSchema.strict(), await jsonBody(c));
    const entry = await submitEntry(db, clock, user, { ...body, channel: 'api' });
    notifier.kick();
    c.header('location', `/api/v1/lottery/entries/${entry.id}`);
    return c.json(entryJson(entry), 201);
  });

  app.get('/lottery/entries', requireLogin, async (c) => {
    const user = c.get('actor');
    const { db, clock } = c.get('deps');
    return c.json({ entries: (await listMyEntries(db, clock, user)).map(entryJson) });
  });

  app.get('/lottery/entries/:id', requireLogin, async (c) => {
    const user = c.get('actor');
    const { db, clock } = c.get('deps');
    return c.json(entryJson(await getMyEntry(db, clock, user, parseId(c.req.param('id'), 'page'))));
  });

  app.post('/lottery/entries/:id/confirm', requireLogin, async (c) => {
    const user = c.get('actor');
    const { db, clock, notifier } = c.get('deps');
    const entry = await confirmWins(db, clock, user, parseId(c.req.param('id'), 'page'));
    notifier.kick();
    return c.json(entryJson(entry));
  });

  app.delete('/lottery/entries/:id', requireLogin, async (c) => {
    const user = c.get('actor');
    const { db, clock } = c.get('deps');
    await withdrawEntry(db, clock, user, parseId(c.req.param('id'), 'page'));
    return c.body(null, 204);
  });

  return app;
}

/** The OpenAPI paths of this API and the component schemas they refer to (composed in src/openapi.ts). */
export function lotteryOpenApi(): OpenApiPart {
  return {
    paths: {
      '/api/v1/lottery/months/{month}': {
        get: {
          operationId: 'getLotteryMonth',
          summary:
            'A lottery month: its calendar (entries, draw, confirm-by, first-come), the SHA-256 of its seed, and the seed after the draw',
          parameters: [
            {
              name: 'month',
              in: 'path',
              required: true,
              schema: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$', example: '2027-02' },
            },
          ],
          security: open.security,
          responses: { ...open.responses, ...ok('LotteryMonth'), '422': problemResponses['422'] },
        },
      },
      '/api/v1/lottery/entries': {
        get: {
          operationId: 'listMyLotteryEntries',
          summary: 'My lottery entries (and my groups’), with each wish’s result',
          security: [{ bearer: [] }],
          responses: { ...bearer.responses, ...ok('LotteryEntryList') },
        },
        post: {
          operationId: 'enterLottery',
          summary:
            'Enter a month’s lottery with ranked wishes (best first). One entry per person or group and month; a person cannot hold a ticket for the same cell personally and through a group.',
          security: [{ bearer: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: json(entryRequestSchema.strict()) } } },
          responses: {
            ...bearer.responses,
            ...tooLarge,
            '201': { description: 'Entered', content: { 'application/json': { schema: { $ref: '#/components/schemas/LotteryEntry' } } } },
            '409': { description: 'Outside the entry period, or this person or group has already entered this month' },
            '422': problemResponses['422'],
          },
        },
      },
      '/api/v1/lottery/entries/{id}': {
        get: {
          operationId: 'getLotteryEntry',
          summary: 'One of my lottery entries',
          security: [{ bearer: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { ...bearer.responses, ...ok('LotteryEntry'), '404': problemResponses['404'] },
        },
        delete: {
          operationId: 'withdrawLotteryEntry',
          summary: 'Withdraw an entry while entries are still taken',
          security: [{ bearer: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            ...bearer.responses,
            '204': { description: 'Withdrawn' },
            '404': problemResponses['404'],
            '409': { description: 'The entry period has ended' },
          },
        },
      },
      '/api/v1/lottery/entries/{id}/confirm': {
        post: {
          operationId: 'confirmLotteryWins',
          summary: 'Keep the won wishes of an entry (before the confirm-by day); they become ordinary bookings',
          security: [{ bearer: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            ...bearer.responses,
            ...ok('LotteryEntry'),
            '404': problemResponses['404'],
            '409': { description: 'Nothing won to confirm, or past the deadline' },
          },
        },
      },
    },
    schemas: {
      LotteryMonth: json(lotteryMonthJsonSchema),
      LotteryEntry: json(lotteryEntryJsonSchema),
      LotteryEntryList: listOf('entries', 'LotteryEntry'),
    },
  };
}
