/** The mails of staff decisions in English, and the Japanese ones as they were written in the services. */
import { describe, expect, it } from 'vitest';
import { FACILITY_EN, JAPANESE, mailFee, mailView, ROOM_EN } from '../booking/mail.test-helpers.ts';
import { bookingApprovedMail, multipurposeDecisionMail, staffCancelledMail } from './staff.mail.ts';

const booker = { name: 'Jane Smith' };

describe('staff decision mails', () => {
  it('confirms an approved provisional booking in English, with the English names and fee', () => {
    const m = bookingApprovedMail('en', booker, mailView({ fee: 1200 }));
    expect(m.subject).toBe('[Tsunagu] Booking confirmed (booking no. 2612-000002)');
    expect(m.text).toContain(`Facility: ${FACILITY_EN} ${ROOM_EN}`);
    expect(m.text).toContain('Date: Thu, 3 December 2026');
    expect(m.text).toContain('Fee: ¥1,200');
    expect(m.text).not.toMatch(JAPANESE);
    const free = bookingApprovedMail(
      'en',
      booker,
      mailView({ fee: 0, feeDetail: mailFee(0, { percent: 100, ja: '減免', en: 'Reduction' }) }),
    );
    expect(free.text).toContain('Fee: None (100% reduction)');
  });

  it('tells of a cancellation by staff in English, with the reason as typed', () => {
    const m = staffCancelledMail('en', booker, mailView(), 'Maintenance of the heating');
    expect(m.subject).toMatch(/^\[Tsunagu\] Booking cancelled/);
    expect(m.text).toContain(`Owing to circumstances at ${FACILITY_EN}`);
    expect(m.text).toContain('Reason: Maintenance of the heating');
    expect(m.text).not.toMatch(JAPANESE);
  });

  it('tells of a multipurpose registration decision in English', () => {
    const approved = multipurposeDecisionMail('en', booker, { decision: 'approve', expiresOn: '2027-03-31' });
    expect(approved.subject).toBe('[Tsunagu] Your multipurpose registration has been approved');
    expect(approved.text).toContain('Until Wed, 31 March 2027');
    expect(approved.text).not.toMatch(JAPANESE);
    const rejected = multipurposeDecisionMail('en', booker, { decision: 'reject', reason: 'No documents' });
    expect(rejected.subject).toMatch(/^\[Tsunagu\]/);
    expect(rejected.text).toContain('\n\nNo documents\n\n');
    expect(rejected.text).not.toMatch(JAPANESE);
  });

  it('writes the Japanese mails as the services did', () => {
    const v = mailView({ english: false, fee: 1200 });
    expect(bookingApprovedMail('ja', { name: '若松 三郎' }, v)).toEqual({
      subject: '【つなぐ】予約が確定しました（予約番号 2612-000002）',
      text: '若松 三郎 様\n\n仮予約を承認し、本予約になりました。\n\n予約番号: 2612-000002\n施設: 小倉北市民センター 和室\n利用日: 令和8年12月3日（木）\n使用料: 1,200円\n\nお問い合わせ: 小倉北市民センター（093-582-0000）',
    });
    expect(staffCancelledMail('ja', { name: '若松 三郎' }, v, '設備点検').text).toBe(
      '若松 三郎 様\n\n小倉北市民センターの都合により、次の予約を取り消しました。ご迷惑をおかけして申し訳ありません。\n\n予約番号: 2612-000002\n施設: 小倉北市民センター 和室\n利用日: 令和8年12月3日（木）\n理由: 設備点検\n\nお問い合わせ: 小倉北市民センター（093-582-0000）',
    );
    expect(multipurposeDecisionMail('ja', { name: '若松 三郎' }, { decision: 'approve', expiresOn: '2027-03-31' })).toEqual({
      subject: '【つなぐ】多目的利用者登録が承認されました',
      text: '若松 三郎 様\n\n多目的利用者登録を承認しました。令和9年3月31日（水）まで、利用の種類「多目的」で予約できます。',
    });
  });
});
