/**
 * notify(): the one way a feature sends a message to a person. Written in the caller's transaction (so
 * there is never a message about something that did not happen, nor a change whose message was lost),
 * rendered once in the person's language by the feature's own template, and queued on the channels the
 * person chose. The worker (worker.ts) delivers after commit; call `deps.notifier.kick()` then.
 *
 * Channels: the web inbox always (for a person; a bare address has no inbox); email if they have an
 * address; LINE if linked; paper when they have neither email nor LINE, or chose it. A person's choices
 * (notify_preferences) are per kind of message — the part of `kind` before the dot, e.g. 'booking' — or
 * '*' for every kind.
 */
import type { Insertable } from 'kysely';
import type { Db, Trx } from '../../db/database.ts';
import type { NotifyDeliveryTable, NotifyMessageTable } from '../../db/schema.ts';
import type { Lang } from '../../lib/i18n.ts';
import { newId } from '../../lib/ids.ts';
import type { Clock } from '../../lib/time.ts';

export interface RenderedMessage {
  subject: string;
  text: string;
  /**
   * A text to draw as a QR code beside the message, for a machine to read (the 予約番号 at the ward
   * office's kiosk). It must also be in `text`: email attaches the picture, the other channels show the text.
   */
  qr?: string;
}

/** A feature's template: the message in the given language (users.language: Japanese or English). */
export type MessageTemplate = (lang: Lang) => RenderedMessage;

export type Recipient = string | { address: string };

export interface NotifyInput {
  /** A user id, or `{ address }` for mail to an address that is not (yet) a person, such as a reset link. */
  to: Recipient;
  /** What it is about, e.g. 'booking.confirmed'. */
  kind: string;
  template: MessageTemplate;
  /** Sent during quiet hours too (a reset link, a same-day cancellation). */
  urgent?: boolean;
  /** The facility the message is about: its staff print a paper delivery. */
  facilityId?: string | null;
  /** The language of a message to an address (a person's own language is used otherwise). */
  lang?: Lang;
}

export type DeliveryChannel = 'web' | 'email' | 'line' | 'paper';

export interface ChannelChoice {
  email: boolean;
  line: boolean;
  paper: boolean;
}

/** The part of a kind that choices are kept for: 'booking.confirmed' → 'booking'. */
export const kindGroup = (kind: string): string => kind.split('.')[0] ?? kind;

/**
 * Which outside channels a message goes to. Without a choice: email if they have an address, LINE if
 * linked, paper if neither. A choice is honoured where it can be (email needs an address, LINE a link);
 * someone who can be reached by neither always gets paper, so a person with nothing else is still reached.
 */
export function chooseChannels(has: { email: boolean; line: boolean }, choice: ChannelChoice | undefined): ChannelChoice {
  if (!choice) return { email: has.email, line: has.line, paper: !has.email && !has.line };
  const chosen = { email: choice.email && has.email, line: choice.line && has.line, paper: choice.paper };
  if (!has.email && !has.line) chosen.paper = true;
  return chosen;
}

/** A person's stored language (users.language) as a Lang: anything but 'en' is Japanese. */
export const asLang = (value: string | null | undefined): Lang => (value === 'en' ? 'en' : 'ja');

/** Queues the message; returns its id, or undefined for an account that no longer exists (deleted). */
export async function notify(trx: Trx, clock: Clock, input: NotifyInput): Promise<string | undefined> {
  if (typeof input.to !== 'string') {
    const lang = input.lang ?? 'ja';
    const rendered = input.template(lang);
    const address = input.to.address.trim().toLowerCase();
    const now = clock.now().toISOString();
    const message = messageRow(input, now, {
      user_id: null,
      address,
      subject: rendered.subject,
      body_text: rendered.text,
      qr_text: rendered.qr ?? null,
      lang,
    });
    await queueMessage(trx, { message, deliveries: [deliveryRow(message, 'email', { address })] });
    return message.id;
  }
  const addressee = await findAddressee(trx, input.to, input.kind, input.facilityId ?? null);
  if (!addressee) return undefined;
  const queued = messageFor(clock, input, addressee);
  await queueMessage(trx, queued);
  return queued.message.id;
}

/** Who a message to a person reaches and how: their language and the channels of this kind of message. */
export interface Addressee {
  userId: string;
  lang: Lang;
  email: string | null;
  channels: ChannelChoice;
  /** Whose print list a paper delivery lands on (wardOfPerson); null without paper. */
  paperWardId: string | null;
}

/**
 * The addressee of a message of this kind to a person, or undefined for an account that no longer exists.
 * A read only: a writer that must keep its transaction short (a booking) reads it before, then queues
 * the rows (messageFor, queueMessage) inside. The person, their LINE link and their choices in one query.
 */
