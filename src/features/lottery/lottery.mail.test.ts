/** The lottery's mails in English: an English subject, English month and dates, the English names of rooms. */
import { describe, expect, it } from 'vitest';
import { FACILITY_EN, JAPANESE, MAIL_BANDS, mailPrepared, mailRoom, mailUser, ROOM_EN } from '../booking/mail.test-helpers.ts';
import { drawResultMail, entryChangeText, entryReceivedMail, type ResultLine, winConfirmedMail, winLapsedMail } from './lottery.mail.ts';
import type { EntryView, WishView } from './lottery.ts';
import { DEFAULT_LOTTERY_RULES, lotterySchedule } from './lottery.ts';

const month = '2027-01';
const schedule = lotterySchedule(month, DEFAULT_LOTTERY_RULES);
const place = { ja: '小倉北市民センター 和室', en: `${FACILITY_EN} ${ROOM_EN}` };

function wish(english: boolean): WishView {
  return {
    rank: 1,
    room: mailRoom(english),
    facilityId: 'fac_mail',
    facilityName: '小倉北市民センター',
    facilityNameEn: english ? FACILITY_EN : null,
    date: '2027-01-10',
    bands: MAIL_BANDS,
    fee: 900,
    outcome: 'won',
    reservationId: 'rsv_mail',
    reservationStatus: 'confirmed',
  };
}

function entry(wishes: WishView[]): EntryView {
  return {
    id: 'ent_mail',
    month: { month, rules: DEFAULT_LOTTERY_RULES, schedule, phase: 'drawn', seedHash: 'h', seed: null, drawnAt: null },
    group: null,
    purpose: 'Go practice',
    attendees: 8,
    category: 'general',
    createdAt: '2026-11-02T01:00:00Z',
    confirmedAt: null,
    wishes,
    mayChange: true,
    withdrawOpen: false,
    confirmOpen: true,
    canWithdraw: false,
    canConfirm: true,
  };
}

describe('lottery mails in English', () => {
  it('acknowledges an entry with the month, the draw day and each choice in English', () => {
    const m = entryReceivedMail(
      'en',
      mailUser(),
      month,
      schedule,
      [mailPrepared()],
      [{ roomId: 'room_mail', date: '2027-01-10', bands: ['morning', 'afternoon'] }],
    );
    expect(m.subject).toBe('[Tsunagu] Your lottery entry for January 2027 has been received');
    expect(m.text).toContain('The draw takes place on Thu, 12 November 2026');
    expect(m.text).toContain(`Choice 1: ${FACILITY_EN} ${ROOM_EN}; Sun, 10 January 2027; Morning (09:00–12:00), Afternoon (13:00–17:00)`);
    expect(m.text).toContain('until Tue, 10 November 2026');
    expect(m.text).not.toMatch(JAPANESE);
  });

  it('gives the result in English, a win asking for confirmation and a loss pointing to first-come', () => {
    const lines: ResultLine[] = [
      { rank: 1, place, date: '2027-01-10', outcome: 'won' },
      { rank: 2, place, date: '2027-01-11', outcome: 'over_cap' },
    ];
    const won = drawResultMail('en', mailUser(), month, schedule, lines);
    expect(won.subject).toBe('[Tsunagu] You have won in the lottery for January 2027 (action needed)');
    expect(won.text).toContain(`Choice 1: ${FACILITY_EN} ${ROOM_EN}; Sun, 10 January 2027 … Won`);
    expect(won.text).toContain('Choice 2: ');
    expect(won.text).toContain('… Not drawn: win limit reached');
    expect(won.text).toContain('by Fri, 20 November 2026');
    expect(won.text).not.toMatch(JAPANESE);
    const lost = drawResultMail('en', mailUser(), month, schedule, [{ rank: 1, place, date: '2027-01-10', outcome: 'lost' }]);
    expect(lost.subject).toBe('[Tsunagu] Lottery results for January 2027');
    expect(lost.text).toContain('… Not won');
    expect(lost.text).toContain('first-come from Sat, 21 November 2026, 09:00');
    expect(lost.text).not.toMatch(JAPANESE);
    expect(drawResultMail('ja', mailUser(), month, schedule, lines).text).toContain(
      '第1希望: 小倉北市民センター 和室 令和9年1月10日（日） … 当選',
    );
  });

  it('confirms won rooms and tells of a lapsed win in English', () => {
    const confirmed = winConfirmedMail('en', mailUser(), entry([wish(true)]), [wish(true)]);
    expect(confirmed.subject).toBe('[Tsunagu] The rooms you won in the lottery are confirmed (January 2027)');
    expect(confirmed.text).toContain(`${FACILITY_EN} ${ROOM_EN}; Sun, 10 January 2027;`);
    expect(confirmed.text).toContain('fee: ¥900');
    expect(confirmed.text).not.toMatch(JAPANESE);
    expect(winConfirmedMail('en', mailUser(), entry([wish(false)]), [wish(false)]).text).toContain('小倉北市民センター 和室; Sun');

    const lapsed = winLapsedMail('en', mailUser(), '2701-000001', '2027-01-10', schedule);
    expect(lapsed.subject).toBe('[Tsunagu] Your lottery win has lapsed (booking no. 2701-000001)');
    expect(lapsed.text).toContain('your win for Sun, 10 January 2027 has lapsed');
    expect(lapsed.text).not.toMatch(JAPANESE);
  });

  it('words what a member did to the group’s entry in each language', () => {
    expect(entryChangeText('submitted', month)('en')).toBe('Entered the lottery for January 2027 on behalf of the group.');
    expect(entryChangeText('withdrawn', month)('ja')).toBe('2027年1月分の抽選に、団体の申し込みを取り下げました。');
  });
});
