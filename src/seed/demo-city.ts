/**
 * Generates the demo city: 7 wards, 130 citizen centres and 7 lifelong-learning centres with 3–8 rooms
 * each, their calendars and closures, and a year of past plus three months of future bookings at about
 * 23% utilisation (the policy review's 22.8%), busier on weekday mornings and quieter at night.
 * Deterministic: the same seed and the same "today" produce the same rows on both databases.
 */
import type { Insertable } from 'kysely';
import { insertInBatches } from '../db/batch.ts';
import type { Db } from '../db/database.ts';
import type {
  ClosureTable,
  FacilityHoursTable,
  FacilityTable,
  ReservationCellTable,
  ReservationTable,
  RoomEquipmentTable,
  RoomTable,
} from '../db/schema.ts';
import { bandSchemes, cityWards, ensureReferenceData } from '../db/seed/reference-data.ts';
import { hashPassword } from '../features/account/password.ts';
import { bandWithinHours, type CalendarRules, dayStatus } from '../features/facility/calendar.ts';
import type { RoomType } from '../features/facility/facility.ts';
import { DEFAULT_LOTTERY_RULES, firstComeOpensAt, tokyoInstant } from '../features/lottery/lottery.ts';
import { seededRandom } from '../lib/random.ts';
import { addDays, daysBetween, eachDate, isoWeekday, type LocalDate, monthOf } from '../lib/time.ts';
import { demoAppointments, insertDemoAppointments } from './demo-appointments.ts';
import { demoBookers } from './demo-bookers.ts';
import {
  accessibilityNotes,
  accessNotes,
  citizenCentreLayouts,
  citizenCentresPerWard,
  DEMO_PASSWORD,
  demoAccounts,
  demoGroup,
  demoStaff,
  feesByType,
  lifelongCentreLayout,
  placeFirst,
  placeSecond,
  purposesByType,
  roomTemplates,
} from './demo-city.data.ts';
import { demoRegistry, insertDemoRegistry } from './demo-organisations.ts';

export interface DemoOptions {
  seed: number;
  today: LocalDate;
  historyDays?: number;
  futureDays?: number;
  onProgress?: (message: string) => void;
}

export interface DemoSummary {
  facilities: number;
  rooms: number;
  reservations: number;
  occupiedCells: number;
  openCells: number;
  /** Open and occupied cells before today: their ratio is the demo's past utilisation (稼働率). */
  pastOpenCells: number;
  pastOccupiedCells: number;
}

/** How many citizen centres open on Sundays (令和8年度: 12館). */
export const SUNDAY_OPEN_CENTRES = 12;

const BAND_BASE_RATE: Record<string, number> = { morning: 0.33, afternoon: 0.25, evening: 0.12 };
const CATEGORIES = ['community', 'community', 'general', 'general', 'general', 'multipurpose'];

