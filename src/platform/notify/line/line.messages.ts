/**
 * Texts of the LINE pages and of the answers sent in LINE, ja and en. The account page is read by
 * residents who may never have linked anything: plain words, one step at a time. The replies in LINE go
 * in the linked person's language; to a LINE user not linked to anyone, in Japanese with the English
 * underneath (line-webhook.ts replyText).
 */
import type { Texts } from '../../../lib/i18n.ts';

export const lineJa = {
  lineTitle: 'LINEで通知を受け取る',
  lineLead: '予約の確認やお知らせを、市のLINE公式アカウントから受け取れます。メールや紙のお知らせもこれまでどおり届きます。',
  lineOff: 'この市では、いまLINEでのお知らせを行っていません。',
  lineLinkedStatus: 'LINEと連携しています（{date}から）。',
  lineUnlinkedStatus: 'LINEとは連携していません。',
  lineStepsHeading: '連携のしかた',
  lineStep1: 'スマートフォンのLINEで、市のLINE公式アカウントを友だちに追加します。',
  lineStep1Link: '友だち追加はこちら',
  lineStep2: '下の「連携コードを表示する」を押すと、6けたの数字（連携コード）が表示されます。',
  lineStep3: 'その6けたの数字を、LINEで公式アカウントへのメッセージとして送ってください。「連携しました」と返事が来たら完了です。',
  lineCodeNote:
    'コードは1回だけ使えます。{minutes}分たつと使えなくなるので、そのときはもう一度表示してください。LINEのIDを入力する必要はありません。',
  lineShowCode: '連携コードを表示する',
  lineNewCode: '新しい連携コードを表示する',
  lineCodeHeading: 'あなたの連携コード',
  lineCodeValidUntil: '{time}まで有効です。',
  lineCodePending: '表示した連携コードは{time}まで有効です。忘れたときは新しいコードを表示してください（前のコードは使えなくなります）。',
  lineUnlinkHeading: '連携をやめる',
  lineUnlinkLead: '連携をやめると、すぐにLINEへのお知らせが止まります。公式アカウントをブロックしても同じです。',
  lineUnlink: 'LINEとの連携をやめる',
  lineUnlinked: 'LINEとの連携をやめました。LINEへのお知らせは届きません。',
  lineNotLinkedAnyway: 'LINEとは連携していませんでした。',
  lineReplyFollow:
    '友だち追加ありがとうございます。通知を受け取るには、市のサイトの「LINEで通知を受け取る」のページに表示される6けたの連携コードを、このトークに送ってください。',
  lineReplyLinked:
    'LINE連携が完了しました。これから、予約の確認やお知らせをこのLINEでお届けします。やめるときは、サイトのアカウントのページから連携をやめられます。',
  lineReplyCodeUnknown:
    'その連携コードは見つかりません。サイトに表示された6けたの数字をもう一度確かめてください。使ったコードはもう使えません。',
  lineReplyCodeExpired: 'その連携コードは有効期限（30分）が切れています。サイトで新しいコードを表示して送ってください。',
  lineReplyTooManyCodes:
    '間違ったコードが続いたため、しばらく受け付けません。30分ほどしてから、サイトに表示された新しいコードを送ってください。',
  lineStaffTitle: 'LINE配信の状況',
  lineStaffLead: 'LINE公式アカウントの今月のメッセージ通数です。マルチキャストは受け取る人1人につき1通と数えます。',
  lineQuotaLimit: '今月の上限',
  lineQuotaUsed: '今月の送信数',
  lineQuotaRemaining: '残り',
  lineQuotaNoLimit: '上限なし',
  lineQuotaCount: '{count}通',
  lineQuotaUnreadable: 'LINEから通数を読み取れませんでした（{error}）。少し待ってから開き直してください。',
  lineLinkedCount: '連携している人',
  lineLinkedPeople: '{count}人',
  lineAllFits: '連携している全員（{count}人）に1通ずつ送っても、今月の残りに収まります。',
  lineAllExceeds:
    '注意：連携している全員（{count}人）に1通ずつ送ると、今月の残り（{remaining}通）を超えます。超えた分はLINEで届かず、メールや紙で届けることになります。',
};

export const lineEn: Texts<typeof lineJa> = {
  lineTitle: 'Notifications by LINE',
  lineLead:
    'Receive booking confirmations and notices from the city’s LINE official account. Email and paper notices still reach you as before.',
  lineOff: 'The city does not send notices by LINE at the moment.',
  lineLinkedStatus: 'Linked with LINE (since {date}).',
  lineUnlinkedStatus: 'Not linked with LINE.',
  lineStepsHeading: 'How to link',
  lineStep1: 'In LINE on your phone, add the city’s LINE official account as a friend.',
  lineStep1Link: 'Add as a friend',
  lineStep2: 'Press “Show a link code” below: a 6-digit number (the link code) appears.',
  lineStep3: 'Send those 6 digits to the official account as a LINE message. When it answers that you are linked, you are done.',
  lineCodeNote: 'A code works once and stops working after {minutes} minutes; then show a new one. You never need to type your LINE ID.',
  lineShowCode: 'Show a link code',
  lineNewCode: 'Show a new link code',
  lineCodeHeading: 'Your link code',
  lineCodeValidUntil: 'Valid until {time}.',
  lineCodePending: 'The code you were shown is valid until {time}. If you have lost it, show a new one (the old one then stops working).',
  lineUnlinkHeading: 'Stop linking',
  lineUnlinkLead: 'Once you unlink, notices by LINE stop at once. Blocking the official account does the same.',
  lineUnlink: 'Unlink LINE',
  lineUnlinked: 'LINE is unlinked. No more notices go to LINE.',
  lineNotLinkedAnyway: 'LINE was not linked.',
  lineReplyFollow:
    'Thank you for adding us. To receive notices, send the 6-digit link code shown on the city site’s “Notifications by LINE” page to this chat.',
  lineReplyLinked: 'LINE is linked. Booking confirmations and notices will come here. You can unlink on your account page.',
  lineReplyCodeUnknown: 'That link code was not found. Check the 6 digits shown on the site; a used code does not work again.',
  lineReplyCodeExpired: 'That link code has expired (30 minutes). Show a new code on the site and send it.',
  lineReplyTooManyCodes: 'Too many wrong codes: please wait about 30 minutes, then send a new code shown on the site.',
  lineStaffTitle: 'LINE sending',
  lineStaffLead: 'This month’s messages of the LINE official account. A multicast counts one message per recipient.',
  lineQuotaLimit: 'This month’s limit',
  lineQuotaUsed: 'Sent this month',
  lineQuotaRemaining: 'Remaining',
  lineQuotaNoLimit: 'No limit',
  lineQuotaCount: '{count} messages',
  lineQuotaUnreadable: 'Could not read the message count from LINE ({error}). Wait a little and open the page again.',
  lineLinkedCount: 'Linked residents',
  lineLinkedPeople: '{count}',
  lineAllFits: 'One message to every linked resident ({count}) fits in this month’s remainder.',
  lineAllExceeds:
    'Warning: one message to every linked resident ({count}) exceeds this month’s remainder ({remaining}). What does not fit will not go by LINE and must reach people by email or paper.',
};

declare module '../../../lib/i18n.ts' {
  interface Messages extends Texts<typeof lineJa> {}
}
