/**
 * The .ics of a booking on SQLite and PostgreSQL, read strictly as RFC 5545 lines (CRLF after every line,
 * the last included; folded at 75 octets, continuation lines starting with a space): a 仮予約 is
 * TENTATIVE, a confirmed booking CONFIRMED, and after a cancellation the same UID comes back CANCELLED
 * with a higher SEQUENCE, stamped with the time of the change, not of the download.
 */
import { beforeAll, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeBooking, makeFacility, makeRoom, makeUser } from '../../../test/factories.ts';
import { fixedClock } from '../../lib/time.ts';

/** The properties of a file as name → value, after checking its line discipline. */
function parseStrictly(text: string): { name: string; value: string }[] {
  expect(text.endsWith('\r\n'), 'the file ends with CRLF').toBe(true);
  const physical = text.slice(0, -2).split('\r\n');
  const encoder = new TextEncoder();
  for (const line of physical) {
    expect(line, 'no bare CR or LF').not.toMatch(/[\r\n]/);
    expect(encoder.encode(line).length, `at most 75 octets: ${line}`).toBeLessThanOrEqual(75);
    expect(line.length, 'no empty line').toBeGreaterThan(0);
  }
  expect(physical[0]?.startsWith(' '), 'the first line is not a continuation').toBe(false);
  const logical: string[] = [];
  for (const line of physical) {
    if (line.startsWith(' ')) logical[logical.length - 1] += line.slice(1);
    else logical.push(line);
  }
  return logical.map((l) => {
    const colon = l.indexOf(':');
    expect(colon, l).toBeGreaterThan(0);
    return { name: l.slice(0, colon).split(';')[0] ?? '', value: l.slice(colon + 1) };
  });
}

const eventOf = (props: { name: string; value: string }[]) => {
  const begin = props.findIndex((p) => p.name === 'BEGIN' && p.value === 'VEVENT');
  const end = props.findIndex((p) => p.name === 'END' && p.value === 'VEVENT');
  expect(begin).toBeGreaterThan(0);
  return new Map(props.slice(begin + 1, end).map((p) => [p.name, p.value]));
};

/** 2026-11-24T01:00:00.000Z → 20261124T010000Z, as DTSTAMP writes it. */
const icsUtc = (iso: string) => `${iso.slice(0, 19).replace(/[-:]/g, '')}Z`;

describeEachDialect('reservation .ics', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let token: string;
  let confirmedId: string;
  let provisionalId: string;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx(), fixedClock('2026-11-24T01:00:00Z'));
    const facilityId = await makeFacility(db, { name: '暦テスト市民センター' });
    const roomId = await makeRoom(db, facilityId, { name: '和室' });
    const user = await makeUser(db);
    token = await tokenFor(ctx(), user.id);
    // A long purpose in Japanese: its lines must fold between characters, never inside one.
    confirmedId = await makeBooking(db, roomId, '2026-12-15', ['morning'], {
      user_id: user.id,
      purpose: '地域の高齢者向けスマートフォン教室（第三回）と、そのあとの茶話会・次回の打ち合わせ',
      updated_at: '2026-11-02T05:06:07.000Z',
    });
    provisionalId = await makeBooking(db, roomId, '2026-12-16', ['afternoon'], { user_id: user.id, status: 'provisional' });
  });

  const ics = async (id: string) => {
    const res = await app.request(`/api/v1/reservations/${id}/ics`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return eventOf(parseStrictly(await res.text()));
  };

  it('serves a booking as a CONFIRMED event stamped with its last change, a 仮予約 as TENTATIVE', async () => {
    const event = await ics(confirmedId);
    expect(event.get('UID')).toBe(`${confirmedId}@tsunagu`);
    expect(event.get('STATUS')).toBe('CONFIRMED');
    expect(event.get('DTSTAMP')).toBe('20261102T050607Z');
    expect(event.get('LAST-MODIFIED')).toBe('20261102T050607Z');
    expect(event.get('SUMMARY')).toBe(
      '暦テスト市民センター 和室（地域の高齢者向けスマートフォン教室（第三回）と、そのあとの茶話会・次回の打ち合わせ）',
    );
    // Never changed since it was made: stamped with its creation.
    const provisional = await ics(provisionalId);
    expect(provisional.get('STATUS')).toBe('TENTATIVE');
    expect(provisional.get('DTSTAMP')).toBe('20261101T000000Z');
  });

  it('after a cancellation serves the same UID as CANCELLED, with a higher SEQUENCE and the time of the cancellation', async () => {
    const before = await ics(confirmedId);
    expect((await api(app, 'DELETE', `/api/v1/reservations/${confirmedId}`, token)).status).toBe(200);
    const after = await ics(confirmedId);
    expect(after.get('UID')).toBe(before.get('UID'));
    expect(after.get('STATUS')).toBe('CANCELLED');
    expect(after.get('SUMMARY')).toBe(`【取消済み】${before.get('SUMMARY')}`);
    expect(Number(after.get('SEQUENCE'))).toBeGreaterThan(Number(before.get('SEQUENCE') ?? 0));
    const row = await ctx()
      .db.kysely.selectFrom('reservations')
      .select('cancelled_at')
      .where('id', '=', confirmedId)
      .executeTakeFirstOrThrow();
    expect(after.get('DTSTAMP')).toBe(icsUtc(row.cancelled_at ?? ''));
    expect(after.get('DTSTAMP')).toBe('20261124T010000Z'); // the frozen clock of the cancellation
    // A 仮予約 cancelled outranks its TENTATIVE version too.
    const tentative = Number((await ics(provisionalId)).get('SEQUENCE') ?? 0);
    expect((await api(app, 'DELETE', `/api/v1/reservations/${provisionalId}`, token)).status).toBe(200);
    expect(Number((await ics(provisionalId)).get('SEQUENCE'))).toBeGreaterThan(tentative);
  });
});
