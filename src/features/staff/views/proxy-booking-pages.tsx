/** Back-office proxy booking: finding a caller and booking for them (a new caller: residents-pages.tsx). */
import type { FieldError } from '../../../lib/errors.ts';
import { dateLabel } from '../../../lib/format.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { Checkboxes, CsrfField, ErrorSummary, Notice, Radios, TextInput } from '../../../ui/components.tsx';
import { UseDetailsFields } from '../../../ui/use-details-fields.tsx';
import type { DayAvailability } from '../../availability/availability.ts';
import { categoryOptions } from '../../booking/booking.ts';
import type { Facility, Room } from '../../facility/facility.ts';

export interface ResidentHit {
  id: string;
  number: string;
  name: string;
  nameKana: string;
  phoneTail: string;
  noShows: number;
}

export function FindResidentPage(props: {
  t: Translate;
  facility: Facility;
  room: Room;
  date: string;
  band: string;
  lang: Lang;
  query: string;
  hits: ResidentHit[] | undefined;
  errors: FieldError[];
}) {
  const { t, room, date, band } = props;
  const keep = `room=${room.id}&date=${date}&band=${band}`;
  return (
    <>
      <h1>{t('staffProxyTitle')}</h1>
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      <p>
        {props.facility.name} {room.name} · {dateLabel(date, props.lang)}
      </p>
      <form method="get" action="/staff/book">
        <input type="hidden" name="room" value={room.id} />
        <input type="hidden" name="date" value={date} />
        <input type="hidden" name="band" value={band} />
        <TextInput
          name="q"
          label={t('staffFindResident')}
          hint={t('staffFindResidentHint')}
          value={props.query}
          errorMessage={props.errors.find((e) => e.field === 'q')?.message}
          width="l"
        />
        <button type="submit" class="button">
          {t('staffSearch')}
        </button>
      </form>
      {props.hits ? (
        <section aria-labelledby="hits-title">
          <h2 id="hits-title">{t('searchResults')}</h2>
          <p role="status">{props.hits.length === 0 ? t('staffNoResident') : t('staffResidentCount', { count: props.hits.length })}</p>
          <ul class="results">
            {props.hits.map((h) => (
              <li>
                <a href={`/staff/book?${keep}&resident=${h.id}`}>
                  {h.name}（{h.nameKana}）
                </a>{' '}
                · {t('userNumber')} {h.number} · {t('phone')} …{h.phoneTail}
                {h.noShows > 0 ? ` · ${t('counterNoShows', { count: h.noShows })}` : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>
        <a href={`/staff/residents/new?${keep}`}>{t('staffNewResident')}</a>
      </p>
    </>
  );
}

export function StaffBookingForm(props: {
  t: Translate;
  lang: Lang;
  facility: Facility;
  room: Room;
  day: DayAvailability;
  resident: { id: string; name: string; nameKana: string; number: string };
  /** Open group invitations of the resident, answered through the clerk on their own page. */
  invitationCount?: number;
  band?: string;
  values: Record<string, string | string[] | undefined>;
  errors: FieldError[];
  csrf: string | undefined;
}) {
  const { t, lang, room, day, values, errors } = props;
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  const bands = Array.isArray(values.bands) ? values.bands : values.bands ? [values.bands] : [];
  const keep = new URLSearchParams({ room: room.id, date: day.date, band: props.band ?? '' }).toString();
  return (
    <>
      <h1>{t('staffProxyTitle')}</h1>
      <ErrorSummary title={t('errorSummaryTitle')} errors={errors} />
      {props.invitationCount ? (
        <Notice>
          {t('staffInvitationsPending', { count: props.invitationCount })}{' '}
          <a href={`/staff/residents/${props.resident.id}/invitations?${keep}`}>{t('staffInvitationsAnswer')}</a>
        </Notice>
      ) : null}
      <dl class="summary-list">
        <dt>{t('fieldBooker')}</dt>
        <dd>
          {props.resident.name}（{props.resident.nameKana}） · {t('userNumber')} {props.resident.number}
        </dd>
        <dt>{t('facilityName')}</dt>
        <dd>
          {props.facility.name} {room.name}（{t('capacity')} {t('capacityPeople', { count: room.capacity })}）
        </dd>
        <dt>{t('date')}</dt>
        <dd>{dateLabel(day.date, lang)}</dd>
      </dl>
      <form method="post" action="/staff/book" novalidate>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="residentId" value={props.resident.id} />
        <input type="hidden" name="roomId" value={room.id} />
        <input type="hidden" name="date" value={day.date} />
        <Checkboxes
          name="bands"
          legend={t('band')}
          errorMessage={err('bands')}
          values={bands}
          options={day.cells.filter((c) => c.state === 'free').map((c) => ({ value: c.band, label: `${c.label} ${c.start}–${c.end}` }))}
        />
        <Radios
          name="channel"
          legend={t('staffChannel')}
          value={typeof values.channel === 'string' ? values.channel : 'phone'}
          errorMessage={err('channel')}
          options={[
            { value: 'phone', label: t('staffChannelPhone') },
            { value: 'counter', label: t('staffChannelCounter') },
          ]}
        />
        <UseDetailsFields
          t={t}
          values={values as Record<string, string | undefined>}
          err={err}
          categories={categoryOptions(lang)}
          groups={[]}
          enteredBy="clerk"
        />
        <Checkboxes
          name="overrides"
          legend={t('staffOverrides')}
          values={Array.isArray(values.overrides) ? values.overrides : values.overrides ? [values.overrides] : []}
          options={[
            { value: 'quota', label: t('staffOverrideQuota') },
            { value: 'window', label: t('staffOverrideWindow') },
          ]}
        />
        <TextInput
          name="overrideReason"
          label={t('staffOverrideReason')}
          value={values.overrideReason as string | undefined}
          errorMessage={err('overrideReason')}
          width="l"
        />
        <button type="submit" class="button">
          {t('bookSubmit')}
        </button>
      </form>
    </>
  );
}
