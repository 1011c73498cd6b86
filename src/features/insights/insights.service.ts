/**
 * The insights question as every entry point asks it (page, CSV files, API): checked against the caller's
 * scope in one place, and everything the staff insights page shows for it.
 */
import type { Db } from '../../db/database.ts';
import { type FieldIssue, InvalidInputError } from '../../lib/errors.ts';
import { type Clock, daysBetween, type LocalDate } from '../../lib/time.ts';
import type { User } from '../../platform/authz/actor.ts';
import { isAdmin, resolveStaffScope } from '../../platform/authz/policy.ts';
import * as facilityRepo from '../facility/facility.repository.ts';
import { consistentWithWho, multipurposeSummary } from './multipurpose.query.ts';
import {
  type GroupBy,
  MAX_INSIGHT_DAYS,
  prepareQuestion,
  sundayOpeningFor,
  type UtilisationQuery,
  utilisationFor,
} from './utilisation.query.ts';
import { usageByMonthFor, whoTables } from './who.query.ts';

/** What a staff member asked: a range, and optionally a ward or a facility (ids as given). */
export interface AskedQuestion {
  from: LocalDate;
  to: LocalDate;
  ward?: string | undefined;
  facility?: string | undefined;
}

/**
 * The question within the caller's scope, or an error: a bad range or an unknown ward or facility is
 * InvalidInputError (422), a ward or facility outside the scope ForbiddenError (403). Every figure below
 * (counted live or read from the aggregates, which are kept per city, ward and facility) trusts the
 * scope it is given, so no insights path may build a UtilisationQuery without coming through here.
 */
export async function scopedQuestion(db: Db, staff: User, asked: AskedQuestion): Promise<UtilisationQuery> {
  const issues: FieldIssue[] = [];
  if (asked.to < asked.from) issues.push({ field: 'to', key: 'errRangeReversed' });
  else if (daysBetween(asked.from, asked.to) + 1 > MAX_INSIGHT_DAYS)
    issues.push({ field: 'to', key: 'errRangeTooLongYears', params: { max: 10 } });
  const [facilityRow, wardRow] = await Promise.all([
    asked.facility ? facilityRepo.findFacilityRow(db, asked.facility) : undefined,
    asked.ward ? facilityRepo.findWard(db, asked.ward) : undefined,
  ]);
  if (asked.facility && !facilityRow) issues.push({ field: 'facility', key: 'errNotFoundFacility' });
  // An unknown ward is only worth a message to an admin; anyone else is refused any ward but their own.
  if (asked.ward && !wardRow && isAdmin(staff)) issues.push({ field: 'ward', key: 'errUnknownWard' });
  if (issues.length > 0) throw new InvalidInputError(issues);
  const scope = resolveStaffScope(staff, {
    wardId: asked.ward,
    facility: facilityRow ? { id: facilityRow.id, wardId: facilityRow.ward_id } : undefined,
  });
  return { from: asked.from, to: asked.to, ...scope };
}

export async function insightsFigures(db: Db, q: UtilisationQuery, groupBy: GroupBy, clock: Clock) {
  // The catalogue, the months and which of them are stored: worked out once for every figure below.
  const prepared = await prepareQuestion(db, q, clock);
  const tables = await utilisationFor(db, prepared, [...new Set<GroupBy>([groupBy, 'room'])]);
  const usage = await usageByMonthFor(db, prepared);
  const who = whoTables(usage);
  const multipurpose = consistentWithWho(await multipurposeSummary(db, q, clock, usage), who);
  const sunday = await sundayOpeningFor(db, prepared);
  return { rows: tables.get(groupBy) ?? [], rooms: tables.get('room') ?? [], who, multipurpose, sunday };
}
