/**
 * The resident's first booking steps, as plain links and GET forms (no script, nothing held): the ward
 * office, then a life event (手続きナビ: tick what applies, in the event's order) or one procedure, then
 * a week of days with the start times at which everything fits, each with its 持ち物 and notes. The
 * choice travels in the query (services, event, date, start), so every step can be bookmarked and the
 * back button works.
 */
import type { FieldError } from '../../../lib/errors.ts';
import { dateLabel } from '../../../lib/format.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { Checkboxes, ErrorSummary } from '../../../ui/components.tsx';
import type { ChoiceDay } from '../appointment.choice.service.ts';

export interface SelectionParams {
  serviceIds: readonly string[];
  lifeEventId?: string | null | undefined;
}

/** A step's address with the choice in its query. */
export function selectionHref(path: string, sel: SelectionParams, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  for (const id of sel.serviceIds) q.append('services', id);
  if (sel.lifeEventId) q.set('event', sel.lifeEventId);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return `${path}?${q}`;
}

export interface ServiceCard {
  id: string;
  name: string;
  minutes: number;
  counter: string;
  place: string;
  documents: string[];
  notes: string;
}

export interface OfficeEntry {
  id: string;
  name: string;
  lifeEvents: { id: string; name: string; description: string }[];
  counters: { name: string; services: { id: string; name: string; minutes: number }[] }[];
}

