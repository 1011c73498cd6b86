/**
 * Open data at stable URLs, without login and without personal data:
 * - the facility list in the 自治体標準オープンデータセット「公共施設一覧」 format (the same columns our
 *   importer reads, so a city can round-trip it), and
 * - utilisation per room and month (稼働率: booked ÷ open cells), in a documented CSV.
 * Both come in UTF-8 with a BOM (Excel) or Shift_JIS.
 */
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { isOneOf } from '../../lib/collections.ts';
import { type Clock, monthRange, type YearMonth } from '../../lib/time.ts';
import * as facilityRepo from '../facility/facility.repository.ts';
import { FACILITY_KINDS, type FacilityKind, facilityKindLabels, roomTypeLabels } from '../facility/facility.ts';
import { prepareQuestion, utilisationFor } from './utilisation.query.ts';
import { ratePercent } from './utilisation.ts';

/** The standard's columns, in its order (デジタル庁 自治体標準オープンデータセット 公共施設一覧). */
export const FACILITY_LIST_COLUMNS = [
  '都道府県コード又は市区町村コード',
  'NO',
  '都道府県名',
  '市区町村名',
  '名称',
  '名称_カナ',
  '名称_英字',
  '種類',
  '住所',
  '方書',
  '郵便番号',
  '緯度',
  '経度',
  '電話番号',
  '内線番号',
  '法人番号',
  '団体名',
  '利用可能曜日',
  '開始時間',
  '終了時間',
  '利用可能日時特記事項',
  '説明',
  'バリアフリー情報',
  'URL',
  '備考',
] as const;

/** Our monthly utilisation file (documented in the README and on /opendata). */
export const UTILISATION_COLUMNS = [
  '年月',
  '施設ID',
  '施設名',
  '区',
  '部屋ID',
  '部屋名',
  '部屋の種類',
  '有料・無料',
  '開館コマ数',
  '予約コマ数',
  '稼働率(%)',
] as const;

const WEEKDAY_CHARS = ['', '月', '火', '水', '木', '金', '土', '日'];

/** ISO weekdays as the standard writes them: runs of three or more as 月～土, the rest listed (月・水). */
export function weekdaysText(weekdays: readonly number[]): string {
  const days = [...new Set(weekdays)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < days.length; ) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === (days[j] ?? 0) + 1) j++;
    const [from, to] = [days[i] ?? 0, days[j] ?? 0];
    if (j - i >= 2) parts.push(`${WEEKDAY_CHARS[from]}～${WEEKDAY_CHARS[to]}`);
    else for (let k = i; k <= j; k++) parts.push(WEEKDAY_CHARS[days[k] ?? 0] ?? '');
    i = j + 1;
  }
  return parts.join('・');
}

/** ひらがな → カタカナ: the standard's 名称_カナ is katakana. */
export function toKatakana(text: string): string {
  return text.replace(/[\u3041-\u3096]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60));
}

const time = (hhmm: string) => hhmm.replace(/^0(\d)/, '$1');

export async function facilityListRows(db: Db, config: Pick<Config, 'city'>): Promise<string[][]> {
  const [rows, hours] = await Promise.all([facilityRepo.listFacilityRows(db, {}), facilityRepo.listAllHours(db)]);
  return rows.map((f) => {
    const own = hours.filter((h) => h.facility_id === f.id);
    // The standard has one opening time; the most common one is it, the others are written out.
    const counts = new Map<string, number>();
    for (const h of own) counts.set(`${h.opens}-${h.closes}`, (counts.get(`${h.opens}-${h.closes}`) ?? 0) + 1);
    const main = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
    const [opens = '', closes = ''] = main.split('-');
    const exceptions = own
      .filter((h) => `${h.opens}-${h.closes}` !== main)
      .sort((a, b) => a.weekday - b.weekday)
      .map((h) => `${WEEKDAY_CHARS[h.weekday]}曜は${time(h.opens)}～${time(h.closes)}`);
    const closedDays = [1, 2, 3, 4, 5, 6, 7].filter((d) => !own.some((h) => h.weekday === d));
    const notes = [
      ...exceptions,
      closedDays.length > 0 ? `${weekdaysText(closedDays)}曜は休館` : '',
      Number(f.open_on_holidays) === 1 ? '' : '祝日は休館',
      '年末年始（12月29日～1月3日）は休館',
    ].filter(Boolean);
    const kind: FacilityKind = isOneOf(FACILITY_KINDS, f.kind) ? f.kind : 'citizen_centre';
    return [
      config.city.code,
      f.source_no ?? f.id,
      config.city.prefecture,
      config.city.name,
      f.name,
      toKatakana(f.name_kana),
      f.name_en ?? '',
      facilityKindLabels[kind].ja,
      f.address,
      '',
      f.postcode ?? '',
      f.latitude === null ? '' : String(f.latitude),
      f.longitude === null ? '' : String(f.longitude),
      f.phone,
      '',
      '',
      config.city.name,
      `${weekdaysText(own.map((h) => h.weekday))}${Number(f.open_on_holidays) === 1 ? '・祝' : ''}`,
      time(opens),
      time(closes),
      notes.join('。'),
      f.access ?? '',
      f.accessibility ?? '',
      f.url ?? '',
      f.notes ?? '',
    ];
  });
}

/**
 * Every room of the city for a month, with its counts from the same pass the staff pages use; a room with
 * nothing open that month is listed with a blank rate.
 */
export async function utilisationRows(db: Db, month: YearMonth, clock: Clock): Promise<(string | number)[][]> {
  // The city's catalogue as the count loaded it: rooms, facilities and which rooms charge a fee.
  const [prepared, wards] = await Promise.all([
    prepareQuestion(db, monthRange(month), clock),
    db.selectFrom('wards').select(['id', 'name']).execute(),
  ]);
  const { facilities, rooms, paidRooms } = prepared.catalogue;
  const byRoom = new Map(((await utilisationFor(db, prepared, ['room'])).get('room') ?? []).map((r) => [r.key, r]));
  const wardNames = new Map(wards.map((w) => [w.id, w.name]));
  return rooms.map((room) => {
    const facility = facilities.get(room.facilityId);
    const c = byRoom.get(room.id) ?? { openCells: 0, bookedCells: 0 };
    return [
      month,
      room.facilityId,
      facility?.name ?? '',
      wardNames.get(facility?.wardId ?? '') ?? '',
      room.id,
      room.name,
      roomTypeLabels[room.roomType].ja,
      paidRooms.has(room.id) ? '有料' : '無料',
      c.openCells,
      c.bookedCells,
      ratePercent(c) ?? '',
    ];
  });
}
