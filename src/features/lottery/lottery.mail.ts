/**
 * The emails of the lottery: entry received, the result, confirmation, and a lapsed win. Plain text in the
 * recipient's language (Japanese or English).
 */

import { bandText, japaneseDate, mailDate, monthTitle } from '../../lib/format.ts';
import { type Lang, translator } from '../../lib/i18n.ts';
import { toTokyo } from '../../lib/time.ts';
import type { User } from '../../platform/authz/actor.ts';
import type { RenderedMessage } from '../../platform/notify/notify.ts';
import type { ChangeText } from '../account/group.mail.ts';
import { nameIn, placeName } from '../booking/booking.mail.ts';
import type { PreparedBooking } from '../booking/booking.ts';
import { feeAmountText } from '../booking/payment.ts';
import { type EntryView, type LotterySchedule, outcomeLabels, type WishRequest, type WishView } from './lottery.ts';

const monthText = (month: string) => `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`;
const firstCome = (s: LotterySchedule) => `${japaneseDate(toTokyo(s.firstComeOpensAt).date)} ${toTokyo(s.firstComeOpensAt).time}`;
const footer = ['', '申し込みと結果は「抽選の申し込み」のページ（/lottery/entries）でも確認できます。', '', 'つなぐ 市民センター予約'];

const monthEn = (month: string) => monthTitle(month, translator('en'), 'en');
const firstComeEn = (s: LotterySchedule) => `${mailDate(toTokyo(s.firstComeOpensAt).date, 'en')}, ${toTokyo(s.firstComeOpensAt).time}`;
const wishDate = (w: WishRequest | undefined) => (w ? mailDate(w.date, 'en') : '');
const footerEn = [
  '',
  'You can also see your entries and results on the “Room lottery” page (/lottery/entries).',
  '',
  'Tsunagu citizen centre bookings',
];

export function entryReceivedMail(
  lang: Lang,
  user: User,
  month: string,
  s: LotterySchedule,
  prepared: readonly PreparedBooking[],
  wishes: readonly WishRequest[],
): RenderedMessage {
  if (lang === 'en') {
    return {
      subject: `[Tsunagu] Your lottery entry for ${monthEn(month)} has been received`,
      text: [
        `Dear ${user.name},`,
        '',
        `We have received your lottery entry for ${monthEn(month)}. The draw takes place on ${mailDate(toTokyo(s.drawAt).date, 'en')}, and we will email you the result.`,
        '',
        ...prepared.map(
          (p, i) => `Choice ${i + 1}: ${placeName('en', p.facility, p.room)}; ${wishDate(wishes[i])}; ${bandText(p.bands, 'en')}`,
        ),
        '',
        `You can withdraw or change your entry until ${mailDate(s.lastEntryDay, 'en')}.`,
        ...footerEn,
      ].join('\n'),
    };
  }
  return {
    subject: `【つなぐ】${monthText(month)}分の抽選の申し込みを受け付けました`,
    text: [
      `${user.name} 様`,
      '',
      `${monthText(month)}分の抽選の申し込みを受け付けました。抽選は ${japaneseDate(toTokyo(s.drawAt).date)} に行い、結果をメールでお知らせします。`,
      '',
      ...prepared.map(
        (p, i) => `第${i + 1}希望: ${p.facility.name} ${p.room.name} ${japaneseDate(wishes[i]?.date ?? '')} ${bandText(p.bands)}`,
      ),
      '',
      `申し込みの取り下げ・変更は ${japaneseDate(s.lastEntryDay)} までできます。`,
      ...footer,
    ].join('\n'),
  };
}

/** One wish in the result mail: `place` is "Facility Room" in each language. */
export interface ResultLine {
  rank: number;
  place: Readonly<Record<Lang, string>>;
  date: string;
  outcome: string;
}

