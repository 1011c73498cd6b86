/**
 * Raw material for the demo city. Ward names are the real wards of an ordinance city (the city the policy
 * review describes); every facility, place name, address and phone number built from these lists is
 * invented, and the facilities are flagged is_demo so every page says so.
 */
import type { Equipment, RoomType } from '../features/facility/facility.ts';

/** Citizen centres per ward: 130 in all, roughly in proportion to each ward's population. */
export const citizenCentresPerWard: Record<string, number> = {
  moji: 16,
  kokurakita: 20,
  kokuraminami: 23,
  wakamatsu: 13,
  yahatahigashi: 13,
  yahatanishi: 32,
  tobata: 13,
};

/** Invented place names: a first part and a second part, each with its reading. */
export const placeFirst: [string, string][] = [
  ['桜', 'さくら'],
  ['青葉', 'あおば'],
  ['緑', 'みどり'],
  ['若葉', 'わかば'],
  ['朝日', 'あさひ'],
  ['旭', 'あさひ'],
  ['松', 'まつ'],
  ['梅', 'うめ'],
  ['竹', 'たけ'],
  ['泉', 'いずみ'],
  ['清水', 'しみず'],
  ['白鳥', 'しらとり'],
  ['星', 'ほし'],
  ['光', 'ひかり'],
  ['花', 'はな'],
  ['富士見', 'ふじみ'],
  ['日の出', 'ひので'],
  ['浜', 'はま'],
  ['港', 'みなと'],
  ['山手', 'やまて'],
  ['中原', 'なかばる'],
  ['東', 'ひがし'],
  ['西', 'にし'],
  ['南', 'みなみ'],
  ['北', 'きた'],
  ['大谷', 'おおたに'],
  ['高見', 'たかみ'],
  ['錦', 'にしき'],
  ['紅葉', 'もみじ'],
  ['千代', 'ちよ'],
  ['春日', 'かすが'],
  ['宮田', 'みやた'],
  ['藤', 'ふじ'],
  ['柳', 'やなぎ'],
  ['鶴', 'つる'],
  ['亀', 'かめ'],
];
export const placeSecond: [string, string][] = [
  ['ヶ丘', 'がおか'],
  ['台', 'だい'],
  ['町', 'まち'],
  ['野', 'の'],
  ['原', 'はら'],
  ['浜', 'はま'],
  ['川', 'かわ'],
  ['坂', 'ざか'],
  ['山', 'やま'],
  ['谷', 'だに'],
  ['森', 'もり'],
  ['里', 'さと'],
  ['崎', 'さき'],
  ['通', 'どおり'],
];

export interface RoomTemplate {
  type: RoomType;
  name: string;
  nameEn: string;
  capacity: [number, number];
  area: [number, number];
  equipment: Equipment[];
  /** How popular this kind of room is relative to a meeting room (the policy review: paid rooms are used less). */
  demand: number;
}

export const roomTemplates: Record<RoomType, RoomTemplate> = {
  hall: {
    type: 'hall',
    name: '多目的ホール',
    nameEn: 'Multipurpose hall',
    capacity: [60, 120],
    area: [90, 180],
    equipment: ['audio', 'microphone', 'projector', 'screen', 'hearing_loop'],
    demand: 0.75,
  },
  lecture_room: {
    type: 'lecture_room',
    name: '講座室',
    nameEn: 'Lecture room',
    capacity: [20, 40],
    area: [40, 70],
    equipment: ['whiteboard', 'projector', 'screen', 'wifi'],
    demand: 1.0,
  },
  meeting_room: {
    type: 'meeting_room',
    name: '会議室',
    nameEn: 'Meeting room',
    capacity: [8, 20],
    area: [20, 40],
    equipment: ['whiteboard', 'monitor', 'wifi'],
    demand: 1.1,
  },
  japanese_room: {
    type: 'japanese_room',
    name: '和室',
    nameEn: 'Japanese-style room',
    capacity: [12, 30],
    area: [25, 50],
    equipment: [],
    demand: 1.05,
  },
  cooking_room: {
    type: 'cooking_room',
    name: '調理室',
    nameEn: 'Cooking room',
    capacity: [16, 24],
    area: [50, 80],
    equipment: ['kitchen'],
    demand: 0.6,
  },
  craft_room: {
    type: 'craft_room',
    name: '創作室',
    nameEn: 'Craft room',
    capacity: [15, 24],
    area: [35, 60],
    equipment: ['whiteboard'],
    demand: 0.8,
  },
  music_room: {
    type: 'music_room',
    name: '音楽室',
    nameEn: 'Music room',
    capacity: [20, 30],
    area: [45, 70],
    equipment: ['piano', 'audio', 'mirror'],
    demand: 0.9,
  },
};

