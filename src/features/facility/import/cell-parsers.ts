/**
 * Parsers for single cells of an imported CSV, written for the way Japanese city staff fill in
 * spreadsheets: 「月～土」, 「9時」, 〒 marks, long-vowel marks typed as hyphens. Input is already NFKC +
 * trimmed (lib/csv-table.ts). Each parser returns a value or a plain-Japanese message for the error report.
 */

import { isOneOf } from '../../../lib/collections.ts';
import { EQUIPMENT, type Equipment, equipmentLabels, ROOM_TYPES, type RoomType, roomTypeLabels } from '../facility.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** Hyphen look-alikes people type in phone numbers and postcodes, including the katakana long-vowel mark. */
const HYPHENS = /[\u2010-\u2015\u2212\u30fc\uff70]/g;

/** Index + 1 is the ISO weekday (1 = Monday … 7 = Sunday). */
const WEEKDAY_CHARS = ['月', '火', '水', '木', '金', '土', '日'];
const RANGE_MARKS = ['~', '〜', '-', '‐', '−', 'ー'];

export interface OpenDays {
  weekdays: number[];
  holidays: boolean;
}

/**
 * 利用可能曜日: 「月火水木金土」「月,火,水」「月曜日～土曜日」「月～土・祝」「平日」. 祝/祝日 marks opening on
 * public holidays; 「(祝日を除く)」 is the default and is accepted as a note.
 */
export function parseOpenDays(text: string): Parsed<OpenDays> {
  if (text === '') return fail('利用可能曜日を書いてください（例: 月～土）。');
  const chars = Array.from(simplifyDayText(text));
  const weekdays = new Set<number>();
  let holidays = false;
  for (let i = 0; i < chars.length; ) {
    const c = chars[i] ?? '';
    if (c === '祝') {
      holidays = true;
      i += 1;
      continue;
    }
    const from = WEEKDAY_CHARS.indexOf(c);
    if (from < 0) return fail(`「${unknownRun(chars, i)}」を曜日として読めません。月火水木金土日と祝で書いてください（例: 月～土・祝）。`);
    const isRange = RANGE_MARKS.includes(chars[i + 1] ?? '');
    const to = isRange ? WEEKDAY_CHARS.indexOf(chars[i + 2] ?? '') : from;
    if (to < 0) return fail('曜日の範囲は「月～土」のように書いてください。');
    for (const day of weekdayRange(from, to)) weekdays.add(day);
    i += isRange ? 3 : 1;
  }
  if (weekdays.size === 0) return fail('開いている曜日がありません（例: 月～土）。');
  return ok({ weekdays: [...weekdays].sort((a, b) => a - b), holidays });
}

/** Rewrites the common long forms to single characters so one scan handles them all. */
function simplifyDayText(text: string): string {
  return text
    .replace(/\(?祝(?:祭)?日?を?除く\)?/g, '')
    .replace(/祝祭日|祝日|祭日/g, '祝')
    .replace(/毎日/g, '月火水木金土日')
    .replace(/平日/g, '月火水木金')
    .replace(/曜日|曜/g, '')
    .replace(/から/g, '~')
    .replace(/まで/g, '')
    .replace(/[\s,、・/]/g, '');
}

/** ISO weekdays from..to inclusive; wraps past Sunday (金～月). */
function weekdayRange(from: number, to: number): number[] {
  const days: number[] = [];
  for (let d = from; ; d = (d + 1) % 7) {
    days.push(d + 1);
    if (d === to) return days;
  }
}

function unknownRun(chars: readonly string[], start: number): string {
  let end = start + 1;
  while (end < chars.length && !WEEKDAY_CHARS.includes(chars[end] ?? '') && chars[end] !== '祝') end += 1;
  return chars.slice(start, end).join('');
}

/** 開始時間/終了時間: 9:00, 09:00, 9:00:00 (Excel), 9時, 21時00分, 9時半 → 'HH:MM'. */
export function parseClockTime(text: string): Parsed<string> {
  if (text === '') return fail('時刻を書いてください（例: 9:00）。');
  const colon = /^(\d{1,2}):(\d{2})(?::00)?$/.exec(text);
  const kanji = /^(\d{1,2})時(?:(\d{1,2})分|(半))?$/.exec(text);
  const hour = Number(colon?.[1] ?? kanji?.[1]);
  const minute = kanji?.[3] ? 30 : Number(colon?.[2] ?? kanji?.[2] ?? 0);
  if ((!colon && !kanji) || hour > 23 || minute > 59)
    return fail(`「${text}」は時刻として読めません。9:00 や 21:00 のように書いてください。`);
  return ok(`${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`);
}

