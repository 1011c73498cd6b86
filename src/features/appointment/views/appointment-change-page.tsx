/**
 * The resident's change page (/appointments/{number}/change?secret=…), in three plain steps that work
 * without JavaScript: a day (GET form), a start time on it (GET form), then the confirmation of before →
 * after (POST). Only days and times at which every service of the appointment fits one after another are
 * offered. Large type for elderly residents (appointment-page), wrapping at 200% zoom.
 */
import type { FieldError } from '../../../lib/errors.ts';
import { dateLabel } from '../../../lib/format.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { CsrfField, ErrorSummary, Notice, Radios, Select } from '../../../ui/components.tsx';
import type { AppointmentView } from '../appointment.service.ts';
import { formatAppointmentNumber } from '../appointment.ts';

export interface ChangePageProps {
  t: Translate;
  lang: Lang;
  number: string;
  secret: string;
  csrf: string | undefined;
  current: AppointmentView;
  /** Why it cannot be changed (then no form is shown). */
  refusal?: string | undefined;
  days: { date: string; count: number }[];
  date?: string | undefined;
  /** The starts that fit on `date`. */
  times: string[];
  /** The appointment as it would be at the chosen time: the confirmation step. */
  proposed?: AppointmentView | undefined;
  errors: FieldError[];
  alternatives: { date: string; start: string }[];
}

export function AppointmentLines(props: { t: Translate; lang: Lang; view: AppointmentView }) {
  const { t, lang, view } = props;
  const en = lang === 'en';
  return (
    <>
      <p>
        <strong>{dateLabel(view.appointment.date, lang)}</strong>
      </p>
      <ul>
        {view.items.map((i) => (
          <li>
            {t('changeItem', {
              starts: i.starts,
              ends: i.ends,
              service: en ? i.serviceNameEn : i.serviceName,
              counter: en ? i.counterNameEn : i.counterName,
              place: en ? i.placeEn : i.place,
            })}
          </li>
        ))}
      </ul>
    </>
  );
}

export function AppointmentChangePage(props: ChangePageProps) {
  const { t, lang, number, secret } = props;
  const base = `/appointments/${number}/change`;
  const link = (q: Record<string, string>) => `${base}?${new URLSearchParams({ secret, ...q })}`;
  const err = (field: string) => props.errors.find((e) => e.field === field)?.message;
  return (
    <div class="appointment-page">
      <h1>{t('changeTitle')}</h1>
      <p>{t('changeLead')}</p>
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      {props.alternatives.length > 0 ? (
        <section aria-labelledby="alternatives-title">
          <h2 id="alternatives-title">{t('changeAlternatives')}</h2>
          <ul>
            {props.alternatives.map((a) => (
              <li>
                <a href={link({ date: a.date, starts: a.start })}>
                  {t('changeAlternative', { date: dateLabel(a.date, lang), starts: a.start })}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section class="card" aria-labelledby="current-title">
        <h2 id="current-title">{t('changeCurrent')}</h2>
        <p>
          {t('changeNumber')}: <strong>{formatAppointmentNumber(number)}</strong> · {props.current.officeName}
        </p>
        <AppointmentLines t={t} lang={lang} view={props.current} />
      </section>
      {props.refusal ? (
        <Notice tone="warn">{props.refusal}</Notice>
      ) : props.proposed ? (
        <Confirm {...props} proposed={props.proposed} back={link({ date: props.proposed.appointment.date })} />
      ) : (
        <>
          <h2>{t('changeChooseDay')}</h2>
          {props.days.length === 0 ? (
            <p>{t('changeNoDays')}</p>
          ) : (
            <form method="get" action={base} novalidate>
              <input type="hidden" name="secret" value={secret} />
              <Select
                name="date"
                label={t('changeDay')}
                hint={t('changeDayHint')}
                value={props.date}
                errorMessage={err('date')}
                options={props.days.map((d) => ({
                  value: d.date,
                  label: t('changeDayOption', { date: dateLabel(d.date, lang), count: d.count }),
                }))}
              />
              <button type="submit" class="button button--large">
                {t('changeShowTimes')}
              </button>
            </form>
          )}
          {props.date && !err('date') ? (
            <>
              <h2>{t('changeChooseTime')}</h2>
              {props.times.length === 0 ? (
                <p>{t('changeNoTimes')}</p>
              ) : (
                <form method="get" action={base} novalidate>
                  <input type="hidden" name="secret" value={secret} />
                  <input type="hidden" name="date" value={props.date} />
                  <Radios
                    name="starts"
                    legend={`${dateLabel(props.date, lang)} ${t('changeTime')}`}
                    hint={t('changeTimeHint')}
                    errorMessage={err('starts')}
                    options={props.times.map((s) => ({ value: s, label: t('changeTimeOption', { starts: s }) }))}
                  />
                  <button type="submit" class="button button--large">
                    {t('changeNext')}
                  </button>
                </form>
              )}
            </>
          ) : null}
        </>
      )}
    </div>
  );
}

function Confirm(props: ChangePageProps & { proposed: AppointmentView; back: string }) {
  const { t, lang, proposed } = props;
  return (
    <section aria-labelledby="confirm-title">
      <h2 id="confirm-title">{t('changeConfirmTitle')}</h2>
      <h3>{t('changeBefore')}</h3>
      <AppointmentLines t={t} lang={lang} view={props.current} />
      <h3>{t('changeAfter')}</h3>
      <AppointmentLines t={t} lang={lang} view={proposed} />
      <form method="post" action={`/appointments/${props.number}/change`} novalidate>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="secret" value={props.secret} />
        <input type="hidden" name="date" value={proposed.appointment.date} />
        <input type="hidden" name="starts" value={proposed.items[0]?.starts ?? proposed.appointment.starts} />
        <button type="submit" class="button button--large">
          {t('changeSubmit')}
        </button>
      </form>
      <p>
        <a href={props.back}>{t('changeBack')}</a>
      </p>
    </section>
  );
}
