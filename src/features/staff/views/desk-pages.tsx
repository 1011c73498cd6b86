/** Back-office desk pages: the staff start page, a facility's day (with the front desk's reservation actions) and its week. */
import { dateLabel } from '../../../lib/format.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { addDays } from '../../../lib/time.ts';
import { CsrfField, Notice } from '../../../ui/components.tsx';
import { bookingHref, CellLink, cellClass } from '../../../ui/grid-cell.tsx';
import type { DayAvailability } from '../../availability/availability.ts';
import { cellText } from '../../availability/cell-text.ts';
import { type Reservation, statusLabels } from '../../booking/booking.ts';
import { feePhrase } from '../../booking/payment.ts';
import type { Facility, Room } from '../../facility/facility.ts';

/** One booking on the desk's day, with who booked it and how to call them (null booker: a walk-in). */
export interface DeskBooking {
  reservation: Reservation;
  booker: { name: string; nameKana: string; phone: string } | null;
  groupName: string | null;
}

/** A facility's day at the desk: its bookings that day, cancelled ones too (the page passes over them). */
export interface DeskDay {
  facility: { id: string; name: string };
  reservations: DeskBooking[];
}

/** A ward office on the staff home: its kiosk, call screen and counters' consoles (staffOffices). */
export interface StaffHomeOffice {
  id: string;
  name: string;
  mayWork: boolean;
  mayManage: boolean;
  counters: { id: string; name: string }[];
}

function OfficeLinks(props: { t: Translate; offices: StaffHomeOffice[] }) {
  const { t } = props;
  return (
    <>
      <h2>{t('staffOffices')}</h2>
      <p>
        <a href="/staff/counters/insights">{t('counterInsightsTitle')}</a>
        {props.offices.some((o) => o.mayManage) && (
          <>
            {' · '}
            <a href="/staff/counters/catalogue">{t('catalogueTitle')}</a>
          </>
        )}
      </p>
      <ul class="card-list">
        {props.offices.map((o) => (
          <li class="card">
            <strong>{o.name}</strong>
            <p class="meta">
              {o.mayWork && (
                <>
                  <a href={`/offices/${o.id}/kiosk`}>{t('staffOfficeKiosk')}</a> ·{' '}
                </>
              )}
              <a href={`/offices/${o.id}/screen`}>{t('staffOfficeScreen')}</a> ·{' '}
              <a href={`/offices/${o.id}/queue`}>{t('staffOfficeQueue')}</a>
              {o.mayManage && (
                <>
                  {' · '}
                  <a href={`/staff/counters/catalogue/${o.id}`}>{t('catalogueLink')}</a>
                </>
              )}
              {o.mayWork && (
                <>
                  {' · '}
                  <a href={`/staff/offices/${o.id}/appointments`}>{t('staffAppointmentsLink')}</a>
                </>
              )}
            </p>
            {o.mayWork && (
              <p class="meta">
                {o.counters.map((c, i) => (
                  <>
                    {i > 0 && ' · '}
                    <a href={`/staff/counters/${c.id}/console`}>{t('staffOfficeConsole', { counter: c.name })}</a>
                  </>
                ))}
              </p>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

export function StaffHomePage(props: {
  t: Translate;
  facilities: { id: string; name: string }[];
  offices: StaffHomeOffice[];
  today: string;
  isAdmin: boolean;
}) {
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
      {props.offices.length > 0 && <OfficeLinks t={t} offices={props.offices} />}
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
  day: DeskDay;
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
                        <CellLink
                          href={bookingHref('/staff/book', room.id, date, cell.band)}
                          text={`○ ${t('staffBookFor')}`}
                          hiddenText={` ${room.name} ${cell.label}`}
                        />
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
                      <td class={cellClass(c.state)}>
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
