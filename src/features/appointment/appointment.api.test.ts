/**
 * The counter-appointment API on both databases: the catalogue and slots, booking without an account
 * (email confirmed by its code), with an account, by staff for a phone caller, the rules (window,
 * eligibility, limits, email code, phone-only only by staff), Idempotency-Key, cancelling frees the seat,
 * and bad input refused naming the field with nothing changed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { countRows, describeEachDialect, testApp } from '../../../test/db.ts';
import { makeStaff, makeUser } from '../../../test/factories.ts';
import { codeMailedTo, DAY, makeCounter, makeLifeEvent, makeOffice, makeService } from './appointment.test-helpers.ts';

type App = ReturnType<typeof testApp>;

describeEachDialect('counter appointments API', (ctx) => {
  let app: App;
  let officeId: string;
  let citizens: string;
  let insurance: string;
  let movingIn: string;
  let mynumber: string;
  let healthInsurance: string;
  let residentsOnly: string;
  let mailSerial = 0;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    officeId = await makeOffice(db, { wardId: 'kokurakita', name: '小倉北区役所' });
    citizens = await makeCounter(db, officeId, { desks: 2 });
    insurance = await makeCounter(db, officeId, { name: '保険年金課', desks: 1 });
    movingIn = await makeService(db, citizens);
    mynumber = await makeService(db, citizens, { name: 'マイナンバーカードの受取', duration: 30 });
    healthInsurance = await makeService(db, insurance, { name: '国民健康保険の加入', duration: 15 });
    residentsOnly = await makeService(db, insurance, { name: '国民年金', eligibility: 'ward_residents' });
  });

  const freshEmail = () => `resident${++mailSerial}-${Math.random().toString(36).slice(2, 8)}@example.jp`;

  /** A resident without an account: asks for a code, reads it from the mail, books. */
  async function bookAnonymously(body: Record<string, unknown>, headers: Record<string, string> = {}) {
    const email = (body.email as string | undefined) ?? freshEmail();
    expect((await api(app, 'POST', '/api/v1/appointments/email-codes', undefined, { email })).status).toBe(202);
    const emailCode = await codeMailedTo(ctx().db.kysely, email);
    return api(
      app,
      'POST',
      '/api/v1/appointments',
      undefined,
      { name: '転入 太郎', nameKana: 'テンニュウ タロウ', email, emailCode, ...body },
      headers,
    );
  }

  const seatsOf = async (number: string) => {
    const db = ctx().db.kysely;
    return db
      .selectFrom('appointment_seats')
      .innerJoin('appointments', 'appointments.id', 'appointment_seats.appointment_id')
      .select(['appointment_seats.slot', 'appointment_seats.seat', 'appointment_seats.counter_id'])
      .where('appointments.number', '=', number)
      .orderBy('appointment_seats.slot')
      .execute();
  };

  it('lists offices with counters, services, documents and windows, and the life events', async () => {
    await makeLifeEvent(ctx().db.kysely, [movingIn, healthInsurance]);
    const { status, json } = await api(app, 'GET', '/api/v1/offices');
    expect(status).toBe(200);
    const office = (
      json.offices as { id: string; counters: { id: string; services: { id: string; documents: string[]; bookFromDays: number }[] }[] }[]
    ).find((o) => o.id === officeId);
    expect(office?.counters.map((c) => c.id)).toEqual([citizens, insurance]);
    expect(office?.counters[0]?.services[0]).toMatchObject({ id: movingIn, documents: ['本人確認書類', '転出証明書'], bookFromDays: 14 });
    expect((json.lifeEvents as { serviceIds: string[] }[]).some((e) => e.serviceIds.join() === [movingIn, healthInsurance].join())).toBe(
      true,
    );
  });

  it('answers free desks per start; a 30-minute service needs both slots on one desk', async () => {
    const booked = await bookAnonymously({ serviceIds: [movingIn], date: DAY, start: '09:15' });
    expect(booked.status).toBe(201);
    const { status, json } = await api(app, 'GET', `/api/v1/services/${mynumber}/slots?from=${DAY}&to=2026-12-05`);
    expect(status).toBe(200);
    const days = json.days as { date: string; open: boolean; closedReason: string | null; slots: { starts: string; free: number }[] }[];
    const first = days[0];
    expect(first?.slots.find((s) => s.starts === '09:00')?.free).toBe(1); // 09:00–09:30 crosses the taken 09:15 on desk 1
    expect(first?.slots.find((s) => s.starts === '09:30')?.free).toBe(2);
    expect(first?.slots.map((s) => s.starts)).not.toContain('11:45'); // would run into the lunch break
    expect(days.find((d) => d.date === '2026-12-05')).toMatchObject({ open: false, closedReason: 'weekend' });
    const tooLong = await api(app, 'GET', `/api/v1/services/${mynumber}/slots?from=${DAY}&to=2027-01-15`);
    expect(tooLong.status).toBe(422);
    expect(tooLong.json.errors?.[0]?.field).toBeDefined();
    expect((await api(app, 'GET', `/api/v1/services/svc_nothing/slots?from=${DAY}&to=${DAY}`)).status).toBe(404);
  });

  it('books without an account once the email answers its code: seats, items, a confirmation mail', async () => {
    const email = freshEmail();
    const { status, json, res } = await bookAnonymously({ serviceIds: [mynumber], date: DAY, start: '10:00', email });
    expect(status).toBe(201);
    expect(json.number).toMatch(/^\d{8}$/);
    expect(typeof json.secret).toBe('string');
    expect(res.headers.get('location')).toBe(`/api/v1/appointments/${json.number}`);
    expect(json).toMatchObject({ status: 'booked', contactConfirmed: true, channel: 'api', date: DAY, starts: '10:00' });
    expect(await seatsOf(json.number as string)).toEqual([
      { slot: '10:00', seat: 1, counter_id: citizens },
      { slot: '10:15', seat: 1, counter_id: citizens },
    ]);
    const mail = await ctx()
      .db.kysely.selectFrom('notify_messages')
      .select(['subject', 'body_text'])
      .where('address', '=', email)
      .where('kind', '=', 'appointment.confirmed')
      .executeTakeFirstOrThrow();
    expect(mail.body_text).toContain(`${String(json.number).slice(0, 4)}-${String(json.number).slice(4)}`);
    expect(mail.body_text).toContain(`secret=${json.secret}`);
    expect(mail.body_text).toContain('本人確認書類');
    const stored = await ctx()
      .db.kysely.selectFrom('appointments')
      .select('secret_hash')
      .where('number', '=', json.number as string)
      .executeTakeFirstOrThrow();
    expect(stored.secret_hash).not.toBe(json.secret);

    const shown = await api(app, 'GET', `/api/v1/appointments/${json.number}?secret=${json.secret}`);
    expect(shown.status).toBe(200);
    expect(shown.json.secret).toBeUndefined();
    expect((shown.json.items as { serviceName: string }[])[0]?.serviceName).toBe('マイナンバーカードの受取');
    expect((await api(app, 'GET', `/api/v1/appointments/${json.number}?secret=wrong`)).status).toBe(404);
  });

  it('refuses a missing, wrong or reused email code, and phone-only without staff; nothing is booked', async () => {
    const before = await countRows(ctx(), 'appointments');
    const base = { serviceIds: [movingIn], date: DAY, start: '13:00', name: '山田 花子', nameKana: 'ヤマダ ハナコ' };
    const noCode = await api(app, 'POST', '/api/v1/appointments', undefined, { ...base, email: freshEmail() });
    expect(noCode.status).toBe(422);
    expect(noCode.json.errors?.map((e) => e.field)).toEqual(['emailCode']);
    const email = freshEmail();
    await api(app, 'POST', '/api/v1/appointments/email-codes', undefined, { email });
    const code = await codeMailedTo(ctx().db.kysely, email);
    const wrongCode = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const wrong = await api(app, 'POST', '/api/v1/appointments', undefined, { ...base, email, emailCode: wrongCode });
    expect(wrong.status).toBe(422);
    expect(wrong.json.errors?.[0]?.field).toBe('emailCode');
    const phoneOnly = await api(app, 'POST', '/api/v1/appointments', undefined, { ...base, phone: '093-582-0000' });
    expect(phoneOnly.status).toBe(422);
    expect(phoneOnly.json.errors?.[0]).toMatchObject({ field: 'email' });
    expect(phoneOnly.json.errors?.[0]?.message).toContain('お電話');
    expect(await countRows(ctx(), 'appointments')).toBe(before);
    // The right code still works after a wrong guess, once.
    expect((await api(app, 'POST', '/api/v1/appointments', undefined, { ...base, email, emailCode: code })).status).toBe(201);
    const again = await api(app, 'POST', '/api/v1/appointments', undefined, { ...base, start: '13:15', email, emailCode: code });
    expect(again.status).toBe(422);
    expect(again.json.errors?.[0]?.field).toBe('emailCode');
  });

  it('limits code requests per address (429 with Retry-After)', async () => {
    const email = freshEmail();
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await api(app, 'POST', '/api/v1/appointments/email-codes', undefined, { email }));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202, 429]);
    expect(answers[5]?.res.headers.get('retry-after')).toBeTruthy();
    expect(answers[5]?.json.type).toBe('urn:tsunagu:problem:too-many-requests');
  });

  it('lets only the office’s staff book for a phone caller, phone-only, with the operator recorded and audited', async () => {
    const db = ctx().db.kysely;
    const clerk = await makeStaff(db, 'counter_clerk', { id: officeId });
    const other = await makeStaff(db, 'counter_clerk', { id: await makeOffice(db) });
    const call = {
      serviceIds: [movingIn],
      date: DAY,
      start: '14:00',
      name: '電話 一郎',
      nameKana: 'デンワ イチロウ',
      phone: '093-582-1111',
      channel: 'phone',
    };
    const refused = await api(app, 'POST', '/api/v1/appointments', await tokenFor(ctx(), other.id), call);
    expect(refused.status).toBe(403);
    const resident = await api(app, 'POST', '/api/v1/appointments', await tokenFor(ctx(), (await makeUser(db)).id), call);
    expect(resident.status).toBe(403);
    const { status, json } = await api(app, 'POST', '/api/v1/appointments', await tokenFor(ctx(), clerk.id), call);
    expect(status).toBe(201);
    expect(json).toMatchObject({ channel: 'phone', contactConfirmed: false, name: '電話 一郎' });
    const row = await db
      .selectFrom('appointments')
      .select(['operator_id', 'id'])
      .where('number', '=', json.number as string)
      .executeTakeFirstOrThrow();
    expect(row.operator_id).toBe(clerk.id);
    const audit = await db.selectFrom('audit_log').select(['actor_id', 'action']).where('target_id', '=', row.id).execute();
    expect(audit).toEqual([{ actor_id: clerk.id, action: 'appointment.book_for_caller' }]);
  });

  it('books as the account holder with a token, their own contact, up to the open limit', async () => {
    const db = ctx().db.kysely;
    await db.insertInto('settings').values({ key: 'appointment_open_limit', value: '2' }).execute();
    try {
      const user = await makeUser(db, { name: '口座 持子', name_kana: 'コウザ モチコ' });
      const token = await tokenFor(ctx(), user.id);
      const book = (start: string) =>
        api(app, 'POST', '/api/v1/appointments', token, { serviceIds: [healthInsurance], date: '2026-12-02', start });
      const first = await book('09:00');
      expect(first.status).toBe(201);
      expect(first.json).toMatchObject({ name: '口座 持子', contactConfirmed: true });
      expect((await book('09:15')).status).toBe(201);
      const third = await book('09:30');
      expect(third.status).toBe(422);
      expect(third.json.errors?.[0]?.message).toContain('2件まで');
    } finally {
      await db.deleteFrom('settings').where('key', '=', 'appointment_open_limit').execute();
    }
  });

  it('refuses outside the booking window, on a closed day, at a start not offered, and a residents-only service undeclared', async () => {
    const before = await countRows(ctx(), 'appointment_seats');
    const cases: [Record<string, unknown>, string, string][] = [
      [{ serviceIds: [movingIn], date: '2026-12-10', start: '10:00' }, 'date', '2026-11-26から'],
      [{ serviceIds: [movingIn], date: '2026-11-24', start: '15:00' }, 'date', '終わりました'],
      [{ serviceIds: [movingIn], date: '2026-12-05', start: '10:00' }, 'date', 'お休み'],
      [{ serviceIds: [movingIn], date: DAY, start: '12:15' }, 'start', '開始時刻'],
      [{ serviceIds: [residentsOnly], date: DAY, start: '10:00' }, 'wardResident', '区内'],
    ];
    for (const [body, field, words] of cases) {
      const { status, json } = await bookAnonymously(body);
      expect(status, JSON.stringify(body)).toBe(422);
      expect(json.errors?.[0]?.field).toBe(field);
      expect(json.errors?.[0]?.message).toContain(words);
    }
    expect(await countRows(ctx(), 'appointment_seats')).toBe(before);
    expect((await bookAnonymously({ serviceIds: [residentsOnly], date: DAY, start: '10:00', wardResident: true })).status).toBe(201);
  });

  it('answers a retried request with the same Idempotency-Key with the same appointment, once', async () => {
    const email = freshEmail();
    const headers = { 'idempotency-key': `appt-${Math.random().toString(36).slice(2, 12)}` };
    const first = await bookAnonymously({ serviceIds: [movingIn], date: DAY, start: '15:00', email }, headers);
    expect(first.status).toBe(201);
    const code = await codeMailedTo(ctx().db.kysely, email);
    const body = {
      serviceIds: [movingIn],
      date: DAY,
      start: '15:00',
      name: '転入 太郎',
      nameKana: 'テンニュウ タロウ',
      email,
      emailCode: code,
    };
    const again = await api(app, 'POST', '/api/v1/appointments', undefined, body, headers);
    expect(again.status).toBe(201);
    expect(again.res.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json.number).toBe(first.json.number);
    expect(again.json.secret).toBeUndefined();
    const rows = await ctx()
      .db.kysely.selectFrom('appointments')
      .select('id')
      .where('idempotency_key', '=', headers['idempotency-key'])
      .execute();
    expect(rows).toHaveLength(1);
    const other = await api(app, 'POST', '/api/v1/appointments', undefined, { ...body, start: '15:15' }, headers);
    expect(other.status).toBe(422);
    expect(other.json.errors?.[0]?.field).toBe('Idempotency-Key');
  });

  it('cancelling frees the seat at once and is idempotent; after its time it cannot be cancelled', async () => {
    const db = ctx().db.kysely;
    const oneDesk = await makeCounter(db, officeId, { desks: 1 });
    const service = await makeService(db, oneDesk);
    const first = await bookAnonymously({ serviceIds: [service], date: DAY, start: '10:00' });
    expect(first.status).toBe(201);
    const full = await bookAnonymously({ serviceIds: [service], date: DAY, start: '10:00' });
    expect(full.status).toBe(409);
    expect(full.json.type).toBe('urn:tsunagu:problem:appointment-full');
    expect((full.json.alternatives as { start: string }[])[0]).toEqual({ date: DAY, start: '10:15' });
    const path = `/api/v1/appointments/${first.json.number}`;
    expect((await api(app, 'DELETE', path)).status).toBe(422); // no secret
    const cancelled = await api(app, 'DELETE', path, undefined, undefined, { 'x-appointment-secret': first.json.secret as string });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.status).toBe('cancelled');
    expect(await seatsOf(first.json.number as string)).toEqual([]);
    expect((await api(app, 'DELETE', `${path}?secret=${first.json.secret}`)).json.status).toBe('cancelled');
    expect((await bookAnonymously({ serviceIds: [service], date: DAY, start: '10:00' })).status).toBe(201);

    const later = testApp(ctx(), { now: () => new Date('2026-12-01T01:30:00Z') }); // 10:30 in Tokyo on the day
    const taken = await bookAnonymously({ serviceIds: [service], date: DAY, start: '10:15' });
    const past = await api(later, 'DELETE', `/api/v1/appointments/${taken.json.number}?secret=${taken.json.secret}`);
    expect(past.status).toBe(409);
    expect(past.json.type).toBe('urn:tsunagu:problem:appointment-not-cancellable');
  });

  describe('bad input', () => {
    it('names the field, 422, nothing changed', async () => {
      const before = [await countRows(ctx(), 'appointments'), await countRows(ctx(), 'appointment_seats')];
      const post = (body: unknown) => api(app, 'POST', '/api/v1/appointments', undefined, body);
      const base = {
        serviceIds: [movingIn],
        date: DAY,
        start: '10:45',
        name: 'a',
        nameKana: 'ア',
        email: 'a@example.jp',
        emailCode: '123456',
      };
      const cases: [unknown, string][] = [
        [{ ...base, colour: 'red' }, 'colour'],
        [{ ...base, start: '10時' }, 'start'],
        [{ ...base, date: '2026-02-30' }, 'date'],
        [{ ...base, serviceIds: [] }, 'serviceIds'],
        [{ ...base, serviceIds: ['svc_none'] }, 'serviceIds'],
        [{ ...base, nameKana: 'Yamada' }, 'nameKana'],
        [{ ...base, email: 'not-an-email' }, 'email'],
        [{ ...base, emailCode: '12' }, 'emailCode'],
        [{ ...base, channel: 'fax' }, 'channel'],
        [{ ...base, lifeEventId: 'lev_none' }, 'lifeEventId'],
        [{ ...base, serviceIds: [movingIn, movingIn] }, 'serviceIds'],
        [
          {
            ...base,
            serviceIds: [
              movingIn,
              await makeService(ctx().db.kysely, await makeCounter(ctx().db.kysely, await makeOffice(ctx().db.kysely))),
            ],
          },
          'serviceIds',
        ],
      ];
      for (const [body, field] of cases) {
        const { status, json } = await post(body);
        expect(status, JSON.stringify(body)).toBe(422);
        expect(
          json.errors?.map((e) => e.field),
          JSON.stringify(body),
        ).toContain(field);
      }
      expect((await post('not json')).status).toBe(422);
      expect((await api(app, 'POST', '/api/v1/appointments', undefined, base, { 'idempotency-key': 'x' })).json.errors?.[0]?.field).toBe(
        'Idempotency-Key',
      );
      expect((await api(app, 'GET', '/api/v1/appointments/12?secret=x')).status).toBe(404);
      expect([await countRows(ctx(), 'appointments'), await countRows(ctx(), 'appointment_seats')]).toEqual(before);
    });
  });
});
