/**
 * The resident's change page as a browser without JavaScript uses it, on both databases: the current
 * booking and the days with room, a day's times (only where the whole life event fits), the confirmation
 * of before → after, the change posted and redirected (303) to the manage page; a full time re-rendered
 * with the next times (409) and the old booking kept; refusals in plain words; English with ?lang=en.
 */
import { beforeAll, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { PageClient } from '../../../test/browser.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeStaff } from '../../../test/factories.ts';
import { bookForCaller, seatsOfNumber } from './appointment.change.test-helpers.ts';
import { DAY, makeCounter, makeLifeEvent, makeOffice, makeService } from './appointment.test-helpers.ts';

describeEachDialect('the change page', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let clerk: string;
  let movingIn: string;
  let healthInsurance: string;
  let event: string;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx()); // Tuesday 2026-11-24, 10:00 in Tokyo
    const officeId = await makeOffice(db, { name: '小倉北区役所' });
    const citizens = await makeCounter(db, officeId, { desks: 1 });
    // The insurance counter opens only 13:00–14:00: a life event fits only where its second step does.
    const insurance = await makeCounter(db, officeId, { name: '保険年金課', desks: 1, hours: [['13:00', '14:00']] });
    movingIn = await makeService(db, citizens);
    healthInsurance = await makeService(db, insurance, { name: '国民健康保険の加入', duration: 30 });
    event = await makeLifeEvent(db, [movingIn, healthInsurance], 10);
    clerk = await tokenFor(ctx(), (await makeStaff(db, 'counter_clerk', { id: officeId })).id);
  });

  const changeUrl = (b: { number: string; secret: string }, q: Record<string, string> = {}) =>
    `/appointments/${b.number}/change?${new URLSearchParams({ secret: b.secret, ...q })}`;

  it('walks day → time → confirmation → change, then redirects to the manage page', async () => {
    const db = ctx().db.kysely;
    const booked = await bookForCaller(app, clerk, {
      lifeEventId: event,
      serviceIds: [movingIn, healthInsurance],
      date: DAY,
      start: '13:00',
    });
    const page = new PageClient(app);
    const first = await page.get(changeUrl(booked));
    expect(first.res.status).toBe(200);
    expect(first.html).toContain('予約の日時を変更する');
    expect(first.html).toContain('13:00〜13:15 転入届');
    expect(first.html).toMatch(/<option value="2026-12-02"[^>]*>2026年12月2日（水）（\d+件）<\/option>/);
    expect(first.html).not.toContain('value="2026-12-05"'); // a Saturday
    const day = await page.get(changeUrl(booked, { date: '2026-12-02' }));
    // Only starts after which the insurance counter's 13:00–14:00 still takes 30 minutes.
    const times = [...day.html.matchAll(/name="starts" value="(\d\d:\d\d)"/g)].map((m) => m[1]);
    expect(times).toContain('13:00');
    expect(times).not.toContain('09:00');
    expect(times).not.toContain('14:00');
    const confirm = await page.get(changeUrl(booked, { date: '2026-12-02', starts: '13:00' }));
    expect(confirm.html).toContain('変更前');
    expect(confirm.html).toContain('13:30〜14:00 国民健康保険の加入');
    expect(confirm.html).toContain('method="post"');
    const posted = await page.post(`/appointments/${booked.number}/change`, { secret: booked.secret, date: '2026-12-02', starts: '13:00' });
    expect(posted.res.status).toBe(303);
    expect(posted.res.headers.get('location')).toBe(`/appointments/${booked.number}?secret=${encodeURIComponent(booked.secret)}`);
    expect((await seatsOfNumber(db, booked.number)).map((s) => [s.date, s.slot])).toEqual([
      ['2026-12-02', '13:00'],
      ['2026-12-02', '13:30'],
      ['2026-12-02', '13:45'],
    ]);
  });

  it('re-renders a time taken meanwhile with the next times that fit (409), the old booking kept', async () => {
    const db = ctx().db.kysely;
    const mine = await bookForCaller(app, clerk, { serviceIds: [movingIn], date: '2026-12-03', start: '10:00' });
    const page = new PageClient(app);
    await page.get(changeUrl(mine, { date: '2026-12-03', starts: '10:30' }));
    await bookForCaller(app, clerk, { serviceIds: [movingIn], date: '2026-12-03', start: '10:30' }); // someone else, first
    const posted = await page.post(`/appointments/${mine.number}/change`, { secret: mine.secret, date: '2026-12-03', starts: '10:30' });
    expect(posted.res.status).toBe(409);
    expect(posted.html).toContain('別の時間をお選びください');
    expect(posted.html).toContain('次の日時なら予約できます');
    expect(posted.html).toContain(`starts=10%3A45`);
    expect((await seatsOfNumber(db, mine.number)).map((s) => s.slot)).toEqual(['10:00']);
  });

  it('says plainly why it cannot change, and refuses a wrong secret or bad input', async () => {
    const booked = await bookForCaller(app, clerk, { serviceIds: [movingIn], date: '2026-12-03', start: '11:00' });
    const page = new PageClient(app);
    expect((await page.get(`/appointments/${booked.number}/change?secret=wrong`)).res.status).toBe(404);
    expect((await page.get(`/appointments/${booked.number}/change`)).res.status).toBe(404);
    const badDay = await page.get(changeUrl(booked, { date: '2026-12-05' }));
    expect(badDay.res.status).toBe(422);
    expect(badDay.html).toContain('error-summary');
    const badTime = await page.post(`/appointments/${booked.number}/change`, { secret: booked.secret, date: '2026-12-04', starts: 'noon' });
    expect(badTime.res.status).toBe(422);
    expect(badTime.html).toContain('新しい開始時刻を選んでください');
    expect((await api(app, 'DELETE', `/api/v1/appointments/${booked.number}?secret=${booked.secret}`)).status).toBe(200);
    const refused = await page.get(changeUrl(booked));
    expect(refused.res.status).toBe(409);
    expect(refused.html).toContain('この予約は変更できません');
    expect(refused.html).not.toContain('name="date"');
  });

  it('speaks English with ?lang=en', async () => {
    const booked = await bookForCaller(app, clerk, { serviceIds: [movingIn], date: '2026-12-03', start: '11:15' });
    const page = new PageClient(app);
    const en = await page.get(changeUrl(booked, { lang: 'en', date: '2026-12-04' }));
    expect(en.html).toContain('Change the date and time of your appointment');
    expect(en.html).toContain('11:15–11:30 Moving-in notification');
    expect(en.html).toContain('from 09:00');
  });
});
