/**
 * The audit log: every staff action with who, when, what, and the state before and after. Rows are only
 * ever inserted (there is no update or delete path), in the same transaction as the action they record.
 */
import type { Trx } from '../../db/database.ts';
import { newId } from '../../lib/ids.ts';

export interface AuditEntry {
  /** null: the system (a scheduled job). */
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  facilityId?: string | null;
  reason?: string | null;
  before?: unknown;
  after?: unknown;
}

export async function recordAudit(trx: Trx, at: Date, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      id: newId('aud'),
      at: at.toISOString(),
      actor_id: entry.actorId,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      facility_id: entry.facilityId ?? null,
      reason: entry.reason ?? null,
      before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
      after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}
