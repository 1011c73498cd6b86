/** The search form, on the home page and the search page. Plain GET form: works without JavaScript. */
import type { FieldError } from '../../../lib/errors.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { Checkboxes, Select, TextInput } from '../../../ui/components.tsx';
import { EQUIPMENT, equipmentLabels, ROOM_TYPES, roomTypeLabels, type Ward } from '../../facility/facility.ts';

export interface SearchFormValues {
  date?: string;
  to?: string;
  band?: string;
  ward?: string;
  minCapacity?: string;
  roomType?: string;
  equipment?: string[];
}

const bandOptions = (t: Translate, lang: Lang) => [
  { value: '', label: t('any') },
  { value: 'morning', label: lang === 'ja' ? '午前（9:00〜12:00）' : 'Morning (9:00–12:00)' },
  { value: 'afternoon', label: lang === 'ja' ? '午後（13:00〜17:00）' : 'Afternoon (13:00–17:00)' },
  { value: 'evening', label: lang === 'ja' ? '夜間（18:00〜）' : 'Evening (from 18:00)' },
];

export function SearchForm(props: { t: Translate; lang: Lang; wards: Ward[]; values: SearchFormValues; errors?: FieldError[] }) {
  const { t, lang, values } = props;
  const err = (field: string) => props.errors?.find((e) => e.field === field)?.message;
  return (
    <form method="get" action="/search" class="search-form" novalidate>
      <div class="form-grid">
        <TextInput
          name="date"
          type="date"
          label={t('searchDate')}
          hint={t('searchDateHint')}
          value={values.date}
          errorMessage={err('date')}
          required
        />
        <TextInput name="to" type="date" label={t('searchTo')} hint={t('searchToHint')} value={values.to} errorMessage={err('to')} />
        <Select name="band" label={t('searchBand')} value={values.band} errorMessage={err('band')} options={bandOptions(t, lang)} />
        <Select
          name="ward"
          label={t('searchWard')}
          value={values.ward}
          errorMessage={err('ward')}
          options={[{ value: '', label: t('any') }, ...props.wards.map((w) => ({ value: w.id, label: lang === 'en' ? w.nameEn : w.name }))]}
        />
        <TextInput
          name="minCapacity"
          type="text"
          inputmode="numeric"
          width="s"
          label={t('searchMinCapacity')}
          hint={t('searchMinCapacityHint')}
          value={values.minCapacity}
          errorMessage={err('minCapacity')}
        />
        <Select
          name="roomType"
          label={t('searchRoomType')}
          value={values.roomType}
          errorMessage={err('roomType')}
          options={[{ value: '', label: t('any') }, ...ROOM_TYPES.map((r) => ({ value: r, label: roomTypeLabels[r][lang] }))]}
        />
      </div>
      <Checkboxes
        name="equipment"
        legend={t('searchEquipment')}
        values={values.equipment ?? []}
        errorMessage={err('equipment')}
        options={EQUIPMENT.map((e) => ({ value: e, label: equipmentLabels[e][lang] }))}
      />
      <button type="submit" class="button">
        {t('searchSubmit')}
      </button>
    </form>
  );
}
