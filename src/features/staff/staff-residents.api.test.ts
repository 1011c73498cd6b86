/**
 * Finding a resident through the staff API (by 利用者番号, フリガナ or the phone's last digits, with the
 * staff page's rules and masking) and naming the resident of a proxy booking by 利用者番号.
 */
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { countRows, describeEachDialect, testApp } from '../../../test/db.ts';
import { makeFacility, makeRoom, makeStaff, makeUser } from '../../../test/factories.ts';
import { proxyReservationJsonSchema, residentSearchJsonSchema } from './staff.schema.ts';

describeEachDialect('staff API: resident search and 利用者番号', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let roomId: string;
  let yamada: { id: string; number: string };
  let clerk: string;
  let residentToken: string;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    const facilityId = await makeFacility(db);
    roomId = await makeRoom(db, facilityId);
    yamada = await makeUser(db, { number: '20261234', name: '山田 花子', name_kana: 'ヤマダ ハナコ', email: 'hanako@example.com' });
    await db.updateTable('users').set({ phone: '090-1234-5678' }).where('id', '=', yamada.id).execute();
    await makeUser(db, { number: '20265555', name: '100%満足', name_kana: 'マンゾク タロウ' });
    clerk = await tokenFor(ctx(), (await makeStaff(db, 'clerk', { facilityId })).id);
    residentToken = await tokenFor(ctx(), yamada.id);
  });

  const search = (q: string, token = clerk) => api(app, 'GET', `/api/v1/staff/residents?q=${encodeURIComponent(q)}`, token);

  it('finds a resident by 利用者番号, by フリガナ however typed, and by the phone’s last digits', async () => {
    for (const q of ['20261234', '２０２６１２３４', 'やまだ', 'ヤマダハナコ', 'ﾔﾏﾀﾞ ﾊﾅｺ', ' やまだ　はなこ ', '5678', '1234-5678']) {
      const { status, json } = await search(q);
      expect(status, q).toBe(200);
      expect(
        (json.residents as { id: string }[]).map((r) => r.id),
        q,
      ).toEqual([yamada.id]);
    }
  });

  it('leaves out whoever holds a staff role, whatever the old users.role column says', async () => {
    const db = ctx().db.kysely;
    const staffMember = await makeStaff(db, 'admin'); // its users.role stays 'resident': only the assignment says staff
    expect(((await search(staffMember.number)).json.residents as unknown[]).length).toBe(0);
  });

  it('shows what identifies the caller and nothing more: the phone masked but for its last four digits', async () => {
    const { json } = await search('やまだ');
    expect(json.residents).toEqual([
      { id: yamada.id, number: '20261234', name: '山田 花子', nameKana: 'ヤマダ ハナコ', phoneTail: '5678', noShows: 0 },
    ]);
    expect(JSON.stringify(json)).not.toContain('hanako@example.com');
    expect(JSON.stringify(json)).not.toContain('090-1234');
    expect(json.limit).toBe(20);
    residentSearchJsonSchema.parse(json); // the documented shape
  });

  it('takes a wildcard literally and refuses an empty key with 422', async () => {
    // `%` finds the one name holding a percent sign, not everyone; `_` matches no single character.
    expect(((await search('%')).json.residents as { name: string }[]).map((r) => r.name)).toEqual(['100%満足']);
    expect(((await search('_')).json.residents as unknown[]).length).toBe(0);
    for (const q of ['', '   ', '　']) {
      const empty = await search(q);
      expect(empty.status, JSON.stringify(q)).toBe(422);
      expect(empty.json.errors?.[0]?.field).toBe('q');
    }
    const missing = await api(app, 'GET', '/api/v1/staff/residents', clerk);
    expect(missing.status).toBe(422);
    expect((await search('あ'.repeat(101))).status).toBe(422);
    expect((await search('\u0000やまだ')).status).toBe(422); // PostgreSQL refuses NUL in text: never sent to it
  });

  it('answers any search key with a result or a 422, never a 5xx', async () => {
    const key = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.constantFrom("'; --", '\\', '%_%', '\u0000'),
    );
    await fc.assert(
      fc.asyncProperty(key, async (q) => {
        const { status } = await search(q);
        expect([200, 422], JSON.stringify(q)).toContain(status);
      }),
      { numRuns: 60 },
    );
  });

  it('is for staff only: 403 for a resident, 401 without a token', async () => {
    expect((await search('やまだ', residentToken)).status).toBe(403);
    expect((await api(app, 'GET', '/api/v1/staff/residents?q=yamada')).status).toBe(401);
  });

  const proxy = (who: Record<string, unknown>, date: string) =>
    api(app, 'POST', '/api/v1/staff/reservations', clerk, {
      ...who,
      channel: 'phone',
      roomId,
      date,
      bands: ['morning'],
      purpose: '書道',
      attendees: 4,
      category: 'general',
    });

  it('books by 利用者番号 (full-width digits too) as by internal id', async () => {
    const { status, json } = await proxy({ residentNumber: '２０２６１２３４' }, '2026-12-03');
    expect(status).toBe(201);
    expect(json).toMatchObject({ residentId: yamada.id, residentNumber: '20261234' });
    proxyReservationJsonSchema.parse(json);
    const row = await ctx()
      .db.kysely.selectFrom('reservations')
      .select('user_id')
      .where('id', '=', String(json.id))
      .executeTakeFirstOrThrow();
    expect(row.user_id).toBe(yamada.id);
  });

  it('refuses neither, both, or an unknown 利用者番号 with a clear problem, booking nothing', async () => {
    const before = await countRows(ctx(), 'reservations');
    const neither = await proxy({}, '2026-12-04');
    expect(neither.status).toBe(422);
    expect(neither.json.errors?.map((e) => e.field)).toEqual(['residentId']);
    const both = await proxy({ residentId: yamada.id, residentNumber: yamada.number }, '2026-12-04');
    expect(both.status).toBe(422);
    expect(both.json.errors?.map((e) => e.field)).toEqual(['residentNumber']);
    const unknown = await proxy({ residentNumber: '99999999' }, '2026-12-04');
    expect(unknown.status).toBe(422);
    expect(unknown.json.errors).toEqual([{ field: 'residentNumber', message: 'この利用者は見つかりません。' }]);
    const malformed = await proxy({ residentNumber: '12-ab' }, '2026-12-04');
    expect(malformed.status).toBe(422);
    expect(malformed.json.errors?.map((e) => e.field)).toEqual(['residentNumber']);
    expect(await countRows(ctx(), 'reservations')).toBe(before);
  });
});
