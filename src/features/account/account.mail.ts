/** The account's messages to people, in their language (Japanese or English). */
import type { Lang } from '../../lib/i18n.ts';
import type { RenderedMessage } from '../../platform/notify/notify.ts';

export function passwordResetMail(lang: Lang, name: string, link: string, minutes: number): RenderedMessage {
  if (lang === 'en') {
    return {
      subject: '[Tsunagu] Resetting your password',
      text: [
        `Dear ${name},`,
        '',
        `We have received a request to reset your password. Please set a new password within ${minutes} minutes using the link below.`,
        link,
        '',
        'If you did not ask for this, please delete this email. Your password has not changed.',
      ].join('\n'),
    };
  }
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

export function welcomeMail(lang: Lang, name: string, number: string, publicUrl: string): RenderedMessage {
  if (lang === 'en') {
    return {
      subject: '[Tsunagu] Your registration has been received',
      text: [
        `Dear ${name},`,
        '',
        'Thank you for registering with Tsunagu, the booking service for the city’s citizen centres.',
        `User number: ${number}`,
        '',
        'To log in, use your registered email address or your user number, together with the password you chose.',
        `${publicUrl}/login`,
        '',
        'If you did not register, please contact a citizen centre.',
      ].join('\n'),
    };
  }
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
export function registrationAttemptMail(lang: Lang, name: string, publicUrl: string): RenderedMessage {
  if (lang === 'en') {
    return {
      subject: '[Tsunagu] About a registration with your email address',
      text: [
        `Dear ${name},`,
        '',
        'Someone has just applied to register as a user with this email address.',
        'As this address is already registered, no new registration has been made.',
        '',
        'If it was you, please log in with your existing registration.',
        `${publicUrl}/login`,
        'If you have forgotten your password, you can reset it here.',
        `${publicUrl}/password/forgot`,
        '',
        'If you did not apply, please delete this email. Your registration has not changed.',
      ].join('\n'),
    };
  }
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
