/**
 * Lottery pages: how it works with this season's dates and the published seed hash, the entry form
 * (ranked wishes), and "my entries" with each wish's result and what to do next.
 */
import type { FieldError } from '../../../lib/errors.ts';
import { dateLabel, monthTitle } from '../../../lib/format.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { toTokyo } from '../../../lib/time.ts';
import { CsrfField, ErrorSummary, Notice } from '../../../ui/components.tsx';
import { UseDetailsFields } from '../../../ui/use-details-fields.tsx';
import { categoryOptions, statusLabels } from '../../booking/booking.ts';
import type { EntryView, MonthView } from '../lottery.ts';
import { outcomeLabels } from '../lottery.ts';

const when = (instant: Date, lang: Lang) => {
  const { date, time } = toTokyo(instant);
  return `${dateLabel(date, lang)} ${time}`;
};

export interface LotteryRoomOption {
  id: string;
  name: string;
  facilityId: string;
  facilityName: string;
}

function ScheduleList(props: { t: Translate; lang: Lang; month: MonthView }) {
  const { t, lang, month } = props;
  const s = month.schedule;
  return (
    <dl class="summary-list">
      <dt>{t('lotteryEntryPeriod')}</dt>
      <dd>
        {dateLabel(toTokyo(s.entryOpensAt).date, lang)} – {dateLabel(s.lastEntryDay, lang)}
      </dd>
      <dt>{t('lotteryDrawDay')}</dt>
      <dd>{dateLabel(toTokyo(s.drawAt).date, lang)}</dd>
      <dt>{t('lotteryConfirmBy')}</dt>
      <dd>{dateLabel(s.lastConfirmDay, lang)}</dd>
      <dt>{t('lotteryFirstCome')}</dt>
      <dd>
        {when(s.firstComeOpensAt, lang)}
        {s.firstComeOpensAtNonResident.getTime() !== s.firstComeOpensAt.getTime()
          ? `（${t('lotteryNonResidentFrom', { when: when(s.firstComeOpensAtNonResident, lang) })}）`
          : ''}
      </dd>
      <dt>{t('lotterySeedHash')}</dt>
      <dd>
        <code class="hash">{month.seedHash}</code>
      </dd>
      {month.seed ? (
        <>
          <dt>{t('lotterySeed')}</dt>
          <dd>
            <code class="hash">{month.seed}</code>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

export function LotteryHomePage(props: {
  t: Translate;
  lang: Lang;
  months: MonthView[];
  rooms: LotteryRoomOption[];
  loggedIn: boolean;
  maxWishes: number;
  maxWinsPerson: number;
  maxWinsGroup: number;
}) {
  const { t, lang } = props;
  const open = props.months.find((m) => m.phase === 'entry');
  return (
    <>
      <h1>{t('lotteryTitle')}</h1>
      <p>{t('lotteryLead')}</p>
      <ul>
        <li>{t('lotteryRuleWishes', { max: props.maxWishes })}</li>
        <li>{t('lotteryRuleCaps', { person: props.maxWinsPerson, group: props.maxWinsGroup })}</li>
        <li>{t('lotteryRuleOnce')}</li>
        <li>{t('lotteryRuleFair')}</li>
      </ul>
      {open ? (
        <p>
          <a class="button" href="/lottery/apply">
            {t('lotteryApplyFor', { month: monthTitle(open.month, t, lang) })}
          </a>
        </p>
      ) : (
        <Notice tone="info">{t('lotteryNoneOpen')}</Notice>
      )}
      {props.loggedIn ? (
        <p>
          <a href="/lottery/entries">{t('lotteryMyEntries')}</a>
        </p>
      ) : null}
      {props.months.map((m) => (
        <section aria-labelledby={`m-${m.month}`}>
          <h2 id={`m-${m.month}`}>
            {t('lotteryMonthHeading', { month: monthTitle(m.month, t, lang) })} — {t(`lotteryPhase_${m.phase}`)}
          </h2>
          <ScheduleList t={t} lang={lang} month={m} />
        </section>
      ))}
      <h2>{t('lotteryRooms')}</h2>
      {props.rooms.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <ul>
          {props.rooms.map((r) => (
            <li>
              <a href={`/facilities/${r.facilityId}/availability#room-${r.id}`}>
                {r.facilityName} {r.name}
              </a>
            </li>
          ))}
        </ul>
      )}
      <h2>{t('lotteryVerifyHeading')}</h2>
      <p>{t('lotteryVerifyText')}</p>
    </>
  );
}

export interface EntryFormValues {
  groupId?: string;
  purpose?: string;
  attendees?: string;
  category?: string;
  commercial?: boolean;
  admission?: boolean;
  wishes: { roomId: string; date: string; bands: string[] }[];
}

const BANDS: { code: string; ja: string; en: string }[] = [
  { code: 'morning', ja: '午前', en: 'Morning' },
  { code: 'afternoon', ja: '午後', en: 'Afternoon' },
  { code: 'evening', ja: '夜間', en: 'Evening' },
];

export function EntryFormPage(props: {
  t: Translate;
  lang: Lang;
  month: MonthView;
  rooms: LotteryRoomOption[];
  groups: { id: string; name: string }[];
  maxWishes: number;
  values: EntryFormValues;
  errors: FieldError[];
  csrf: string | undefined;
}) {
  const { t, lang, month, values, errors } = props;
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  // Field names as the route gives them: wish2 (the whole wish), wish2Room, wish2Date, wish2Bands.
  const wishErrors = (i: number) => errors.filter((e) => ['', 'Room', 'Date', 'Bands'].some((part) => e.field === `wish${i}${part}`));
  const invalid = (i: number, part: string) => errors.some((e) => e.field === `wish${i}${part}`);
  const { from, to } = {
    from: `${month.month}-01`,
    to: `${month.month}-${new Date(Date.UTC(Number(month.month.slice(0, 4)), Number(month.month.slice(5, 7)), 0)).getUTCDate()}`,
  };
  return (
    <>
      <h1>{t('lotteryApplyFor', { month: monthTitle(month.month, t, lang) })}</h1>
      <ErrorSummary title={t('errorSummaryTitle')} errors={errors} />
      <p>{t('lotteryFormLead', { last: dateLabel(month.schedule.lastEntryDay, lang) })}</p>
      <form method="post" action="/lottery/apply" novalidate>
        <CsrfField token={props.csrf} />
        {err('wishes') ? (
          <p class="field__error" id="wishes">
            {err('wishes')}
          </p>
        ) : null}
        {Array.from({ length: props.maxWishes }, (_, i) => {
          const w = values.wishes[i] ?? { roomId: '', date: '', bands: [] };
          const messages = wishErrors(i);
          return (
            <fieldset class={messages.length > 0 ? 'fieldset field--error' : 'fieldset'} id={`wish${i}`}>
              <legend class="field__label">
                {t('lotteryWishN', { n: i + 1 })}
                {i === 0 ? <span class="field__required">{t('required')}</span> : null}
              </legend>
              {messages.length > 0 ? (
                <div id={`wish${i}-error`}>
                  {messages.map((m) => (
                    <p class="field__error">{m.message}</p>
                  ))}
                </div>
              ) : null}
              <div class="field">
                <label class="field__label" for={`wish${i}Room`}>
                  {t('lotteryRoom')}
                </label>
                <select
                  class="select"
                  id={`wish${i}Room`}
                  name={`wish${i}Room`}
                  aria-invalid={invalid(i, 'Room') ? 'true' : undefined}
                  aria-describedby={invalid(i, 'Room') ? `wish${i}-error` : undefined}
                >
                  <option value="">{t('lotteryChooseRoom')}</option>
                  {props.rooms.map((r) => (
                    <option value={r.id} selected={r.id === w.roomId}>
                      {r.facilityName} {r.name}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label class="field__label" for={`wish${i}Date`}>
                  {t('date')}
                </label>
                <p class="field__hint" id={`wish${i}Date-hint`}>
                  {t('lotteryDateHint', { from: dateLabel(from, lang), to: dateLabel(to, lang) })}
                </p>
                <input
                  class="input input--m"
                  type="date"
                  id={`wish${i}Date`}
                  name={`wish${i}Date`}
                  min={from}
                  max={to}
                  value={w.date}
                  aria-invalid={invalid(i, 'Date') ? 'true' : undefined}
                  aria-describedby={invalid(i, 'Date') ? `wish${i}Date-hint wish${i}-error` : `wish${i}Date-hint`}
                />
              </div>
              <fieldset class="fieldset" id={`wish${i}Bands`} aria-describedby={invalid(i, 'Bands') ? `wish${i}-error` : undefined}>
                <legend class="field__label">{t('band')}</legend>
                <div class="checkboxes">
                  {BANDS.map((b) => (
                    <div class="checkbox">
                      <input
                        type="checkbox"
                        id={`wish${i}Bands-${b.code}`}
                        name={`wish${i}Bands`}
                        value={b.code}
                        checked={w.bands.includes(b.code)}
                      />
                      <label for={`wish${i}Bands-${b.code}`}>{lang === 'en' ? b.en : b.ja}</label>
                    </div>
                  ))}
                </div>
              </fieldset>
            </fieldset>
          );
        })}
        <UseDetailsFields t={t} values={values} err={err} categories={categoryOptions(lang)} groups={props.groups} />
        <button type="submit" class="button">
          {t('lotterySubmit')}
        </button>
      </form>
    </>
  );
}

export function MyEntriesPage(props: {
  t: Translate;
  lang: Lang;
  entries: EntryView[];
  csrf: string | undefined;
  notice?: string | undefined;
}) {
  const { t, lang } = props;
  return (
    <>
      <h1>{t('lotteryMyEntries')}</h1>
      {props.notice ? <Notice tone="success">{props.notice}</Notice> : null}
      <p>
        <a href="/lottery">{t('lotteryTitle')}</a>
      </p>
      {props.entries.length === 0 ? <p>{t('lotteryNoEntries')}</p> : null}
      {props.entries.map((e) => (
        <section aria-labelledby={`e-${e.id}`} class="entry">
          <h2 id={`e-${e.id}`}>
            {t('lotteryMonthHeading', { month: monthTitle(e.month.month, t, lang) })}
            {e.group ? `（${e.group.name}）` : ''}
          </h2>
          <p>{nextStep(t, lang, e)}</p>
          <section class="scroll" aria-label={t('lotteryWishes')} tabindex={0}>
            <table class="table">
              <caption class="visually-hidden">{t('lotteryWishes')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('lotteryRank')}</th>
                  <th scope="col">{t('facilityName')}</th>
                  <th scope="col">{t('date')}</th>
                  <th scope="col">{t('band')}</th>
                  <th scope="col">{t('lotteryResult')}</th>
                </tr>
              </thead>
              <tbody>
                {e.wishes.map((w) => (
                  <tr>
                    <th scope="row">{t('lotteryWishN', { n: w.rank })}</th>
                    <td>
                      {w.facilityName} {w.room.name}
                    </td>
                    <td>{dateLabel(w.date, lang)}</td>
                    <td>{w.bands.map((b) => (lang === 'en' ? b.labelEn : b.label)).join('・')}</td>
                    <td>
                      {outcomeLabels[w.outcome][lang]}
                      {w.reservationStatus && w.reservationStatus !== 'won' && w.reservationId ? (
                        <>
                          {' '}
                          (<a href={`/my/reservations/${w.reservationId}`}>{statusLabel(w.reservationStatus, lang)}</a>)
                        </>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {!e.mayChange && (e.withdrawOpen || e.confirmOpen) ? <p>{t('groupEntryChangeWho')}</p> : null}
          {e.canConfirm ? (
            <form method="post" action={`/lottery/entries/${e.id}/confirm`}>
              <CsrfField token={props.csrf} />
              <button type="submit" class="button">
                {t('lotteryConfirm')}
                <span class="visually-hidden">（{monthTitle(e.month.month, t, lang)}）</span>
              </button>
            </form>
          ) : null}
          {e.canWithdraw ? (
            <form method="post" action={`/lottery/entries/${e.id}/withdraw`}>
              <CsrfField token={props.csrf} />
              <button type="submit" class="button button--secondary">
                {t('lotteryWithdraw')}
                <span class="visually-hidden">（{monthTitle(e.month.month, t, lang)}）</span>
              </button>
            </form>
          ) : null}
        </section>
      ))}
    </>
  );
}

function statusLabel(status: string, lang: Lang): string {
  return status in statusLabels ? statusLabels[status as keyof typeof statusLabels][lang] : status;
}

function nextStep(t: Translate, lang: Lang, e: EntryView): string {
  const s = e.month.schedule;
  if (e.month.phase === 'entry')
    return t('lotteryNextWaitDraw', { draw: dateLabel(toTokyo(s.drawAt).date, lang), last: dateLabel(s.lastEntryDay, lang) });
  if (e.month.phase === 'waiting_draw') return t('lotteryNextDrawSoon');
  if (e.confirmOpen) return t('lotteryNextConfirm', { date: dateLabel(s.lastConfirmDay, lang) });
  if (e.wishes.some((w) => w.outcome === 'won' && w.reservationStatus !== 'cancelled')) return t('lotteryNextDone');
  return t('lotteryNextFirstCome', { when: when(s.firstComeOpensAt, lang) });
}
