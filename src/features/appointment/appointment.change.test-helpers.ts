/**
 * Test kit of changing, cancelling and reminding: appointments booked the real way (a counter clerk's
 * phone booking through the API, with the caller's email so they get the messages), and the messages a
 * resident was sent, read back from notify's tables.
 */
import { expect } from 'vitest';
import { api } from '../../../test/api.ts';
import type { Db } from '../../db/database.ts';

type App = Parameters<typeof api>[0];

let caller = 0;

/** Books for a phone caller (no email code needed); answers the 予約番号 and the secret of its link. */
export async function bookForCaller(app: App, clerkToken: string, body: Record<string, unknown>) {
  caller += 1;
  const email = `caller${caller}-${Math.random().toString(36).slice(2, 8)}@example.jp`;
  const { status, json } = await api(app, 'POST', '/api/v1/appointments', clerkToken, {
    name: '変更 花子',
    nameKana: 'ヘンコウ ハナコ',
    phone: `090-7777-${String(caller).padStart(4, '0')}`,
    email,
    channel: 'phone',
    ...body,
  });
  expect(status, JSON.stringify(json)).toBe(201);
  return { number: json.number as string, secret: json.secret as string, email: (body.email as string | undefined) ?? email };
}

/** The messages of a kind about the appointment's number, newest last. */
export async function messagesAbout(db: Db, kind: string, number: string) {
  const formatted = `${number.slice(0, 4)}-${number.slice(4)}`;
  const rows = await db
    .selectFrom('notify_messages')
    .select(['id', 'user_id', 'address', 'subject', 'body_text', 'lang'])
    .where('kind', '=', kind)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.filter((r) => r.subject.includes(formatted));
}

/** Seats of the appointment as (counter, date, slot, seat), in order. */
export async function seatsOfNumber(db: Db, number: string) {
  return db
    .selectFrom('appointment_seats as s')
    .innerJoin('appointments as a', 'a.id', 's.appointment_id')
    .select(['s.counter_id', 's.date', 's.slot', 's.seat'])
    .where('a.number', '=', number)
    .orderBy('s.date')
    .orderBy('s.slot')
    .orderBy('s.counter_id')
    .execute();
}
