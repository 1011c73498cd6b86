/**
 * Who booked in the demo city: residents registered at the counter (no email, no password, so they
 * cannot log in and stay out of the demo accounts' pages) and groups of every type, so that the insights
 * pages have someone to count. Ages follow the city's policy review: most users are 60 and over, very
 * few under 30. Drawn from their own seeded generator, so the demo's bookings themselves do not change.
 */
import type { Insertable } from 'kysely';
import type { OrganisationMemberTable, OrganisationTable, UserTable } from '../db/schema.ts';
import { type Random, seededRandom } from '../lib/random.ts';

/** Age bands (lowest age, highest age, share) of the people who book. */
const AGES: [number, number, number][] = [
  [20, 29, 0.01],
  [30, 39, 0.04],
  [40, 49, 0.08],
  [50, 59, 0.16],
  [60, 69, 0.3],
  [70, 89, 0.41],
];
const FAMILY = ['小倉', '戸畑', '若松', '田中', '中村', '松本', '井上', '木村', '山口', '吉田', '原田', '石橋'];
const FAMILY_KANA = [
  'コクラ',
  'トバタ',
  'ワカマツ',
  'タナカ',
  'ナカムラ',
  'マツモト',
  'イノウエ',
  'キムラ',
  'ヤマグチ',
  'ヨシダ',
  'ハラダ',
  'イシバシ',
];
const GIVEN = ['一郎', '和子', '節子', '健一', '幸子', '正夫', '恵子', '博', '洋子', '清'];
const GIVEN_KANA = ['イチロウ', 'カズコ', 'セツコ', 'ケンイチ', 'サチコ', 'マサオ', 'ケイコ', 'ヒロシ', 'ヨウコ', 'キヨシ'];
const GROUPS: [string, string, number][] = [
  ['community', '町内会', 14],
  ['circle', '愛好会', 16],
  ['npo', 'NPO法人', 6],
  ['business', '教室', 4],
];

export interface DemoBookers {
  users: Insertable<UserTable>[];
  groups: Insertable<OrganisationTable>[];
  members: Insertable<OrganisationMemberTable>[];
  /** Picks the booker of one booking by its category: a group or a person (user_id, group_id). */
  pick(category: string): { user_id: string; group_id: string | null };
}

function birthYear(rnd: Random, year: number): number {
  let r = rnd.int(0, 9999) / 10_000;
  for (const [low, high, share] of AGES) {
    if (r < share) return year - rnd.int(low, high);
    r -= share;
  }
  return year - 75;
}

export function demoBookers(seed: number, year: number, stamp: string, count = 600): DemoBookers {
  const rnd = seededRandom(seed ^ 0x5eed);
  const users: Insertable<UserTable>[] = [];
  for (let i = 0; i < count; i++) {
    const f = i % FAMILY.length;
    const g = Math.floor(i / FAMILY.length) % GIVEN.length;
    users.push({
      id: `usr_demo_booker_${i + 1}`,
      number: String(20_000_001 + i),
      email: null,
      name: `${FAMILY[f]} ${GIVEN[g]}`,
      name_kana: `${FAMILY_KANA[f]} ${GIVEN_KANA[g]}`,
      phone: `093-900-${String(i + 1).padStart(4, '0')}`,
      residency: 'resident',
      birth_year: birthYear(rnd, year),
      password_hash: null,
      // Every tenth holds a 多目的利用者登録: they book the 多目的 uses.
      multipurpose_status: i % 10 === 0 ? 'approved' : 'none',
      multipurpose_requested_at: null,
      created_at: stamp,
      updated_at: stamp,
    });
  }
  const groups: Insertable<OrganisationTable>[] = [];
  const members: Insertable<OrganisationMemberTable>[] = [];
  const byType = new Map<string, string[]>();
  let n = 0;
  for (const [type, suffix, howMany] of GROUPS) {
    for (let i = 0; i < howMany; i++) {
      n++;
      const id = `grp_demo_${type}_${i + 1}`;
      const representative = users[(n * 37) % users.length]?.id as string;
      groups.push({
        id,
        name: `デモ${suffix}${i + 1}`,
        type,
        member_count: rnd.int(8, 120),
        representative_id: representative,
        created_at: stamp,
        // The demo city's groups are established ones: those with a 減免 by type are verified.
        ...(type === 'community' || type === 'npo'
          ? { verification_status: 'verified', verified_type: type, verified_at: stamp }
          : { verification_status: 'none' }),
      });
      members.push({ group_id: id, user_id: representative, role: 'representative', created_at: stamp });
      byType.set(type, [...(byType.get(type) ?? []), id]);
    }
  }
  const representativeOf = new Map(groups.map((g) => [g.id, g.representative_id]));
  const approved = users.filter((u) => u.multipurpose_status === 'approved');
  const asGroup = (types: string[]) => {
    const id = rnd.pick(types.flatMap((t) => byType.get(t) ?? []));
    return { user_id: representativeOf.get(id) as string, group_id: id };
  };
  return {
    users,
    groups,
    members,
    pick(category) {
      if (category === 'community')
        return rnd.chance(0.8) ? asGroup(['community']) : { user_id: rnd.pick(users).id as string, group_id: null };
      if (category === 'multipurpose')
        return rnd.chance(0.5) ? asGroup(['npo', 'business']) : { user_id: rnd.pick(approved).id as string, group_id: null };
      return rnd.chance(0.35) ? asGroup(['circle']) : { user_id: rnd.pick(users).id as string, group_id: null };
    },
  };
}
