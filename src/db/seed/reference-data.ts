/**
 * Reference data every installation needs before facilities can be imported: the city's wards and the
 * band schemes (利用区分). Inserted if missing at every start, so it is safe to run repeatedly and never
 * overwrites what an administrator changed.
 */
import type { Db } from '../database.ts';

export interface CityWard {
  id: string;
  name: string;
  nameKana: string;
  nameEn: string;
  /** Approximate centre, used to place demo facilities on a map. */
  centre: [number, number];
}

export const cityWards: CityWard[] = [
  { id: 'moji', name: '門司区', nameKana: 'もじく', nameEn: 'Moji Ward', centre: [33.945, 130.962] },
  { id: 'kokurakita', name: '小倉北区', nameKana: 'こくらきたく', nameEn: 'Kokurakita Ward', centre: [33.884, 130.875] },
  { id: 'kokuraminami', name: '小倉南区', nameKana: 'こくらみなみく', nameEn: 'Kokuraminami Ward', centre: [33.832, 130.903] },
  { id: 'wakamatsu', name: '若松区', nameKana: 'わかまつく', nameEn: 'Wakamatsu Ward', centre: [33.905, 130.76] },
  { id: 'yahatahigashi', name: '八幡東区', nameKana: 'やはたひがしく', nameEn: 'Yahatahigashi Ward', centre: [33.863, 130.812] },
  { id: 'yahatanishi', name: '八幡西区', nameKana: 'やはたにしく', nameEn: 'Yahatanishi Ward', centre: [33.866, 130.73] },
  { id: 'tobata', name: '戸畑区', nameKana: 'とばたく', nameEn: 'Tobata Ward', centre: [33.895, 130.827] },
];

export const bandSchemes = [
  {
    id: 'standard',
    name: '標準（午前・午後・夜間）',
    bands: [
      { code: 'morning', label: '午前', label_en: 'Morning', starts_at: '09:00', ends_at: '12:00' },
      { code: 'afternoon', label: '午後', label_en: 'Afternoon', starts_at: '13:00', ends_at: '17:00' },
      { code: 'evening', label: '夜間', label_en: 'Evening', starts_at: '18:00', ends_at: '21:00' },
    ],
  },
  {
    id: 'extended',
    name: '延長（夜間22時まで）',
    bands: [
      { code: 'morning', label: '午前', label_en: 'Morning', starts_at: '09:00', ends_at: '12:00' },
      { code: 'afternoon', label: '午後', label_en: 'Afternoon', starts_at: '13:00', ends_at: '17:00' },
      { code: 'evening', label: '夜間', label_en: 'Evening', starts_at: '18:00', ends_at: '22:00' },
    ],
  },
] as const;

export async function ensureReferenceData(db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const haveWards = new Set((await trx.selectFrom('wards').select('id').execute()).map((w) => w.id));
    const missingWards = cityWards.filter((w) => !haveWards.has(w.id));
    if (missingWards.length > 0) {
      await trx
        .insertInto('wards')
        .values(
          missingWards.map((w) => ({
            id: w.id,
            name: w.name,
            name_kana: w.nameKana,
            name_en: w.nameEn,
            sort_order: cityWards.indexOf(w) + 1,
          })),
        )
        .execute();
    }
    const haveSchemes = new Set((await trx.selectFrom('band_schemes').select('id').execute()).map((s) => s.id));
    for (const scheme of bandSchemes.filter((s) => !haveSchemes.has(s.id))) {
      await trx.insertInto('band_schemes').values({ id: scheme.id, name: scheme.name }).execute();
      await trx
        .insertInto('bands')
        .values(scheme.bands.map((b, i) => ({ ...b, scheme_id: scheme.id, sort_order: i + 1 })))
        .execute();
    }
  });
}