/** What rooms a centre of each size has, in display order. */
export const citizenCentreLayouts: RoomType[][] = [
  ['hall', 'lecture_room', 'japanese_room'],
  ['hall', 'lecture_room', 'japanese_room', 'cooking_room'],
  ['hall', 'lecture_room', 'meeting_room', 'japanese_room', 'cooking_room'],
  ['hall', 'lecture_room', 'meeting_room', 'japanese_room', 'japanese_room', 'cooking_room'],
];
export const lifelongCentreLayout: RoomType[] = [
  'hall',
  'lecture_room',
  'lecture_room',
  'meeting_room',
  'japanese_room',
  'cooking_room',
  'craft_room',
  'music_room',
];

export const purposesByType: Record<RoomType, string[]> = {
  hall: ['健康体操教室', '自治会総会', 'まちづくり協議会', '地域の敬老会', 'ダンスサークル', '卓球サークル', '子ども会の行事'],
  lecture_room: ['パソコン教室', '英会話サークル', '地域防災講座', '子育てサロン', '学習支援教室', '書道教室'],
  meeting_room: ['自治会役員会', '民生委員の打合せ', 'NPOの定例会', '老人クラブ役員会', 'PTA打合せ'],
  japanese_room: ['茶道教室', '華道サークル', '囲碁・将棋の会', '着付け教室', '民謡の練習', '俳句の会'],
  cooking_room: ['料理教室', '子ども食堂の準備', '男の料理教室', '食生活改善推進員の講習'],
  craft_room: ['絵手紙の会', '手芸サークル', '陶芸教室', '木工クラブ'],
  music_room: ['コーラスの練習', '大正琴サークル', 'ギター教室', '合唱団の練習'],
};

export const accessibilityNotes = [
  'スロープ・多目的トイレあり。車いすの貸出あり。',
  'エレベーター・多目的トイレあり。駐車場に障害者用区画（2台）。',
  '1階のみ段差なし。2階へは階段のみ（エレベーターなし）。多目的トイレあり。',
  'スロープ・手すりあり。筆談ボードを受付に用意しています。',
];

export const accessNotes = [
  '最寄りのバス停から徒歩3分。駐車場10台（無料）。',
  '駅から徒歩8分。駐車場はありません。公共交通機関をご利用ください。',
  'バス停から徒歩5分。駐車場15台（無料）。',
  '駅から徒歩12分、バス停から徒歩2分。駐輪場あり。',
];

/** Base fee (円) per band for each room type: 午前 / 午後 / 夜間. Lifelong-learning rooms cost a little more. */
export const feesByType: Record<RoomType, [number, number, number]> = {
  hall: [1200, 1600, 1600],
  lecture_room: [500, 700, 700],
  meeting_room: [300, 400, 400],
  japanese_room: [400, 500, 500],
  cooking_room: [800, 1000, 1000],
  craft_room: [400, 600, 600],
  music_room: [600, 800, 800],
};

/** Documented demo accounts (README): log in with these to try booking at once. */
export const DEMO_PASSWORD = 'tsunagu-demo-2026';
export const demoAccounts = [
  {
    id: 'usr_demo_resident',
    number: '10000001',
    email: 'taro@example.com',
    name: '北九 太郎',
    name_kana: 'キタキュウ タロウ',
    phone: '093-000-0001',
    residency: 'resident',
    birth_year: 1956,
    multipurpose_status: 'none',
  },
  {
    id: 'usr_demo_representative',
    number: '10000002',
    email: 'hanako@example.com',
    name: '門司 花子',
    name_kana: 'モジ ハナコ',
    phone: '093-000-0002',
    residency: 'resident',
    birth_year: 1962,
    multipurpose_status: 'approved',
  },
] as const;
/** Demo staff, each with the role they hold: centre staff of 小倉北区生涯学習センター, the 小倉北区 ward officer and a city admin. */
export const demoStaff = [
  {
    id: 'usr_demo_clerk',
    number: '90000001',
    email: 'clerk@example.com',
    name: '職員 一子',
    name_kana: 'ショクイン イチコ',
    assignment: { role: 'centre_staff', scope_kind: 'facility', scope_id: 'kokurakita-llc' },
  },
  {
    id: 'usr_demo_ward',
    number: '90000002',
    email: 'ward@example.com',
    name: '区役 二郎',
    name_kana: 'クヤク ジロウ',
    assignment: { role: 'ward_officer', scope_kind: 'ward', scope_id: 'kokurakita' },
  },
  {
    id: 'usr_demo_admin',
    number: '90000003',
    email: 'admin@example.com',
    name: '本庁 三恵',
    name_kana: 'ホンチョウ ミエ',
    assignment: { role: 'admin', scope_kind: 'city', scope_id: null },
  },
] as const;

export const demoGroup = { id: 'grp_demo_association', name: '桜ヶ丘町内会（デモ）', type: 'community', member_count: 120 } as const;
