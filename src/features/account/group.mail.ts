/** The emails about groups: an invitation, a change made by another member, staff's verification. */
import type { RenderedMessage } from '../../platform/notify/notify.ts';

interface Recipient {
  name: string;
}

export function invitationMail(to: Recipient, groupName: string, inviterName: string): RenderedMessage {
  return {
    subject: `【つなぐ】団体「${groupName}」への招待`,
    text: [
      `${to.name} 様`,
      '',
      `${inviterName} 様から、団体「${groupName}」のメンバーへの招待が届いています。`,
      'マイページの「団体への招待」から、参加するか辞退するかを選んでください。参加するまでは、メンバーにはなりません。',
      'お心当たりがない場合は、辞退してください。',
    ].join('\n'),
  };
}

/** To the representative (or a new one): what another member did. `actorName` empty: no "who" line. */
export function groupChangedMail(to: Recipient, groupName: string, actorName: string, what: string): RenderedMessage {
  return {
    subject: `【つなぐ】団体「${groupName}」のお知らせ`,
    text: [
      `${to.name} 様`,
      '',
      `団体「${groupName}」について、お知らせします。`,
      '',
      ...(actorName ? [`メンバー: ${actorName} 様`] : []),
      what,
      '',
      '内容は「予約の確認」と「抽選の申し込み」のページでご覧いただけます。お心当たりがない場合は、市民センターへお問い合わせください。',
    ].join('\n'),
  };
}

export function verificationMail(
  to: Recipient,
  groupName: string,
  decision: { verified: true } | { verified: false; reason: string },
): RenderedMessage {
  return decision.verified
    ? {
        subject: '【つなぐ】団体の確認が済みました',
        text: [
          `${to.name} 様`,
          '',
          `団体「${groupName}」の種類を市が確認しました。これからの予約では、団体の種類による減免が使用料に反映されます。`,
          '確認の前に予約した分の減免は、施設の窓口でご相談ください。',
        ].join('\n'),
      }
    : {
        subject: '【つなぐ】団体の確認について',
        text: [
          `${to.name} 様`,
          '',
          `団体「${groupName}」の種類は、次の理由により確認できませんでした。減免のない料金で予約できます。`,
          '',
          decision.reason,
          '',
          '団体の情報を直して保存すると、もう一度確認をお願いできます。ご不明な点はお近くの市民センターへお問い合わせください。',
        ].join('\n'),
      };
}
