import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeBooking, makeClosure, makeFacility, makeRoom } from '../../../test/factories.ts';
import { searchResponseJsonSchema } from './search.schema.ts';

type Result = ReturnType<typeof searchResponseJsonSchema.parse>;
const keys = (r: Result) => r.results.map((h) => `${h.date} ${h.band} ${h.room.id}`);

describeEachDialect('cross-facility search API', (ctx) => {
  let app: ReturnType<typeof testApp>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx()); // now: Tuesday 2026-11-24 10:00 Tokyo
    const kita = await makeFacility(db, { ward_id: 'kokurakita', name_kana: 'あ' });
    const kitaSaturdayShort = await makeFacility(db, {
      ward_id: 'kokurakita',
      name_kana: 'い',
      hours: {
        1: ['09:00', '21:00'],
        2: ['09:00', '21:00'],
        3: ['09:00', '21:00'],
        4: ['09:00', '21:00'],
        5: ['09:00', '21:00'],
        6: ['09:00', '12:00'],
      },
    });
    const moji = await makeFacility(db, { ward_id: 'moji' });
    ids.big = await makeRoom(db, kita, { id: 'big', capacity: 40, room_type: 'lecture_room', equipment: ['projector', 'whiteboard'] });
    ids.small = await makeRoom(db, kita, { id: 'small', capacity: 10, room_type: 'meeting_room' });
    ids.cook = await makeRoom(db, kitaSaturdayShort, { id: 'cook', capacity: 24, room_type: 'cooking_room', equipment: ['kitchen'] });
    ids.moji = await makeRoom(db, moji, { id: 'moji-room', capacity: 30 });
    // Saturday 2026-12-05: the big room is booked in the afternoon.
    await makeBooking(db, ids.big, '2026-12-05', ['afternoon']);
    await makeClosure(db, moji, { startsOn: '2026-12-05', endsOn: '2026-12-05', reason: 'shelter' });
  });

  const search = async (query: string) => {
    const res = await app.request(`/api/v1/search?${query}`);
    expect(res.status, query).toBe(200);
    return searchResponseJsonSchema.parse(await res.json());
  };

  it('finds "a room for 20 people, Saturday afternoon, in 小倉北区"', async () => {
    const r = await search('date=2026-12-05&band=afternoon&ward=kokurakita&minCapacity=20');
    // big is booked, small is too small, cook's centre closes at 12:00 on Saturdays.
    expect(r.results).toEqual([]);
    const morning = await search('date=2026-12-05&band=morning&ward=kokurakita&minCapacity=20');
    expect(keys(morning)).toEqual(['2026-12-05 morning big', '2026-12-05 morning cook']);
    expect(morning.results[0]).toMatchObject({
      label: '午前',
      start: '09:00',
      end: '12:00',
      facility: { wardId: 'kokurakita' },
      room: { capacity: 40 },
    });
  });

  it('searches every ward when none is given, skipping closed facilities', async () => {
    const r = await search('date=2026-12-05&band=morning');
    expect(keys(r).sort()).toEqual(['2026-12-05 morning big', '2026-12-05 morning cook', '2026-12-05 morning small']);
  });

  it('filters by room type and equipment (e.g. a cooking room)', async () => {
    expect(keys(await search('date=2026-12-04&band=evening&roomType=cooking_room'))).toEqual(['2026-12-04 evening cook']);
    expect(keys(await search('date=2026-12-04&band=evening&equipment=kitchen'))).toEqual(['2026-12-04 evening cook']);
    expect(keys(await search('date=2026-12-04&band=evening&equipment=projector&equipment=whiteboard'))).toEqual(['2026-12-04 evening big']);
    expect(keys(await search('date=2026-12-04&band=evening&equipment=projector,kitchen'))).toEqual([]);
  });

  it('searches a date range and several bands, sorted by date then time', async () => {
    const r = await search('from=2026-12-05&to=2026-12-07&band=morning&band=evening&ward=moji');
    // Moji is closed on the 5th (shelter), on Sunday the 6th (closed day); Monday the 7th is open.
    expect(keys(r)).toEqual(['2026-12-07 morning moji-room', '2026-12-07 evening moji-room']);
  });

  it('never offers cells that have already started', async () => {
    const r = await search('date=2026-11-24&ward=moji');
    expect(r.results.map((h) => h.band)).toEqual(['afternoon', 'evening']);
  });

  it('caps results and says so', async () => {
    const r = await search('from=2026-12-01&to=2026-12-31');
    expect(r.total).toBeGreaterThan(200);
    expect(r.results).toHaveLength(200);
    expect(r.truncated).toBe(true);
  });

  it('refuses bad queries with field errors', async () => {
    const cases: [string, string][] = [
      ['band=morning', 'date'],
      ['date=2026-02-30', 'date'],
      ['date=2026-12-05&band=night', 'band'],
      ['date=2026-12-05&minCapacity=-3', 'minCapacity'],
      ['date=2026-12-05&minCapacity=twenty', 'minCapacity'],
      ['date=2026-12-05&minCapacity=0x10', 'minCapacity'],
      ['date=2026-12-05&minCapacity=1e2', 'minCapacity'],
      ['date=2026-12-05&minCapacity=501', 'minCapacity'],
      ['date=2026-12-05&roomType=pool', 'roomType'],
      ['date=2026-12-05&equipment=jacuzzi', 'equipment'],
      ['date=2026-12-05&ward=atlantis', 'ward'],
      ['from=2026-12-01&to=2027-01-15', 'to'],
      ['from=2026-12-10&to=2026-12-01', 'to'],
    ];
    for (const [query, field] of cases) {
      const res = await app.request(`/api/v1/search?${query}`);
      expect(res.status, query).toBe(422);
      const body = (await res.json()) as { errors: { field: string; message: string }[] };
      expect(
        body.errors.map((e) => e.field),
        query,
      ).toContain(field);
      expect(body.errors.every((e) => e.message.length > 0)).toBe(true);
    }
  });

  it('accepts full-width numbers typed with an IME', async () => {
    const r = await search(`date=${encodeURIComponent('２０２６－１２－０４')}&band=evening&minCapacity=${encodeURIComponent('３５')}`);
    expect(keys(r)).toEqual(['2026-12-04 evening big']);
  });
});
