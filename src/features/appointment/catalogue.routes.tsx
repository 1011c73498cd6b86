/**
 * 窓口の設定 pages (/staff/counters/catalogue): choose an office (or the whole city, administrators),
 * see its catalogue, download it (xlsx, or one CSV a table in UTF-8 or Shift_JIS), import a file in two
 * steps — the upload is checked and what would change shown; the confirmation carries the same file
 * back (a hidden field) and applies it only if the catalogue is still what the check saw — and change
 * an office's sound, late grace and exception days. Every action redirects back (303) or re-renders
 * with its errors (422; 409 when the catalogue changed after the check). No script needed.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { formOf } from '../../http/forms.ts';
import { controlCharIssues } from '../../http/validation.ts';
import type { CsvRow } from '../../lib/csv-table.ts';
import { type FieldError, InvalidInputError, NotFoundError, translateIssues } from '../../lib/errors.ts';
import { isAdmin } from '../../platform/authz/policy.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { csvEncodingOf, csvHeaders } from '../../platform/documents/csv.ts';
import { xlsxHeaders } from '../../platform/documents/xlsx.ts';
import { defineFileKinds } from '../../platform/files/file-kinds.ts';
import { readUpload, uploadBodyLimit } from '../../platform/files/file-routes.ts';
import { readNumber } from '../../platform/settings/settings.ts';
import { renderPage } from '../../ui/layout.tsx';
import {
  addDay,
  applyImport,
  checkImport,
  exportCatalogue,
  type ImportCheck,
  managedOffices,
  removeDay,
  resolveScope,
  setLateGrace,
  setSound,
} from './catalogue.service.ts';
import { CATALOGUE_TABLES, type CatalogueIssue, type CatalogueTable, type DayRow } from './catalogue.ts';
import { catalogueCsv, catalogueXlsx } from './catalogue-file.ts';
import { parseRows } from './catalogue-rows.ts';
import { soundSetting } from './queue.board.service.ts';
import { CatalogueChooser, CataloguePage, type CataloguePreview, tableLabel } from './views/catalogue-page.tsx';

/** The file is read and dropped, never stored: the kind only sets the size limit (base64 on the confirmation). */
const UPLOADS = defineFileKinds({ counter_catalogue: { allowedTypes: [], maxBytes: 4 * 1024 * 1024, retention: { rule: 'with-owner' } } });
const MAX_FILE_BYTES = 2 * 1024 * 1024;

type C = Context<AppEnv>;

const NOTICES = {
  imported: 'catalogueImported',
  saved: 'catalogueSaved',
  dayAdded: 'catalogueDayAdded',
  dayRemoved: 'catalogueDayRemoved',
} as const;

function rowMessages(c: C, issues: CatalogueIssue[]): string[] {
  const t = c.get('t');
  return issues.map((i) => {
    const message = i.text ?? (i.key ? t(i.key, i.params) : t('errInvalidValue'));
    const table = i.table ? tableLabel(t, i.table) : t('catalogueTitle');
    return i.line > 0
      ? t('catalogueRowError', { table, line: i.line, column: i.column || '—', message })
      : t('catalogueRowErrorNoLine', { table, message });
  });
}

async function scopeOf(c: C) {
  return resolveScope(c.get('deps').db, c.get('actor'), c.req.param('office') ?? '');
}

async function page(
  c: C,
  extra: { errors?: FieldError[]; rowErrors?: string[]; preview?: CataloguePreview; status?: 200 | 409 | 422 } = {},
) {
  const { db, clock } = c.get('deps');
  const t = c.get('t');
  const { scope, office } = await scopeOf(c);
  const catalogue = await exportCatalogue(db, clock, scope);
  const counterIds = new Map<string, string>();
  if (office) {
    const rows = await db.selectFrom('appointment_counters').select(['id', 'code']).where('office_id', '=', office.id).execute();
    for (const r of rows) counterIds.set(r.code, r.id);
  }
  const sound = office ? (await readNumber(db, soundSetting(office.id))) === 1 : undefined;
  const title = office ? t('catalogueTitleOffice', { office: office.name }) : t('catalogueAllOffices');
  const noticeKey = NOTICES[c.req.query('notice') as keyof typeof NOTICES];
  const errors = extra.errors ?? [];
  const failed = errors.length > 0 || (extra.rowErrors?.length ?? 0) > 0;
  return renderPage(
    c,
    {
      title: failed ? `${t('errorSummaryTitle')}: ${title}` : title,
      crumbs: [
        { href: '/staff', label: t('staffTitle') },
        { href: '/staff/counters/catalogue', label: t('catalogueTitle') },
        { label: title },
      ],
      children: (
        <CataloguePage
          t={t}
          lang={c.get('lang')}
          base={`/staff/counters/catalogue/${office?.id ?? 'all'}`}
          title={title}
          csrf={c.get('csrf')}
          catalogue={catalogue}
          counterIds={counterIds}
          sound={sound}
          notice={noticeKey && !failed && !extra.preview ? t(noticeKey) : undefined}
          errors={errors}
          rowErrors={extra.rowErrors ?? []}
          preview={extra.preview}
        />
      ),
    },
    extra.status ?? (failed ? 422 : 200),
  );
}

