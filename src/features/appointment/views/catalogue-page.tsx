/**
 * 窓口の設定 (/staff/counters/catalogue/{office|all}): the catalogue read-only (counters, services, life
 * events), its files, the import (choose a file → what would change → confirm), and for one office its
 * settings: the call screen's sound, each counter's late grace, exception days. Plain forms, no script.
 */
import type { FieldError } from '../../../lib/errors.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { CsrfField, ErrorSummary, FileInput, Notice, Radios, Select, TextInput } from '../../../ui/components.tsx';
import { CATALOGUE_TABLES, type Catalogue, type CatalogueTable, labelOf } from '../catalogue.ts';
import type { CatalogueDiff } from '../catalogue-plan.ts';

const TABLE_LABEL: Record<CatalogueTable, Parameters<Translate>[0]> = {
  counters: 'catalogueCounters',
  hours: 'catalogueHoursTable',
  days: 'catalogueDays',
  services: 'catalogueServices',
  life_events: 'catalogueLifeEvents',
};

export const tableLabel = (t: Translate, table: CatalogueTable) => t(TABLE_LABEL[table]);

export interface CataloguePreview {
  diff: CatalogueDiff;
  empty: boolean;
  /** The checked file, carried to the confirmation (base64), and what the check saw. */
  data: string;
  fingerprint: string;
}

export interface CataloguePageProps {
  t: Translate;
  lang: Lang;
  base: string;
  title: string;
  csrf: string | undefined;
  catalogue: Catalogue;
  /** Counter ids by code, for the settings forms (one office only). */
  counterIds: Map<string, string>;
  /** Settings are per office: undefined on the city-wide page. */
  sound: boolean | undefined;
  notice: string | undefined;
  errors: FieldError[];
  rowErrors: string[];
  preview: CataloguePreview | undefined;
}

function Files(props: { t: Translate; base: string }) {
  const { t, base } = props;
  return (
    <section aria-labelledby="files">
      <h2 id="files">{t('catalogueFiles')}</h2>
      <ul>
        <li>
          <a href={`${base}/catalogue.xlsx`}>{t('catalogueXlsx')}</a>
        </li>
        {CATALOGUE_TABLES.map((table) => (
          <li>
            <a href={`${base}/catalogue.csv?table=${table}`}>{t('catalogueCsv', { table: tableLabel(t, table) })}</a>{' '}
            <a href={`${base}/catalogue.csv?table=${table}&encoding=sjis`}>
              {t('catalogueCsvSjis')}
              <span class="visually-hidden"> {tableLabel(t, table)}</span>
            </a>
          </li>
        ))}
      </ul>
      <p class="field__hint">{t('catalogueFormatHint')}</p>
    </section>
  );
}

