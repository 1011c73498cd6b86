/**
 * The demo city's counter appointments: at each of the seven ward offices, 市民課, 保険年金課 and
 * 子ども家庭課 with their usual procedures (durations, 持ち物 in Japanese and English), open 08:30–12:00
 * and 13:00–17:00 on weekdays in 15-minute slots with 2–4 desks, a 休日開庁 Sunday at the end of March
 * (the moving season), and the life events 引っ越し, 出産 and おくやみ listing their services in order.
 * Deterministic: ids carry the ward and the demo prefix, desks follow the ward's order.
 */
import type { Insertable } from 'kysely';
import { insertInBatches } from '../db/batch.ts';
import type { Trx } from '../db/database.ts';
import type {
  AppointmentCounterTable,
  AppointmentDayTable,
  AppointmentHoursTable,
  AppointmentServiceTable,
  LifeEventServiceTable,
  LifeEventTable,
} from '../db/schema-appointment.ts';
import { cityWards } from '../db/seed/reference-data.ts';
import { addDays, isoWeekday, type LocalDate } from '../lib/time.ts';

type ServicePlan = [key: string, name: string, nameEn: string, minutes: number, documents: string[], documentsEn: string[]];

const ID = ['本人確認書類（マイナンバーカード・運転免許証など）', 'Photo ID (My Number Card, driving licence …)'] as const;

const COUNTERS: { key: string; name: string; nameEn: string; place: string; placeEn: string; services: ServicePlan[] }[] = [
  {
    key: 'citizens',
    name: '市民課',
    nameEn: 'Citizens Division',
    place: '1階 1〜4番窓口',
    placeEn: '1F, counters 1–4',
    services: [
      [
        'moving_in',
        '転入届',
        'Moving-in notification',
        15,
        [ID[0], '転出証明書', 'マイナンバーカード（世帯全員分）'],
        [ID[1], 'Certificate of moving out', 'My Number Cards of the household'],
      ],
      [
        'moving_out',
        '転出届',
        'Moving-out notification',
        15,
        [ID[0], '国民健康保険証（加入者のみ）'],
        [ID[1], 'National Health Insurance card (if insured)'],
      ],
      [
        'moving_within',
        '転居届',
        'Change of address within the city',
        15,
        [ID[0], 'マイナンバーカード（世帯全員分）'],
        [ID[1], 'My Number Cards of the household'],
      ],
      ['seal', '印鑑登録', 'Seal registration', 15, [ID[0], '登録する印鑑'], [ID[1], 'The seal to register']],
      [
        'mynumber',
        'マイナンバーカードの受取',
        'Collecting a My Number Card',
        30,
        ['交付通知書（はがき）', '通知カード（お持ちの方）', ID[0]],
        ['Notice of issue (postcard)', 'Notification card (if you have one)', ID[1]],
      ],
      [
        'birth',
        '出生届',
        'Birth registration',
        15,
        ['出生証明書（医師・助産師の記入のもの）', '母子健康手帳', ID[0]],
        ['Certificate of birth (by the doctor or midwife)', 'Maternal and Child Health Handbook', ID[1]],
      ],
      [
        'bereavement',
        '死亡に伴う手続き（おくやみ窓口）',
        'Procedures after a death (bereavement desk)',
        30,
        ['死亡診断書の写し', '亡くなった方の保険証・マイナンバーカード', '届出人の本人確認書類', '届出人の印鑑'],
        [
          'Copy of the death certificate',
          'Health insurance card and My Number Card of the deceased',
          'Photo ID of the person notifying',
          'Seal of the person notifying',
        ],
      ],
    ],
  },
  {
    key: 'insurance',
    name: '保険年金課',
    nameEn: 'Insurance and Pension Division',
    place: '1階 7・8番窓口',
    placeEn: '1F, counters 7 and 8',
    services: [
      [
        'health_insurance',
        '国民健康保険の加入・脱退',
        'Joining or leaving National Health Insurance',
        15,
        [ID[0], '職場の健康保険の資格喪失証明書（加入のとき）', 'マイナンバーが分かるもの'],
        [ID[1], 'Certificate of loss of workplace insurance (when joining)', 'Something showing your My Number'],
      ],
      [
        'pension',
        '国民年金の手続き',
        'National Pension procedures',
        15,
        [ID[0], '基礎年金番号が分かるもの（年金手帳など）'],
        [ID[1], 'Something showing your basic pension number'],
      ],
    ],
  },
  {
    key: 'children',
    name: '子ども家庭課',
    nameEn: 'Children and Families Division',
    place: '2階 11番窓口',
    placeEn: '2F, counter 11',
    services: [
      [
        'child_allowance',
        '児童手当の申請',
        'Applying for the child allowance',
        30,
        [ID[0], '請求者名義の預金通帳かキャッシュカード', '請求者と配偶者のマイナンバーが分かるもの'],
        [ID[1], 'Bank book or card in the claimant’s name', 'My Numbers of the claimant and spouse'],
      ],
      [
        'pregnancy',
        '妊娠届・母子健康手帳の交付',
        'Pregnancy notification and the Maternal and Child Health Handbook',
        30,
        ['妊娠届出書（医療機関で受け取ったもの）', ID[0], 'マイナンバーが分かるもの'],
        ['Pregnancy notification form (from the clinic)', ID[1], 'Something showing your My Number'],
      ],
    ],
  },
];