/** The check's answer as the page shows it: what would change, or every problem. */
function checked(c: C, result: ImportCheck, bytes: Uint8Array) {
  if (!result.ok) {
    const t = c.get('t');
    return page(c, {
      errors: [{ field: 'file', message: t('catalogueRowErrors', { count: result.issues.length }) }],
      rowErrors: rowMessages(c, result.issues),
      status: result.changed ? 409 : 422,
    });
  }
  const data = Buffer.from(bytes).toString('base64');
  return page(c, { preview: { diff: result.plan.diff, empty: result.plan.empty, data, fingerprint: result.fingerprint } });
}

/** The posted form, or (as errors) the fields holding control characters, which no database text takes. */
async function cleanForm(c: C): Promise<{ form: Record<string, string>; errors: FieldError[] }> {
  const form = await formOf(c);
  return { form, errors: translateIssues(c.get('t'), controlCharIssues(form)) };
}

const backTo = (c: C, notice: keyof typeof NOTICES, hash = '') =>
  c.redirect(`/staff/counters/catalogue/${c.req.param('office')}?notice=${notice}${hash}`, 303);

/** The add-day form read by the import's own row rules, so a form and a file refuse the same days. */
function dayOfForm(c: C, form: Record<string, string>): { day?: DayRow; errors: FieldError[] } {
  const t = c.get('t');
  const fields: Record<string, [field: string, label: Parameters<typeof t>[0]]> = {
    日付: ['date', 'catalogueDayDate'],
    種類: ['status', 'catalogueDayStatus'],
    開始: ['opens', 'catalogueDayOpens'],
    終了: ['closes', 'catalogueDayCloses'],
    窓口数: ['desks', 'catalogueDayDesks'],
    メモ: ['note', 'catalogueDayNote'],
  };
  const cells = new Map<string, string>([['窓口コード', 'form']]);
  for (const [column, [field]] of Object.entries(fields)) cells.set(column, String(form[field] ?? '').slice(0, 400));
  const row: CsvRow = { line: 1, cells: new Map([...cells].map(([k, v]) => [k, v.normalize('NFKC').trim()])), original: cells };
  const parsed = parseRows({ days: [row] });
  const errors = parsed.issues.map((i) => {
    const [field, label] = fields[i.column] ?? ['date', 'catalogueDayDate'];
    return { field, message: t(i.key ?? 'errInvalidValue', { ...i.params, column: t(label) }) };
  });
  return { day: parsed.rows.days?.[0]?.row, errors };
}

