/**
 * Verification of groups whose type gives a 減免 (地域団体, NPO), in the shape of the 多目的利用者登録
 * approvals. Only city admins decide: groups are registered city-wide and have no ward or facility yet
 * (the organisation registry will bring one, and with it ward officers' scope), and a 100% reduction is
 * the city's money, not one centre's. The decision, its reason and the state before and after are audited
 * and mailed to the representative in one transaction.
 */
import type { Db } from '../../db/database.ts';
import { ConflictError, NotFoundError } from '../../lib/errors.ts';
import type { Clock } from '../../lib/time.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { User } from '../../platform/authz/actor.ts';
import { requireAdmin } from '../../platform/authz/policy.ts';
import { clockAt, notify } from '../../platform/notify/notify.ts';
import { verificationMail } from '../account/group.mail.ts';
import * as groups from '../account/group.repository.ts';

export async function pendingGroups(db: Db, staff: User) {
  requireAdmin(staff);
  return groups.listPendingVerification(db);
}

export type GroupDecision = { decision: 'verify' } | { decision: 'refuse'; reason: string };

export async function decideGroupVerification(db: Db, clock: Clock, staff: User, groupId: string, d: GroupDecision): Promise<void> {
  requireAdmin(staff);
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    const group = await groups.findGroup(trx, groupId);
    if (!group) throw new NotFoundError('page');
    if (group.verification_status !== 'pending') throw new ConflictError('errGroupNotPending');
    const after =
      d.decision === 'verify'
        ? {
            verification_status: 'verified',
            verified_type: group.type,
            verified_at: now.toISOString(),
            verified_by: staff.id,
            verification_note: null,
          }
        : {
            verification_status: 'refused',
            verified_type: null,
            verified_at: now.toISOString(),
            verified_by: staff.id,
            verification_note: d.reason,
          };
    await groups.updateGroup(trx, groupId, after);
    await recordAudit(trx, now, {
      actorId: staff.id,
      action: `group.${d.decision}`,
      targetType: 'group',
      targetId: groupId,
      reason: d.decision === 'refuse' ? d.reason : null,
      before: { verification_status: group.verification_status, type: group.type },
      after: { verification_status: after.verification_status, verified_type: after.verified_type },
    });
    const rep = group.representative_id ? await groups.findUserContact(trx, group.representative_id) : undefined;
    if (rep) {
      const decision = d.decision === 'verify' ? ({ verified: true } as const) : ({ verified: false, reason: d.reason } as const);
      await notify(trx, clockAt(now), {
        to: rep.id,
        kind: 'group.verification',
        template: (lang) => verificationMail(lang, { name: rep.name }, group.name, decision),
      });
    }
  });
}
