/**
 * Households at the front desk (/staff/households): find one by address or 利用者番号, register a paper
 * household with its first person (no email needed), add and remove people, move it out; and delete the
 * account of a resident registered at the front desk, at their request, with the reason. Scope and rules:
 * platform/household (household.policy.ts), asked by the services before acting.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { formOf, orFieldErrors, parseForm } from '../../http/forms.ts';
import { type FieldError, ForbiddenError } from '../../lib/errors.ts';
import type { MessageKey } from '../../lib/i18n.ts';
import { actorById } from '../../platform/authz/assignments.ts';
import { isStaff, requireStaff } from '../../platform/authz/policy.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { hanChoices, householdFor, registerHousehold, searchHouseholds, wardsCovered } from '../../platform/household/household.service.ts';
import { addPerson, moveOut, removePerson } from '../../platform/household/household-actions.service.ts';
import { Notice } from '../../ui/components.tsx';
import { renderPage } from '../../ui/layout.tsx';
import { findUserById, findUserByNumber } from '../account/account.repository.ts';
import { deleteAccountAtCounter } from '../account/account-deletion.service.ts';
import { counterDeleteForm, counterHouseholdForm, householdSearchForm, moveOutForm, personForm } from '../account/household.schema.ts';
import { parseId } from '../facility/facility.schema.ts';
import { CounterDeletePage, HouseholdRegisterPage, HouseholdSearchPage, StaffHouseholdPage } from './views/households-pages.tsx';

const notices: Record<string, MessageKey> = {
  created: 'noticeHouseholdCreated',
  personAdded: 'noticeHouseholdPersonAdded',
  personRemoved: 'noticeHouseholdPersonRemoved',
  movedOut: 'noticeHouseholdMovedOut',
  deleted: 'staffDeleteDone',
};

type Values = Record<string, string | undefined>;

export function householdStaffRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/staff/households', requireLogin);
  app.use('/staff/households/*', requireLogin);
  app.use('/staff/residents/:id/delete', requireLogin);
  const crumbs = (c: Context<AppEnv>) => [
    { href: '/staff', label: c.get('t')('staffTitle') },
    { label: c.get('t')('staffHouseholdsTitle') },
  ];
  const titleOf = (c: Context<AppEnv>, key: MessageKey, errors: FieldError[]) =>
    errors.length > 0 ? `${c.get('t')('errorSummaryTitle')}: ${c.get('t')(key)}` : c.get('t')(key);

  app.get('/staff/households', async (c) => {
    const { db } = c.get('deps');
    const t = c.get('t');
    const staff = requireStaff(c.get('actor'));
    const wards = await wardsCovered(db, staff);
    // A centre clerk's scope is one facility, no ward: told so plainly rather than shown an empty page.
    if (wards.length === 0) throw new ForbiddenError('no ward in scope', 'errHouseholdStaffScope');
    const raw = c.req.query('q');
    const parsed = raw === undefined ? undefined : parseForm(c, householdSearchForm, { q: raw });
    const errors = parsed && !parsed.ok ? parsed.errors : [];
    const q = parsed?.ok ? parsed.data.q : '';
    const found = parsed?.ok ? await searchHouseholds(db, staff, q) : undefined;
    // Looked up by 利用者番号: a resident registered at the front desk can be helped to delete their account.
    const resident = /^\d{8}$/.test(q.normalize('NFKC')) ? await findUserByNumber(db, q.normalize('NFKC')) : undefined;
    const frontDeskResident =
      resident && resident.password_hash === null && !resident.deleted_at && !isStaff(await actorById(db, resident.id))
        ? { id: resident.id, number: resident.number }
        : undefined;
    const notice = notices[c.req.query('notice') ?? ''];
    return renderPage(
      c,
      {
        title: titleOf(c, 'staffHouseholdsTitle', errors),
        crumbs: crumbs(c),
        children: (
          <>
            {notice ? <Notice>{t(notice)}</Notice> : null}
            <HouseholdSearchPage t={t} q={raw ?? ''} found={found} wards={wards} frontDeskResident={frontDeskResident} errors={errors} />
          </>
        ),
      },
      errors.length > 0 ? 422 : 200,
    );
  });

  const registerPage = async (c: Context<AppEnv>, values: Values, errors: FieldError[], status: 200 | 422) => {
    const { db } = c.get('deps');
    const staff = requireStaff(c.get('actor'));
    const wards = await wardsCovered(db, staff);
    const wardId = values.wardId && wards.some((w) => w.id === values.wardId) ? values.wardId : wards[0]?.id;
    const han = wardId ? await hanChoices(db, wardId) : [];
    return renderPage(
      c,
      {
        title: titleOf(c, 'staffHouseholdsRegister', errors),
        crumbs: crumbs(c),
        children: <HouseholdRegisterPage t={c.get('t')} wards={wards} han={han} values={{ ...values, wardId }} errors={errors} />,
      },
      status,
    );
  };

  app.get('/staff/households/new', async (c) => {
    return registerPage(c, { wardId: c.req.query('ward') }, [], 200);
  });

  app.post('/staff/households', async (c) => {
    const { db, clock } = c.get('deps');
    const staff = requireStaff(c.get('actor'));
    const form = await formOf(c);
    const parsed = parseForm(c, counterHouseholdForm, form);
    if (!parsed.ok) return registerPage(c, form, parsed.errors, 422);
    const { name, nameKana, phone, userNumber, ...address } = parsed.data;
    const created = await orFieldErrors(c, () =>
      registerHousehold(db, clock, staff, { ...address, person: { name, nameKana, phone, userNumber } }),
    );
    if (!created.ok) return registerPage(c, form, created.errors, 422);
    return c.redirect(`/staff/households/${created.data}?notice=created`, 303);
  });

  const householdPage = async (c: Context<AppEnv>, values: Values, errors: FieldError[], status: 200 | 422) => {
    const { db, clock } = c.get('deps');
    const t = c.get('t');
    const { view } = await householdFor(db, clock, requireStaff(c.get('actor')), parseId(c.req.param('id'), 'page'));
    const notice = notices[c.req.query('notice') ?? ''];
    return renderPage(
      c,
      {
        title: titleOf(c, 'householdTitle', errors),
        crumbs: [...crumbs(c).slice(0, 1), { href: '/staff/households', label: t('staffHouseholdsTitle') }, { label: t('householdTitle') }],
        children: <StaffHouseholdPage t={t} view={view} values={values} errors={errors} notice={notice ? t(notice) : undefined} />,
      },
      status,
    );
  };

  app.get('/staff/households/:id', async (c) => {
    return householdPage(c, {}, [], 200);
  });

  app.post('/staff/households/:id/people', async (c) => {
    const { db, clock } = c.get('deps');
    const id = parseId(c.req.param('id'), 'page');
    const form = await formOf(c);
    const parsed = parseForm(c, personForm, form);
    if (!parsed.ok) return householdPage(c, form, parsed.errors, 422);
    const added = await orFieldErrors(c, () => addPerson(db, clock, requireStaff(c.get('actor')), id, parsed.data));
    if (!added.ok) return householdPage(c, form, added.errors, 422);
    return c.redirect(`/staff/households/${id}?notice=personAdded`, 303);
  });

  app.post('/staff/households/:id/people/:personId/remove', async (c) => {
    const { db, clock } = c.get('deps');
    const id = parseId(c.req.param('id'), 'page');
    await removePerson(db, clock, requireStaff(c.get('actor')), id, parseId(c.req.param('personId'), 'page'));
    return c.redirect(`/staff/households/${id}?notice=personRemoved`, 303);
  });

  app.post('/staff/households/:id/move-out', async (c) => {
    const { db, clock } = c.get('deps');
    const id = parseId(c.req.param('id'), 'page');
    const form = await formOf(c);
    const parsed = parseForm(c, moveOutForm, form);
    if (!parsed.ok) return householdPage(c, form, parsed.errors, 422);
    const moved = await orFieldErrors(c, () => moveOut(db, clock, requireStaff(c.get('actor')), id, parsed.data));
    if (!moved.ok) return householdPage(c, form, moved.errors, 422);
    return c.redirect(`/staff/households/${id}?notice=movedOut`, 303);
  });

  const deletePage = async (c: Context<AppEnv>, values: Values, errors: FieldError[], status: 200 | 422) => {
    const row = await findUserById(c.get('deps').db, parseId(c.req.param('id'), 'page'));
    if (!row || row.deleted_at) return c.notFound();
    const resident = { id: row.id, name: row.name, number: row.number };
    return renderPage(
      c,
      {
        title: titleOf(c, 'staffDeleteTitle', errors),
        crumbs: crumbs(c),
        children: <CounterDeletePage t={c.get('t')} resident={resident} values={values} errors={errors} />,
      },
      status,
    );
  };

  app.get('/staff/residents/:id/delete', async (c) => {
    requireStaff(c.get('actor'));
    return deletePage(c, {}, [], 200);
  });

  app.post('/staff/residents/:id/delete', async (c) => {
    const { db, clock, notifier } = c.get('deps');
    const staff = requireStaff(c.get('actor'));
    const form = await formOf(c);
    const parsed = parseForm(c, counterDeleteForm, form);
    if (!parsed.ok) return deletePage(c, form, parsed.errors, 422);
    await deleteAccountAtCounter(db, clock, staff, parseId(c.req.param('id'), 'page'), parsed.data);
    notifier.kick();
    return c.redirect('/staff/households?notice=deleted', 303);
  });

  return app;
}
