/**
 * 窓口の実績 for staff: the question (office, period), then per counter bookings against walk-ins, waits,
 * service times and no-shows; the waits by hour; and the busiest hours as a weekday × hour table whose
 * cells are shaded by count (the number is in every cell, so the shading is never the only cue).
 */
import type { FieldError } from '../../../lib/errors.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { addDays, weekdayLabel } from '../../../lib/time.ts';
import { ErrorSummary, Select, TextInput } from '../../../ui/components.tsx';
import type { CounterInsights } from '../counter-insights.service.ts';
import { heatKey, heatmapHours } from '../counter-insights.ts';

export interface CounterInsightsForm {
  office: string;
  from: string;
  to: string;
}

const minutes = (t: Translate, value: number | null) => (value === null ? '–' : t('counterMinutes', { n: value }));
const rate = (part: number, whole: number) => (whole === 0 ? '–' : `${((part / whole) * 100).toFixed(1)}%`);
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const A_MONDAY = '2026-12-07';

function FileLinks(props: { t: Translate; query: string }) {
  const { t, query } = props;
  return (
    <p>
      {t('counterInsightsFiles')}: <a href={`/staff/counters/insights.csv?${query}`}>CSV (UTF-8)</a> ·{' '}
      <a href={`/staff/counters/insights.csv?${query}&encoding=sjis`}>CSV (Shift_JIS)</a> ·{' '}
      <a href={`/staff/counters/insights.xlsx?${query}`}>Excel (xlsx)</a>
    </p>
  );
}

export function CounterInsightsPage(props: {
  t: Translate;
  lang: Lang;
  form: CounterInsightsForm;
  offices: { id: string; name: string }[];
  errors: FieldError[];
  result: (CounterInsights & { query: string }) | undefined;
}) {
  const { t, lang, form, result } = props;
  const err = (f: string) => props.errors.find((e) => e.field === f)?.message;
  const nameOf = (id: string) => {
    const c = result?.counters.find((x) => x.id === id);
    return c ? (lang === 'en' ? c.nameEn : c.name) : id;
  };
  const peak = result ? Math.max(1, ...result.heatmap.values()) : 1;
  const hours = result ? heatmapHours(result.heatmap) : [];
  return (
    <>
      <h1>{t('counterInsightsTitle')}</h1>
      <p>{t('counterInsightsLead')}</p>
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      <form method="get" action="/staff/counters/insights" class="filters" novalidate>
        {props.offices.length > 1 && (
          <Select
            name="office"
            label={t('counterInsightsOffice')}
            value={form.office}
            options={[{ value: '', label: t('counterInsightsAllOffices') }, ...props.offices.map((o) => ({ value: o.id, label: o.name }))]}
          />
        )}
        <TextInput type="date" name="from" label={t('insightsFrom')} value={form.from} errorMessage={err('from')} />
        <TextInput type="date" name="to" label={t('counterInsightsTo')} value={form.to} errorMessage={err('to')} />
        <button type="submit" class="button">
          {t('insightsShow')}
        </button>
      </form>
      {result && (
        <>
          <FileLinks t={t} query={result.query} />
          <section class="scroll" aria-label={t('counterInsightsByCounter')} tabindex={0}>
            <table class="table">
              <caption>{t('counterInsightsByCounter')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('counterInsightsCounter')}</th>
                  <th scope="col">{t('counterInsightsBooked')}</th>
                  <th scope="col">{t('counterInsightsWalkIns')}</th>
                  <th scope="col">{t('counterInsightsWaitMedian')}</th>
                  <th scope="col">{t('counterInsightsWaitP90')}</th>
                  <th scope="col">{t('counterInsightsServiceMedian')}</th>
                  <th scope="col">{t('counterInsightsNoShowRate')}</th>
                </tr>
              </thead>
              <tbody>
                {result.figures.length === 0 && (
                  <tr>
                    <td colspan={7}>{t('counterInsightsNone')}</td>
                  </tr>
                )}
                {result.figures.map((f) => (
                  <tr>
                    <th scope="row">{nameOf(f.counterId)}</th>
                    <td class="num">{f.booked}</td>
                    <td class="num">{f.walkIns}</td>
                    <td class="num">{minutes(t, f.waitMedian)}</td>
                    <td class="num">{minutes(t, f.waitP90)}</td>
                    <td class="num">{minutes(t, f.serviceMedian)}</td>
                    <td class="num">
                      {rate(f.noShows, f.bookedEnded)} ({f.noShows}/{f.bookedEnded})
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section class="scroll" aria-label={t('counterInsightsByHour')} tabindex={0}>
            <table class="table">
              <caption>{t('counterInsightsByHour')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('counterInsightsCounter')}</th>
                  <th scope="col">{t('counterInsightsHour')}</th>
                  <th scope="col">{t('counterInsightsArrivals')}</th>
                  <th scope="col">{t('counterInsightsWaitMedian')}</th>
                </tr>
              </thead>
              <tbody>
                {result.hours.map((h) => (
                  <tr>
                    <th scope="row">{nameOf(h.counterId)}</th>
                    <td class="num">{t('counterHourRange', { from: h.hour, to: h.hour + 1 })}</td>
                    <td class="num">{h.arrivals}</td>
                    <td class="num">{minutes(t, h.waitMedian)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {hours.length > 0 && (
            <section class="scroll" aria-label={t('counterInsightsHeatmap')} tabindex={0}>
              <table class="table heatmap">
                <caption>{t('counterInsightsHeatmap')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('counterInsightsWeekday')}</th>
                    {hours.map((h) => (
                      <th scope="col">{t('counterHourShort', { hour: h })}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {WEEKDAYS.map((d) => (
                    <tr>
                      <th scope="row">{weekdayLabel(addDays(A_MONDAY, d - 1), lang)}</th>
                      {hours.map((h) => {
                        const n = result.heatmap.get(heatKey(d, h)) ?? 0;
                        // Five shades, light enough that the number stays readable on each.
                        return <td class={`num heat-${Math.ceil((n / peak) * 4)}`}>{n}</td>;
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
        </>
      )}
    </>
  );
}
