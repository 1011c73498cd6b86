/**
 * The resident's booking pages on both databases, driven as a browser would (forms, redirects, the code
 * read from the outbox as from a mail): the office, a life event's services ticked in its order, a week
 * of times with closed days said plainly and 持ち物 shown, the details with every refusal in the error
 * summary (missing fields, phone only, a wrong code) and nothing booked, the booking redirecting to its
 * page, a double submit booking once, and a time taken meanwhile answered 409 with the next that fit.
 */
import { beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../../test/browser.ts';
import { countRows, describeEachDialect, testApp } from '../../../test/db.ts';
import { makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { EMAIL_CODES_PER_HOUR } from './appointment.email-codes.ts';
import { codeMailedTo, DAY, makeCounter, makeLifeEvent, makeOffice, makeService } from './appointment.test-helpers.ts';

describeEachDialect('the resident’s booking pages', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let officeId: string;
  let movingIn: string;
  let insurance: string;
  let eventId: string;
  let serial = 0;

  beforeAll(async () => {
    const db = ctx().db.kysely; // the test clock: Tuesday 2026-11-24, 10:00 in Tokyo
    app = testApp(ctx());
    officeId = await makeOffice(db, { wardId: 'yahatanishi', name: '八幡西区役所' });
    const citizens = await makeCounter(db, officeId, { desks: 1 });
    const pensions = await makeCounter(db, officeId, { name: '保険年金課', desks: 1 });
    movingIn = await makeService(db, citizens);
    insurance = await makeService(db, pensions, { name: '国民健康保険の加入' });
    eventId = await makeLifeEvent(db, [movingIn, insurance], 10);
  });

  const email = () => `newcomer${++serial}-${Math.random().toString(36).slice(2, 7)}@example.jp`;
  const both = () => ({ services: [movingIn, insurance], event: eventId });
  const details = { name: '転入 花子', nameKana: 'テンニュウ ハナコ', phone: '' };

  it('lists the offices, then the office’s life events and procedures', async () => {
    const page = new PageClient(app);
    const entry = await page.get('/appointments');
    expect(entry.res.status).toBe(200);
    expect(entry.html).toContain(`href="/appointments?office=${officeId}"`);
    const office = await page.get(`/appointments?office=${officeId}`);
    expect(office.html).toContain(`href="/appointments/events/${eventId}"`);
    expect(office.html).toContain(`/appointments/times?services=${movingIn}`);
    expect((await page.get('/appointments?office=org_nowhere')).res.status).toBe(404);
    const bare = await page.get('/appointments/details?lang=en'); // the language switch of a POSTed step
    expect([bare.res.status, bare.res.headers.get('location')]).toEqual([303, '/appointments']);
  });

  it('ticks every service of a life event in its order, and asks again when none is ticked', async () => {
    const page = new PageClient(app);
    const event = await page.get(`/appointments/events/${eventId}`);
    expect(event.res.status).toBe(200);
    expect(event.html.indexOf(`value="${movingIn}" checked`)).toBeGreaterThan(0);
    expect(event.html.indexOf(`value="${movingIn}"`)).toBeLessThan(event.html.indexOf(`value="${insurance}"`));
    const none = await page.get(`/appointments/times?event=${eventId}`);
    expect(none.res.status).toBe(422);
    expect(none.html).toContain('予約する手続きを選んでください。');
    expect((await page.get('/appointments/events/lev_nowhere')).res.status).toBe(404);
  });

  it('shows a week: today closed for booking, the weekend said plainly, 持ち物, times that fit back to back', async () => {
    const page = new PageClient(app);
    const week = await page.get(`/appointments/times?services=${movingIn}`);
    expect(week.res.status).toBe(200);
    expect(week.html).toContain('この日の予約の受付は終わりました'); // today: until the day before
    expect(week.html).toContain('土曜・日曜は窓口がお休みです');
    expect(week.html).toContain('転出証明書'); // 持ち物
    expect(week.html).toContain('次の週');
    expect(week.html).not.toContain('前の週');
    expect(week.html).toContain(`date=2026-11-25&amp;start=08%3A30`);
    const sequence = await page.get(`/appointments/times?services=${movingIn}&services=${insurance}&event=${eventId}&from=${DAY}`);
    expect(sequence.html).toContain('前の週');
    expect(sequence.html).toContain('窓口を移動する時間（10分）');
    const summary = await page.get(
      `/appointments/details?services=${movingIn}&services=${insurance}&event=${eventId}&date=${DAY}&start=09:00`,
    );
    expect(summary.res.status).toBe(200);
    expect(summary.html).toMatch(/09:00〜09:15\s*転入届/);
    expect(summary.html).toMatch(/09:30〜09:45\s*国民健康保険の加入/); // 10 minutes to walk, then the next slot
    expect(summary.html).toContain('区役所へお電話ください'); // the phone-only rule, said before it is needed
  });

  it('refuses missing fields and a phone number alone in the error summary, and mails no code', async () => {
    const page = new PageClient(app);
    const codes = await countRows(ctx(), 'appointment_email_codes');
    const missing = await page.post('/appointments/details', { ...both(), date: DAY, start: '09:00', name: '', nameKana: '', email: '' });
    expect(missing.res.status).toBe(422);
    expect(missing.html).toContain('error-summary');
    expect(missing.html).toContain('href="#name"');
    expect(missing.html).toContain('href="#nameKana"');
    expect(missing.html).toContain('href="#email"');
    const phoneOnly = await page.post('/appointments/details', {
      ...both(),
      ...details,
      date: DAY,
      start: '09:00',
      phone: '093-123-4567',
      email: '',
    });
    expect(phoneOnly.res.status).toBe(422);
    expect(phoneOnly.html).toContain('電話番号だけで予約するときは、区役所へお電話ください');
    const badEmail = await page.post('/appointments/details', {
      ...both(),
      ...details,
      date: DAY,
      start: '09:00',
      email: 'not-an-address',
    });
    expect(badEmail.res.status).toBe(422);
    expect(await countRows(ctx(), 'appointment_email_codes')).toBe(codes);
    expect(await countRows(ctx(), 'appointments')).toBe(0);
  });

  it('books with an emailed code: a wrong code is refused, the right one redirects to the appointment', async () => {
    const page = new PageClient(app);
    const address = email();
    const form = { ...both(), ...details, date: DAY, start: '09:00', email: address };
    const code = await page.post('/appointments/details', form);
    expect(code.res.status).toBe(200);
    expect(code.html).toContain(`${address} に6桁の確認コードをお送りしました`);
    const token = /name="formToken" value="([^"]+)"/.exec(code.html)?.[1] ?? '';
    const right = await codeMailedTo(ctx().db.kysely, address);
    const wrong = await page.post('/appointments', { ...form, formToken: token, emailCode: right === '000000' ? '111111' : '000000' });
    expect(wrong.res.status).toBe(422);
    expect(wrong.html).toContain('確認コードが違うか、有効期限');
    expect(wrong.html).toContain('name="emailCode"');
    expect(await countRows(ctx(), 'appointments')).toBe(0);

    const booked = await page.post('/appointments', { ...form, formToken: token, emailCode: right });
    expect(booked.res.status).toBe(303);
    const location = booked.res.headers.get('location') ?? '';
    expect(location).toMatch(/^\/appointments\/\d{8}\?secret=[^&]+&notice=booked$/);
    const shown = await page.get(location);
    expect(shown.res.status).toBe(200);
    expect(shown.html).toContain('予約しました');
    expect(shown.html).toContain('<svg');
    expect(shown.html).toMatch(/09:30〜09:45\s*国民健康保険の加入/);
    // The same form again (a double click, a reload): one appointment, no second booking.
    const again = await page.post('/appointments', { ...form, formToken: token, emailCode: right });
    expect(again.res.status).toBe(200);
    expect(again.html).toContain('この予約はすでに受け付けています');
    expect(await countRows(ctx(), 'appointments')).toBe(1);
  });

  it('books as the signed-in resident, and answers a time taken meanwhile with the next times that fit', async () => {
    const db = ctx().db.kysely;
    const first = await makeUser(db, { email: email() });
    const second = await makeUser(db, { email: email() });
    const a = new PageClient(app);
    await a.logIn(first.email ?? '', TEST_PASSWORD);
    const b = new PageClient(app);
    await b.logIn(second.email ?? '', TEST_PASSWORD);
    const path = `/appointments/details?services=${movingIn}&date=${DAY}&start=10:00`;
    const formA = await a.get(path);
    expect(formA.html).toContain(`${first.email}）で予約します`); // the account as it is, no fields to type
    expect(formA.html).not.toContain('name="nameKana"');
    const formB = await b.get(path); // both see 10:00 free (one desk)
    const tokenOf = (html: string) => /name="formToken" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const booked = await a.post('/appointments', { services: movingIn, date: DAY, start: '10:00', formToken: tokenOf(formA.html) });
    expect(booked.res.status).toBe(303);
    const before = await countRows(ctx(), 'appointments');
    const full = await b.post('/appointments', { services: movingIn, date: DAY, start: '10:00', formToken: tokenOf(formB.html) });
    expect(full.res.status).toBe(409);
    expect(full.html).toContain('この時間は予約できませんでした');
    expect(full.html).toContain(`date=${DAY}&amp;start=10%3A15`); // the next start that fits
    expect(await countRows(ctx(), 'appointments')).toBe(before);
    // The taken time is no longer offered: its details page goes back to the week.
    const gone = await b.get(path);
    expect(gone.res.status).toBe(409);
    expect(gone.html).toContain('この時刻からは予約できません');
  });

  it('limits the codes mailed to one address, answering 429 with when to try again', async () => {
    const page = new PageClient(app);
    const form = { ...both(), ...details, date: DAY, start: '11:00', email: email() };
    const codes = [];
    for (let i = 0; i <= EMAIL_CODES_PER_HOUR; i++) codes.push(await page.post('/appointments/details', form));
    expect(codes.slice(0, EMAIL_CODES_PER_HOUR).map((r) => r.res.status)).toEqual(Array(EMAIL_CODES_PER_HOUR).fill(200));
    const over = codes[EMAIL_CODES_PER_HOUR];
    expect(over?.res.status).toBe(429);
    expect(Number(over?.res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(over?.html).toContain('しばらく受け付けを止めています');
    const mailed = await ctx().db.kysely.selectFrom('appointment_email_codes').select('id').where('email', '=', form.email).execute();
    expect(mailed).toHaveLength(EMAIL_CODES_PER_HOUR);
  });

  it('reads in English', async () => {
    const page = new PageClient(app);
    const week = await page.get(`/appointments/times?services=${movingIn}&from=${DAY}&lang=en`);
    expect(week.html).toContain('Choose a day and time');
    expect(week.html).toContain('Certificate of moving out');
  });
});
