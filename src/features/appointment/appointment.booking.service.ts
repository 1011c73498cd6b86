/**
 * Booking a counter appointment: one service or several in sequence (a life event's chosen services in
 * its order), in ONE transaction that inserts the appointment, its items, every seat row and the
 * confirmation message (notify outbox). Everything a person can be told in advance is checked first
 * (services, window, eligibility, contact and its email code, the open-appointment limits); the seats'
 * primary key then decides any race. A lost race (a seat key violation, or on PostgreSQL a deadlock
 * between two sequences) is retried with a fresh read of the taken seats, so the next free desk is
 * tried, a bounded number of times; when no desk is left for any one service, the whole sequence is
 * refused (nothing kept) with the next start times at which all of it fits.
 */
import type { Db } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { ConflictError, type FieldIssue, ForbiddenError, InvalidInputError } from '../../lib/errors.ts';
import type { Lang } from '../../lib/i18n.ts';
import { newId } from '../../lib/ids.ts';
import { addDays, type Clock, type LocalDate, type LocalTime, toTokyo } from '../../lib/time.ts';
import { randomDigits, randomToken, sha256 } from '../../lib/tokens.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { User } from '../../platform/authz/actor.ts';
import { hasRole, isAdmin } from '../../platform/authz/policy.ts';
import { findAddressee, messageFor, notify, queueMessage } from '../../platform/notify/notify.ts';
import type { ReadCache } from '../../platform/read-model/read-cache.ts';
import { integerBetween, type NumberSetting, readNumber } from '../../platform/settings/settings.ts';
import {
  DEFAULT_GAP_MINUTES,
  nextFits,
  type PlacementInput,
  placementRows,
  placeSequence,
  type SequenceStep,
} from './appointment.booking.ts';
import { checkEmailCode } from './appointment.email-codes.ts';
import { appointmentConfirmedMail } from './appointment.mail.ts';
import { daySchedules } from './appointment.read-model.ts';
import * as repo from './appointment.repository.ts';
import type { AppointmentRequestInput } from './appointment.schema.ts';
import { type AppointmentView, appointmentView, placedItemViews, takenIndex } from './appointment.service.ts';
import { bookingWindow } from './appointment.slots.ts';
import { type AppointmentChannel, toAppointment } from './appointment.ts';

/** Open (booked, from today) appointments one email address, phone number or person may hold. */
export const OPEN_APPOINTMENTS_SETTING: NumberSetting = { key: 'appointment_open_limit', fallback: 3, accepts: integerBetween(1, 1000) };

/** Fresh reads after a lost race before the sequence counts as full. */
const MAX_ATTEMPTS = 8;

/** Full (or lost the last seat): 409, with the next first-start times that fit the whole sequence. */
export class AppointmentFullError extends ConflictError {
  constructor(readonly alternatives: { date: LocalDate; start: LocalTime }[]) {
    super('errAppointmentFull');
    this.name = 'AppointmentFullError';
  }
}

export interface BookOptions {
  /** How a resident's own request came in; staff name 'phone' or 'counter' in the request. */
  channel: 'web' | 'api';
  idempotencyKey?: string | undefined;
  /** Where the change/cancel link points (config.publicUrl). */
  publicUrl: string;
  lang: Lang;
  /**
   * The read model, for what a booking reads of the catalogue before its transaction (the counters'
   * schedules, the open-appointment limit): from memory instead of four queries. Never the seats.
   */
  readCache?: ReadCache | undefined;
}

export interface BookResult {
  view: AppointmentView;
  /** The change/cancel secret: only in the answer that made the booking. */
  secret?: string;
  replayed: boolean;
}

const invalid = (field: string, key: string, params?: Record<string, string | number>) =>
  new InvalidInputError([{ field, key, ...(params ? { params } : {}) }]);

/** The services in the order they are done, and the minutes between them (also read by the booking pages). */
export async function resolveSequence(db: Db, req: Pick<AppointmentRequestInput, 'serviceIds' | 'lifeEventId'>) {
  let ordered = req.serviceIds;
  let gap = DEFAULT_GAP_MINUTES;
  if (new Set(ordered).size !== ordered.length) throw invalid('serviceIds', 'errAppointmentServiceTwice');
  if (req.lifeEventId) {
    const event = await repo.findLifeEvent(db, req.lifeEventId);
    if (!event) throw invalid('lifeEventId', 'errAppointmentLifeEventUnknown');
    if (ordered.some((id) => !event.serviceIds.includes(id))) throw invalid('serviceIds', 'errAppointmentNotInLifeEvent');
    ordered = event.serviceIds.filter((id) => req.serviceIds.includes(id));
    gap = event.gapMinutes;
  }
  const found = await repo.findServices(db, ordered);
  if (ordered.some((id) => !found.has(id))) throw invalid('serviceIds', 'errAppointmentServiceUnknown');
  const services = ordered.map((id) => found.get(id) as repo.ServiceWithCounter);
  const office = services[0]?.office;
  if (!office || services.some((s) => s.office.id !== office.id)) throw invalid('serviceIds', 'errAppointmentOneOffice');
  const steps: SequenceStep[] = services.map(({ service }) => ({
    serviceId: service.id,
    counterId: service.counterId,
    durationMinutes: service.durationMinutes,
    bookFromDays: service.bookFromDays,
    bookUntilDays: service.bookUntilDays,
  }));
  return { services, steps, office, gap, lifeEventId: req.lifeEventId ?? null };
}

