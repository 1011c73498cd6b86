/**
 * The booking form and its confirmation step. Step 1 collects the details; step 2 shows the fee and
 * everything entered, and the button there makes the reservation. Both are plain forms.
 */
import type { FieldError } from '../../../lib/errors.ts';
import { dateLabel } from '../../../lib/format.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { Checkboxes, CsrfField, ErrorSummary, Notice } from '../../../ui/components.tsx';
import { UseDetailsFields } from '../../../ui/use-details-fields.tsx';
import type { DayAvailability } from '../../availability/availability.ts';
import { cellText } from '../../availability/cell-text.ts';
import type { Facility, Room } from '../../facility/facility.ts';
import { facilityName } from '../../facility/facility-labels.ts';
import type { PreparedBooking } from '../booking.ts';
import { CATEGORIES, categoryLabels, categoryOptions } from '../booking.ts';
import { FeeTable } from './fee-table.tsx';

export interface BookingFormValues {
  roomId: string;
  date: string;
  bands: string[];
  purpose?: string | undefined;
  attendees?: string | undefined;
  category?: string | undefined;
  groupId?: string | undefined;
  commercial?: boolean;
  admission?: boolean;
}

/** Hidden copies of every value, to carry them from one step to the next. */
function HiddenValues(props: { values: BookingFormValues }) {
  const v = props.values;
  return (
    <>
      <input type="hidden" name="roomId" value={v.roomId} />
      <input type="hidden" name="date" value={v.date} />
      {v.bands.map((b) => (
        <input type="hidden" name="bands" value={b} />
      ))}
      <input type="hidden" name="purpose" value={v.purpose ?? ''} />
      <input type="hidden" name="attendees" value={v.attendees ?? ''} />
      <input type="hidden" name="category" value={v.category ?? ''} />
      <input type="hidden" name="groupId" value={v.groupId ?? ''} />
      {v.commercial ? <input type="hidden" name="commercial" value="on" /> : null}
      {v.admission ? <input type="hidden" name="admission" value="on" /> : null}
    </>
  );
}

