/**
 * 多目的利用者登録 approvals. Any staff member may decide (applicants come to any centre's front desk); the decision,
 * its reason and the expiry date are audited and mailed to the applicant in one transaction.
 */
import type { Db } from '../../db/database.ts';
import { ConflictError, NotFoundError } from '../../lib/errors.ts';
import type { Clock } from '../../lib/time.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { User } from '../../platform/authz/actor.ts';
import { clockAt, notify } from '../../platform/notify/notify.ts';
import { multipurposeDecisionMail } from './staff.mail.ts';

export async function pendingApplications(db: Db) {
  return db
    .selectFrom('users')
    .select(['id', 'number', 'name', 'name_kana', 'phone', 'email', 'multipurpose_requested_at'])
    .where('multipurpose_status', '=', 'pending')
    .orderBy('multipurpose_requested_at')
    .limit(200)
    .execute();
}

export type Decision = { decision: 'approve'; expiresOn: string } | { decision: 'reject'; reason: string };

export async function decideApplication(db: Db, clock: Clock, staff: User, userId: string, d: Decision): Promise<void> {
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
    if (!user) throw new NotFoundError('page');
    if (user.multipurpose_status !== 'pending') throw new ConflictError('errNotPending');
    const after =
      d.decision === 'approve'
        ? { multipurpose_status: 'approved', multipurpose_expires_on: d.expiresOn, multipurpose_note: null }
        : { multipurpose_status: 'rejected', multipurpose_expires_on: null, multipurpose_note: d.reason };
    await trx
      .updateTable('users')
      .set({ ...after, updated_at: now.toISOString() })
      .where('id', '=', userId)
      .execute();
    await recordAudit(trx, now, {
      actorId: staff.id,
      action: `multipurpose.${d.decision}`,
      targetType: 'user',
      targetId: userId,
      reason: d.decision === 'reject' ? d.reason : null,
      before: { multipurpose_status: user.multipurpose_status },
      after,
    });
    await notify(trx, clockAt(now), {
      to: userId,
      kind: `approval.multipurpose_${d.decision}`,
      template: (lang) => multipurposeDecisionMail(lang, user, d),
    });
  });
}