interface Booker {
  name: string;
  nameKana: string;
  phone: string | null;
  email: string | null;
  personId: string | null;
  channel: AppointmentChannel;
  operatorId: string | null;
  contactConfirmed: boolean;
  /** The email address must answer its one-time code. */
  needsCode: boolean;
}

/**
 * Whose appointment it is: staff booking for a caller (their contact as given, phone-only allowed), a
 * person with an account (their own contact), or someone without one (name, フリガナ, a confirmed email).
 */
function resolveBooker(actor: User | undefined, req: AppointmentRequestInput, officeId: string, channel: 'web' | 'api'): Booker {
  if (req.channel) {
    const staff = actor && (isAdmin(actor) || hasRole(actor, 'counter_clerk', { kind: 'ward_office', id: officeId }));
    if (!staff) throw new ForbiddenError('not staff of the office', 'errAppointmentStaffOnly');
  } else if (actor) {
    return {
      name: actor.name,
      nameKana: actor.nameKana,
      phone: actor.phone || null,
      email: actor.email,
      personId: actor.id,
      channel,
      operatorId: null,
      contactConfirmed: true,
      needsCode: false,
    };
  }
  const issues: FieldIssue[] = [];
  if (!req.name) issues.push({ field: 'name', key: 'errNameRequired' });
  if (!req.nameKana) issues.push({ field: 'nameKana', key: 'errKanaRequired' });
  if (req.channel) {
    if (!req.phone && !req.email) issues.push({ field: 'phone', key: 'errAppointmentContactRequired' });
  } else if (!req.email) {
    issues.push({ field: 'email', key: req.phone ? 'errAppointmentEmailNeeded' : 'errAppointmentContactRequired' });
  } else if (!req.emailCode) {
    issues.push({ field: 'emailCode', key: 'errAppointmentEmailCodeRequired' });
  }
  if (issues.length > 0) throw new InvalidInputError(issues);
  return {
    name: req.name ?? '',
    nameKana: req.nameKana ?? '',
    phone: req.phone ?? null,
    email: req.email ?? null,
    personId: null,
    channel: req.channel ?? channel,
    operatorId: req.channel ? (actor?.id ?? null) : null,
    contactConfirmed: !req.channel,
    needsCode: !req.channel,
  };
}

/** The window of every service, who may book them, and the open-appointment limits. */
async function ruleIssues(
  db: Db,
  clock: Clock,
  req: AppointmentRequestInput,
  seq: Awaited<ReturnType<typeof resolveSequence>>,
  booker: Booker,
  limit: number,
): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  const now = toTokyo(clock.now());
  for (const [i, step] of seq.steps.entries()) {
    const window = bookingWindow(step, req.date, i === 0 ? req.start : null, now);
    if (window.bookable) continue;
    issues.push(
      window.reason === 'not_yet'
        ? { field: 'date', key: 'errAppointmentNotYetOpen', params: { date: window.opensOn, days: step.bookFromDays } }
        : { field: 'date', key: 'errAppointmentWindowClosed' },
    );
    break;
  }
  if (seq.services.some((s) => s.service.eligibility === 'ward_residents')) {
    const ward = booker.personId ? await repo.wardOfHousehold(db, booker.personId) : null;
    if (ward !== null && ward !== seq.office.wardId)
      issues.push({ field: 'wardResident', key: 'errAppointmentWardResidentsOnly', params: { office: seq.office.name } });
    else if (ward === null && !req.wardResident) issues.push({ field: 'wardResident', key: 'errAppointmentWardResidentConfirm' });
  }
  const over = await openLimitIssue(db, now.date, booker, limit);
  if (over) issues.push(over);
  return issues;
}

/**
 * The open-appointments limit per person, email and phone: checked before anything is written (the
 * plain answer, before a code is spent) and again inside the booking's transaction once the contacts'
 * rows are locked (repo.lockContacts), where concurrent bookings of one caller are counted one by one.
 */