export function catalogueRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/staff/counters/catalogue', requireLogin);
  app.use('/staff/counters/catalogue/*', requireLogin);

  app.get('/staff/counters/catalogue', async (c) => {
    const t = c.get('t');
    const offices = await managedOffices(c.get('deps').db, c.get('actor'));
    const all = isAdmin(c.get('actor'));
    if (offices.length === 0 && !all) throw new NotFoundError('page');
    return renderPage(c, {
      title: t('catalogueTitle'),
      crumbs: [{ href: '/staff', label: t('staffTitle') }, { label: t('catalogueTitle') }],
      children: <CatalogueChooser t={t} offices={offices} all={all} />,
    });
  });

  app.get('/staff/counters/catalogue/:office', (c) => page(c));

  app.get('/staff/counters/catalogue/:office/catalogue.xlsx', async (c) => {
    const { db, clock } = c.get('deps');
    const { scope } = await scopeOf(c);
    const bytes = await catalogueXlsx(await exportCatalogue(db, clock, scope));
    return c.body(new Uint8Array(bytes), 200, xlsxHeaders(`counter_catalogue_${c.req.param('office')}.xlsx`));
  });

  app.get('/staff/counters/catalogue/:office/catalogue.csv', async (c) => {
    const { db, clock } = c.get('deps');
    const { scope } = await scopeOf(c);
    const table = c.req.query('table') as CatalogueTable;
    if (!CATALOGUE_TABLES.includes(table)) throw new NotFoundError('page');
    const encoding = csvEncodingOf(c.req.query('encoding'));
    const bytes = catalogueCsv(await exportCatalogue(db, clock, scope), table, encoding);
    return c.body(new Uint8Array(bytes), 200, csvHeaders(`counter_catalogue_${c.req.param('office')}_${table}.csv`, encoding));
  });

  app.post('/staff/counters/catalogue/:office/import', uploadBodyLimit(UPLOADS, 'counter_catalogue'), async (c) => {
    const { db, clock } = c.get('deps');
    const t = c.get('t');
    const { scope } = await scopeOf(c);
    const upload = await readUpload(c, 'file');
    if (!upload) return page(c, { errors: [{ field: 'file', message: t('errCatalogueFileMissing') }] });
    if (upload.bytes.length > MAX_FILE_BYTES)
      return page(c, { errors: [{ field: 'file', message: t('errFileTooLarge', { mb: MAX_FILE_BYTES / 1024 / 1024 }) }] });
    return checked(c, await checkImport(db, clock, scope, upload.bytes), upload.bytes);
  });

  app.post('/staff/counters/catalogue/:office/import/confirm', uploadBodyLimit(UPLOADS, 'counter_catalogue'), async (c) => {
    const { db, clock } = c.get('deps');
    const t = c.get('t');
    const { scope } = await scopeOf(c);
    const { form, errors } = await cleanForm(c);
    if (errors.length > 0) return page(c, { errors });
    const data = form.data ?? '';
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data) || !/^[A-Za-z0-9_-]{43}$/.test(form.fingerprint ?? ''))
      return page(c, { errors: [{ field: 'file', message: t('errCatalogueFileMissing') }] });
    const bytes = new Uint8Array(Buffer.from(data, 'base64'));
    const result = await applyImport(db, clock, c.get('actor'), scope, bytes, form.fingerprint ?? '');
    if (!result.ok) return checked(c, result, bytes);
    return backTo(c, 'imported');
  });

  /** The settings of one office (not the city-wide page). */
  const officeOf = async (c: C) => {
    const { office } = await scopeOf(c);
    if (!office) throw new NotFoundError('page');
    return office;
  };

  app.post('/staff/counters/catalogue/:office/sound', async (c) => {
    const { db, clock } = c.get('deps');
    const office = await officeOf(c);
    const { form, errors } = await cleanForm(c);
    if (errors.length > 0) return page(c, { errors });
    const sound = form.sound;
    if (sound !== '1' && sound !== '0') return page(c, { errors: [{ field: 'sound', message: c.get('t')('errInvalidValue') }] });
    await setSound(db, clock, c.get('actor'), office.id, sound === '1');
    return backTo(c, 'saved', '#settings');
  });

  app.post('/staff/counters/catalogue/:office/late-grace', async (c) => {
    const { db, clock } = c.get('deps');
    const t = c.get('t');
    const office = await officeOf(c);
    const { form, errors } = await cleanForm(c);
    if (errors.length > 0) return page(c, { errors });
    const counterId = form.counterId ?? '';
    const text = (form.minutes ?? '').normalize('NFKC').trim();
    const minutes = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
    if (!(minutes >= 0 && minutes <= 120))
      return page(c, { errors: [{ field: `minutes-${counterId}`, message: t('errCatalogueRange', { value: text, min: 0, max: 120 }) }] });
    try {
      await setLateGrace(db, clock, c.get('actor'), office.id, counterId, minutes);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      return page(c, { errors: translateIssues(t, error.issues) });
    }
    return backTo(c, 'saved', '#settings');
  });

  app.post('/staff/counters/catalogue/:office/days', async (c) => {
    const { db, clock } = c.get('deps');
    const office = await officeOf(c);
    const cleaned = await cleanForm(c);
    if (cleaned.errors.length > 0) return page(c, { errors: cleaned.errors });
    const form = cleaned.form;
    const { day, errors } = dayOfForm(c, form);
    if (!day || errors.length > 0) return page(c, { errors });
    try {
      await addDay(db, clock, c.get('actor'), office.id, form.counterId ?? '', day);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      return page(c, { errors: translateIssues(c.get('t'), error.issues) });
    }
    return backTo(c, 'dayAdded', '#days');
  });

  app.post('/staff/counters/catalogue/:office/days/remove', async (c) => {
    const { db, clock } = c.get('deps');
    const office = await officeOf(c);
    const { form, errors } = await cleanForm(c);
    if (errors.length > 0) return page(c, { errors });
    try {
      await removeDay(db, clock, c.get('actor'), office.id, form.counterId ?? '', (form.date ?? '').slice(0, 10));
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      return page(c, { errors: translateIssues(c.get('t'), error.issues) });
    }
    return backTo(c, 'dayRemoved', '#days');
  });

  return app;
}
