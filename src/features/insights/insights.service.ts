/** Everything the staff insights page shows for one question, as the page and the benchmark ask for it. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../lib/time.ts';
import { consistentWithWho, multipurposeSummary } from './multipurpose.query.ts';
import { type GroupBy, prepareQuestion, sundayOpeningFor, type UtilisationQuery, utilisationFor } from './utilisation.query.ts';
import { usageByMonthFor, whoTables } from './who.query.ts';

export async function insightsFigures(db: Kysely<Database>, q: UtilisationQuery, groupBy: GroupBy, clock: Clock) {
  // The catalogue, the months and which of them are stored: worked out once for every figure below.
  const prepared = await prepareQuestion(db, q, clock);
  const tables = await utilisationFor(db, prepared, [...new Set<GroupBy>([groupBy, 'room'])]);
  const usage = await usageByMonthFor(db, prepared);
  const who = whoTables(usage);
  const multipurpose = consistentWithWho(await multipurposeSummary(db, q, clock, usage), who);
  const sunday = await sundayOpeningFor(db, prepared);
  return { rows: tables.get(groupBy) ?? [], rooms: tables.get('room') ?? [], who, multipurpose, sunday };
}