async function openLimitIssue(db: Db, today: LocalDate, booker: Booker, limit: number): Promise<FieldIssue | undefined> {
  const open = await repo.countOpenAppointments(db, today, { email: booker.email, phone: booker.phone, personId: booker.personId });
  if (open.person >= limit) return { field: 'serviceIds', key: 'errAppointmentLimitPerson', params: { limit, count: open.person } };
  if (open.email >= limit) return { field: 'email', key: 'errAppointmentLimitEmail', params: { limit, count: open.email } };
  if (open.phone >= limit) return { field: 'phone', key: 'errAppointmentLimitPhone', params: { limit, count: open.phone } };
  return undefined;
}

/** A retried request (same Idempotency-Key): the same appointment if it asked for the same thing. */
async function replay(db: Db, earlier: NonNullable<Awaited<ReturnType<typeof repo.findAppointmentByIdempotencyKey>>>, same: string) {
  const items = await repo.listItems(db, earlier.id);
  const asked = [
    earlier.date,
    earlier.starts,
    earlier.email ?? '',
    earlier.phone ?? '',
    earlier.person_id ?? '',
    ...items.map((i) => i.service_id),
  ];
  if (asked.join('|') !== same) throw invalid('Idempotency-Key', 'errAppointmentIdempotencyReused');
  return { view: await appointmentView(db, toAppointment(earlier)), replayed: true };
}

export type Violation = 'seat' | 'number' | 'idempotency' | 'deadlock' | undefined;
/** Which unique key (or deadlock) a failed write ran into: a lost race is retried, the rest thrown. */
export function violationOf(error: unknown): Violation {
  const e = error as { code?: string; constraint?: string; message?: string };
  if (e?.code === '40P01' || e?.code === '40001') return 'deadlock';
  if (!isUniqueViolation(error)) return undefined;
  const text = `${e.constraint ?? ''} ${e.message ?? ''}`;
  if (/appointment_seats/.test(text)) return 'seat';
  if (/idempotency/.test(text)) return 'idempotency';
  if (/appointments_number|appointments\.number/.test(text)) return 'number';
  return undefined;
}

/**
 * Books, or answers the earlier appointment of a retried request (same Idempotency-Key and body). A retry
 * racing its original loses the seats or the code to it, or hits the key's unique index: then the
 * original is looked up and answered.
 */
export async function bookAppointment(
  db: Db,
  clock: Clock,
  actor: User | undefined,
  req: AppointmentRequestInput,
  options: BookOptions,
): Promise<BookResult> {
  try {
    return await book(db, clock, actor, req, options);
  } catch (error) {
    const key = options.idempotencyKey;
    if (key && (error instanceof AppointmentFullError || error instanceof InvalidInputError)) {
      const earlier = await repo.findAppointmentByIdempotencyKey(db, key);
      if (earlier && !(error instanceof InvalidInputError && error.issues.some((i) => i.field === 'Idempotency-Key'))) {
        const seq = await resolveSequence(db, req);
        const booker = resolveBooker(actor, req, seq.office.id, options.channel);
        return replay(db, earlier, sameRequest(req, seq, booker));
      }
    }
    throw error;
  }
}

const sameRequest = (req: AppointmentRequestInput, seq: Awaited<ReturnType<typeof resolveSequence>>, booker: Booker) =>
  [req.date, req.start, booker.email ?? '', booker.phone ?? '', booker.personId ?? '', ...seq.steps.map((s) => s.serviceId)].join('|');

