/**
 * Back-office pages of the registry: a ward's tree (admins: the city or any ward; ward officers: their
 * own), one entry with its children, officers and terms, the link of residents' groups to it, and the
 * upload of the 校区 table. Each change goes through the platform service, which checks the scope and
 * writes the audit log; a refused form re-renders with its error summary (422).
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { formOf, parseForm } from '../../http/forms.ts';
import { type FieldError, InvalidInputError, NotFoundError, translateIssues } from '../../lib/errors.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { defineFileKinds } from '../../platform/files/file-kinds.ts';
import { readUpload, uploadBodyLimit } from '../../platform/files/file-routes.ts';
import { listSchoolDistricts, listWardNames } from '../../platform/organisation/district.repository.ts';
import { type DistrictImportReport, importDistricts } from '../../platform/organisation/district-import.ts';
import { appointOfficer, endOfficerTerm, listOfficers } from '../../platform/organisation/officers.service.ts';
import { registryScope, requireImportDistricts, requireManageRegistry } from '../../platform/organisation/organisation.policy.ts';
import {
  createEntry,
  findSelfMadeGroups,
  linkGroup,
  organisationDetail,
  registryTree,
  renameEntry,
  unlinkGroup,
} from '../../platform/organisation/organisation.service.ts';
import { renderPage } from '../../ui/layout.tsx';
import { endTermForm, entryForm, linkForm, officerForm, renameForm } from './organisation.schema.ts';
import { rowMessages } from './row-messages.ts';
import { DistrictImportPage } from './views/district-import-page.tsx';
import { RegistryEntryPage, RegistryTreePage } from './views/registry-pages.tsx';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The 校区 table is read and dropped, never stored: the kind only sets the upload's size limit. */
const UPLOADS = defineFileKinds({ district_table: { allowedTypes: [], maxBytes: 5 * 1024 * 1024, retention: { rule: 'with-owner' } } });

type C = Context<AppEnv>;

function idParam(c: C): string {
  const id = c.req.param('id') ?? '';
  if (!ID.test(id)) throw new NotFoundError('organisation');
  return id;
}

/** Runs a change; its InvalidInputError becomes form errors for the page to show again. */
async function attempt(c: C, run: () => Promise<unknown>): Promise<FieldError[]> {
  try {
    await run();
    return [];
  } catch (error) {
    if (error instanceof InvalidInputError) return translateIssues(c.get('t'), error.issues);
    throw error;
  }
}

