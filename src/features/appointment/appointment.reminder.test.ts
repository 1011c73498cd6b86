/**
 * The reminder the day before, on both databases: each booked appointment of tomorrow is reminded exactly
 * once however often the job runs and from however many processes at once; nothing before 09:00; the
 * message carries the number, times, counters, places, 持ち物 and a manage link that opens it; a person
 * with an account is reached on the channels they chose; a change to another day makes it due again.
 */
import { beforeAll, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { describeEachDialect, testApp, testClock } from '../../../test/db.ts';
import { makeStaff, makeUser } from '../../../test/factories.ts';
import { fixedClock } from '../../lib/time.ts';
import { runJobsOnce } from '../../platform/jobs/jobs.ts';
import { bookForCaller, messagesAbout } from './appointment.change.test-helpers.ts';
import { appointmentReminderJob, sendAppointmentReminders } from './appointment.reminder.job.ts';
import { makeCounter, makeOffice, makeService } from './appointment.test-helpers.ts';

const TOMORROW = '2026-11-25'; // the test clock's day is Tuesday 2026-11-24, 10:00 in Tokyo
const URL = 'https://city.example';

describeEachDialect('the appointment reminder', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let clerk: string;
  let serviceId: string;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    const officeId = await makeOffice(db, { name: '八幡西区役所' });
    const counterId = await makeCounter(db, officeId, { desks: 3 });
    serviceId = await makeService(db, counterId);
    clerk = await tokenFor(ctx(), (await makeStaff(db, 'counter_clerk', { id: officeId })).id);
  });

  /** Everyone due now reminded first, so each test counts only its own. */
  const settle = () => sendAppointmentReminders(ctx().db.kysely, testClock(), URL);

  it('reminds once with the number, times, counter, place, 持ち物 and a manage link that opens it', async () => {
    const db = ctx().db.kysely;
    await settle();
    const booked = await bookForCaller(app, clerk, { serviceIds: [serviceId], date: TOMORROW, start: '10:30' });
    expect(await sendAppointmentReminders(db, testClock(), URL)).toBe(1);
    expect(await sendAppointmentReminders(db, testClock(), URL)).toBe(0);
    const mails = await messagesAbout(db, 'appointment.reminder', booked.number);
    expect(mails).toHaveLength(1);
    const mail = mails[0];
    expect(mail?.address).toBe(booked.email);
    expect(mail?.subject).toContain('明日は窓口予約の日です');
    expect(mail?.body_text).toContain(`${booked.number.slice(0, 4)}-${booked.number.slice(4)}`);
    expect(mail?.body_text).toContain('10:30〜10:45 転入届（市民課 1階 3番窓口）');
    expect(mail?.body_text).toContain('・本人確認書類');
    const link = new RegExp(`${URL}/appointments/${booked.number}\\?secret=([^\\s]+)`).exec(mail?.body_text ?? '');
    expect(link).not.toBeNull();
    const secret = decodeURIComponent(link?.[1] ?? '');
    expect(secret).not.toBe(booked.secret);
    expect((await api(app, 'GET', `/api/v1/appointments/${booked.number}?secret=${encodeURIComponent(secret)}`)).status).toBe(200);
    expect((await api(app, 'GET', `/api/v1/appointments/${booked.number}?secret=${booked.secret}`)).status).toBe(200);
  });

  it('sends each once when several processes run the job at the same moment', async () => {
    const db = ctx().db.kysely;
    await settle();
    const booked = [];
    for (const start of ['11:00', '11:15', '11:30', '13:00', '13:15']) {
      booked.push(await bookForCaller(app, clerk, { serviceIds: [serviceId], date: TOMORROW, start }));
    }
    // PostgreSQL: a second pool, as a second app process has. SQLite: the same handle — a second
    // connection in this one process would wait for the writer lock synchronously (better-sqlite3),
    // blocking the event loop the first one needs to commit; runs still interleave between statements.
    const other = ctx().dialect === 'postgres' ? ctx().connectAgain() : { kysely: db, close: async () => undefined };
    try {
      // Straight at the function (no lease between them) and through the job registry's runner.
      const counts = await Promise.all([
        sendAppointmentReminders(db, testClock(), URL),
        sendAppointmentReminders(other.kysely, testClock(), URL),
        runJobsOnce([appointmentReminderJob], { db, clock: testClock(), files: { storage: 'database' }, publicUrl: URL }),
        runJobsOnce([appointmentReminderJob], { db: other.kysely, clock: testClock(), files: { storage: 'database' }, publicUrl: URL }),
      ]);
      // Every reminder claimed by exactly one of the four: the counts they report add up to five.
      const reported = counts.map((c) =>
        typeof c === 'number' ? c : Number(/reminded (\d+)/.exec(c[0] && 'outcome' in c[0] ? c[0].outcome.summary : '')?.[1] ?? NaN),
      );
      expect(reported.reduce((a, b) => a + b, 0)).toBe(5);
    } finally {
      await other.close();
    }
    for (const b of booked) expect(await messagesAbout(db, 'appointment.reminder', b.number)).toHaveLength(1);
  });

  it('sends nothing before 09:00, nor for another day, a cancelled or a phone-only appointment', async () => {
    const db = ctx().db.kysely;
    await settle();
    const early = await bookForCaller(app, clerk, { serviceIds: [serviceId], date: TOMORROW, start: '14:00' });
    expect(await sendAppointmentReminders(db, fixedClock('2026-11-23T23:30:00Z'), URL)).toBe(0); // 08:30 in Tokyo
    expect(await messagesAbout(db, 'appointment.reminder', early.number)).toHaveLength(0);
    const later = await bookForCaller(app, clerk, { serviceIds: [serviceId], date: '2026-11-26', start: '10:00' });
    const cancelled = await bookForCaller(app, clerk, { serviceIds: [serviceId], date: TOMORROW, start: '14:15' });
    await api(app, 'DELETE', `/api/v1/appointments/${cancelled.number}?secret=${cancelled.secret}`);
    const phoneOnly = await api(app, 'POST', '/api/v1/appointments', clerk, {
      name: '電話 次郎',
      nameKana: 'デンワ ジロウ',
      phone: '093-111-2222',
      channel: 'phone',
      serviceIds: [serviceId],
      date: TOMORROW,
      start: '14:30',
    });
    expect(phoneOnly.status).toBe(201);
    expect(await sendAppointmentReminders(db, testClock(), URL)).toBe(1); // `early` only
    expect(await messagesAbout(db, 'appointment.reminder', later.number)).toHaveLength(0);
    expect(await messagesAbout(db, 'appointment.reminder', cancelled.number)).toHaveLength(0);
    expect(await messagesAbout(db, 'appointment.reminder', phoneOnly.json.number as string)).toHaveLength(0);
  });

  it('reaches a person with an account on the channels they chose for appointments', async () => {
    const db = ctx().db.kysely;
    await settle();
    const person = await makeUser(db, { email: 'reminded@example.jp', name: '門司 太郎' });
    const inboxOnly = await makeUser(db, { email: 'inbox-only@example.jp', name: '門司 花子' });
    await db
      .insertInto('notify_preferences')
      .values({ user_id: inboxOnly.id, kind: 'appointment', email: 0, line: 0, paper: 0, updated_at: '2026-11-01T00:00:00Z' })
      .execute();
    const numbers: string[] = [];
    for (const [user, start] of [
      [person, '15:00'],
      [inboxOnly, '15:15'],
    ] as const) {
      const { status, json } = await api(app, 'POST', '/api/v1/appointments', await tokenFor(ctx(), user.id), {
        serviceIds: [serviceId],
        date: TOMORROW,
        start,
      });
      expect(status).toBe(201);
      numbers.push(json.number as string);
    }
    expect(await sendAppointmentReminders(db, testClock(), URL)).toBe(2);
    const channels = async (number: string) => {
      const [message] = await messagesAbout(db, 'appointment.reminder', number);
      const rows = await db
        .selectFrom('notify_deliveries')
        .select('channel')
        .where('message_id', '=', message?.id ?? '')
        .execute();
      return { to: message?.user_id, channels: rows.map((r) => r.channel).sort() };
    };
    expect(await channels(numbers[0] as string)).toEqual({ to: person.id, channels: ['email', 'web'] });
    expect(await channels(numbers[1] as string)).toEqual({ to: inboxOnly.id, channels: ['web'] });
  });

  it('is due again after a change to another day', async () => {
    const db = ctx().db.kysely;
    await settle();
    const booked = await bookForCaller(app, clerk, { serviceIds: [serviceId], date: TOMORROW, start: '16:00' });
    expect(await sendAppointmentReminders(db, testClock(), URL)).toBe(1);
    const moved = await api(app, 'PATCH', `/api/v1/appointments/${booked.number}?secret=${booked.secret}`, undefined, {
      date: '2026-11-26',
      starts: '16:00',
    });
    expect(moved.status).toBe(200);
    const row = await db.selectFrom('appointments').select('reminded_at').where('number', '=', booked.number).executeTakeFirstOrThrow();
    expect(row.reminded_at).toBeNull();
    // The next day, the job reminds it for its new day.
    expect(await sendAppointmentReminders(db, fixedClock('2026-11-25T01:00:00Z'), URL)).toBeGreaterThanOrEqual(1);
    expect(await messagesAbout(db, 'appointment.reminder', booked.number)).toHaveLength(2);
  });
});
