/**
 * 世帯 (household): the unit of association membership and of circular read receipts (DESIGN "The
 * platform kernel"). A household has an address, a ward, optionally a 自治会 and one of its 班, and people,
 * with accounts or without (reached on paper). Domain types, row mappers and the address fold used to
 * find the household someone joining online already lives in.
 */
import type { HouseholdPersonRow, HouseholdRow } from '../../db/schema.ts';
import { isOneOf } from '../../lib/collections.ts';
import { HYPHEN_LOOKALIKES } from '../../lib/normalize.ts';

export const HOUSEHOLD_STATUSES = ['active', 'moved_out'] as const;
export type HouseholdStatus = (typeof HOUSEHOLD_STATUSES)[number];

/** How an action was taken: online by a member, at a counter by staff, or by an association officer. */
export const HOUSEHOLD_CHANNELS = ['web', 'counter', 'officer'] as const;
export type HouseholdChannel = (typeof HOUSEHOLD_CHANNELS)[number];

/** Membership roles that make someone an officer of an association or 班 (organisation_members.role). */
export const OFFICER_ROLES = ['president', 'vice_president', 'treasurer', 'han_leader', 'officer', 'representative'] as const;

export interface HouseholdPerson {
  id: string;
  name: string;
  nameKana: string;
  /** Set for a person with an account; null for one reached on paper. */
  userId: string | null;
  phone: string | null;
}

export interface Household {
  id: string;
  addressLine: string;
  postcode: string | null;
  wardId: string;
  associationId: string | null;
  hanId: string | null;
  status: HouseholdStatus;
  movedOutOn: string | null;
  channel: HouseholdChannel;
  createdAt: string;
}

/** A household as its members, staff and officers see it: with the names of its 自治会 and 班. */
export interface HouseholdView extends Household {
  wardName: string;
  associationName: string | null;
  hanName: string | null;
  people: HouseholdPerson[];
  /** No person has an account with an email: everything reaches it on paper. */
  paperOnly: boolean;
}

/** What a stranger is shown of a household that matches them: never a name. */
export interface HouseholdMatch {
  id: string;
  addressLine: string;
  peopleCount: number;
}

export function toHousehold(row: HouseholdRow): Household {
  return {
    id: row.id,
    addressLine: row.address_line,
    postcode: row.postcode,
    wardId: row.ward_id,
    associationId: row.association_id,
    hanId: row.han_id,
    status: isOneOf(HOUSEHOLD_STATUSES, row.status) ? row.status : 'active',
    movedOutOn: row.moved_out_on,
    channel: isOneOf(HOUSEHOLD_CHANNELS, row.channel) ? row.channel : 'counter',
    createdAt: row.created_at,
  };
}

export function toPerson(row: HouseholdPersonRow): HouseholdPerson {
  return { id: row.id, name: row.name, nameKana: row.name_kana, userId: row.user_id, phone: row.phone };
}

const KANJI_DIGITS: Record<string, number> = { 〇: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 … 九十九 as a number (丁目 numbers are small); undefined for anything else. */
function kanjiNumber(text: string): number | undefined {
  const m = /^([一二三四五六七八九]?)(十?)([〇一二三四五六七八九]?)$/.exec(text);
  if (!m || text === '') return undefined;
  const [, tens, ten, ones] = m;
  if (!ten) return tens && !ones ? KANJI_DIGITS[tens] : undefined;
  return (tens ? (KANJI_DIGITS[tens] ?? 0) : 1) * 10 + (ones ? (KANJI_DIGITS[ones] ?? 0) : 0);
}

/**
 * The address as compared, never as stored: the same dwelling is written 中央一丁目２番３号, 中央1-2-3 and
 * 北九州市小倉北区中央1丁目2-3 by different people. NFKC (full-width → ASCII), no spaces, hyphen look-alikes
 * as "-", the city and the ward name in front dropped (the ward is its own field), 丁目 numbers in kanji as
 * digits, and 丁目 / 番地 / 番 / 号 / の between numbers as "-".
 */
export function addressKey(line: string, wardName = ''): string {
  let s = line.normalize('NFKC').replace(/\s/g, '').replace(HYPHEN_LOOKALIKES, '-');
  s = s.replace(/^福岡県/, '').replace(/^北九州市/, '');
  if (wardName && s.startsWith(wardName)) s = s.slice(wardName.length);
  s = s.replace(/([〇一二三四五六七八九十]+)丁目/g, (whole, kanji: string) => {
    const n = kanjiNumber(kanji);
    return n === undefined ? whole : `${n}丁目`;
  });
  s = s
    .replace(/(\d)(丁目|番地|番|の)(?=\d)/g, '$1-')
    .replace(/(\d)(丁目|番地|番|号)$/g, '$1')
    .replace(/-+/g, '-');
  return s.replace(/-$/, '');
}

/** Phone numbers compared by their digits only (093-582-1234 and 0935821234 are the same line). */
export function phoneDigits(phone: string | null | undefined): string {
  return (phone ?? '').normalize('NFKC').replace(/\D/g, '');
}
