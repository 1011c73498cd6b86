/** The account's messages to people (Japanese, as every mail of the service). */
import type { RenderedMessage } from '../../platform/notify/notify.ts';

export function passwordResetMail(name: string, link: string, minutes: number): RenderedMessage {
  return {
    subject: '【つなぐ】パスワードの再設定',
    text: [
      `${name} 様`,
      '',
      `パスワード再設定のお申し込みを受け付けました。次のリンクから${minutes}分以内に新しいパスワードを設定してください。`,
      link,
      '',
      'お心当たりがない場合は、このメールを破棄してください。パスワードは変わりません。',
    ].join('\n'),
  };
}

export function welcomeMail(name: string, number: string, publicUrl: string): RenderedMessage {
  return {
    subject: '【つなぐ】利用者登録を受け付けました',
    text: [
      `${name} 様`,
      '',
      '市民センター予約「つなぐ」への利用者登録を受け付けました。',
      `利用者番号: ${number}`,
      '',
      '登録したメールアドレスまたは利用者番号と、登録したパスワードでログインしてください。',
      `${publicUrl}/login`,
      '',
      'お心当たりがない場合は、お手数ですが市民センターまでご連絡ください。',
    ].join('\n'),
  };
}

/** To the owner of an address someone tried to register again: no second account is made. */
export function registrationAttemptMail(name: string, publicUrl: string): RenderedMessage {
  return {
    subject: '【つなぐ】利用者登録のお申し込みについて',
    text: [
      `${name} 様`,
      '',
      'このメールアドレスで、新しく利用者登録のお申し込みがありました。',
      'このアドレスはすでに登録されているため、新しい登録はしていません。',
      '',
      'ご本人のお申し込みでしたら、これまでの登録でログインしてください。',
      `${publicUrl}/login`,
      'パスワードをお忘れの場合は、こちらから再設定できます。',
      `${publicUrl}/password/forgot`,
      '',
      'お心当たりがない場合は、このメールを破棄してください。登録内容は変わりません。',
    ].join('\n'),
  };
}
