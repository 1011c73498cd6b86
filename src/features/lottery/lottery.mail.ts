/** The emails of the lottery: entry received, the result, confirmation, and a lapsed win. Plain Japanese text. */

import { toTokyo } from '../../lib/time.ts';
import type { User } from '../../platform/authz/actor.ts';
import type { RenderedMessage } from '../../platform/notify/notify.ts';
import { bandText, japaneseDate } from '../booking/booking.mail.ts';
import type { PreparedBooking } from '../booking/booking.service.ts';
import { feeAmountText } from '../booking/payment.ts';
import type { EntryView, WishRequest, WishView } from './lottery.service.ts';
import type { LotterySchedule } from './lottery.ts';

const monthText = (month: string) => `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`;
const firstCome = (s: LotterySchedule) => `${japaneseDate(toTokyo(s.firstComeOpensAt).date)} ${toTokyo(s.firstComeOpensAt).time}`;
const footer = ['', '申し込みと結果は「抽選の申し込み」のページ（/lottery/entries）でも確認できます。', '', 'つなぐ 市民センター予約'];

export function entryReceivedMail(
  user: User,
  month: string,
  s: LotterySchedule,
  prepared: readonly PreparedBooking[],
  wishes: readonly WishRequest[],
): RenderedMessage {
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

export function drawResultMail(
  user: { name: string },
  month: string,
  s: LotterySchedule,
  lines: readonly { rank: number; place: string; date: string; outcome: string }[],
): RenderedMessage {
  const won = lines.filter((l) => l.outcome === 'won');
  const label = (o: string) => (o === 'won' ? '当選' : o === 'over_cap' ? '当選数の上限のため対象外' : '落選');
  return {
    subject:
      won.length > 0 ? `【つなぐ】${monthText(month)}分の抽選に当選しました（要手続き）` : `【つなぐ】${monthText(month)}分の抽選の結果`,
    text: [
      `${user.name} 様`,
      '',
      `${monthText(month)}分の抽選の結果をお知らせします。`,
      '',
      ...lines.map((l) => `第${l.rank}希望: ${l.place} ${japaneseDate(l.date)} … ${label(l.outcome)}`),
      '',
      won.length > 0
        ? `当選した部屋は、${japaneseDate(s.lastConfirmDay)} までに「利用を確定する」の手続きをしてください。期限を過ぎると当選は無効になります。`
        : `空いている部屋は ${firstCome(s)} から先着順で予約できます。`,
      ...footer,
    ].join('\n'),
  };
}

export function winConfirmedMail(user: User, entry: EntryView, won: readonly WishView[]): RenderedMessage {
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

export function winLapsedMail(user: { name: string }, number: string, date: string, s: LotterySchedule): RenderedMessage {
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

/** What a member did to the group's entry, for the mail to the representative (account/group.service.ts). */
export function entryChangeText(change: 'submitted' | 'withdrawn' | 'confirmed', month: string): string {
  const what = {
    submitted: '団体として申し込みました',
    withdrawn: '団体の申し込みを取り下げました',
    confirmed: '団体の当選を確定しました',
  }[change];
  return `${monthText(month)}分の抽選に、${what}。`;
}
