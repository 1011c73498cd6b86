/** 利用状況 for staff: the question form, the overall rate, a chart with its table, the CSV files. */
import type { FieldError } from '../../../lib/errors.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { ErrorSummary, Select, TextInput } from '../../../ui/components.tsx';
import type { MultipurposeSummary } from '../multipurpose.query.ts';
import type { GroupBy, SundayOpening, UtilisationRow } from '../utilisation.query.ts';
import { GROUP_BYS } from '../utilisation.query.ts';
import type { WhoTable } from '../who.query.ts';
import { BarChart } from './bar-chart.tsx';
import { ColumnChart } from './column-chart.tsx';
import { CsvLinks } from './csv-links.tsx';
import { MultipurposeSection } from './multipurpose-section.tsx';
import { WhoSection } from './who-section.tsx';

export interface InsightsForm {
  from: string;
  to: string;
  groupBy: GroupBy;
  ward: string;
  facility: string;
}

const percent = (rate: number | null) => (rate === null ? '–' : `${(rate * 100).toFixed(1)}%`);

function RateTable(props: { t: Translate; lang: Lang; caption: string; rows: UtilisationRow[] }) {
  const { t, lang } = props;
  return (
    // Focusable, so a keyboard can scroll a table wider than a phone.
    <section class="scroll" aria-label={props.caption} tabindex={0}>
      <table class="table">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('insightsGroup')}</th>
            <th scope="col">{t('insightsOpenCells')}</th>
            <th scope="col">{t('insightsBookedCells')}</th>
            <th scope="col">{t('insightsRate')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <th scope="row">{r.label[lang]}</th>
              <td class="num">{r.openCells.toLocaleString('ja-JP')}</td>
              <td class="num">{r.bookedCells.toLocaleString('ja-JP')}</td>
              <td class="num">{percent(r.rate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The trend in words: first and last month, highest and lowest. */
function trendSummary(t: Translate, lang: Lang, rows: UtilisationRow[]): string {
  const sorted = [...rows].sort((a, b) => (a.rate ?? 0) - (b.rate ?? 0));
  const at = (r: UtilisationRow | undefined) => (r ? `${r.label[lang]} ${percent(r.rate)}` : '–');
  return t('insightsTrendSummary', {
    n: rows.length,
    first: at(rows[0]),
    last: at(rows.at(-1)),
    max: at(sorted.at(-1)),
    min: at(sorted[0]),
  });
}

function SundaySection(props: { t: Translate; lang: Lang; form: InsightsForm; sunday: SundayOpening; csvQuery: string }) {
  const { t, lang, sunday } = props;
  const title = t('insightsSundayTitle', { from: props.form.from, to: props.form.to });
  return (
    <section aria-labelledby="sunday">
      <h2 id="sunday">{t('insightsSundayHeading')}</h2>
      {sunday.facilities === 0 || sunday.weekdays.length === 0 ? (
        <p>{t('insightsSundayNone')}</p>
      ) : (
        <>
          <p>{t('insightsSundayLead', { n: sunday.facilities })}</p>
          <CsvLinks t={t} href={`/staff/insights/sunday.csv?${props.csvQuery}`} title={title} />
          <div class="chart-and-table">
            <figure>
              <BarChart
                id="chart-sunday"
                title={title}
                summary={t('insightsChartSummary', {
                  n: sunday.weekdays.length,
                  values: sunday.weekdays.map((r) => `${r.label[lang]} ${percent(r.rate)}`).join('、'),
                })}
                bars={sunday.weekdays.map((r) => ({ label: r.label[lang], value: r.rate }))}
              />
              <figcaption>{title}</figcaption>
            </figure>
            <RateTable t={t} lang={lang} caption={title} rows={sunday.weekdays} />
          </div>
        </>
      )}
    </section>
  );
}

export function InsightsPage(props: {
  t: Translate;
  lang: Lang;
  form: InsightsForm;
  presets: { label: string; href: string }[];
  /** The first booking on record: earlier months show rooms as empty only because nothing was recorded. */
  recordsFrom: string | undefined;
  errors: FieldError[];
  wards: { id: string; name: string }[] | undefined;
  facilities: { id: string; name: string }[] | undefined;
  result:
    | {
        rows: UtilisationRow[];
        rooms: UtilisationRow[];
        who: WhoTable[];
        multipurpose: MultipurposeSummary;
        sunday: SundayOpening;
        csvQuery: string;
      }
    | undefined;
}) {
  const { t, lang, form, result } = props;
  const err = (f: string) => props.errors.find((e) => e.field === f)?.message;
  const total = result?.rows.reduce((a, r) => ({ open: a.open + r.openCells, booked: a.booked + r.bookedCells }), { open: 0, booked: 0 });
  const groupLabel = t(`insightsBy_${form.groupBy}`);
  const ranked = (result?.rooms ?? []).filter((r) => r.rate !== null).sort((a, b) => (a.rate ?? 0) - (b.rate ?? 0));
  const title = t('insightsChartTitle', { group: groupLabel, from: form.from, to: form.to });
  return (
    <>
      <h1>{t('insightsTitle')}</h1>
      <p>{t('insightsLead')}</p>
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      <form method="get" action="/staff/insights" class="filters" novalidate>
        <TextInput type="date" name="from" label={t('insightsFrom')} value={form.from} errorMessage={err('from')} />
        <TextInput type="date" name="to" label={t('insightsTo')} value={form.to} errorMessage={err('to')} />
        <Select
          name="groupBy"
          label={t('insightsGroupBy')}
          value={form.groupBy}
          options={GROUP_BYS.map((g) => ({ value: g, label: t(`insightsBy_${g}`) }))}
        />
        {props.wards ? (
          <Select
            name="ward"
            label={t('insightsWard')}
            value={form.ward}
            options={[{ value: '', label: t('insightsAll') }, ...props.wards.map((w) => ({ value: w.id, label: w.name }))]}
          />
        ) : null}
        {props.facilities ? (
          <Select
            name="facility"
            label={t('insightsFacility')}
            value={form.facility}
            options={[{ value: '', label: t('insightsAll') }, ...props.facilities.map((f) => ({ value: f.id, label: f.name }))]}
          />
        ) : null}
        <button type="submit" class="button">
          {t('insightsShow')}
        </button>
      </form>
      <nav aria-label={t('insightsPresets')}>
        <ul class="presets">
          {props.presets.map((p) => (
            <li>
              <a href={p.href}>{p.label}</a>
            </li>
          ))}
        </ul>
      </nav>
      {result && total ? (
        <>
          {props.recordsFrom && form.from < props.recordsFrom ? <p>{t('insightsRecordsFrom', { date: props.recordsFrom })}</p> : null}
          <p class="insights-total">
            {t('insightsOverall', {
              rate: percent(total.open === 0 ? null : total.booked / total.open),
              booked: total.booked.toLocaleString('ja-JP'),
              open: total.open.toLocaleString('ja-JP'),
            })}
          </p>
          <section aria-labelledby="by-group">
            <h2 id="by-group">{t('insightsByHeading', { group: groupLabel })}</h2>
            {form.groupBy === 'weekday' ? <p>{t('insightsSundayNote')}</p> : null}
            <CsvLinks t={t} href={`/staff/insights/utilisation.csv?${result.csvQuery}`} title={title} />
            {result.rows.length === 0 ? (
              <p>{t('none')}</p>
            ) : (
              <div class="chart-and-table">
                <figure>
                  {form.groupBy === 'month' ? (
                    <ColumnChart
                      id="chart-group"
                      title={title}
                      summary={trendSummary(t, lang, result.rows)}
                      columns={result.rows.map((r) => ({ month: r.key, value: r.rate }))}
                    />
                  ) : (
                    <BarChart
                      id="chart-group"
                      title={title}
                      summary={t('insightsChartSummary', {
                        n: result.rows.length,
                        values: result.rows
                          .slice(0, 12)
                          .map((r) => `${r.label[lang]} ${percent(r.rate)}`)
                          .join('、'),
                      })}
                      bars={result.rows.slice(0, 60).map((r) => ({ label: r.label[lang], value: r.rate }))}
                    />
                  )}
                  <figcaption>
                    {title}
                    {form.groupBy !== 'month' && result.rows.length > 60 ? ` ${t('insightsChartFirst', { n: 60 })}` : ''}
                  </figcaption>
                </figure>
                <RateTable t={t} lang={lang} caption={title} rows={result.rows} />
              </div>
            )}
          </section>
          {ranked.length > 1 ? (
            <section aria-labelledby="low-high">
              <h2 id="low-high">{t('insightsLowHigh')}</h2>
              {/* Every room with its rate, so both lists (and the rooms between them) are in one file. */}
              <CsvLinks
                t={t}
                href={`/staff/insights/utilisation.csv?${result.csvQuery.replace(/groupBy=[^&]*/, 'groupBy=room')}`}
                title={t('insightsLowHigh')}
              />
              <RateTable t={t} lang={lang} caption={t('insightsLowest')} rows={ranked.slice(0, 5)} />
              <RateTable t={t} lang={lang} caption={t('insightsHighest')} rows={ranked.slice(-5).reverse()} />
            </section>
          ) : null}
          <SundaySection t={t} lang={lang} form={form} sunday={result.sunday} csvQuery={result.csvQuery} />
          <WhoSection t={t} lang={lang} tables={result.who} csvQuery={result.csvQuery} />
          <MultipurposeSection t={t} summary={result.multipurpose} csvQuery={result.csvQuery} />
        </>
      ) : null}
    </>
  );
}