async function book(
  db: Db,
  clock: Clock,
  actor: User | undefined,
  req: AppointmentRequestInput,
  options: BookOptions,
): Promise<BookResult> {
  const seq = await resolveSequence(db, req);
  const booker = resolveBooker(actor, req, seq.office.id, options.channel);
  const same = sameRequest(req, seq, booker);
  const key = options.idempotencyKey;
  if (key) {
    const earlier = await repo.findAppointmentByIdempotencyKey(db, key);
    if (earlier) return replay(db, earlier, same);
  }
  // The setting from memory (dropped when settings change), read once for both counts of the limit.
  const limit = await (options.readCache
    ? options.readCache.catalogue(`setting:${OPEN_APPOINTMENTS_SETTING.key}`, () => readNumber(db, OPEN_APPOINTMENTS_SETTING))
    : readNumber(db, OPEN_APPOINTMENTS_SETTING));
  const issues = await ruleIssues(db, clock, req, seq, booker, limit);
  if (issues.length > 0) throw new InvalidInputError(issues);
  const codeId =
    booker.needsCode && booker.email && req.emailCode ? await checkEmailCode(db, clock, booker.email, req.emailCode) : undefined;

  const counterIds = seq.steps.map((s) => s.counterId);
  const schedules = await daySchedules(db, clock, options.readCache, counterIds, req.date);
  // Whom the confirmation reaches, read before the transaction so that it stays short (as notify would
  // read it inside): the person, their LINE link and their choices.
  const addressee = booker.personId ? await findAddressee(db, booker.personId, 'appointment.confirmed', null) : undefined;
  const full = async () => {
    const to = addDays(req.date, 14);
    const [wide, seats] = await Promise.all([
      repo.loadSchedules(db, counterIds, req.date, to),
      repo.listTakenSeats(db, counterIds, req.date, to),
    ]);
    const input: PlacementInput = { steps: seq.steps, schedules: wide, takenOn: takenIndex(seats), gapMinutes: seq.gap };
    return new AppointmentFullError(nextFits(input, { date: req.date, after: req.start }, toTokyo(clock.now())));
  };

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const seats = await repo.listTakenSeats(db, counterIds, req.date, req.date);
    const placement = placeSequence({ steps: seq.steps, schedules, takenOn: takenIndex(seats), gapMinutes: seq.gap }, req.date, req.start);
    if (!placement.ok) {
      if (placement.reason === 'day_closed') throw invalid('date', 'errAppointmentDayClosed');
      if (placement.reason === 'start_not_offered') throw invalid('start', 'errAppointmentStartNotOffered');
      throw await full();
    }
    const now = clock.now().toISOString();
    const secret = randomToken();
    const row = {
      id: newId('apt'),
      number: randomDigits(8),
      secret_hash: sha256(secret),
      office_id: seq.office.id,
      life_event_id: seq.lifeEventId,
      status: 'booked',
      name: booker.name,
      name_kana: booker.nameKana,
      phone: booker.phone,
      email: booker.email,
      contact_confirmed: booker.contactConfirmed ? 1 : 0,
      person_id: booker.personId,
      channel: booker.channel,
      operator_id: booker.operatorId,
      idempotency_key: key ?? null,
      lang: req.lang ?? options.lang,
      date: req.date,
      starts: placement.items[0]?.starts ?? req.start,
      created_at: now,
      cancelled_at: null,
      reminded_at: null,
    };
    const { items, seats: seatRows } = placementRows(row.id, placement.items);
    const manageUrl = `${options.publicUrl}/appointments/${row.number}?secret=${encodeURIComponent(secret)}`;
    const mailItems = placement.items.map((p) => {
      const s = seq.services[p.position - 1] as repo.ServiceWithCounter;
      return {
        serviceName: s.service.name,
        serviceNameEn: s.service.nameEn,
        counterName: s.counter.name,
        counterNameEn: s.counter.nameEn,
        place: s.counter.place,
        placeEn: s.counter.placeEn,
        date: p.date,
        starts: p.starts,
        ends: p.ends,
        documents: s.service.documents,
        documentsEn: s.service.documentsEn,
      };
    });
    const template = (lang: Lang) =>
      appointmentConfirmedMail(lang, {
        number: row.number,
        name: row.name,
        officeName: seq.office.name,
        date: row.date,
        items: mailItems,
        manageUrl,
      });
    try {
      const saved = await db.transaction().execute(async (trx) => {
        await repo.lockContacts(trx, booker, now);
        const over = await openLimitIssue(trx, toTokyo(clock.now()).date, booker, limit);
        if (over) throw new InvalidInputError([over]);
        const saved = await repo.insertAppointment(trx, row, items, seatRows);
        if (codeId && !(await repo.useEmailCode(trx, codeId, now))) throw invalid('emailCode', 'errAppointmentEmailCodeWrong');
        const kind = 'appointment.confirmed';
        if (booker.personId) {
          if (addressee) await queueMessage(trx, messageFor(clock, { to: booker.personId, kind, template }, addressee));
        } else if (booker.email)
          await notify(trx, clock, { to: { address: booker.email }, kind, template, lang: row.lang === 'en' ? 'en' : 'ja' });
        if (booker.operatorId)
          await recordAudit(trx, clock.now(), {
            actorId: booker.operatorId,
            action: 'appointment.book_for_caller',
            targetType: 'appointment',
            targetId: row.id,
            after: {
              number: row.number,
              channel: row.channel,
              date: row.date,
              starts: row.starts,
              services: items.map((i) => i.service_id),
            },
          });
        return saved;
      });
      // The answer from what the booking was made of, not read back from the database.
      const view = {
        appointment: toAppointment(saved),
        officeName: seq.office.name,
        items: placedItemViews(seq.services, placement.items),
      };
      return { view, secret, replayed: false };
    } catch (error) {
      const violation = violationOf(error);
      if (violation === 'seat' || violation === 'deadlock' || violation === 'number') continue;
      if (violation === 'idempotency' && key) {
        const earlier = await repo.findAppointmentByIdempotencyKey(db, key);
        if (earlier) return replay(db, earlier, same);
      }
      throw error;
    }
  }
  throw await full();
}
