/** The account's mails in English: an English subject and nothing left in Japanese. */
import { describe, expect, it } from 'vitest';
import { JAPANESE } from '../booking/mail.test-helpers.ts';
import { passwordResetMail, registrationAttemptMail, welcomeMail } from './account.mail.ts';

const url = 'https://tsunagu.example.jp';

describe('account mails in English', () => {
  it('welcomes, resets a password and answers a second registration in English', () => {
    const welcome = welcomeMail('en', 'Jane Smith', '12345678', url);
    expect(welcome.subject).toBe('[Tsunagu] Your registration has been received');
    expect(welcome.text).toContain('User number: 12345678');
    expect(welcome.text).toContain(`${url}/login`);
    const reset = passwordResetMail('en', 'Jane Smith', `${url}/password/reset?token=t`, 60);
    expect(reset.subject).toBe('[Tsunagu] Resetting your password');
    expect(reset.text).toContain('within 60 minutes');
    const attempt = registrationAttemptMail('en', 'Jane Smith', url);
    expect(attempt.subject).toMatch(/^\[Tsunagu\]/);
    expect(attempt.text).toContain(`${url}/password/forgot`);
    for (const m of [welcome, reset, attempt]) {
      expect(m.text).toMatch(/^Dear Jane Smith,\n/);
      expect(`${m.subject}\n${m.text}`).not.toMatch(JAPANESE);
    }
  });

  it('keeps the Japanese mails', () => {
    expect(welcomeMail('ja', '若松 三郎', '12345678', url).subject).toBe('【つなぐ】利用者登録を受け付けました');
    expect(passwordResetMail('ja', '若松 三郎', 'l', 60).text).toMatch(/^若松 三郎 様\n/);
  });
});