export function drawResultMail(
  lang: Lang,
  user: { name: string },
  month: string,
  s: LotterySchedule,
  lines: readonly ResultLine[],
): RenderedMessage {
  const won = lines.filter((l) => l.outcome === 'won');
  const label = (o: string) => (o === 'won' || o === 'over_cap' ? outcomeLabels[o][lang] : outcomeLabels.lost[lang]);
  if (lang === 'en') {
    return {
      subject:
        won.length > 0
          ? `[Tsunagu] You have won in the lottery for ${monthEn(month)} (action needed)`
          : `[Tsunagu] Lottery results for ${monthEn(month)}`,
      text: [
        `Dear ${user.name},`,
        '',
        `Here are the results of the lottery for ${monthEn(month)}.`,
        '',
        ...lines.map((l) => `Choice ${l.rank}: ${l.place.en}; ${mailDate(l.date, 'en')} … ${label(l.outcome)}`),
        '',
        won.length > 0
          ? `Please confirm the rooms you won by ${mailDate(s.lastConfirmDay, 'en')} (“Confirm the rooms you won”). If you do not confirm them by then, the win lapses.`
          : `Rooms that are still free can be booked first-come from ${firstComeEn(s)}.`,
        ...footerEn,
      ].join('\n'),
    };
  }
  return {
    subject:
      won.length > 0 ? `【つなぐ】${monthText(month)}分の抽選に当選しました（要手続き）` : `【つなぐ】${monthText(month)}分の抽選の結果`,
    text: [
      `${user.name} 様`,
      '',
      `${monthText(month)}分の抽選の結果をお知らせします。`,
      '',
      ...lines.map((l) => `第${l.rank}希望: ${l.place.ja} ${japaneseDate(l.date)} … ${label(l.outcome)}`),
      '',
      won.length > 0
        ? `当選した部屋は、${japaneseDate(s.lastConfirmDay)} までに「利用を確定する」の手続きをしてください。期限を過ぎると当選は無効になります。`
        : `空いている部屋は ${firstCome(s)} から先着順で予約できます。`,
      ...footer,
    ].join('\n'),
  };
}

export function winConfirmedMail(lang: Lang, user: User, entry: EntryView, won: readonly WishView[]): RenderedMessage {
  if (lang === 'en') {
    return {
      subject: `[Tsunagu] The rooms you won in the lottery are confirmed (${monthEn(entry.month.month)})`,
      text: [
        `Dear ${user.name},`,
        '',
        'You have confirmed the use of the following rooms you won in the lottery.',
        '',
        ...won.map(
          (w) =>
            `${nameIn('en', { name: w.facilityName, nameEn: w.facilityNameEn })} ${nameIn('en', w.room)}; ${mailDate(w.date, 'en')}; ${bandText(w.bands, 'en')}; fee: ${feeAmountText('en', w.fee)}`,
        ),
        ...footerEn,
      ].join('\n'),
    };
  }
  return {
    subject: `【つなぐ】抽選で当選した部屋の利用を確定しました（${monthText(entry.month.month)}分）`,
    text: [
      `${user.name} 様`,
      '',
      '抽選で当選した次の部屋の利用を確定しました。',
      '',
      ...won.map(
        (w) => `${w.facilityName} ${w.room.name} ${japaneseDate(w.date)} ${bandText(w.bands)} 使用料 ${feeAmountText('ja', w.fee)}`,
      ),
      ...footer,
    ].join('\n'),
  };
}

export function winLapsedMail(lang: Lang, user: { name: string }, number: string, date: string, s: LotterySchedule): RenderedMessage {
  if (lang === 'en') {
    return {
      subject: `[Tsunagu] Your lottery win has lapsed (booking no. ${number})`,
      text: [
        `Dear ${user.name},`,
        '',
        `As the use was not confirmed by the deadline (${mailDate(s.lastConfirmDay, 'en')}), your win for ${mailDate(date, 'en')} has lapsed.`,
        `The room will be open for first-come booking from ${firstComeEn(s)}.`,
        ...footerEn,
      ].join('\n'),
    };
  }
  return {
    subject: `【つなぐ】抽選の当選が無効になりました（予約番号 ${number}）`,
    text: [
      `${user.name} 様`,
      '',
      `確認期限（${japaneseDate(s.lastConfirmDay)}）までに利用の確定がなかったため、${japaneseDate(date)} の当選は無効になりました。`,
      `この部屋は ${firstCome(s)} から先着順の予約に開放されます。`,
      ...footer,
    ].join('\n'),
  };
}

/** What a member did to the group's entry, for the mail to the representative (account/group.service.ts), in their language. */
export function entryChangeText(change: 'submitted' | 'withdrawn' | 'confirmed', month: string): ChangeText {
  return (lang) => {
    if (lang === 'ja') {
      const what = {
        submitted: '団体として申し込みました',
        withdrawn: '団体の申し込みを取り下げました',
        confirmed: '団体の当選を確定しました',
      }[change];
      return `${monthText(month)}分の抽選に、${what}。`;
    }
    const m = monthEn(month);
    return {
      submitted: `Entered the lottery for ${m} on behalf of the group.`,
      withdrawn: `Withdrew the group’s lottery entry for ${m}.`,
      confirmed: `Confirmed the group’s lottery wins for ${m}.`,
    }[change];
  };
}
