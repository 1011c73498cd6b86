/** Back-office pages: start page, a facility's day, finding a caller, and booking for them. */
import type { FieldError } from '../../../lib/errors.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { addDays } from '../../../lib/time.ts';
import { RESIDENCIES } from '../../../platform/authz/actor.ts';
import { Checkboxes, CsrfField, ErrorSummary, Notice, Radios, TextInput } from '../../../ui/components.tsx';
import { residencyLabels } from '../../account/account.ts';
import type { DayAvailability } from '../../availability/availability.ts';
import { cellText } from '../../availability/views/month-page.tsx';
import { CATEGORIES, categoryLabels, statusLabels } from '../../booking/booking.ts';
import { feePhrase } from '../../booking/payment.ts';
import { dateLabel } from '../../booking/views/booking-form.tsx';
import type { Facility, Room } from '../../facility/facility.ts';
import type { facilityDay } from '../staff.service.ts';

type Day = Awaited<ReturnType<typeof facilityDay>>;

export function StaffHomePage(props: { t: Translate; facilities: { id: string; name: string }[]; today: string; isAdmin: boolean }) {
  const { t } = props;
  return (
    <>
      <h1>{t('staffTitle')}</h1>
      <ul>
        <li>
          <a href="/staff/approvals">{t('navApprovals')}</a>
        </li>
        <li>
          <a href="/staff/insights">{t('navInsights')}</a>
        </li>
        <li>
          <a href="/staff/lottery">{t('navLotteryStaff')}</a>
        </li>
        <li>
          <a href="/staff/households">{t('staffHouseholdsLink')}</a>
        </li>
        <li>
          <a href="/staff/print-list">{t('printListTitle')}</a>
        </li>
        {props.isAdmin ? (
          <>
            <li>
              <a href="/staff/outbox">{t('outboxAdminTitle')}</a>
            </li>
            <li>
              <a href="/staff/groups">{t('navGroupVerify')}</a>
            </li>
            <li>
              <a href="/staff/config">{t('configTitle')}</a>
            </li>
            <li>
              <a href="/staff/audit">{t('navAudit')}</a>
            </li>
            <li>
              <a href="/staff/line">{t('lineStaffTitle')}</a>
            </li>
          </>
        ) : null}
      </ul>
      <h2>{t('staffFacilities')}</h2>
      {props.facilities.length === 0 ? <p>{t('none')}</p> : null}
      <ul class="card-list">
        {props.facilities.map((f) => (
          <li class="card">
            <a href={`/staff/facilities/${f.id}?date=${props.today}`}>{f.name}</a>
            <p class="meta">
              <a href={`/staff/facilities/${f.id}/closures`}>{t('navClosures')}</a>
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}

export function DayPage(props: {
  t: Translate;
  lang: Lang;
  day: Day;
  date: string;
  today: string;
  csrf: string | undefined;
  grids: { room: Room; day: DayAvailability }[];
  notice?: string | undefined;
}) {
  const { t, lang, day, date } = props;
  const base = `/staff/facilities/${day.facility.id}`;
  return (
    <>
      <h1>
        {day.facility.name} {dateLabel(date, lang)}
      </h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <nav class="month-nav" aria-label={t('staffDayNav')}>
        <a href={`${base}?date=${addDays(date, -1)}`}>← {t('staffPrevDay')}</a>
        <form method="get" action={base} class="inline-form">
          <label for="date" class="visually-hidden">
            {t('date')}
          </label>
          <input class="input input--m" type="date" id="date" name="date" value={date} />{' '}
          <button type="submit" class="button button--secondary">
            {t('staffShow')}
          </button>
        </form>
        <a href={`${base}?date=${addDays(date, 1)}`}>{t('staffNextDay')} →</a>
      </nav>
      <p>
        <a href={`${base}/day.pdf?date=${date}`}>{t('counterDailySheet')}</a> · <a href={`${base}/week?date=${date}`}>{t('staffWeek')}</a>
      </p>
      {props.grids.map(({ room, day: roomDay }) => (
        <section aria-labelledby={`room-${room.id}`}>
          <h2 id={`room-${room.id}`}>
            {room.name}
            <span class="meta">
              {' '}
              {t('capacity')} {t('capacityPeople', { count: room.capacity })}
            </span>
          </h2>
          <table class="table">
            <caption class="visually-hidden">{room.name}</caption>
            <thead>
              <tr>
                <th scope="col">{t('band')}</th>
                <th scope="col">{t('staffBooking')}</th>
              </tr>
            </thead>
            <tbody>
              {roomDay.cells.map((cell) => {
                const booked = day.reservations.find(
                  (r) =>
                    r.reservation.roomId === room.id && r.reservation.bands.includes(cell.band) && r.reservation.status !== 'cancelled',
                );
                return (
                  <tr>
                    <th scope="row">
                      {cell.label} {cell.start}–{cell.end}
                    </th>
                    <td>
                      {booked ? (
                        <>
                          <strong>{booked.booker ? `${booked.booker.name}（${booked.booker.nameKana}）` : t('staffWalkIn')}</strong>
                          {booked.groupName ? ` · ${booked.groupName}` : ''}
                          <br />
                          {booked.reservation.purpose} · {t('capacityPeople', { count: booked.reservation.attendees })} ·{' '}
                          {feePhrase(lang, booked.reservation.fee, booked.reservation.feeDetail)} ·{' '}
                          {statusLabels[booked.reservation.status][lang]} · {booked.reservation.number}
                          {booked.booker ? (
                            <>
                              <br />
                              {t('phone')}: <a href={`tel:${booked.booker.phone.replace(/[^0-9]/g, '')}`}>{booked.booker.phone}</a>
                            </>
                          ) : null}
                          <br />
                          {!booked.reservation.paidAt && booked.reservation.status !== 'cancelled' ? (
                            <form method="post" action={`/staff/reservations/${booked.reservation.id}/reduction`} class="inline-form">
                              <CsrfField token={props.csrf} />
                              <label for={`reduction-${booked.reservation.id}`}>{t('counterReduction')}</label>{' '}
                              <input
                                class="input input--s"
                                id={`reduction-${booked.reservation.id}`}
                                name="percent"
                                inputmode="numeric"
                                value={String(booked.reservation.feeDetail?.reductionPercent ?? 0)}
                              />{' '}
                              <label for={`reduction-reason-${booked.reservation.id}`}>{t('counterReductionReason')}</label>{' '}
                              <input class="input input--m" id={`reduction-reason-${booked.reservation.id}`} name="reason" />{' '}
                              <button type="submit" class="button button--secondary">
                                {t('counterApplyReduction')}
                              </button>
                              <br />
                            </form>
                          ) : null}
                          {booked.reservation.status === 'won' ? (
                            // A lottery win the resident has not confirmed yet: nothing to collect or print.
                            t('counterWonUnconfirmed')
                          ) : booked.reservation.paidAt ? (
                            t('counterPaid', { receipt: booked.reservation.receiptNumber ?? '' })
                          ) : booked.reservation.fee > 0 ? (
                            <form method="post" action={`/staff/reservations/${booked.reservation.id}/payment`} class="inline-form">
                              <CsrfField token={props.csrf} />
                              <label for={`receipt-${booked.reservation.id}`}>{t('counterReceipt')}</label>{' '}
                              <input class="input input--s" id={`receipt-${booked.reservation.id}`} name="receiptNumber" required />{' '}
                              <button type="submit" class="button button--secondary">
                                {t('counterRecordPayment')}
                              </button>
                            </form>
                          ) : // Nothing to pay: the fee above already says 使用料なし.
                          null}
                          {booked.reservation.status === 'provisional' ? (
                            <form method="post" action={`/staff/reservations/${booked.reservation.id}/approve`} class="inline-form">
                              <CsrfField token={props.csrf} />{' '}
                              <button type="submit" class="button button--secondary">
                                {t('counterApprove')}
                                <span class="visually-hidden"> {booked.reservation.number}</span>
                              </button>
                            </form>
                          ) : null}
                          {booked.reservation.status !== 'cancelled' && booked.reservation.status !== 'won' ? (
                            <>
                              {' '}
                              <a href={`/staff/reservations/${booked.reservation.id}/permit.pdf`}>
                                {t('counterPermit')}
                                <span class="visually-hidden"> {booked.reservation.number}</span>
                              </a>
                            </>
                          ) : null}
                          {(booked.reservation.status === 'confirmed' || booked.reservation.status === 'provisional') &&
                          date <= props.today ? (
                            <form method="post" action={`/staff/reservations/${booked.reservation.id}/attendance`} class="inline-form">
                              <CsrfField token={props.csrf} />{' '}
                              <button type="submit" name="outcome" value="used" class="link-button">
                                {t('counterUsed')}
                              </button>{' '}
                              <button type="submit" name="outcome" value="no_show" class="link-button">
                                {t('counterNoShow')}
                              </button>
                            </form>
                          ) : null}
                        </>
                      ) : cell.state === 'free' ? (
                        <a href={`/staff/book?room=${room.id}&date=${date}&band=${cell.band}`}>
                          ○ {t('staffBookFor')}
                          <span class="visually-hidden">
                            {' '}
                            {room.name} {cell.label}
                          </span>
                        </a>
                      ) : (
                        cellText(cell, t, lang)
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}

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
        <TextInput
          name="purpose"
          label={t('fieldPurpose')}
          value={values.purpose as string | undefined}
          errorMessage={err('purpose')}
          width="l"
          required
        />
        <TextInput
          name="attendees"
          inputmode="numeric"
          width="s"
          label={t('fieldAttendees')}
          value={values.attendees as string | undefined}
          errorMessage={err('attendees')}
          required
        />
        <Radios
          name="category"
          legend={t('fieldCategory')}
          value={values.category as string | undefined}
          errorMessage={err('category')}
          options={CATEGORIES.map((c) => ({ value: c, label: categoryLabels[c][lang] }))}
          required
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

export function NewResidentPage(props: {
  t: Translate;
  lang: Lang;
  keep: string;
  values: Record<string, string>;
  errors: FieldError[];
  csrf: string | undefined;
}) {
  const { t, lang, values, errors } = props;
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  return (
    <>
      <h1>{t('staffNewResident')}</h1>
      <p>{t('staffNewResidentLead')}</p>
      <ErrorSummary title={t('errorSummaryTitle')} errors={errors} />
      <form method="post" action={`/staff/residents?${props.keep}`} novalidate>
        <CsrfField token={props.csrf} />
        <TextInput name="name" label={t('fieldName')} value={values.name} errorMessage={err('name')} required />
        <TextInput name="nameKana" label={t('fieldNameKana')} value={values.nameKana} errorMessage={err('nameKana')} required />
        <TextInput name="phone" type="tel" label={t('fieldPhone')} value={values.phone} errorMessage={err('phone')} required />
        <TextInput
          name="email"
          type="email"
          label={`${t('fieldEmail')}（${t('optional')}）`}
          value={values.email}
          errorMessage={err('email')}
          width="l"
        />
        <Radios
          name="residency"
          legend={t('fieldResidency')}
          value={values.residency ?? 'resident'}
          errorMessage={err('residency')}
          options={RESIDENCIES.map((r) => ({ value: r, label: residencyLabels[r][lang] }))}
          required
        />
        <TextInput
          name="birthYear"
          inputmode="numeric"
          width="s"
          label={t('fieldBirthYear')}
          value={values.birthYear}
          errorMessage={err('birthYear')}
        />
        <button type="submit" class="button">
          {t('staffIssueNumber')}
        </button>
      </form>
    </>
  );
}

/** A week at a glance: per room, dates down and bands across, with the booker's name in booked cells. */
export function WeekPage(props: {
  t: Translate;
  lang: Lang;
  facility: Facility;
  from: string;
  grids: { room: Room; days: DayAvailability[] }[];
  holders: Map<string, string>;
}) {
  const { t, lang } = props;
  const base = `/staff/facilities/${props.facility.id}`;
  return (
    <>
      <h1>
        {props.facility.name} {dateLabel(props.from, lang)}〜
      </h1>
      <nav class="month-nav" aria-label={t('staffDayNav')}>
        <a href={`${base}/week?date=${addDays(props.from, -7)}`}>← {t('staffPrevWeek')}</a>
        <a href={`${base}?date=${props.from}`}>{t('staffDay')}</a>
        <a href={`${base}/week?date=${addDays(props.from, 7)}`}>{t('staffNextWeek')} →</a>
      </nav>
      {props.grids.map(({ room, days }) => (
        <section aria-labelledby={`week-${room.id}`}>
          <h2 id={`week-${room.id}`}>{room.name}</h2>
          <div class="scroll">
            <table class="grid">
              <caption class="visually-hidden">{room.name}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('date')}</th>
                  {(days[0]?.cells ?? []).map((c) => (
                    <th scope="col">{c.label}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {days.map((d) => (
                  <tr>
                    <th scope="row">
                      <a href={`${base}?date=${d.date}`}>{dateLabel(d.date, lang)}</a>
                    </th>
                    {d.cells.map((c) => (
                      <td class={c.state === 'free' ? 'f' : c.state === 'booked' ? 'b' : 'x'}>
                        {c.state === 'booked'
                          ? (props.holders.get(`${room.id}|${d.date}|${c.band}`) ?? t('stateBooked'))
                          : cellText(c, t, lang)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}
