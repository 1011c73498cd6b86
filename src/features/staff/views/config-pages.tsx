/** Admin configuration pages: city settings and band times; one facility's calendar and rooms. */

import type { FieldError } from '../../../lib/errors.ts';
import type { Translate } from '../../../lib/i18n.ts';
import { Checkboxes, CsrfField, ErrorSummary, Notice, TextInput } from '../../../ui/components.tsx';
import type { FeeRates } from '../../booking/fees.ts';
import type { Facility, Room } from '../../facility/facility.ts';

/** One time band of a scheme, with its times as the admin edits them. */
export interface BandTimes {
  schemeId: string;
  code: string;
  label: string;
  startsAt: string;
  endsAt: string;
}

const num = (name: string, label: string, value: number, hint?: string) => (
  <TextInput name={name} id={name} inputmode="numeric" width="s" label={label} hint={hint} value={String(value)} required />
);

export function CityConfigPage(props: {
  t: Translate;
  csrf: string | undefined;
  rates: FeeRates;
  quota: number;
  /** As stored, or as typed when the groups form is re-rendered with its error. */
  maxGroupsRepresented: string;
  bands: BandTimes[];
  facilities: { id: string; name: string }[];
  notice?: string | undefined;
  errors?: FieldError[];
}) {
  const { t, rates } = props;
  const errors = props.errors ?? [];
  return (
    <>
      <h1>{t('configTitle')}</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <ErrorSummary title={t('errorSummaryTitle')} errors={errors} />
      <h2>{t('configRates')}</h2>
      <form method="post" action="/staff/config/settings" novalidate>
        <CsrfField token={props.csrf} />
        <div class="form-grid">
          {num('commercial', t('configCommercial'), rates.commercial, t('configPercentHint'))}
          {num('admission', t('configAdmission'), rates.admission, t('configPercentHint'))}
          {num('nonResident', t('configNonResident'), rates.nonResident, t('configPercentHint'))}
          {num('communityReduction', t('configCommunityReduction'), rates.communityReduction, t('configReductionHint'))}
          {num('npoReduction', t('configNpoReduction'), rates.npoReduction, t('configReductionHint'))}
          {num('quota', t('configQuota'), props.quota)}
        </div>
        <button type="submit" class="button">
          {t('configSave')}
        </button>
      </form>
      <h2>{t('configGroups')}</h2>
      <form method="post" action="/staff/config/groups" novalidate>
        <CsrfField token={props.csrf} />
        <TextInput
          name="maxGroupsRepresented"
          id="maxGroupsRepresented"
          inputmode="numeric"
          width="s"
          label={t('configMaxGroupsRepresented')}
          hint={t('configMaxGroupsRepresentedHint')}
          value={props.maxGroupsRepresented}
          errorMessage={errors.find((e) => e.field === 'maxGroupsRepresented')?.message}
          required
        />
        <button type="submit" class="button">
          {t('configSave')}
          <span class="visually-hidden"> {t('configGroups')}</span>
        </button>
      </form>
      <h2>{t('configBands')}</h2>
      {props.bands.map((b) => (
        <form method="post" action={`/staff/config/bands/${b.schemeId}/${b.code}`} class="card" novalidate>
          <CsrfField token={props.csrf} />
          <p>
            <strong>
              {b.schemeId} · {b.label}
            </strong>
          </p>
          <div class="form-grid">
            <TextInput name="start" id={`start-${b.schemeId}-${b.code}`} label={t('configStart')} value={b.startsAt} width="s" />
            <TextInput name="end" id={`end-${b.schemeId}-${b.code}`} label={t('configEnd')} value={b.endsAt} width="s" />
          </div>
          <button type="submit" class="button button--secondary">
            {t('configSave')}
            <span class="visually-hidden">
              {' '}
              {b.schemeId} {b.label}
            </span>
          </button>
        </form>
      ))}
      <h2>{t('configFacilities')}</h2>
      <ul class="room-jump">
        {props.facilities.map((f) => (
          <li>
            <a href={`/staff/config/facilities/${f.id}`}>{f.name}</a>
          </li>
        ))}
      </ul>
      <p>
        <a href="/staff/config/staff">{t('staffAccountsTitle')}</a>
      </p>
    </>
  );
}

