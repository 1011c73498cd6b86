/**
 * The offline path of a group invitation (DESIGN "Guarantees" 6): a resident without email or password
 * (registered at the front desk) answers through a clerk, who has confirmed the answer with them at the
 * front desk or on the phone. The clerk acts at a facility in their scope, as for a 代理予約; the answer goes
 * through the same service as the resident's own (membership, the representative's mail), and the audit
 * records the operator, the channel and the facility in the same transaction.
 */
import type { Db } from '../../db/database.ts';
import { ForbiddenError, NotFoundError } from '../../lib/errors.ts';
import type { Clock } from '../../lib/time.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { User } from '../../platform/authz/actor.ts';
import { actorById } from '../../platform/authz/assignments.ts';
import { canActOnFacility, isStaff, requireStaff } from '../../platform/authz/policy.ts';
import { answerInvitation, invitationsFor } from '../account/group.service.ts';
import type { Facility } from '../facility/facility.ts';

export interface AnswerForResident {
  invitationId: string;
  answer: 'accept' | 'decline';
  channel: 'counter' | 'phone';
}

function requireInScope(staff: User | undefined, facility: Pick<Facility, 'id' | 'wardId'>): User {
  const clerk = requireStaff(staff);
  if (!canActOnFacility(clerk, facility)) throw new ForbiddenError('facility out of scope');
  return clerk;
}

/** The person named, if a resident: staff are not answered for at the front desk (404, as for no one). */
async function residentById(db: Db, residentId: string) {
  const person = await actorById(db, residentId);
  if (!person || isStaff(person)) throw new NotFoundError('page');
  return person;
}

/** The resident (name and number, to confirm who is on the line) and their open invitations. */
export async function residentInvitations(db: Db, staff: User | undefined, facility: Pick<Facility, 'id' | 'wardId'>, residentId: string) {
  requireInScope(staff, facility);
  const resident = await residentById(db, residentId);
  const invitations = await invitationsFor(db, resident.id);
  return {
    resident: { id: resident.id, name: resident.name, nameKana: resident.nameKana, number: resident.number },
    invitations: invitations.map((i) => ({
      id: i.id,
      groupName: i.group_name,
      groupType: i.type,
      invitedByName: i.invited_by_name,
      createdAt: i.created_at,
    })),
  };
}

export async function answerForResident(
  db: Db,
  clock: Clock,
  staff: User | undefined,
  facility: Pick<Facility, 'id' | 'wardId'>,
  residentId: string,
  req: AnswerForResident,
): Promise<void> {
  const clerk = requireInScope(staff, facility);
  const resident = await residentById(db, residentId);
  await answerInvitation(db, clock, resident.id, req.invitationId, req.answer === 'accept', (trx, invitation) =>
    recordAudit(trx, clock.now(), {
      actorId: clerk.id,
      action: 'group.invitation_answer_for_resident',
      targetType: 'group_invitation',
      targetId: invitation.id,
      facilityId: facility.id,
      before: { groupId: invitation.group_id, invitedBy: invitation.invited_by },
      after: { residentId: resident.id, groupId: invitation.group_id, answer: req.answer, channel: req.channel },
    }),
  );
}