export function EntryPage(props: { t: Translate; offices: { id: string; name: string }[]; office: OfficeEntry | undefined }) {
  const { t, office } = props;
  return (
    <div class="appointment">
      <h1>{t('apptTitle')}</h1>
      <p>{t('apptLead')}</p>
      {!office ? (
        <section aria-labelledby="offices">
          <h2 id="offices">{t('apptChooseOffice')}</h2>
          {props.offices.length === 0 ? <p>{t('apptNoOffices')}</p> : null}
          <ul class="appointment-choices">
            {props.offices.map((o) => (
              <li>
                <a class="button button--secondary button--large" href={`/appointments?office=${encodeURIComponent(o.id)}`}>
                  {o.name}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <>
          <h2>{office.name}</h2>
          <p>
            <a href="/appointments">{t('apptOtherOffice')}</a>
          </p>
          {office.lifeEvents.length > 0 ? (
            <section aria-labelledby="life-events">
              <h3 id="life-events">{t('apptLifeEventsHeading')}</h3>
              <p>{t('apptLifeEventsLead')}</p>
              <ul class="appointment-choices">
                {office.lifeEvents.map((e) => (
                  <li>
                    <a class="button button--large" href={`/appointments/events/${encodeURIComponent(e.id)}`}>
                      {e.name}
                    </a>
                    {e.description ? <p class="field__hint">{e.description}</p> : null}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section aria-labelledby="services">
            <h3 id="services">{t('apptServicesHeading')}</h3>
            {office.counters.map((counter) => (
              <>
                <h4>{counter.name}</h4>
                <ul class="appointment-services">
                  {counter.services.map((s) => (
                    <li>
                      <a href={selectionHref('/appointments/times', { serviceIds: [s.id] })}>{s.name}</a>（
                      {t('apptMinutes', { minutes: s.minutes })}）
                    </li>
                  ))}
                </ul>
              </>
            ))}
          </section>
        </>
      )}
    </div>
  );
}

export function EventPage(props: {
  t: Translate;
  event: { id: string; name: string; description: string };
  officeId: string;
  officeName: string;
  services: { id: string; name: string; counter: string; minutes: number }[];
  ticked: readonly string[];
  errors: FieldError[];
}) {
  const { t } = props;
  return (
    <div class="appointment">
      <h1>{props.event.name}</h1>
      <p>{props.event.description}</p>
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      <form method="get" action="/appointments/times" novalidate>
        <input type="hidden" name="event" value={props.event.id} />
        <p class="field__hint">{t('apptEventPickHint')}</p>
        <Checkboxes
          name="services"
          legend={t('apptEventPick')}
          options={props.services.map((s) => ({
            value: s.id,
            label: `${s.name}（${s.counter}・${t('apptMinutes', { minutes: s.minutes })}）`,
          }))}
          values={props.ticked}
          errorMessage={props.errors.find((e) => e.field === 'services')?.message}
        />
        <button type="submit" class="button button--large">
          {t('apptNext')}
        </button>
      </form>
      <p>
        <a href={`/appointments?office=${encodeURIComponent(props.officeId)}`}>{props.officeName}</a>
      </p>
    </div>
  );
}

export function ServiceCards(props: { t: Translate; services: ServiceCard[] }) {
  const { t } = props;
  return (
    <ol class="appointment-cards">
      {props.services.map((s) => (
        <li class="card">
          <p class="appointment-card__title">
            <strong>{s.name}</strong>（{t('apptMinutes', { minutes: s.minutes })}）
          </p>
          <p>
            {s.counter}　{s.place}
          </p>
          {s.documents.length > 0 ? (
            <>
              <p>
                <strong>{t('apptDocuments')}</strong>
              </p>
              <ul>
                {s.documents.map((d) => (
                  <li>{d}</li>
                ))}
              </ul>
            </>
          ) : null}
          {s.notes ? (
            <p>
              <strong>{t('apptNotes')}</strong>：{s.notes}
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function dayState(t: Translate, lang: Lang, day: ChoiceDay): string | undefined {
  if (!day.open) return t(`apptClosed_${day.closedReason ?? 'closed_day'}`);
  if (day.opensOn) return t('apptNotYet', { date: dateLabel(day.opensOn, lang) });
  if (!day.bookable) return t('apptWindowClosed');
  if (day.starts.length === 0) return t('apptDayFull');
  return undefined;
}

export function TimesPage(props: {
  t: Translate;
  lang: Lang;
  selection: SelectionParams;
  services: ServiceCard[];
  gapMinutes: number;
  days: ChoiceDay[];
  prev: string | undefined;
  next: string | undefined;
  errors: FieldError[];
}) {
  const { t, lang, selection } = props;
  const sequence = props.services.length > 1;
  const first = props.days[0]?.date ?? '';
  const last = props.days.at(-1)?.date ?? '';
  return (
    <div class="appointment">
      <h1>{t('apptTimesTitle')}</h1>
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      <h2>{t('apptChosen')}</h2>
      <ServiceCards t={t} services={props.services} />
      {sequence ? (
        <p>
          {t('apptSequenceLead')} {t('apptGapNote', { minutes: props.gapMinutes })}
        </p>
      ) : (
        <p>{t('apptTimesLead')}</p>
      )}
      <h2>{t('apptWeekOf', { from: dateLabel(first, lang), to: dateLabel(last, lang) })}</h2>
      <nav aria-label={t('apptWeekNav')} class="button-row">
        {props.prev ? (
          <a class="button button--secondary" href={props.prev}>
            {t('apptPrevWeek')}
          </a>
        ) : null}
        {props.next ? (
          <a class="button button--secondary" href={props.next}>
            {t('apptNextWeek')}
          </a>
        ) : null}
      </nav>
      {props.days.map((day) => {
        const state = dayState(t, lang, day);
        const label = dateLabel(day.date, lang);
        return (
          <section class="appointment-day" aria-label={label}>
            <h3>
              {label}
              {day.note ? `（${day.note}）` : ''}
            </h3>
            {state ? (
              <p>{state}</p>
            ) : (
              <ul class="appointment-times">
                {day.starts.map((s) => (
                  <li>
                    <a
                      class="button button--secondary"
                      href={selectionHref('/appointments/details', selection, { date: day.date, start: s.start })}
                    >
                      <span class="visually-hidden">{label} </span>
                      {s.start}
                      {s.free !== null ? <span class="appointment-free">{t('apptFree', { n: s.free })}</span> : null}
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