export function FacilityConfigPage(props: {
  t: Translate;
  csrf: string | undefined;
  facility: Facility;
  rooms: readonly (Room & { requiresApproval: boolean })[];
  fees: Map<string, Record<string, number>>;
  notice?: string | undefined;
}) {
  const { t, facility } = props;
  const sunday = facility.hours.find((h) => h.weekday === 7);
  return (
    <>
      <h1>
        {facility.name} {t('configTitle')}
      </h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <h2>{t('configCalendar')}</h2>
      <form method="post" action={`/staff/config/facilities/${facility.id}/calendar`} novalidate>
        <CsrfField token={props.csrf} />
        <Checkboxes
          name="flags"
          legend={t('configOpening')}
          values={[sunday ? 'sunday' : '', facility.openOnHolidays ? 'holidays' : ''].filter(Boolean)}
          options={[
            { value: 'sunday', label: t('configSundayOpen') },
            { value: 'holidays', label: t('configHolidaysOpen') },
          ]}
        />
        <div class="form-grid">
          <TextInput name="sundayOpens" label={t('configSundayOpens')} value={sunday?.opens ?? '09:00'} width="s" />
          <TextInput name="sundayCloses" label={t('configSundayCloses')} value={sunday?.closes ?? '17:00'} width="s" />
        </div>
        <button type="submit" class="button">
          {t('configSave')}
        </button>
      </form>
      <h2>{t('rooms')}</h2>
      {props.rooms.map((room) => {
        const fees = props.fees.get(room.id) ?? {};
        const id = (n: string) => `${n}-${room.id}`;
        return (
          <form method="post" action={`/staff/config/rooms/${room.id}`} class="card" novalidate>
            <CsrfField token={props.csrf} />
            <h3>{room.name}</h3>
            <div class="form-grid">
              <TextInput
                name="capacity"
                id={id('capacity')}
                inputmode="numeric"
                width="s"
                label={t('capacity')}
                value={String(room.capacity)}
              />
              <TextInput
                name="bookingWindowDays"
                id={id('window')}
                inputmode="numeric"
                width="s"
                label={t('configWindow')}
                value={String(room.bookingWindowDays)}
              />
              <TextInput
                name="cancelDeadlineDays"
                id={id('deadline')}
                inputmode="numeric"
                width="s"
                label={t('configDeadline')}
                value={String(room.cancelDeadlineDays)}
              />
              <TextInput
                name="fee_morning"
                id={id('fee-morning')}
                inputmode="numeric"
                width="s"
                label={t('configFeeMorning')}
                value={String(fees.morning ?? 0)}
              />
              <TextInput
                name="fee_afternoon"
                id={id('fee-afternoon')}
                inputmode="numeric"
                width="s"
                label={t('configFeeAfternoon')}
                value={String(fees.afternoon ?? 0)}
              />
              <TextInput
                name="fee_evening"
                id={id('fee-evening')}
                inputmode="numeric"
                width="s"
                label={t('configFeeEvening')}
                value={String(fees.evening ?? 0)}
              />
            </div>
            <div class="checkbox">
              <input type="checkbox" id={id('approval')} name="requiresApproval" value="on" checked={room.requiresApproval} />
              <label for={id('approval')}>{t('configRequiresApproval')}</label>
            </div>
            <div class="field">
              <label class="field__label" for={id('allocation')}>
                {t('configAllocation')}
              </label>
              <select class="select" id={id('allocation')} name="allocation">
                <option value="first_come" selected={room.allocation === 'first_come'}>
                  {t('configAllocationFirstCome')}
                </option>
                <option value="lottery" selected={room.allocation === 'lottery'}>
                  {t('configAllocationLottery')}
                </option>
              </select>
            </div>
            <p>
              <button type="submit" class="button button--secondary">
                {t('configSave')}
                <span class="visually-hidden"> {room.name}</span>
              </button>
            </p>
          </form>
        );
      })}
    </>
  );
}