export async function findAddressee(db: Db, userId: string, kind: string, facilityId: string | null): Promise<Addressee | undefined> {
  const rows = await db
    .selectFrom('users')
    .leftJoin('line_links as line', 'line.user_id', 'users.id')
    .leftJoin('notify_preferences as pref', (join) =>
      join.onRef('pref.user_id', '=', 'users.id').on('pref.kind', 'in', [kindGroup(kind), '*']),
    )
    .select([
      'users.email',
      'users.language',
      'users.deleted_at',
      'line.line_user_id as lineAddress',
      'pref.kind as prefKind',
      'pref.email as prefEmail',
      'pref.line as prefLine',
      'pref.paper as prefPaper',
    ])
    .where('users.id', '=', userId)
    .execute();
  const person = rows[0];
  if (!person || person.deleted_at) return undefined;
  // The kind's own choice wins over the one for every kind ('*').
  const prefs = rows.filter((r) => r.prefKind !== null);
  const pref = prefs.find((p) => p.prefKind !== '*') ?? prefs[0];
  const channels = chooseChannels(
    { email: Boolean(person.email), line: Boolean(person.lineAddress) },
    pref && { email: pref.prefEmail === 1, line: pref.prefLine === 1, paper: pref.prefPaper === 1 },
  );
  return {
    userId,
    lang: asLang(person.language),
    email: person.email,
    channels,
    paperWardId: channels.paper ? await wardOfPerson(db, userId, facilityId) : null,
  };
}

type MessageRow = Insertable<NotifyMessageTable>;
type DeliveryRow = Insertable<NotifyDeliveryTable>;

/** A message and its deliveries, rendered and ready to insert. */
export interface QueuedMessage {
  message: MessageRow & { id: string; created_at: string };
  deliveries: DeliveryRow[];
}

function messageRow(
  input: NotifyInput,
  now: string,
  to: Pick<MessageRow, 'user_id' | 'address' | 'subject' | 'body_text' | 'qr_text' | 'lang'>,
) {
  const base = { id: newId('msg'), kind: input.kind, urgent: input.urgent ? 1 : 0, facility_id: input.facilityId ?? null };
  return { ...base, created_at: now, read_at: null, ...to };
}

function deliveryRow(
  message: QueuedMessage['message'],
  channel: DeliveryChannel,
  extra: { address?: string | null; ward_id?: string | null; status?: string } = {},
): DeliveryRow {
  const now = message.created_at;
  return {
    id: newId('dlv'),
    message_id: message.id,
    channel,
    address: extra.address ?? null,
    status: extra.status ?? 'queued',
    next_attempt_at: now,
    last_error: null,
    batch_id: null,
    claimed_at: null,
    sent_at: extra.status === 'sent' ? now : null,
    ward_id: extra.ward_id ?? null,
    handed_over_by: null,
    handed_over_at: null,
    created_at: now,
  };
}

/** The message rendered in the addressee's language with a delivery per chosen channel (the web inbox always). */
export function messageFor(clock: Clock, input: NotifyInput, addressee: Addressee): QueuedMessage {
  const rendered = input.template(addressee.lang);
  const message = messageRow(input, clock.now().toISOString(), {
    user_id: addressee.userId,
    address: null,
    subject: rendered.subject,
    body_text: rendered.text,
    qr_text: rendered.qr ?? null,
    lang: addressee.lang,
  });
  const deliveries = [deliveryRow(message, 'web', { status: 'sent' })];
  if (addressee.channels.email) deliveries.push(deliveryRow(message, 'email', { address: addressee.email }));
  if (addressee.channels.line) deliveries.push(deliveryRow(message, 'line'));
  if (addressee.channels.paper) deliveries.push(deliveryRow(message, 'paper', { ward_id: addressee.paperWardId }));
  return { message, deliveries };
}

/** Writes the message and all its deliveries (one multi-row insert), in the caller's transaction. */
export async function queueMessage(trx: Trx, queued: QueuedMessage): Promise<void> {
  await trx.insertInto('notify_messages').values(queued.message).execute();
  await trx.insertInto('notify_deliveries').values(queued.deliveries).execute();
}

/**
 * Whose print list a paper delivery lands on when no facility is concerned: the person's ward, from
 * their household. Without one (a resident registered at a counter before households), the ward of the
 * facility the message is about, else none — then the city's admins print it.
 */
export async function wardOfPerson(db: Db, userId: string, facilityId: string | null): Promise<string | null> {
  const household = await db
    .selectFrom('household_people as p')
    .innerJoin('households as h', 'h.id', 'p.household_id')
    .select('h.ward_id')
    .where('p.user_id', '=', userId)
    .where('h.status', '=', 'active')
    .executeTakeFirst();
  if (household) return household.ward_id;
  if (!facilityId) return null;
  const facility = await db.selectFrom('facilities').select('ward_id').where('id', '=', facilityId).executeTakeFirst();
  return facility?.ward_id ?? null;
}

/** A person's channel choice for one kind group, or '*' for every kind. */
export async function setChannelChoice(trx: Trx, userId: string, kind: string, choice: ChannelChoice, now: Date): Promise<void> {
  const values = { email: choice.email ? 1 : 0, line: choice.line ? 1 : 0, paper: choice.paper ? 1 : 0, updated_at: now.toISOString() };
  await trx
    .insertInto('notify_preferences')
    .values({ user_id: userId, kind, ...values })
    .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet(values))
    .execute();
}

/** A clock stopped at `now`, for callers that hold the instant of their transaction rather than a clock. */
export const clockAt = (now: Date): Clock => ({ now: () => now });
