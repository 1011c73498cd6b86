/** Everything the staff insights page shows for one question, as the page and the benchmark ask for it. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../lib/time.ts';
import { consistentWithWho, multipurposeSummary } from './multipurpose.query.ts';
import { type GroupBy, sundayOpening, type UtilisationQuery, utilisationBy } from './utilisation.query.ts';
import { usageByMonth, whoTables } from './who.query.ts';

export async function insightsFigures(db: Kysely<Database>, q: UtilisationQuery, groupBy: GroupBy, clock: Clock) {
  const tables = await utilisationBy(db, q, [...new Set<GroupBy>([groupBy, 'room'])], clock);
  // After the utilisation: the months it rebuilt are fresh for these too.
  const usage = await usageByMonth(db, q, clock);
  const who = whoTables(usage);
  const multipurpose = consistentWithWho(await multipurposeSummary(db, q, clock, usage), who);
  const sunday = await sundayOpening(db, q, clock);
  return { rows: tables.get(groupBy) ?? [], rooms: tables.get('room') ?? [], who, multipurpose, sunday };
}
