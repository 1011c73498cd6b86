import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeBooking, makeClosure, makeFacility, makeRoom } from '../../../test/factories.ts';
import { roomAvailabilityJsonSchema } from './availability.schema.ts';

type Body = ReturnType<typeof roomAvailabilityJsonSchema.parse>;
const cell = (body: Body, date: string, band: string) => body.days.find((d) => d.date === date)?.bands.find((b) => b.band === band);

describeEachDialect('room availability API', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let roomId: string;
  let otherRoomId: string;

  beforeAll(async () => {
    const { db } = ctx();
    app = testApp(ctx()); // now: Tuesday 2026-11-24 10:00 in Tokyo
    const facilityId = await makeFacility(db.kysely, {
      hours: {
        1: ['09:00', '21:00'],
        2: ['09:00', '21:00'],
        3: ['09:00', '21:00'],
        4: ['09:00', '21:00'],
        5: ['09:00', '21:00'],
        6: ['09:00', '17:00'],
      },
    });
    roomId = await makeRoom(db.kysely, facilityId);
    otherRoomId = await makeRoom(db.kysely, facilityId, { sort_order: 2 });
    await makeBooking(db.kysely, roomId, '2026-11-26', ['morning', 'afternoon']);
    await makeBooking(db.kysely, otherRoomId, '2026-11-27', ['evening']);
    await makeClosure(db.kysely, facilityId, { startsOn: '2026-12-07', endsOn: '2026-12-07', reason: 'election', note: '投票所のため' });
    await makeClosure(db.kysely, facilityId, { roomId: otherRoomId, startsOn: '2026-12-08', endsOn: '2026-12-09' });
  });

  const get = async (from: string, to: string, id = roomId) => {
    const res = await app.request(`/api/v1/rooms/${id}/availability?from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    return roomAvailabilityJsonSchema.parse(await res.json());
  };

  it('returns every date and band with a state', async () => {
    const body = await get('2026-11-24', '2026-11-30');
    expect(body.days.map((d) => d.date)).toEqual([
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
      '2026-11-30',
    ]);
    expect(body.days[0]?.bands.map((b) => b.band)).toEqual(['morning', 'afternoon', 'evening']);
    expect(cell(body, '2026-11-25', 'morning')).toEqual({
      band: 'morning',
      label: '午前',
      labelEn: 'Morning',
      start: '09:00',
      end: '12:00',
      state: 'free',
    });
  });

  it('marks booked cells without saying who booked them', async () => {
    const body = await get('2026-11-26', '2026-11-26');
    expect(cell(body, '2026-11-26', 'morning')?.state).toBe('booked');
    expect(cell(body, '2026-11-26', 'afternoon')?.state).toBe('booked');
    expect(cell(body, '2026-11-26', 'evening')?.state).toBe('free');
    expect(JSON.stringify(body)).not.toMatch(/reservation|purpose|テスト|rsv_/i);
    // Another room's booking does not leak into this room.
    expect(cell(await get('2026-11-27', '2026-11-27'), '2026-11-27', 'evening')?.state).toBe('free');
  });

  it('closes cells with the reason: past, closed day, holiday, outside hours, year end, closure', async () => {
    const body = await get('2026-11-23', '2026-12-31');
    expect(cell(body, '2026-11-23', 'morning')).toMatchObject({ state: 'closed', reason: 'holiday', reasonLabel: '祝日' });
    expect(body.days.find((d) => d.date === '2026-11-23')?.holiday?.name).toBe('勤労感謝の日');
    expect(cell(body, '2026-11-24', 'morning')).toMatchObject({ state: 'closed', reason: 'past' }); // started at 09:00
    expect(cell(body, '2026-11-24', 'afternoon')?.state).toBe('free');
    expect(cell(body, '2026-11-28', 'evening')).toMatchObject({ state: 'closed', reason: 'outside_hours' }); // Saturday closes 17:00
    expect(cell(body, '2026-11-29', 'afternoon')).toMatchObject({ state: 'closed', reason: 'closed_day' });
    expect(cell(body, '2026-12-07', 'morning')).toMatchObject({
      state: 'closed',
      reason: 'closure',
      closure: { reason: 'election', note: '投票所のため' },
    });
    expect(cell(body, '2026-12-08', 'morning')?.state).toBe('free'); // only the other room is closed
    expect(cell(body, '2026-12-29', 'morning')).toMatchObject({ state: 'closed', reason: 'year_end' });
    const other = await get('2026-12-08', '2026-12-09', otherRoomId);
    expect(cell(other, '2026-12-09', 'evening')).toMatchObject({ state: 'closed', reason: 'closure' });
  });

  it('accepts exactly 93 days and refuses 94 with a clear message', async () => {
    expect((await get('2026-12-01', '2027-03-03')).days).toHaveLength(93);
    const res = await app.request(`/api/v1/rooms/${roomId}/availability?from=2026-12-01&to=2027-03-04`);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { errors: { field: string; message: string }[] };
    expect(body.errors).toEqual([{ field: 'to', message: '期間が長すぎます。最長93日までです。' }]);
  });

  it('refuses bad dates and ranges with field errors', async () => {
    const cases: [string, string][] = [
      ['from=2026-02-30&to=2026-03-01', 'from'],
      ['from=2026-13-01&to=2026-13-02', 'from'],
      ['from=2026-12-10&to=2026-12-01', 'to'],
      ['to=2026-12-01', 'from'],
      ['from=yesterday&to=2026-12-01', 'from'],
      ['from=2026-12-01&to=2026-12-01%27%3B%20DROP%20TABLE%20rooms', 'to'],
    ];
    for (const [query, field] of cases) {
      const res = await app.request(`/api/v1/rooms/${roomId}/availability?${query}`);
      expect(res.status, query).toBe(422);
      const body = (await res.json()) as { errors: { field: string }[] };
      expect(
        body.errors.map((e) => e.field),
        query,
      ).toContain(field);
    }
  });

  it('folds full-width digits typed with a Japanese IME', async () => {
    const res = await app.request(`/api/v1/rooms/${roomId}/availability?from=${encodeURIComponent('２０２６－１２－０１')}&to=2026-12-02`);
    expect(res.status).toBe(200);
  });

  it('answers an unknown room with 404', async () => {
    const res = await app.request('/api/v1/rooms/no-such-room/availability?from=2026-12-01&to=2026-12-02');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { title: string }).title).toBe('部屋が見つかりません。');
  });
});
