/**
 * The emails about groups: an invitation, a change made by another member, staff's verification. In the
 * recipient's language (Japanese or English).
 */
import type { Lang } from '../../lib/i18n.ts';
import type { RenderedMessage } from '../../platform/notify/notify.ts';

interface Recipient {
  name: string;
}

/** What a member did, in the representative's language (the line under "Member:" in groupChangedMail). */
export type ChangeText = (lang: Lang) => string;

export function invitationMail(lang: Lang, to: Recipient, groupName: string, inviterName: string): RenderedMessage {
  if (lang === 'en') {
    return {
      subject: `[Tsunagu] Invitation to join the group “${groupName}”`,
      text: [
        `Dear ${to.name},`,
        '',
        `${inviterName} has invited you to become a member of the group “${groupName}”.`,
        'Please choose whether to join or decline under “Invitations to groups” on the “My account” page. You do not become a member until you join.',
        'If you do not know this group, please decline.',
      ].join('\n'),
    };
  }
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

/**
 * To the representative (or a new one): what another member did. `actorName` empty: no "who" line.
 * `what` is already in `lang` (a ChangeText called with it).
 */
export function groupChangedMail(lang: Lang, to: Recipient, groupName: string, actorName: string, what: string): RenderedMessage {
  if (lang === 'en') {
    return {
      subject: `[Tsunagu] Notice about the group “${groupName}”`,
      text: [
        `Dear ${to.name},`,
        '',
        `This is a notice about the group “${groupName}”.`,
        '',
        ...(actorName ? [`Member: ${actorName}`] : []),
        what,
        '',
        'You can see the details on the “My bookings” and “Room lottery” pages. If you do not recognise this, please contact a citizen centre.',
      ].join('\n'),
    };
  }
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

const membershipTexts = {
  joined: { ja: '招待を受けて、団体のメンバーになりました。', en: 'Accepted the invitation and became a member of the group.' },
  declined: { ja: '団体への招待を辞退しました。', en: 'Declined the invitation to the group.' },
  left: { ja: '団体から脱退しました。', en: 'Left the group.' },
  representative: { ja: 'あなたがこの団体の代表者になりました。', en: 'You are now the representative of this group.' },
} as const;

/** A change of membership, for groupChangedMail (group.service.ts). */
export function membershipChangeText(change: keyof typeof membershipTexts): ChangeText {
  return (lang) => membershipTexts[change][lang];
}

export function verificationMail(
  lang: Lang,
  to: Recipient,
  groupName: string,
  decision: { verified: true } | { verified: false; reason: string },
): RenderedMessage {
  if (lang === 'en') {
    return decision.verified
      ? {
          subject: '[Tsunagu] Your group has been verified',
          text: [
            `Dear ${to.name},`,
            '',
            `The city has verified the type of the group “${groupName}”. From now on, the reduction for the group’s type is applied to the fees of new bookings.`,
            'For bookings made before the verification, please ask at the facility counter about the reduction.',
          ].join('\n'),
        }
      : {
          subject: '[Tsunagu] About the verification of your group',
          text: [
            `Dear ${to.name},`,
            '',
            `We could not verify the type of the group “${groupName}” for the following reason. You can still book at the fee without a reduction.`,
            '',
            decision.reason,
            '',
            'If you correct the group’s details and save them, you can ask for the verification again. If you have any questions, please contact your nearest citizen centre.',
          ].join('\n'),
        };
  }
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