export function organisationStaffRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/staff/organisations', requireLogin);
  app.use('/staff/organisations/*', requireLogin);
  app.use('/staff/districts/*', requireLogin);

  const treePage = async (c: C, errors: FieldError[], status: 200 | 422) => {
    const t = c.get('t');
    const { db } = c.get('deps');
    const scope = registryScope(c.get('user'));
    const asked = c.req.query('ward') || undefined;
    const wardId = scope.wardId ?? asked;
    const wards = (await listWardNames(db)).map((w) => ({ id: w.id, name: c.get('lang') === 'en' ? w.name_en : w.name }));
    const tree = await registryTree(db, { wardId });
    return renderPage(
      c,
      {
        title: errors.length > 0 ? `${t('errorSummaryTitle')}: ${t('orgRegistryTitle')}` : t('orgRegistryTitle'),
        crumbs: [{ href: '/staff', label: t('staffTitle') }, { label: t('orgRegistryTitle') }],
        children: (
          <RegistryTreePage
            t={t}
            lang={c.get('lang')}
            wardId={wardId}
            wards={scope.wardId ? wards.filter((w) => w.id === scope.wardId) : wards}
            mayChooseWard={scope.wardId === undefined}
            nodes={tree.nodes}
            errors={errors}
            csrf={c.get('csrf')}
            notice={c.req.query('done') ? t('orgSaved') : undefined}
          />
        ),
      },
      status,
    );
  };

  const entryPage = async (c: C, id: string, errors: FieldError[], status: 200 | 422) => {
    const t = c.get('t');
    const { db, clock } = c.get('deps');
    const detail = await organisationDetail(db, id);
    if (!detail.organisation.official) throw new NotFoundError('organisation');
    requireManageRegistry(c.get('user'), detail.organisation.wardId);
    const q = c.req.query('q')?.trim() || undefined;
    const districts = detail.organisation.wardId ? await listSchoolDistricts(db, detail.organisation.wardId) : [];
    return renderPage(
      c,
      {
        title: errors.length > 0 ? `${t('errorSummaryTitle')}: ${detail.organisation.name}` : detail.organisation.name,
        crumbs: [
          { href: '/staff', label: t('staffTitle') },
          { href: '/staff/organisations', label: t('orgRegistryTitle') },
          { label: detail.organisation.name },
        ],
        children: (
          <RegistryEntryPage
            t={t}
            lang={c.get('lang')}
            detail={detail}
            officers={await listOfficers(db, clock, id)}
            districts={districts.map((d) => ({ id: d.id, name: d.name }))}
            candidates={q ? await findSelfMadeGroups(db, q) : undefined}
            q={q}
            errors={errors}
            csrf={c.get('csrf')}
            notice={c.req.query('done') ? t('orgSaved') : undefined}
          />
        ),
      },
      status,
    );
  };

  app.get('/staff/organisations', async (c) => {
    return treePage(c, [], 200);
  });

  app.post('/staff/organisations', async (c) => {
    const { db, clock } = c.get('deps');
    const form = await formOf(c);
    const parsed = parseForm(c, entryForm, form);
    const back = (errors: FieldError[]) =>
      form.parentId && ID.test(form.parentId) ? entryPage(c, form.parentId, errors, 422) : treePage(c, errors, 422);
    if (!parsed.ok) return back(parsed.errors);
    let createdId = '';
    const errors = await attempt(c, async () => {
      createdId = (await createEntry(db, clock, c.get('actor'), parsed.data)).id;
    });
    if (errors.length > 0) return back(errors);
    return c.redirect(
      parsed.data.parentId ? `/staff/organisations/${parsed.data.parentId}?done=1` : `/staff/organisations/${createdId}?done=1`,
      303,
    );
  });

  app.get('/staff/organisations/:id', async (c) => {
    return entryPage(c, idParam(c), [], 200);
  });

  app.post('/staff/organisations/:id/rename', async (c) => {
    const id = idParam(c);
    const { db, clock } = c.get('deps');
    const parsed = parseForm(c, renameForm, await formOf(c));
    const errors = parsed.ok ? await attempt(c, () => renameEntry(db, clock, c.get('actor'), id, parsed.data)) : parsed.errors;
    return errors.length > 0 ? entryPage(c, id, errors, 422) : c.redirect(`/staff/organisations/${id}?done=1`, 303);
  });

  app.post('/staff/organisations/:id/officers', async (c) => {
    const id = idParam(c);
    const { db, clock } = c.get('deps');
    const parsed = parseForm(c, officerForm, await formOf(c));
    const errors = parsed.ok ? await attempt(c, () => appointOfficer(db, clock, c.get('actor'), id, parsed.data)) : parsed.errors;
    return errors.length > 0 ? entryPage(c, id, errors, 422) : c.redirect(`/staff/organisations/${id}?done=1#officers`, 303);
  });

  app.post('/staff/organisations/:id/officers/end', async (c) => {
    const id = idParam(c);
    const { db, clock } = c.get('deps');
    const form = await formOf(c);
    const parsed = parseForm(c, endTermForm, form);
    const errors = parsed.ok
      ? await attempt(c, () => endOfficerTerm(db, clock, c.get('actor'), id, parsed.data.userId, parsed.data.endsOn))
      : parsed.errors;
    // The summary links to the date field of the row it is about.
    for (const e of errors) if (e.field === 'endsOn') e.field = `endsOn-${form.userId ?? ''}`;
    return errors.length > 0 ? entryPage(c, id, errors, 422) : c.redirect(`/staff/organisations/${id}?done=1#officers`, 303);
  });

  app.post('/staff/organisations/:id/link', async (c) => {
    const id = idParam(c);
    const { db, clock } = c.get('deps');
    const parsed = parseForm(c, linkForm, await formOf(c));
    const errors = parsed.ok
      ? await attempt(c, () => linkGroup(db, clock, c.get('actor'), { groupId: parsed.data.groupId, registryId: id }))
      : parsed.errors;
    return errors.length > 0 ? entryPage(c, id, errors, 422) : c.redirect(`/staff/organisations/${id}?done=1#links`, 303);
  });

  app.post('/staff/organisations/:id/unlink', async (c) => {
    const id = idParam(c);
    const { db, clock } = c.get('deps');
    const parsed = parseForm(c, linkForm, await formOf(c));
    if (!parsed.ok) return entryPage(c, id, parsed.errors, 422);
    const detail = await organisationDetail(db, parsed.data.groupId);
    if (detail.organisation.registryId !== id) throw new NotFoundError('organisation');
    await unlinkGroup(db, clock, c.get('actor'), parsed.data.groupId);
    return c.redirect(`/staff/organisations/${id}?done=1#links`, 303);
  });

  const importPage = (c: C, status: 200 | 400 | 422, errors: FieldError[], report?: DistrictImportReport) => {
    const t = c.get('t');
    requireImportDistricts(c.get('user'));
    return renderPage(
      c,
      {
        title:
          errors.length > 0 || (report && !report.ok) ? `${t('errorSummaryTitle')}: ${t('districtImportTitle')}` : t('districtImportTitle'),
        crumbs: [
          { href: '/staff', label: t('staffTitle') },
          { href: '/staff/organisations', label: t('orgRegistryTitle') },
          { label: t('districtImportTitle') },
        ],
        children: (
          <DistrictImportPage
            t={t}
            csrf={c.get('csrf')}
            errors={errors}
            rowErrors={report && !report.ok ? rowMessages(t, report.errors) : []}
            done={report?.ok ? report : undefined}
          />
        ),
      },
      status,
    );
  };

  app.get('/staff/districts/import', async (c) => {
    return importPage(c, 200, []);
  });

  app.post('/staff/districts/import', uploadBodyLimit(UPLOADS, 'district_table'), async (c) => {
    requireImportDistricts(c.get('actor'));
    const t = c.get('t');
    const upload = await readUpload(c, 'file');
    if (!upload) return importPage(c, 400, [{ field: 'file', message: t('errDistrictFileMissing') }]);
    const dryRun = (await formOf(c)).dryRun === '1';
    const { db, clock } = c.get('deps');
    const report = await importDistricts(db, upload.bytes, { dryRun, actorId: c.get('actor').id, now: clock.now() });
    if (!report.ok)
      return importPage(c, 422, [{ field: 'file', message: t('errDistrictFileRejected', { count: report.errors.length }) }], report);
    return importPage(c, 200, [], report);
  });

  return app;
}
