/**
 * The one message of the queue of the day: "your turn is near", sent once when NEAR_AHEAD people are ahead
 * at the ticket's counter, so a person waiting in the corridor or the car park can come back in time.
 * Plain text in the recipient's language; no name, only the number and the counter.
 */
import type { Lang } from '../../lib/i18n.ts';
import type { RenderedMessage } from '../../platform/notify/notify.ts';

export interface NearTurn {
  number: number;
  counter: { name: string; nameEn: string; place: string; placeEn: string };
  ahead: number;
}

export function nearTurnMessage(lang: Lang, turn: NearTurn): RenderedMessage {
  const { number, counter, ahead } = turn;
  if (lang === 'en') {
    const where = counter.placeEn ? `${counter.nameEn} (${counter.placeEn})` : counter.nameEn;
    return {
      subject: `Your turn is near: number ${number}`,
      text: [
        `Number ${number}: ${ahead === 0 ? 'you are next' : `${ahead} ${ahead === 1 ? 'person is' : 'people are'} ahead of you`} at ${where}.`,
        'Please come back to the waiting area and watch the call screen.',
        '',
        'Tsunagu ward office counters',
      ].join('\n'),
    };
  }
  const where = counter.place ? `${counter.name}（${counter.place}）` : counter.name;
  return {
    subject: `まもなく順番です（受付番号 ${number}）`,
    text: [
      `受付番号 ${number} の方: ${where}で、${ahead === 0 ? '次にお呼びします' : `あと${ahead}人でお呼びします`}。`,
      '待合スペースにお戻りになり、呼び出し画面をご覧ください。',
      '',
      'つなぐ 区役所窓口',
    ].join('\n'),
  };
}
