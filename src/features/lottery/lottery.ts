/**
 * The lottery domain: where a month stands (its phase), the months taking entries and the outcomes of a
 * draw. The calendar those build on (rules, schedule, when first-come opens) is in
 * platform/lottery-calendar, shared with availability and booking, and re-exported here.
 *
 * Pure functions over plain data, so the window edges can be tested to the second; and the shapes a month,
 * an entry and its wishes take on pages, in the API and in mails (built by the services).
 */
import type { Lang } from '../../lib/i18n.ts';
import { addMonths, type YearMonth } from '../../lib/time.ts';
import { type LotteryRules, type LotterySchedule, lotterySchedule } from '../../platform/lottery-calendar/lottery-calendar.ts';
import type { Band, Room } from '../facility/facility.ts';

export {
  DEFAULT_LOTTERY_RULES,
  firstComeOpensAt,
  LOTTERY_RULE_LIMITS,
  LOTTERY_SETTINGS,
  type LotteryRules,
  type LotterySchedule,
  lotterySchedule,
  rulesIssue,
  tokyoInstant,
} from '../../platform/lottery-calendar/lottery-calendar.ts';

export type LotteryPhase = 'upcoming' | 'entry' | 'waiting_draw' | 'drawn' | 'first_come';

/**
 * Where a month stands at `now`; `drawn` says whether its draw has run (the hourly job runs it on the draw
 * day, or later if the server was down). First-come opens on time whatever happened: a draw can no longer
 * run after that (see drawMonth), so the calendar residents were promised always holds.
 */
export function lotteryPhase(s: LotterySchedule, now: Date, drawn: boolean): LotteryPhase {
  const t = now.getTime();
  if (t < s.entryOpensAt.getTime()) return 'upcoming';
  if (t < s.entryClosesAt.getTime()) return 'entry';
  if (t >= s.firstComeOpensAt.getTime()) return 'first_come';
  return drawn ? 'drawn' : 'waiting_draw';
}

/**
 * The lottery months whose entry window is open at `now` (normally one). Looks at the months that can
 * run in the current Tokyo month.
 */
export function monthsTakingEntries(nowMonth: YearMonth, now: Date, r: LotteryRules): YearMonth[] {
  const out: YearMonth[] = [];
  for (let ahead = r.monthsAhead - 1; ahead <= r.monthsAhead + 1; ahead++) {
    const m = addMonths(nowMonth, ahead);
    if (lotteryPhase(lotterySchedule(m, r), now, false) === 'entry') out.push(m);
  }
  return out;
}

export const OUTCOMES = ['won', 'lost', 'over_cap'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const outcomeLabels: Record<Outcome | 'pending', Record<Lang, string>> = {
  pending: { ja: '抽選前', en: 'Not drawn yet' },
  won: { ja: '当選', en: 'Won' },
  lost: { ja: '落選', en: 'Not won' },
  over_cap: { ja: '当選数の上限のため対象外', en: 'Not drawn: win limit reached' },
};

export interface MonthView {
  month: YearMonth;
  /** The rules the month was announced with (its calendar, wishes per entry, caps). */
  rules: LotteryRules;
  schedule: LotterySchedule;
  phase: LotteryPhase;
  seedHash: string;
  /** Revealed once the draw has run. */
  seed: string | null;
  drawnAt: string | null;
}

/** A month as the back-office page lists it (lottery.staff.routes.tsx builds it, the staff view shows it). */
export interface StaffMonthRow {
  view: MonthView;
  entries: number;
}

export interface WishRequest {
  roomId: string;
  date: string;
  bands: string[];
}

export interface WishView {
  rank: number;
  room: Room;
  facilityId: string;
  facilityName: string;
  facilityNameEn: string | null;
  date: string;
  bands: Band[];
  fee: number;
  outcome: Outcome | 'pending';
  reservationId: string | null;
  reservationStatus: string | null;
}

export interface EntryView {
  id: string;
  month: MonthView;
  group: { id: string; name: string } | null;
  purpose: string;
  attendees: number;
  category: string;
  createdAt: string;
  confirmedAt: string | null;
  wishes: WishView[];
  /** The group rules let the viewer withdraw it and confirm its wins (group.policy.ts mayChangeEntry). */
  mayChange: boolean;
  /** Before the entry window closes. */
  withdrawOpen: boolean;
  /** Won wishes waiting for confirmation, before the deadline. */
  confirmOpen: boolean;
  /** Open, and the viewer may: what the pages offer a button for and the API reports. */
  canWithdraw: boolean;
  canConfirm: boolean;
}