function Preview(props: { t: Translate; base: string; csrf: string | undefined; preview: CataloguePreview }) {
  const { t, preview } = props;
  return (
    <section aria-labelledby="preview">
      <h2 id="preview">{t('cataloguePreviewTitle')}</h2>
      {preview.empty ? (
        <p>{t('cataloguePreviewNothing')}</p>
      ) : (
        <>
          <p>{t('cataloguePreviewLead')}</p>
          <ul>
            {CATALOGUE_TABLES.map((table) => {
              const d = preview.diff[table];
              return (
                <li>
                  {t('cataloguePreviewCounts', {
                    table: tableLabel(t, table),
                    added: d.added.length,
                    changed: d.changed.length,
                    removed: d.removed.length,
                    unchanged: d.unchanged,
                  })}
                </li>
              );
            })}
          </ul>
          {CATALOGUE_TABLES.map((table) => {
            const d = preview.diff[table] as CatalogueDiff['counters'];
            const label = labelOf[table] as (row: unknown) => string;
            const lines = [
              ...d.added.map((r) => `${t('cataloguePreviewAdded')}: ${label(r)}`),
              ...d.changed.map((c) => `${t('cataloguePreviewChanged')}: ${label(c.before)} → ${label(c.after)}`),
              ...d.removed.map((r) => `${t('cataloguePreviewRemoved')}: ${label(r)}`),
            ];
            if (lines.length === 0) return null;
            return (
              <>
                <h3>{tableLabel(t, table)}</h3>
                <ul>
                  {lines.map((l) => (
                    <li>{l}</li>
                  ))}
                </ul>
              </>
            );
          })}
          <form method="post" action={`${props.base}/import/confirm`}>
            <CsrfField token={props.csrf} />
            <input type="hidden" name="data" value={preview.data} />
            <input type="hidden" name="fingerprint" value={preview.fingerprint} />
            <button type="submit" class="button">
              {t('catalogueImportConfirm')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}

function ImportForm(props: { t: Translate; base: string; csrf: string | undefined; error: string | undefined }) {
  const { t } = props;
  return (
    <section aria-labelledby="import">
      <h2 id="import">{t('catalogueImport')}</h2>
      <form method="post" action={`${props.base}/import`} enctype="multipart/form-data" novalidate>
        <CsrfField token={props.csrf} />
        <FileInput
          name="file"
          label={t('catalogueImportFile')}
          hint={t('catalogueImportHint')}
          errorMessage={props.error}
          accept=".csv,.xlsx,text/csv"
        />
        <button type="submit" class="button">
          {t('catalogueImportCheck')}
        </button>
      </form>
    </section>
  );
}

function Lists(props: { t: Translate; lang: Lang; catalogue: Catalogue }) {
  const { t, catalogue } = props;
  const en = props.lang === 'en';
  const minutes = (n: number) => t('catalogueMinutes', { n });
  return (
    <>
      <h2 id="counters">{t('catalogueCounters')}</h2>
      {catalogue.counters.length === 0 ? <p>{t('catalogueNone')}</p> : null}
      {catalogue.counters.map((c) => {
        const services = catalogue.services.filter((s) => s.counter === c.code);
        return (
          <section aria-labelledby={`counter-${c.code}`}>
            <h3 id={`counter-${c.code}`}>
              {en ? c.nameEn : c.name} <span class="meta">{c.code}</span>
            </h3>
            <p class="meta">
              {en ? c.placeEn : c.place} · {t('catalogueSlot')} {minutes(c.slotMinutes)} · {t('catalogueDesks')} {c.desks} ·{' '}
              {t('catalogueLateGrace')} {minutes(c.lateGraceMinutes)}
            </p>
            <section class="scroll" aria-label={`${t('catalogueServices')}: ${en ? c.nameEn : c.name}`} tabindex={0}>
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">{t('catalogueCode')}</th>
                    <th scope="col">{t('catalogueName')}</th>
                    <th scope="col">{t('catalogueDuration')}</th>
                    <th scope="col">{t('catalogueWindow')}</th>
                    <th scope="col">{t('catalogueWalkIns')}</th>
                  </tr>
                </thead>
                <tbody>
                  {services.map((s) => (
                    <tr>
                      <td>{s.code}</td>
                      <th scope="row">{en ? s.nameEn : s.name}</th>
                      <td class="num">{minutes(s.durationMinutes)}</td>
                      <td>{t('catalogueWindowValue', { from: s.bookFromDays, until: s.bookUntilDays })}</td>
                      <td>{s.walkIns ? '○' : '−'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </section>
        );
      })}
      <h2 id="life-events">{t('catalogueLifeEvents')}</h2>
      {catalogue.life_events.length === 0 ? <p>{t('catalogueNone')}</p> : null}
      <ul>
        {catalogue.life_events.map((e) => {
          const names = e.services.map((code) => {
            const s = catalogue.services.find((x) => x.code === code);
            return s ? (en ? s.nameEn : s.name) : code;
          });
          return (
            <li>
              <strong>{en ? e.nameEn : e.name}</strong> ({e.code}) — {t('catalogueServicesInOrder')}: {names.join(' → ')} ·{' '}
              {t('catalogueGap')} {minutes(e.gapMinutes)}
            </li>
          );
        })}
      </ul>
    </>
  );
}

function Settings(props: CataloguePageProps & { sound: boolean }) {
  const { t, base, catalogue } = props;
  const en = props.lang === 'en';
  const fieldError = (field: string) => props.errors.find((e) => e.field === field)?.message;
  const counters = catalogue.counters.map((c) => ({ value: props.counterIds.get(c.code) ?? '', label: en ? c.nameEn : c.name }));
  const nameOf = (code: string) => counters.find((c) => c.value === props.counterIds.get(code))?.label ?? code;
  return (
    <section aria-labelledby="settings">
      <h2 id="settings">{t('catalogueSettings')}</h2>
      <form method="post" action={`${base}/sound`}>
        <CsrfField token={props.csrf} />
        <Radios
          name="sound"
          legend={t('catalogueSound')}
          value={props.sound ? '1' : '0'}
          options={[
            { value: '1', label: t('catalogueSoundOn') },
            { value: '0', label: t('catalogueSoundOff') },
          ]}
        />
        <button type="submit" class="button">
          {t('catalogueSave')}
        </button>
      </form>
      {catalogue.counters.map((c) => {
        const id = props.counterIds.get(c.code) ?? '';
        return (
          <form method="post" action={`${base}/late-grace`}>
            <CsrfField token={props.csrf} />
            <input type="hidden" name="counterId" value={id} />
            <TextInput
              name="minutes"
              id={`minutes-${id}`}
              type="number"
              inputmode="numeric"
              width="s"
              label={t('catalogueLateGraceLabel', { counter: en ? c.nameEn : c.name })}
              hint={t('catalogueLateGraceHint')}
              value={String(c.lateGraceMinutes)}
              errorMessage={fieldError(`minutes-${id}`)}
            />
            <button type="submit" class="button button--secondary">
              {t('catalogueSave')}
            </button>
          </form>
        );
      })}
      <h3 id="days">{t('catalogueDays')}</h3>
      <p>{t('catalogueDaysLead')}</p>
      <ul>
        {catalogue.days.map((d) => (
          <li>
            <form method="post" action={`${base}/days/remove`} class="inline-form">
              {d.date} {nameOf(d.counter)}: {t(`catalogueDayStatus_${d.status}`)}
              {d.opens ? ` ${d.opens}〜${d.closes ?? ''}` : ''}
              {d.desks !== null ? ` · ${t('catalogueDesks')} ${d.desks}` : ''}
              {d.note ? ` · ${d.note}` : ''} <CsrfField token={props.csrf} />
              <input type="hidden" name="counterId" value={props.counterIds.get(d.counter) ?? ''} />
              <input type="hidden" name="date" value={d.date} />
              <button type="submit" class="button button--secondary">
                {t('catalogueDayRemove', { date: d.date, counter: nameOf(d.counter) })}
              </button>
            </form>
          </li>
        ))}
      </ul>
      <form method="post" action={`${base}/days`} novalidate>
        <CsrfField token={props.csrf} />
        <Select
          name="counterId"
          id="counterId"
          label={t('catalogueDayCounter')}
          options={counters}
          errorMessage={fieldError('counterId')}
        />
        <TextInput name="date" id="date" type="date" width="m" label={t('catalogueDayDate')} errorMessage={fieldError('date')} required />
        <Radios
          name="status"
          legend={t('catalogueDayStatus')}
          value="open"
          errorMessage={fieldError('status')}
          options={(['open', 'desks', 'closed'] as const).map((s) => ({ value: s, label: t(`catalogueDayStatus_${s}`) }))}
        />
        <TextInput name="opens" id="opens" width="s" label={t('catalogueDayOpens')} hint="9:00" errorMessage={fieldError('opens')} />
        <TextInput name="closes" id="closes" width="s" label={t('catalogueDayCloses')} hint="16:00" errorMessage={fieldError('closes')} />
        <TextInput
          name="desks"
          id="desks"
          width="s"
          inputmode="numeric"
          label={t('catalogueDayDesks')}
          errorMessage={fieldError('desks')}
        />
        <TextInput name="note" id="note" width="l" label={t('catalogueDayNote')} errorMessage={fieldError('note')} />
        <button type="submit" class="button">
          {t('catalogueDayAdd')}
        </button>
      </form>
    </section>
  );
}

export function CataloguePage(props: CataloguePageProps) {
  const { t } = props;
  return (
    <>
      <h1>{props.title}</h1>
      <p>{t('catalogueLead')}</p>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      {props.rowErrors.length > 0 ? (
        <section aria-labelledby="row-errors">
          <h2 id="row-errors">{t('catalogueRowErrors', { count: props.rowErrors.length })}</h2>
          <ul>
            {props.rowErrors.map((m) => (
              <li>{m}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {props.preview ? <Preview t={t} base={props.base} csrf={props.csrf} preview={props.preview} /> : null}
      <Files t={t} base={props.base} />
      <ImportForm t={t} base={props.base} csrf={props.csrf} error={props.errors.find((e) => e.field === 'file')?.message} />
      <Lists t={t} lang={props.lang} catalogue={props.catalogue} />
      {props.sound !== undefined ? <Settings {...props} sound={props.sound} /> : null}
    </>
  );
}

/** The offices to choose from (and the whole city, for administrators). */
export function CatalogueChooser(props: { t: Translate; offices: { id: string; name: string }[]; all: boolean }) {
  const { t } = props;
  return (
    <>
      <h1>{t('catalogueTitle')}</h1>
      <p>{t('catalogueChooseOffice')}</p>
      <ul class="card-list">
        {props.offices.map((o) => (
          <li class="card">
            <a href={`/staff/counters/catalogue/${o.id}`}>{o.name}</a>
          </li>
        ))}
        {props.all ? (
          <li class="card">
            <a href="/staff/counters/catalogue/all">{t('catalogueAllOffices')}</a>
          </li>
        ) : null}
      </ul>
    </>
  );
}