/** A plain decimal (no exponent, no thousands separator) within [min, max]. */
export function parseDecimal(text: string, min: number, max: number): Parsed<number> {
  if (!/^[+-]?\d+(\.\d+)?$/.test(text)) return fail(`「${text}」は数値として読めません。`);
  const value = Number(text);
  if (value < min || value > max) return fail(`${min}から${max}までの数値を書いてください（「${text}」）。`);
  return ok(value);
}

export function parseWholeNumber(text: string, min: number, max: number): Parsed<number> {
  if (!/^\d+$/.test(text)) return fail(`「${text}」は整数として読めません。`);
  const value = Number(text);
  if (value < min || value > max) return fail(`${min}から${max}までの整数を書いてください（「${text}」）。`);
  return ok(value);
}

/** Japanese landline, mobile and free-dial numbers have 10 or 11 digits; brackets around the area code are common. */
export function parsePhone(text: string): Parsed<string> {
  if (text === '') return fail('電話番号を書いてください。');
  const phone = text.replace(HYPHENS, '-');
  const digits = phone.replace(/[()-]/g, '');
  if (!/^[0-9()-]+$/.test(phone) || digits.length < 10 || digits.length > 11) {
    return fail(`「${text}」は電話番号として読めません。093-582-0000 のように数字とハイフンで書いてください。`);
  }
  return ok(phone);
}

export function parsePostcode(text: string): Parsed<string> {
  const m = /^〒?\s*(\d{3})-?(\d{4})$/.exec(text.replace(HYPHENS, '-'));
  if (!m) return fail(`「${text}」は郵便番号として読めません。802-0001 のように書いてください。`);
  return ok(`${m[1]}-${m[2]}`);
}

export function parseHttpUrl(text: string): Parsed<string> {
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return ok(text);
  } catch {
    // falls through to the same answer as a non-web address
  }
  return fail(`「${text}」はURLとして読めません。https:// で始まるアドレスを書いてください。`);
}

/** Compares labels in the same NFKC form as the cells (姿見（鏡） is 姿見(鏡) after NFKC). */
const norm = (label: string) => label.normalize('NFKC');

/** 種類 of a room: the code (lecture_room) or its Japanese label (講座室). */
export function parseRoomType(text: string): Parsed<RoomType> {
  if (isOneOf(ROOM_TYPES, text)) return ok(text);
  const match = ROOM_TYPES.find((type) => norm(roomTypeLabels[type].ja) === text);
  if (match) return ok(match);
  const choices = ROOM_TYPES.map((type) => roomTypeLabels[type].ja).join('・');
  return fail(
    text === ''
      ? `部屋の種類を書いてください（${choices}）。`
      : `「${text}」は部屋の種類として読めません。${choices} のどれかを書いてください。`,
  );
}

/** Names people actually write for equipment, besides our labels and codes. */
const EQUIPMENT_ALIASES: Readonly<Record<string, Equipment>> = {
  テレビ: 'monitor',
  モニター: 'monitor',
  'Wi-Fi': 'wifi',
  WiFi: 'wifi',
  鏡: 'mirror',
  姿見: 'mirror',
  磁気ループ: 'hearing_loop',
  ヒアリングループ: 'hearing_loop',
  マイク設備: 'microphone',
};

function equipmentByName(name: string): Equipment | undefined {
  const lower = name.toLowerCase();
  if (isOneOf(EQUIPMENT, lower)) return lower;
  return EQUIPMENT.find((code) => norm(equipmentLabels[code].ja) === name) ?? EQUIPMENT_ALIASES[name];
}

/**
 * 設備: codes or labels separated by 、 , ; / or ・. The label テレビ・モニター itself contains ・, so a piece
 * is first tried whole and split on ・ only when the whole is not a known name.
 */
export function parseEquipmentList(text: string): Parsed<Equipment[]> {
  const found = new Set<Equipment>();
  for (const piece of text.split(/[、,;/]/).map((p) => p.trim())) {
    if (piece === '') continue;
    const names = equipmentByName(piece) ? [piece] : piece.split('・').map((p) => p.trim());
    for (const name of names.filter((n) => n !== '')) {
      const code = equipmentByName(name);
      if (!code) {
        const choices = EQUIPMENT.map((c) => equipmentLabels[c].ja).join('、');
        return fail(`「${name}」は設備として読めません。次から選んでください: ${choices}`);
      }
      found.add(code);
    }
  }
  return ok([...found].sort());
}
