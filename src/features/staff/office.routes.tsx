/**
 * The office's back-office pages: 多目的利用者登録 approvals, temporary closures (with the bookings they
 * affect) and, for admins, the audit log. Scope is checked before anything is read or changed.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { formOf, parseForm } from '../../http/forms.ts';
import { type FieldError, ForbiddenError, InvalidInputError } from '../../lib/errors.ts';
import { addDays, todayIn } from '../../lib/time.ts';
import type { User } from '../../platform/authz/actor.ts';
import { canActOnFacility, requireAdmin, requireStaff } from '../../platform/authz/policy.ts';
import { renderPage } from '../../ui/layout.tsx';
import { parseId } from '../facility/facility.schema.ts';
import { getFacilityDetail } from '../facility/facility.service.ts';
import { closureReasonLabels } from '../facility/facility.ts';
import { decideApplication, pendingApplications } from './approvals.service.ts';
import { createClosure } from './closures.service.ts';
import { type listAffectedBookings, listAuditEntries } from './staff.repository.ts';
import { closureForm, decisionForm } from './staff.schema.ts';
import {
  type AffectedBooking,
  ApprovalsPage,
  type AuditEntry,
  AuditPage,
  ClosurePage,
  type PendingApplication,
} from './views/office-pages.tsx';

const staffOf = (c: Context<AppEnv>): User => requireStaff(c.get('user'));

const toPendingApplication = (a: Awaited<ReturnType<typeof pendingApplications>>[number]): PendingApplication => ({
  id: a.id,
  name: a.name,
  nameKana: a.name_kana,
  number: a.number,
  phone: a.phone,
  requestedAt: a.multipurpose_requested_at,
});

const toAffectedBooking = (b: Awaited<ReturnType<typeof listAffectedBookings>>[number]): AffectedBooking => ({
  id: b.id,
  number: b.number,
  date: b.date,
  roomName: b.room_name,
  purpose: b.purpose,
  bookerName: b.booker_name,
  bookerPhone: b.booker_phone,
});

const toAuditEntry = (e: Awaited<ReturnType<typeof listAuditEntries>>[number]): AuditEntry => ({
  at: e.at,
  actorName: e.actor_name,
  action: e.action,
  targetType: e.target_type,
  targetId: e.target_id,
  facilityId: e.facility_id,
  reason: e.reason,
});

export function officeRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/staff/approvals', async (c) => {
    const { db, clock } = c.get('deps');
    const t = c.get('t');
    staffOf(c);
    const applications = await pendingApplications(db);
    return renderPage(c, {
      title: t('approvalsTitle'),
      crumbs: [{ href: '/staff', label: t('staffTitle') }, { label: t('approvalsTitle') }],
      children: (
        <ApprovalsPage
          t={t}
          applications={applications.map(toPendingApplication)}
          csrf={c.get('csrf')}
          defaultExpiry={addDays(todayIn(clock), 365)}
          notice={c.req.query('done') ? t('approvalsDone') : undefined}
        />
      ),
    });
  });

  app.post('/staff/approvals/:id', async (c) => {
    const { db, clock, notifier } = c.get('deps');
    const staff = staffOf(c);
    const parsed = parseForm(c, decisionForm, await formOf(c));
    if (!parsed.ok)
      throw new InvalidInputError(
        parsed.errors.map((e) => ({ field: e.field, key: e.field === 'reason' ? 'errRejectReason' : 'errInvalidDate' })),
      );
    await decideApplication(db, clock, staff, parseId(c.req.param('id'), 'page'), parsed.data);
    notifier.kick();
    return c.redirect('/staff/approvals?done=1', 303);
  });

  const closurePage = async (
    c: Context<AppEnv>,
    values: Record<string, string>,
    errors: FieldError[],
    status: 200 | 422,
    affected?: AffectedBooking[],
  ) => {
    const { db } = c.get('deps');
    const t = c.get('t');
    const detail = await getFacilityDetail(db, parseId(c.req.param('id'), 'facility'));
    if (!canActOnFacility(staffOf(c), detail.facility)) throw new ForbiddenError('facility out of scope');
    return renderPage(
      c,
      {
        title: `${detail.facility.name} ${t('closureTitle')}`,
        crumbs: [
          { href: '/staff', label: t('staffTitle') },
          { href: `/staff/facilities/${detail.facility.id}`, label: detail.facility.name },
          { label: t('closureTitle') },
        ],
        children: (
          <ClosurePage
            t={t}
            lang={c.get('lang')}
            facility={detail.facility}
            rooms={detail.rooms}
            values={values}
            errors={errors}
            csrf={c.get('csrf')}
            affected={affected}
            notice={affected ? t('closureDone') : c.req.query('cancelled') ? t('staffCancelled') : undefined}
          />
        ),
      },
      status,
    );
  };

  app.get('/staff/facilities/:id/closures', (c) => closurePage(c, {}, [], 200));

  app.post('/staff/facilities/:id/closures', async (c) => {
    const { db, clock } = c.get('deps');
    const raw = await formOf(c);
    const parsed = parseForm(c, closureForm, raw);
    if (!parsed.ok) return closurePage(c, raw, parsed.errors, 422);
    const { affected } = await createClosure(db, clock, staffOf(c), {
      facilityId: parseId(c.req.param('id'), 'facility'),
      roomId: parsed.data.roomId ?? null,
      startsOn: parsed.data.startsOn,
      endsOn: parsed.data.endsOn,
      reason: parsed.data.reason,
      note: parsed.data.note ?? null,
    });
    const label = closureReasonLabels[parsed.data.reason].ja;
    return closurePage(
      c,
      { cancelReason: `臨時休館（${label}）${parsed.data.note ? `: ${parsed.data.note}` : ''}` },
      [],
      200,
      affected.map(toAffectedBooking),
    );
  });

  app.get('/staff/audit', async (c) => {
    const { db } = c.get('deps');
    const t = c.get('t');
    requireAdmin(staffOf(c));
    const action = (c.req.query('action') ?? '').slice(0, 60);
    const entries = await listAuditEntries(db, action, 200);
    return renderPage(c, {
      title: t('auditTitle'),
      crumbs: [{ href: '/staff', label: t('staffTitle') }, { label: t('auditTitle') }],
      children: <AuditPage t={t} entries={entries.map(toAuditEntry)} action={action} />,
    });
  });

  return app;
}
