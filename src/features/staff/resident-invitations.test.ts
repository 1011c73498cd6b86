/**
 * The offline path of a group invitation: a resident registered at the counter (no email, no password)
 * answers through a clerk, who finds them as for a 代理予約, confirms with them and accepts or declines on
 * their behalf (channel and operator audited, the representative mailed as when the person answers).
 * Through the real routes, on SQLite and PostgreSQL.
 */
import { beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../../test/browser.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeFacility, makeGroup, makeRoom, makeStaff, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { outbox } from '../../../test/outbox.ts';

describeEachDialect('resident invitations at the counter', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let roomId: string;
  let otherRoomId: string;
  let groupId: string;
  let resident: { id: string; number: string };
  let clerk: PageClient;
  let otherClerk: PageClient;
  let rep: PageClient;
  const where = () => `room=${roomId}&date=2026-12-01&band=`;

  const login = async (email: string) => {
    const c = new PageClient(app);
    await c.logIn(email, TEST_PASSWORD);
    return c;
  };
  const invitationsOf = (userId: string) =>
    ctx().db.kysely.selectFrom('group_invitations').selectAll().where('user_id', '=', userId).execute();
  const isMember = async (userId: string) =>
    (
      await ctx()
        .db.kysely.selectFrom('organisation_members')
        .select('user_id')
        .where('group_id', '=', groupId)
        .where('user_id', '=', userId)
        .execute()
    ).length === 1;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    const facilityId = await makeFacility(db, { name: '招待テスト市民センター' });
    const otherFacility = await makeFacility(db, { name: '別の市民センター' });
    roomId = await makeRoom(db, facilityId, { name: '会議室' });
    otherRoomId = await makeRoom(db, otherFacility, { name: '和室' });
    clerk = await login((await makeStaff(db, 'clerk', { facilityId })).email ?? '');
    otherClerk = await login((await makeStaff(db, 'clerk', { facilityId: otherFacility })).email ?? '');
    const repUser = await makeUser(db, { email: 'inv-rep@example.com', name: '代表 花子' });
    groupId = await makeGroup(db, repUser.id, { type: 'circle', name: '窓口の会' });
    rep = await login('inv-rep@example.com');
    resident = await makeUser(db, { email: null, name: '窓口 太郎', name_kana: 'マドグチ タロウ' });
    await rep.get(`/groups/${groupId}`);
    expect((await rep.post(`/groups/${groupId}/invitations`, { number: resident.number })).res.status).toBe(303);
  });

  it('shows the resident’s open invitations where the clerk finds them, and accepts one for them, audited', async () => {
    const page = await clerk.get(`/staff/book?${where()}&resident=${resident.id}`);
    expect(page.html).toContain('団体への招待が1件あります');
    const href = /href="(\/staff\/residents\/[\w-]+\/invitations\?[^"]+)"/.exec(page.html)?.[1]?.replaceAll('&amp;', '&') ?? '';
    expect(href).toContain(resident.id);
    const list = await clerk.get(href);
    expect(list.res.status).toBe(200);
    expect(list.html).toContain('窓口の会');
    expect(list.html).toContain('代表 花子');
    const [invitation] = await invitationsOf(resident.id);
    const action = `/staff/residents/${resident.id}/invitations?${where()}`;

    // Not confirmed with the person: the form again, with the reason, and nothing changes.
    const unconfirmed = await clerk.post(action, { invitationId: invitation?.id ?? '', channel: 'counter', answer: 'accept' });
    expect(unconfirmed.res.status).toBe(422);
    expect(unconfirmed.html).toContain('ご本人に確認してください');
    const noChannel = await clerk.post(action, { invitationId: invitation?.id ?? '', confirmed: 'yes', answer: 'accept' });
    expect(noChannel.res.status).toBe(422);
    expect(await invitationsOf(resident.id)).toHaveLength(1);
    expect(await isMember(resident.id)).toBe(false);

    // A clerk of another centre cannot act through this centre's room.
    const outside = await otherClerk.post(action, {
      invitationId: invitation?.id ?? '',
      channel: 'counter',
      confirmed: 'yes',
      answer: 'accept',
    });
    expect(outside.res.status).toBe(403);
    expect(await isMember(resident.id)).toBe(false);

    const accepted = await clerk.post(action, {
      invitationId: invitation?.id ?? '',
      channel: 'counter',
      confirmed: 'yes',
      answer: 'accept',
    });
    expect(accepted.res.status).toBe(303);
    expect(await isMember(resident.id)).toBe(true);
    expect(await invitationsOf(resident.id)).toHaveLength(0);
    const audit = await ctx()
      .db.kysely.selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'group.invitation_answer_for_resident')
      .executeTakeFirstOrThrow();
    expect(audit.target_id).toBe(invitation?.id);
    expect(audit.facility_id).not.toBeNull();
    expect(JSON.parse(audit.after_json ?? '{}')).toMatchObject({ residentId: resident.id, groupId, answer: 'accept', channel: 'counter' });
    const mail = await outbox(ctx().db.kysely)
      .selectAll()
      .where('to_address', '=', 'inv-rep@example.com')
      .where('body_text', 'like', '%招待を受けて、団体のメンバーになりました。%')
      .execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]?.body_text).toContain('窓口 太郎');
    // Answered: the form is gone, and answering again changes nothing.
    expect((await clerk.get(href)).html).toContain('団体への招待はありません');
    const again = await clerk.post(action, { invitationId: invitation?.id ?? '', channel: 'counter', confirmed: 'yes', answer: 'decline' });
    expect(again.res.status).toBe(404);
    expect(await isMember(resident.id)).toBe(true);
  });

  it('declines for the resident by phone, and refuses an invitation that is someone else’s', async () => {
    const db = ctx().db.kysely;
    const other = await makeUser(db, { email: null });
    const secondGroup = await makeGroup(db, (await makeUser(db, { email: 'inv-rep2@example.com' })).id, {
      type: 'circle',
      name: '電話の会',
    });
    for (const [user, group] of [
      [resident.id, secondGroup],
      [other.id, secondGroup],
    ] as const) {
      await db
        .insertInto('group_invitations')
        .values({ id: `inv_${user.slice(-6)}`, group_id: group, user_id: user, invited_by: user, created_at: '2026-11-20T00:00:00Z' })
        .execute();
    }
    const action = `/staff/residents/${resident.id}/invitations?${where()}`;
    const foreign = await clerk.post(action, {
      invitationId: `inv_${other.id.slice(-6)}`,
      channel: 'phone',
      confirmed: 'yes',
      answer: 'accept',
    });
    expect(foreign.res.status).toBe(404);
    expect(await invitationsOf(other.id)).toHaveLength(1);
    const declined = await clerk.post(action, {
      invitationId: `inv_${resident.id.slice(-6)}`,
      channel: 'phone',
      confirmed: 'yes',
      answer: 'decline',
    });
    expect(declined.res.status).toBe(303);
    expect(await invitationsOf(resident.id)).toHaveLength(0);
    const audits = await db.selectFrom('audit_log').selectAll().where('action', '=', 'group.invitation_answer_for_resident').execute();
    expect(audits.map((a) => JSON.parse(a.after_json ?? '{}').channel).sort()).toEqual(['counter', 'phone']);
    expect(
      await outbox(db)
        .select('id')
        .where('to_address', '=', 'inv-rep2@example.com')
        .where('body_text', 'like', '%団体への招待を辞退しました。%')
        .execute(),
    ).toHaveLength(1);
    // Through a room of another centre the clerk may not even look.
    expect((await clerk.get(`/staff/residents/${resident.id}/invitations?room=${otherRoomId}&date=2026-12-01`)).res.status).toBe(403);
  });
});
