/**
 * A facility's month grid: one table per room, dates down, bands across. Each cell says its state in
 * words as well as a symbol (○ 空き, × 予約あり, − and the reason), so colour is never the only cue and
 * screen readers hear the row date and the column band with every cell.
 */
import { monthTitle } from '../../../lib/format.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { addDays, addMonths, weekdayLabel } from '../../../lib/time.ts';
import { Badge } from '../../../ui/components.tsx';
import { bookingHref, CellLink, cellClass } from '../../../ui/grid-cell.tsx';
import type { FacilityDetail } from '../../facility/facility.service.ts';
import { roomTypeLabels } from '../../facility/facility.ts';
import { facilityName } from '../../facility/facility-labels.ts';
import type { RoomGrid } from '../availability.service.ts';
import type { Cell } from '../availability.ts';
import { cellText } from '../cell-text.ts';

export function MonthPage(props: {
  t: Translate;
  lang: Lang;
  detail: FacilityDetail;
  month: string;
  grids: RoomGrid[];
  currentMonth: string;
  today: string;
}) {
  const { t, lang, month, grids } = props;
  const { facility } = props.detail;
  const base = `/facilities/${facility.id}/availability`;
  const prev = addMonths(month, -1);
  const next = addMonths(month, 1);
  return (
    <>
      <h1>
        {t('availabilityHeading', { facility: facilityName(facility, lang) })}
        {facility.isDemo ? <Badge tone="warn">DEMO</Badge> : null}
      </h1>
      <p>{t('howToBook', { phone: facility.phone, days: props.grids[0]?.room.bookingWindowDays ?? 31 })}</p>
      <nav class="month-nav" aria-label={monthTitle(month, t, lang)}>
        <a href={`${base}?month=${prev}`} rel="prev">
          ← {t('prevMonth')}（{monthTitle(prev, t, lang)}）
        </a>
        <p class="month-nav__current" aria-live="polite">
          {monthTitle(month, t, lang)}
        </p>
        {month !== props.currentMonth ? <a href={base}>{t('thisMonth')}</a> : null}
        <a href={`${base}?month=${next}`} rel="next">
          {t('nextMonth')}（{monthTitle(next, t, lang)}） →
        </a>
      </nav>
      <h2 class="visually-hidden">{t('legend')}</h2>
      <ul class="legend">
        <li>○ {t('stateFree')}</li>
        <li>× {t('stateBooked')}</li>
        <li>− {t('stateClosed')}</li>
      </ul>
      {grids.length > 1 ? (
        <nav aria-labelledby="room-jump-title">
          <h2 id="room-jump-title">{t('roomsInFacility')}</h2>
          <ul class="room-jump">
            {grids.map(({ room }) => (
              <li>
                <a href={`#room-${room.id}`}>{lang === 'en' && room.nameEn ? room.nameEn : room.name}</a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {grids.map((grid) => (
        <RoomTable t={t} lang={lang} grid={grid} today={props.today} />
      ))}
    </>
  );
}

/** One cell of the grid: a link to the booking form when it is free and open for booking, else its words. */
function MonthCell(props: { t: Translate; lang: Lang; cell: Cell; roomId: string; date: string; bookable: boolean }) {
  const { cell } = props;
  const text = cellText(cell, props.t, props.lang);
  return (
    <td class={cellClass(cell.state)}>
      {cell.state === 'free' && props.bookable ? (
        <CellLink href={bookingHref('/book', props.roomId, props.date, cell.band)} text={text} hiddenText={props.t('bookThisCell')} />
      ) : (
        text
      )}
    </td>
  );
}

function RoomTable(props: { t: Translate; lang: Lang; grid: RoomGrid; today: string }) {
  const { t, lang } = props;
  const { room, bands, days } = props.grid;
  // Free cells inside the booking window link to the booking form; later ones are free but not yet open.
  const lastBookable = room.allocation === 'lottery' ? '9999-12-31' : addDays(props.today, room.bookingWindowDays); // a lottery room's calendar decides instead
  const titleId = `room-${room.id}`;
  const name = lang === 'en' && room.nameEn ? room.nameEn : room.name;
  return (
    <div class="room-grid">
      <h2 id={titleId}>
        {name}
        <span class="meta">
          {' '}
          {roomTypeLabels[room.roomType][lang]} · {t('capacity')} {t('capacityPeople', { count: room.capacity })}
        </span>
      </h2>
      {room.allocation === 'lottery' ? (
        <p class="lottery-note">
          {t('lotteryRoomNote')}{' '}
          <a href={`/lottery/apply?room=${room.id}`}>
            {t('lotteryApply')}
            <span class="visually-hidden">（{name}）</span>
          </a>
        </p>
      ) : null}
      <section class="scroll" aria-labelledby={titleId} tabindex={0}>
        <table class="grid">
          <caption class="visually-hidden">{name}</caption>
          <thead>
            <tr>
              <th scope="col">{t('date')}</th>
              {bands.map((b) => (
                <th scope="col">
                  {lang === 'en' ? b.labelEn : b.label}
                  <br />
                  <span class="meta">
                    {b.start}–{b.end}
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((day) => (
              <tr>
                <th scope="row" class={day.holiday ? 'hol' : day.weekday === 7 ? 'sun' : day.weekday === 6 ? 'sat' : undefined}>
                  {Number(day.date.slice(5, 7))}/{Number(day.date.slice(8))}（{weekdayLabel(day.date, lang)}）
                  {day.holiday ? <span class="hol-name">{lang === 'en' ? day.holiday.nameEn : day.holiday.name}</span> : null}
                </th>
                {day.cells.map((cell) => (
                  <MonthCell t={t} lang={lang} cell={cell} roomId={room.id} date={day.date} bookable={day.date <= lastBookable} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
