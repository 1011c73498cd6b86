/**
 * A booking with nothing to pay (a free room, or a 地域団体's 地域活動 with its 100% 減免) says so on
 * SQLite and PostgreSQL: 使用料なし on the confirmation step, the reservation page and the mail, with the
 * 減免 when that is why, and never a payment of 0円 to make.
 */
import { beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../../test/browser.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeFacility, makeGroup, makeRoom, makeRoomFees, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { outbox } from '../../../test/outbox.ts';

describeEachDialect('bookings with no fee', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let paidRoom: string;
  let freeRoom: string;
  let groupId: string;
  let client: PageClient;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    const facilityId = await makeFacility(db, { name: '無料テスト市民センター' });
    paidRoom = await makeRoom(db, facilityId, { name: '講座室' });
    await makeRoomFees(db, paidRoom, { morning: 1200, afternoon: 1200, evening: 1200 });
    freeRoom = await makeRoom(db, facilityId, { name: '談話室', sort_order: 2 });
    const user = await makeUser(db, { email: 'nofee@example.com', name: '無料 一郎' });
    groupId = await makeGroup(db, user.id, { type: 'community', name: '無料テスト町内会' });
    client = new PageClient(app);
    await client.logIn('nofee@example.com', TEST_PASSWORD);
  });

  const book = async (form: Record<string, string | string[]>) => {
    const confirm = await client.post('/book/confirm', form);
    expect(confirm.res.status).toBe(200);
    const formToken = /name="formToken" value="([^"]+)"/.exec(confirm.html)?.[1] ?? '';
    const made = await client.post('/book', { ...form, formToken });
    expect(made.res.status).toBe(303);
    const page = await client.get(made.res.headers.get('location') ?? '');
    const number = /2612-\d{6}/.exec(page.html)?.[0] ?? '';
    const mail = await outbox(ctx().db.kysely).select('body_text').where('subject', 'like', `%${number}%`).executeTakeFirstOrThrow();
    // The pages as read: text without tags (a label and its value are next to each other).
    const text = (html: string) => html.replace(/<[^>]+>/g, '');
    return { confirm: text(confirm.html), page: text(page.html), mail: mail.body_text };
  };

  it('a 100% 減免 says 使用料なし（減免 100%） on the confirmation, the reservation page and the mail', async () => {
    const { confirm, page, mail } = await book({
      roomId: paidRoom,
      date: '2026-12-03',
      bands: ['morning'],
      purpose: '町内会の定例会',
      attendees: '12',
      category: 'community',
      groupId,
    });
    for (const html of [confirm, page]) {
      expect(html).toContain('使用料なし（減免 100%）');
      expect(html).not.toContain('お支払いいただく使用料');
      expect(html).not.toMatch(/(^|[^0-9,])0円/);
    }
    expect(mail).toContain('使用料: なし（減免 100%');
    expect(mail).not.toContain('0円');
    expect(mail).not.toContain('お支払いください');
  });

  it('a free room says 使用料なし, with no 減免 to explain it', async () => {
    const { confirm, page, mail } = await book({
      roomId: freeRoom,
      date: '2026-12-04',
      bands: ['afternoon'],
      purpose: '囲碁の会',
      attendees: '4',
      category: 'general',
    });
    for (const html of [confirm, page]) {
      expect(html).toContain('使用料なし');
      expect(html).not.toContain('減免');
      expect(html).not.toContain('お支払いいただく使用料');
    }
    expect(mail).toContain('使用料: なし');
    expect(mail).not.toContain('0円');
  });
});