export function BookingFormPage(props: {
  t: Translate;
  lang: Lang;
  facility: Facility;
  room: Room;
  day: DayAvailability;
  groups: { id: string; name: string; awaitsVerification?: boolean }[];
  values: BookingFormValues;
  errors: FieldError[];
  csrf: string | undefined;
}) {
  const { t, lang, facility, room, day, values, errors } = props;
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  return (
    <>
      <h1>{t('bookTitle')}</h1>
      <ErrorSummary title={t('errorSummaryTitle')} errors={errors} />
      <dl class="summary-list">
        <dt>{t('facilityName')}</dt>
        <dd>
          {facilityName(facility, lang)} {lang === 'en' && room.nameEn ? room.nameEn : room.name}（{t('capacity')}{' '}
          {t('capacityPeople', { count: room.capacity })}）
        </dd>
        <dt>{t('date')}</dt>
        <dd>{dateLabel(day.date, lang)}</dd>
      </dl>
      {day.cells.every((cell) => cell.state !== 'free') ? (
        <Notice tone="warn">
          <p>{t('noFreeBands')}</p>
          <p>
            <a href={`/facilities/${facility.id}/availability?month=${day.date.slice(0, 7)}#room-${room.id}`}>{t('backToGrid')}</a>
          </p>
        </Notice>
      ) : null}
      <form method="post" action="/book/confirm" novalidate>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="roomId" value={room.id} />
        <input type="hidden" name="date" value={day.date} />
        <fieldset class={err('bands') ? 'fieldset field--error' : 'fieldset'} id="bands">
          <legend class="field__label">
            {t('band')}
            <span class="field__required">{t('required')}</span>
          </legend>
          <p class="field__hint">{t('bandsHint')}</p>
          {err('bands') ? <p class="field__error">{err('bands')}</p> : null}
          <div class="checkboxes">
            {day.cells.map((cell) => (
              <div class="checkbox">
                <input
                  type="checkbox"
                  id={`bands-${cell.band}`}
                  name="bands"
                  value={cell.band}
                  checked={cell.state === 'free' && values.bands.includes(cell.band)}
                  disabled={cell.state !== 'free'}
                />
                <label for={`bands-${cell.band}`}>
                  {lang === 'en' ? cell.labelEn : cell.label} {cell.start}–{cell.end}
                  {cell.state !== 'free' ? `（${cellText(cell, t, lang)}）` : ''}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
        <UseDetailsFields
          t={t}
          values={values}
          err={err}
          categories={categoryOptions(lang)}
          groups={props.groups}
          attendeesHint={t('fieldAttendeesHint', { capacity: room.capacity })}
        />
        <Checkboxes
          name="flags"
          legend={t('fieldFeeConditions')}
          errorMessage={err('commercial')}
          values={[values.commercial ? 'commercial' : '', values.admission ? 'admission' : ''].filter(Boolean)}
          options={[
            { value: 'commercial', label: t('fieldCommercial') },
            { value: 'admission', label: t('fieldAdmission') },
          ]}
        />
        <button type="submit" class="button">
          {t('bookNext')}
        </button>
      </form>
    </>
  );
}

export function BookingConfirmPage(props: {
  t: Translate;
  lang: Lang;
  prepared: PreparedBooking;
  values: BookingFormValues;
  formToken: string;
  csrf: string | undefined;
}) {
  const { t, lang, prepared, values } = props;
  const { facility, room } = prepared;
  return (
    <>
      <h1>{t('confirmTitle')}</h1>
      <p>{t('confirmLead')}</p>
      <dl class="summary-list">
        <dt>{t('facilityName')}</dt>
        <dd>
          {facilityName(facility, lang)} {lang === 'en' && room.nameEn ? room.nameEn : room.name}
        </dd>
        <dt>{t('date')}</dt>
        <dd>{dateLabel(values.date, lang)}</dd>
        <dt>{t('band')}</dt>
        <dd>{prepared.bands.map((b) => `${lang === 'en' ? b.labelEn : b.label} ${b.start}–${b.end}`).join(' / ')}</dd>
        <dt>{t('fieldPurpose')}</dt>
        <dd>{values.purpose}</dd>
        <dt>{t('fieldAttendees')}</dt>
        <dd>{t('capacityPeople', { count: values.attendees ?? '' })}</dd>
        <dt>{t('fieldCategory')}</dt>
        <dd>
          {values.category && (CATEGORIES as readonly string[]).includes(values.category)
            ? categoryLabels[values.category as (typeof CATEGORIES)[number]][lang]
            : ''}
        </dd>
        {prepared.group ? (
          <>
            <dt>{t('fieldBooker')}</dt>
            <dd>{prepared.group.name}</dd>
          </>
        ) : null}
        <dt>{t('cancelUntil')}</dt>
        <dd>{dateLabel(prepared.cancelUntil, lang)}</dd>
      </dl>
      <h2>{t('feeTitle')}</h2>
      <FeeTable t={t} lang={lang} fee={prepared.fee} />
      {prepared.reductionAwaitsVerification ? <Notice tone="warn">{t('feeReductionAwaitsVerification')}</Notice> : null}
      <form method="post" action="/book" novalidate>
        <CsrfField token={props.csrf} />
        <HiddenValues values={values} />
        <input type="hidden" name="formToken" value={props.formToken} />
        <button type="submit" class="button">
          {t('bookSubmit')}
        </button>
      </form>
      <form method="post" action="/book/form" novalidate>
        <CsrfField token={props.csrf} />
        <HiddenValues values={values} />
        <p>
          <button type="submit" class="button button--secondary">
            {t('bookBack')}
          </button>
        </p>
      </form>
    </>
  );
}
