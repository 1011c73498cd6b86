/** The booker's mails in English: an English subject, English dates and names, nothing left in Japanese. */
import { describe, expect, it } from 'vitest';
import { bookingCancelledMail, bookingConfirmedMail, groupBookingChangeText, overdueCancelledMail } from './booking.mail.ts';
import {
  FACILITY_EN,
  JAPANESE,
  MAIL_BANDS,
  mailFacility,
  mailFee,
  mailPrepared,
  mailRoom,
  mailRow,
  mailUser,
  mailView,
  ROOM_EN,
} from './mail.test-helpers.ts';

describe('booking mails in English', () => {
  it('confirms a booking with the English facility and room names, bands, fee and cancellation date', () => {
    const m = bookingConfirmedMail('en', mailUser(), mailRow(), mailPrepared());
    expect(m.subject).toBe('[Tsunagu] Booking received (booking no. 2612-000001)');
    expect(m.text).toMatch(/^Dear Jane Smith,\n/);
    expect(m.text).toContain(`Facility: ${FACILITY_EN} ${ROOM_EN}`);
    expect(m.text).toContain('Date: Thu, 3 December 2026');
    expect(m.text).toContain('Time: Morning (09:00–12:00), Afternoon (13:00–17:00)');
    expect(m.text).toContain('Purpose: Go practice (8 people)');
    expect(m.text).toContain('Fee: ¥900');
    expect(m.text).toContain('You can cancel online until Mon, 30 November 2026');
    expect(m.text).not.toMatch(JAPANESE);
  });

  it('explains a provisional booking, a 100% reduction and a group awaiting verification in English', () => {
    const fee = mailFee(0, { percent: 100, ja: '地域団体の活動', en: 'Community group activity' });
    const m = bookingConfirmedMail('en', mailUser(), mailRow({ provisional: true }), mailPrepared({ fee, group: true, awaits: true }));
    expect(m.subject).toMatch(/^\[Tsunagu\] Provisional booking received/);
    expect(m.text).toContain('Please pay the fee at the facility counter by Tue, 1 December 2026.');
    expect(m.text).toContain('Fee: None (100% reduction)\nReason for the reduction: Community group activity');
    expect(m.text).toContain('Group: Go Club');
    expect(m.text).toContain('The city has not yet verified the type of your group');
    expect(m.text).not.toMatch(JAPANESE);
  });

  it('uses the Japanese name of a facility or room that has no English one', () => {
    const m = bookingConfirmedMail('en', mailUser(), mailRow(), mailPrepared({ english: false }));
    expect(m.subject).toMatch(/^\[Tsunagu\]/);
    expect(m.text).toContain('Facility: 小倉北市民センター 和室');
  });

  it('tells of a cancellation, an overdue cancellation and a group booking in English', () => {
    const cancelled = bookingCancelledMail('en', mailUser(), mailView());
    expect(cancelled.subject).toBe('[Tsunagu] Booking cancelled (booking no. 2612-000002)');
    expect(cancelled.text).toContain(`Facility: ${FACILITY_EN} ${ROOM_EN}`);
    expect(cancelled.text).not.toMatch(JAPANESE);

    const overdue = overdueCancelledMail('en', {
      bookerName: 'Jane Smith',
      number: '2612-000003',
      date: '2026-12-10',
      dueOn: '2026-12-01',
      facility: mailFacility(),
      room: mailRoom(),
    });
    expect(overdue.subject).toBe('[Tsunagu] Provisional booking cancelled (booking no. 2612-000003)');
    expect(overdue.text).toContain('the due date (Tue, 1 December 2026)');
    expect(overdue.text).toContain(`Enquiries: ${FACILITY_EN} (093-582-0000)`);
    expect(overdue.text).not.toMatch(JAPANESE);

    const booked = { number: '2612-000004', date: '2026-12-03', facility: mailFacility(), room: mailRoom(), bands: MAIL_BANDS };
    const what = groupBookingChangeText('booked', booked);
    expect(what('en')).toMatch(/^Made the following booking for the group\./);
    expect(what('en')).toContain(`Facility: ${FACILITY_EN} ${ROOM_EN}`);
    expect(what('en')).not.toMatch(JAPANESE);
    expect(what('ja')).toMatch(/^団体として次の予約をしました。/);
  });

  it('keeps the Japanese mail as it was', () => {
    const m = bookingConfirmedMail('ja', mailUser('若松 三郎'), mailRow(), mailPrepared());
    expect(m.subject).toBe('【つなぐ】予約を受け付けました（予約番号 2612-000001）');
    expect(m.text).toContain('施設: 小倉北市民センター 和室');
    expect(m.text).toContain('時間: 午前（09:00〜12:00）・午後（13:00〜17:00）');
  });
});
