/**
 * Small named errors that services throw; the HTTP layer maps each to a page or a JSON problem in one
 * place (http/errors.tsx). Field problems carry message keys, translated only when a response is built,
 * so one error serves both the Japanese and the English answer.
 */
import { isMessageKey, type MessageKey, type Translate } from './i18n.ts';

/** A field problem as shown to a person: already translated. */
export interface FieldError {
  field: string;
  message: string;
}

/** A field problem as raised by code: a message key with optional parameters. */
export interface FieldIssue {
  field: string;
  key: string;
  params?: Record<string, string | number>;
}

export class NotFoundError extends Error {
  constructor(readonly what: 'ward' | 'facility' | 'room' | 'reservation' | 'organisation' | 'page') {
    super(`${what} not found`);
    this.name = 'NotFoundError';
  }
}

/**
 * The actor may not do this (e.g. a member adding members, which only the representative may). `key`, when
 * given, is the plain message shown to the person (403 page or problem title) instead of the generic one.
 */
export class ForbiddenError extends Error {
  constructor(
    readonly reason: string,
    readonly key?: string,
  ) {
    super(reason);
    this.name = 'ForbiddenError';
  }
}

/**
 * Every conflict the services can report, by message key. Listed (not any string) because each becomes a
 * problem type the API documents (http/problem-types.ts): a new conflict is added here or does not compile.
 */
export const CONFLICT_KEYS = [
  'errCellTaken',
  'errAlreadyCancelled',
  'errCancelDeadline',
  'errAlreadyRecorded',
  'errNotYet',
  'errAlreadyPaid',
  'errNoFeeToPay',
  'errNotPending',
  'errNotProvisional',
  'errGroupNotPending',
  'errGroupChanged',
  'errInvitationGone',
  'errLotteryEntered',
  'errLotteryGroupEntered',
  'errLotteryEntryClosed',
  'errLotteryWithdrawClosed',
  'errLotteryStillTakingEntries',
  'errLotteryTooLate',
  'errLotteryAlreadyDrawn',
  'errLotteryNotDrawn',
  'errLotteryNothingToConfirm',
  'errLotteryConfirmClosed',
  'errLotteryWinUnconfirmed',
  // The queue of the day at a ward office (features/appointment/queue*).
  'errQueueCancelled',
  'errQueueNotToday',
  'errQueueOtherOffice',
  'errQueueFinished',
  'errQueueSelfWindow',
  'errQueueWalkInsClosed',
  'errQueueTicketState',
  'errQueueDeskBusy',
  'errQueueNobodyWaiting',
  'errHouseholdAlready',
  'errHouseholdPersonTaken',
  'errHouseholdEnded',
  'errHouseholdNone',
  'errAccountDeleted',
  // Counter appointments (features/appointment): a time taken meanwhile, a booking past cancelling.
  'errAppointmentFull',
  'errAppointmentNotCancellable',
  'errAppointmentNotChangeable',
] as const satisfies readonly MessageKey[];
export type ConflictKey = (typeof CONFLICT_KEYS)[number];

/** The request is valid but conflicts with the current state (409): a cell just taken, a deadline passed. */
export class ConflictError extends Error {
  constructor(
    readonly key: ConflictKey,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
    this.name = 'ConflictError';
  }
}

/** Input that fails validation or breaks a rule (e.g. a date range longer than allowed). */
export class InvalidInputError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((e) => `${e.field}: ${e.key}`).join('; '));
    this.name = 'InvalidInputError';
  }
}

export function translateIssues(t: Translate, issues: readonly FieldIssue[]): FieldError[] {
  return issues.map((i) => ({ field: i.field, message: isMessageKey(i.key) ? t(i.key, i.params) : t('errInvalidValue') }));
}