const LIFE_EVENTS: { key: string; name: string; nameEn: string; description: string; descriptionEn: string; services: string[] }[] = [
  {
    key: 'moving',
    name: '引っ越し（転入）',
    nameEn: 'Moving in',
    description: '市外から引っ越してきたときの手続き。転入届のあと、当てはまる方は国民健康保険と児童手当へ。',
    descriptionEn:
      'Moving in from outside the city: the moving-in notification, then health insurance and the child allowance where they apply.',
    services: ['moving_in', 'health_insurance', 'pension', 'child_allowance'],
  },
  {
    key: 'birth',
    name: '出産',
    nameEn: 'Having a baby',
    description: '出生届のあと、児童手当と国民健康保険（加入している方）の手続き。',
    descriptionEn: 'The birth registration, then the child allowance and health insurance (if insured).',
    services: ['birth', 'child_allowance', 'health_insurance'],
  },
  {
    key: 'bereavement',
    name: 'おくやみ（ご家族が亡くなったとき）',
    nameEn: 'When a family member dies',
    description: 'おくやみ窓口で必要な手続きをご案内し、国民健康保険・国民年金の手続きへ続けます。',
    descriptionEn: 'The bereavement desk guides you through what is needed, then health insurance and pension.',
    services: ['bereavement', 'health_insurance', 'pension'],
  },
];

/** The last Sunday of the March after `today` (this March if it has not passed). */
export function holidayOpeningSunday(today: LocalDate): LocalDate {
  const year = Number(today.slice(0, 4)) + (today.slice(5) > '03-31' ? 1 : 0);
  let date = `${year}-03-31`;
  while (isoWeekday(date) !== 7) date = addDays(date, -1);
  return date;
}

export interface DemoAppointments {
  counters: Insertable<AppointmentCounterTable>[];
  hours: Insertable<AppointmentHoursTable>[];
  days: Insertable<AppointmentDayTable>[];
  services: Insertable<AppointmentServiceTable>[];
  lifeEvents: Insertable<LifeEventTable>[];
  lifeEventServices: Insertable<LifeEventServiceTable>[];
}

export function demoAppointments(today: LocalDate): DemoAppointments {
  const out: DemoAppointments = { counters: [], hours: [], days: [], services: [], lifeEvents: [], lifeEventServices: [] };
  const sunday = holidayOpeningSunday(today);
  for (const [w, ward] of cityWards.entries()) {
    const office = `org_demo_${ward.id}_office`;
    for (const [c, counter] of COUNTERS.entries()) {
      const counterId = `ctr_demo_${ward.id}_${counter.key}`;
      // 市民課 is the busiest: 3–4 desks; the others 2–3, by the ward's order.
      const desks = counter.key === 'citizens' ? 3 + (w % 2) : 2 + ((w + c) % 2);
      out.counters.push({
        id: counterId,
        office_id: office,
        code: `${ward.id}-${counter.key}`,
        name: counter.name,
        name_en: counter.nameEn,
        place: counter.place,
        place_en: counter.placeEn,
        slot_minutes: 15,
        desks,
        sort_order: c + 1,
      });
      for (let weekday = 1; weekday <= 5; weekday++) {
        out.hours.push({ counter_id: counterId, weekday, opens: '08:30', closes: '12:00' });
        out.hours.push({ counter_id: counterId, weekday, opens: '13:00', closes: '17:00' });
      }
      if (counter.key !== 'children')
        out.days.push({
          counter_id: counterId,
          date: sunday,
          status: 'open',
          opens: '09:00',
          closes: '16:00',
          desks: 2,
          note: '休日開庁（引っ越しの多い時期）',
        });
      for (const [s, [key, name, nameEn, minutes, documents, documentsEn]] of counter.services.entries()) {
        out.services.push({
          id: `svc_demo_${ward.id}_${key}`,
          counter_id: counterId,
          code: `${ward.id}-${key.replaceAll('_', '-')}`,
          name,
          name_en: nameEn,
          duration_minutes: minutes,
          documents: documents.join('\n'),
          documents_en: documentsEn.join('\n'),
          eligibility: 'anyone',
          book_from_days: 14,
          book_until_days: 1,
          walk_ins: 1,
          sort_order: s + 1,
        });
      }
    }
    for (const [e, event] of LIFE_EVENTS.entries()) {
      const id = `lev_demo_${ward.id}_${event.key}`;
      out.lifeEvents.push({
        id,
        name: `${event.name}（${ward.name}役所）`,
        name_en: `${event.nameEn} (${ward.nameEn} Office)`,
        description: event.description,
        description_en: event.descriptionEn,
        gap_minutes: 10,
        sort_order: w * 10 + e + 1,
      });
      for (const [p, key] of event.services.entries())
        out.lifeEventServices.push({ life_event_id: id, service_id: `svc_demo_${ward.id}_${key}`, position: p + 1 });
    }
  }
  return out;
}

export async function insertDemoAppointments(trx: Trx, demo: DemoAppointments): Promise<void> {
  await insertInBatches(trx, 'appointment_counters', demo.counters);
  await insertInBatches(trx, 'appointment_hours', demo.hours);
  await insertInBatches(trx, 'appointment_days', demo.days);
  await insertInBatches(trx, 'appointment_services', demo.services);
  await insertInBatches(trx, 'life_events', demo.lifeEvents);
  await insertInBatches(trx, 'life_event_services', demo.lifeEventServices);
}
