/** The groups' mails in English: an English subject and nothing left in Japanese. */
import { describe, expect, it } from 'vitest';
import { JAPANESE } from '../booking/mail.test-helpers.ts';
import { groupChangedMail, invitationMail, membershipChangeText, verificationMail } from './group.mail.ts';

describe('group mails in English', () => {
  it('invites, tells the representative of a change and of the verification in English', () => {
    const invitation = invitationMail('en', { name: 'Jane Smith' }, 'Go Club', 'Taro Wakamatsu');
    expect(invitation.subject).toBe('[Tsunagu] Invitation to join the group “Go Club”');
    expect(invitation.text).toContain('Taro Wakamatsu has invited you');
    const changed = groupChangedMail('en', { name: 'Jane Smith' }, 'Go Club', 'Taro Wakamatsu', membershipChangeText('left')('en'));
    expect(changed.subject).toBe('[Tsunagu] Notice about the group “Go Club”');
    expect(changed.text).toContain('Member: Taro Wakamatsu\nLeft the group.');
    const verified = verificationMail('en', { name: 'Jane Smith' }, 'Go Club', { verified: true });
    expect(verified.subject).toBe('[Tsunagu] Your group has been verified');
    const refused = verificationMail('en', { name: 'Jane Smith' }, 'Go Club', { verified: false, reason: 'No statutes' });
    expect(refused.subject).toMatch(/^\[Tsunagu\]/);
    expect(refused.text).toContain('\n\nNo statutes\n\n');
    for (const m of [invitation, changed, verified, refused]) expect(`${m.subject}\n${m.text}`).not.toMatch(JAPANESE);
  });

  it('words each change of membership in both languages', () => {
    for (const change of ['joined', 'declined', 'left', 'representative'] as const) {
      expect(membershipChangeText(change)('en')).not.toMatch(JAPANESE);
      expect(membershipChangeText(change)('ja')).toMatch(JAPANESE);
    }
    const handedOver = groupChangedMail('ja', { name: '若松 三郎' }, '囲碁クラブ', '', membershipChangeText('representative')('ja'));
    expect(handedOver.text).toContain('あなたがこの団体の代表者になりました。');
    expect(handedOver.text).not.toContain('メンバー:');
  });
});