export async function seedDemoCity(db: Db, options: DemoOptions): Promise<DemoSummary> {
  const progress = options.onProgress ?? (() => {});
  const rnd = seededRandom(options.seed);
  const historyDays = options.historyDays ?? 365;
  const futureDays = options.futureDays ?? 91;
  const first = addDays(options.today, -historyDays);
  const last = addDays(options.today, futureDays);
  const stamp = `${options.today}T00:00:00.000Z`;

  await ensureReferenceData(db);

  const facilities: Insertable<FacilityTable>[] = [];
  const hours: Insertable<FacilityHoursTable>[] = [];
  const rooms: (Insertable<RoomTable> & { room_type: RoomType })[] = [];
  const equipment: Insertable<RoomEquipmentTable>[] = [];
  const closures: Insertable<ClosureTable>[] = [];
  const rules = new Map<string, CalendarRules>();

  const usedNames = new Set<string>();
  const inventPlace = (): [string, string] => {
    for (;;) {
      const [a, ak] = rnd.pick(placeFirst);
      const [b, bk] = rnd.pick(placeSecond);
      if (!usedNames.has(a + b)) {
        usedNames.add(a + b);
        return [a + b, ak + bk];
      }
    }
  };

  // Which citizen centres open on Sundays: spread over the wards, chosen by the seed.
  const totalCentres = Object.values(citizenCentresPerWard).reduce((a, b) => a + b, 0);
  const sundayOpen = new Set<number>();
  while (sundayOpen.size < SUNDAY_OPEN_CENTRES) sundayOpen.add(rnd.int(0, totalCentres - 1));

  let centreIndex = 0;
  for (const [wardIndex, ward] of cityWards.entries()) {
    const count = citizenCentresPerWard[ward.id] ?? 0;
    const wardNo = String(wardIndex + 1);
    const plan: { kind: 'lifelong_learning_centre' | 'citizen_centre'; layout: RoomType[]; sunday: boolean }[] = [
      { kind: 'lifelong_learning_centre', layout: lifelongCentreLayout, sunday: true },
    ];
    for (let i = 0; i < count; i++) {
      plan.push({ kind: 'citizen_centre', layout: rnd.pick(citizenCentreLayouts), sunday: sundayOpen.has(centreIndex++) });
    }
    for (const [i, p] of plan.entries()) {
      const lifelong = p.kind === 'lifelong_learning_centre';
      const id = lifelong ? `${ward.id}-llc` : `${ward.id}-${String(i).padStart(2, '0')}`;
      const [place, placeKana] = lifelong ? [ward.name.replace('区', ''), ward.nameKana.replace(/く$/, '')] : inventPlace();
      const name = lifelong ? `${ward.name}生涯学習センター` : `${place}市民センター`;
      const nameKana = lifelong ? `${ward.nameKana}しょうがいがくしゅうせんたー` : `${placeKana}しみんせんたー`;
      facilities.push({
        id,
        ward_id: ward.id,
        kind: p.kind,
        name,
        name_kana: nameKana,
        name_en: lifelong ? `${ward.nameEn} Lifelong Learning Centre` : null,
        // 〒80X-00NN: seven digits like every Japanese postcode; the same draw as before, so the rest of the
        // city (which follows from the random sequence) stays as it was.
        postcode: `80${wardNo}-00${String(rnd.int(0, 99)).padStart(2, '0')}`,
        address: `北九州市${ward.name}${lifelong ? '中央' : place}${rnd.int(1, 5)}丁目${rnd.int(1, 30)}-${rnd.int(1, 20)}`,
        latitude: Math.round((ward.centre[0] + (rnd.next() - 0.5) * 0.05) * 1e5) / 1e5,
        longitude: Math.round((ward.centre[1] + (rnd.next() - 0.5) * 0.06) * 1e5) / 1e5,
        // 093-0xx: no real exchange starts with 0, so these numbers cannot ring anyone.
        phone: `093-0${wardNo}${i % 10}-${String(rnd.int(0, 9999)).padStart(4, '0')}`,
        url: null,
        access: rnd.pick(accessNotes),
        accessibility: rnd.pick(accessibilityNotes),
        notes: 'デモ用の架空の施設です。',
        open_on_holidays: lifelong ? 1 : 0,
        is_demo: 1,
        source_no: null,
        created_at: stamp,
        updated_at: stamp,
      });
      // Citizen centres: Mon–Sat 9–21 (Saturday evening closed at some), Sunday 9–17 at the Sunday-open ones.
      // Lifelong-learning centres: Tue–Sun 9–22, closed on Mondays, open on holidays.
      const facilityHours: { weekday: number; opens: string; closes: string }[] = [];
      const saturdayCloses = !lifelong && rnd.chance(0.3) ? '17:00' : lifelong ? '22:00' : '21:00';
      for (let wd = 1; wd <= 7; wd++) {
        if (lifelong && wd === 1) continue;
        if (wd === 7 && !p.sunday) continue;
        const closes = wd === 6 ? saturdayCloses : wd === 7 ? (lifelong ? '17:00' : '17:00') : lifelong ? '22:00' : '21:00';
        facilityHours.push({ weekday: wd, opens: '09:00', closes });
      }
      hours.push(...facilityHours.map((h) => ({ facility_id: id, ...h })));
      rules.set(id, { hours: facilityHours, openOnHolidays: lifelong });

      const typeCount = new Map<RoomType, number>();
      for (const type of p.layout) typeCount.set(type, (typeCount.get(type) ?? 0) + 1);
      const seen = new Map<RoomType, number>();
      for (const [r, type] of p.layout.entries()) {
        const t = roomTemplates[type];
        const n = (seen.get(type) ?? 0) + 1;
        seen.set(type, n);
        const numbered = (typeCount.get(type) ?? 0) > 1;
        const roomId = `${id}-r${r + 1}`;
        rooms.push({
          id: roomId,
          facility_id: id,
          name: numbered ? `${t.name}${n}` : t.name,
          name_en: numbered ? `${t.nameEn} ${n}` : t.nameEn,
          room_type: type,
          capacity: rnd.int(t.capacity[0], t.capacity[1]),
          area_m2: rnd.int(t.area[0], t.area[1]),
          band_scheme_id: lifelong ? 'extended' : 'standard',
          accessibility: type === 'japanese_room' ? '畳敷きです。いす・座いすの貸出があります。' : null,
          notes: null,
          sort_order: r + 1,
          // The halls of the lifelong-learning centres are the popular rooms: allocated by monthly lottery.
          allocation: lifelong && type === 'hall' ? 'lottery' : 'first_come',
        });
        for (const code of t.equipment) equipment.push({ room_id: roomId, code });
        if (!lifelong && !t.equipment.includes('wifi') && rnd.chance(0.5)) equipment.push({ room_id: roomId, code: 'wifi' });
      }

      // Ad-hoc closures: a maintenance week for some rooms, the odd facility-wide closure.
      if (rnd.chance(0.15)) {
        const start = addDays(first, rnd.int(0, historyDays + futureDays - 7));
        closures.push({
          id: `${id}-cl1`,
          facility_id: id,
          room_id: `${id}-r${rnd.int(1, p.layout.length)}`,
          starts_on: start,
          ends_on: addDays(start, rnd.int(1, 5)),
          reason: 'maintenance',
          note: '空調設備の点検のため',
          created_at: stamp,
        });
      }
      if (rnd.chance(0.08)) {
        const start = addDays(options.today, rnd.int(7, Math.max(8, futureDays - 7)));
        closures.push({
          id: `${id}-cl2`,
          facility_id: id,
          room_id: null,
          starts_on: start,
          ends_on: start,
          reason: rnd.chance(0.5) ? 'election' : 'shelter',
          note: rnd.chance(0.5) ? '選挙の投票所となるため' : '避難所開設訓練のため',
          created_at: stamp,
        });
      }
    }
  }

  progress(`demo: ${facilities.length} facilities, ${rooms.length} rooms; generating bookings ${first} … ${last}`);

  const schemeBands = new Map(bandSchemes.map((s) => [s.id, s.bands.map((b) => ({ code: b.code, start: b.starts_at, end: b.ends_at }))]));
  const closuresByFacility = new Map<string, typeof closures>();
  for (const c of closures) closuresByFacility.set(c.facility_id, [...(closuresByFacility.get(c.facility_id) ?? []), c]);

  const bookers = demoBookers(options.seed, Number(options.today.slice(0, 4)), stamp);
  const reservations: Insertable<ReservationTable>[] = [];
  const cells: Insertable<ReservationCellTable>[] = [];
  let openCells = 0;
  let pastOpenCells = 0;
  let pastOccupiedCells = 0;
  let seq = 0;
  const dates = eachDate(first, last);
  const noon = tokyoInstant(options.today, '12:00:00').getTime();
  for (const room of rooms) {
    const rule = rules.get(room.facility_id);
    const bands = schemeBands.get(room.band_scheme_id as 'standard' | 'extended') ?? [];
    if (!rule) continue;
    const spans = (closuresByFacility.get(room.facility_id) ?? []).map((c) => ({
      roomId: c.room_id ?? null,
      startsOn: c.starts_on,
      endsOn: c.ends_on,
      reason: 'other' as const,
      note: null,
    }));
    const demand = roomTemplates[room.room_type].demand;
    // A lottery room has no bookings yet in months whose lottery has not opened them first-come.
    const held = (date: string) =>
      room.allocation === 'lottery' && noon < firstComeOpensAt(monthOf(date), DEFAULT_LOTTERY_RULES, false).getTime();
    for (const date of dates) {
      if (held(date)) continue;
      const status = dayStatus(rule, date, spans, room.id);
      if (!status.open) continue;
      const weekday = isoWeekday(date);
      const dayFactor = weekday === 6 ? 0.95 : weekday === 7 ? 0.7 : 1;
      // Future bookings thin out: few people book three months ahead.
      const ahead = date > options.today ? Math.max(0.25, 1 - daysBetween(options.today, date) / futureDays) : 1;
      let b = 0;
      while (b < bands.length) {
        const band = bands[b];
        if (!band || !bandWithinHours(band, status.opens, status.closes)) {
          b++;
          continue;
        }
        openCells++;
        if (date < options.today) pastOpenCells++;
        if (!rnd.chance((BAND_BASE_RATE[band.code] ?? 0.2) * demand * dayFactor * ahead)) {
          b++;
          continue;
        }
        // Some bookings take the next band too (午前・午後).
        const next = bands[b + 1];
        const span = next && bandWithinHours(next, status.opens, status.closes) && rnd.chance(0.15) ? 2 : 1;
        seq++;
        const reservationId = `rsv_demo_${seq}`;
        const cap = Number(room.capacity);
        // In the order the generator has always drawn them, so the demo's bookings stay the same.
        const bookingStatus = date < options.today ? (rnd.chance(0.03) ? 'no_show' : 'used') : 'confirmed';
        const category = rnd.pick(CATEGORIES);
        reservations.push({
          id: reservationId,
          number: `D${String(seq).padStart(7, '0')}`,
          room_id: room.id,
          date,
          status: bookingStatus,
          category,
          ...bookers.pick(category),
          purpose: rnd.pick(purposesByType[room.room_type]),
          attendees: rnd.int(Math.max(1, Math.floor(cap * 0.2)), cap),
          channel:
            date < options.today ? rnd.pick(['counter', 'counter', 'phone', 'phone', 'web']) : rnd.pick(['counter', 'phone', 'web', 'web']),
          created_at: stamp,
          bands: bands
            .slice(b, b + span)
            .map((x) => x.code)
            .join(','),
        });
        for (let k = 0; k < span; k++) {
          const code = bands[b + k]?.code;
          if (code) cells.push({ room_id: room.id, date, band: code, reservation_id: reservationId });
        }
        if (span === 2) openCells++;
        if (date < options.today) {
          pastOccupiedCells += span;
          if (span === 2) pastOpenCells++;
        }
        b += span;
      }
    }
  }

  const fees = rooms.flatMap((room) => {
    const [morning, afternoon, evening] = feesByType[room.room_type].map((yen) => (room.band_scheme_id === 'extended' ? yen + 100 : yen));
    return [
      { room_id: room.id, band: 'morning', amount: morning ?? 0 },
      { room_id: room.id, band: 'afternoon', amount: afternoon ?? 0 },
      { room_id: room.id, band: 'evening', amount: evening ?? 0 },
    ];
  });
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  progress(`demo: writing ${reservations.length} reservations (${cells.length} occupied cells)`);
  await db.transaction().execute(async (trx) => {
    await insertInBatches(trx, 'facilities', facilities);
    await insertInBatches(trx, 'facility_hours', hours);
    await insertInBatches(trx, 'rooms', rooms);
    await insertInBatches(trx, 'room_equipment', equipment);
    await insertInBatches(trx, 'closures', closures);
    await insertInBatches(trx, 'room_fees', fees);
    await insertInBatches(
      trx,
      'users',
      demoAccounts.map((a) => ({
        ...a,
        password_hash: passwordHash,
        multipurpose_requested_at: null,
        created_at: stamp,
        updated_at: stamp,
      })),
    );
    await insertInBatches(
      trx,
      'users',
      demoStaff.map(({ assignment: _a, ...a }) => ({
        ...a,
        phone: '093-000-0000',
        residency: 'worker',
        birth_year: null,
        password_hash: passwordHash,
        multipurpose_requested_at: null,
        created_at: stamp,
        updated_at: stamp,
      })),
    );
    await insertInBatches(
      trx,
      'role_assignments',
      demoStaff.map((a) => ({ id: `ra_${a.id}`, user_id: a.id, ...a.assignment, granted_by: null, granted_at: stamp })),
    );
    await trx
      .insertInto('organisations')
      // Verified by the city (its 減免 applies), as an established 町内会 would be.
      .values({
        ...demoGroup,
        representative_id: 'usr_demo_representative',
        created_at: stamp,
        verification_status: 'verified',
        verified_type: demoGroup.type,
        verified_at: stamp,
      })
      .execute();
    await trx
      .insertInto('organisation_members')
      .values({ group_id: demoGroup.id, user_id: 'usr_demo_representative', role: 'representative', created_at: stamp })
      .execute();
    await insertDemoRegistry(
      trx,
      demoRegistry(options.seed, stamp, { id: demoGroup.id, representativeId: 'usr_demo_representative' }),
      demoGroup.id,
    );
    // Counter appointments at the ward offices the registry just made.
    await insertDemoAppointments(trx, demoAppointments(options.today));
    await insertInBatches(trx, 'users', bookers.users);
    await insertInBatches(trx, 'organisations', bookers.groups);
    await insertInBatches(trx, 'organisation_members', bookers.members);
    await insertInBatches(trx, 'reservations', reservations, (done) => progress(`demo: reservations ${done}/${reservations.length}`));
    await insertInBatches(trx, 'reservation_cells', cells, (done) => progress(`demo: cells ${done}/${cells.length}`));
  });

  return {
    facilities: facilities.length,
    rooms: rooms.length,
    reservations: reservations.length,
    occupiedCells: cells.length,
    openCells,
    pastOpenCells,
    pastOccupiedCells,
  };
}

/** True when the database has no facilities yet (first start). */
export async function isCatalogueEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('facilities').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}
