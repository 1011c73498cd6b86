/**
 * Runs the migrations. They are listed here rather than read from a folder so the same code works under
 * tsx, in tests and in a bundled build; names sort by their date prefix.
 */
import { type Migration, type MigrationProvider, type MigrationResultSet, Migrator } from 'kysely';
import type { DatabaseHandle } from './database.ts';
import * as catalogue from './migrations/2026-11-24-01-catalogue.ts';
import * as accountsBooking from './migrations/2026-11-24-02-accounts-booking.ts';
import * as staff from './migrations/2026-11-24-03-staff.ts';
import * as lottery from './migrations/2026-12-01-04-lottery.ts';
import * as insights from './migrations/2026-12-01-05-insights.ts';
import * as textAsTyped from './migrations/2026-12-02-06-text-as-typed.ts';
import * as authLimits from './migrations/2026-12-02-07-auth-limits.ts';
import * as groupRules from './migrations/2026-12-02-08-group-rules.ts';
import * as demoPostcodes from './migrations/2026-12-02-09-demo-postcodes.ts';
import * as files from './migrations/2026-12-02-12-files.ts';
import * as organisations from './migrations/2026-12-03-13-organisations.ts';
import * as roleAssignments from './migrations/2026-12-03-14-role-assignments.ts';
import * as households from './migrations/2026-12-03-15-households.ts';
import * as organisationRegistry from './migrations/2026-12-03-16-organisation-registry.ts';
import * as notify from './migrations/2026-12-03-17-notify.ts';
import * as line from './migrations/2026-12-03-18-line.ts';
import * as leases from './migrations/2026-12-04-19-leases.ts';
import * as changeMarks from './migrations/2026-12-05-20-change-marks.ts';
import * as appointments from './migrations/2026-12-06-21-appointments.ts';
import * as appointmentChanges from './migrations/2026-12-07-22-appointment-changes.ts';
import * as appointmentContactLocks from './migrations/2026-12-08-23-appointment-contact-locks.ts';
import * as messageQr from './migrations/2026-12-08-24-message-qr.ts';
import * as associationJoining from './migrations/2026-12-09-25-association-joining.ts';

const migrations: Record<string, Migration> = {
  '2026-11-24-01-catalogue': catalogue,
  '2026-11-24-02-accounts-booking': accountsBooking,
  '2026-11-24-03-staff': staff,
  '2026-12-01-04-lottery': lottery,
  '2026-12-01-05-insights': insights,
  '2026-12-02-06-text-as-typed': textAsTyped,
  '2026-12-02-07-auth-limits': authLimits,
  '2026-12-02-08-group-rules': groupRules,
  '2026-12-02-09-demo-postcodes': demoPostcodes,
  '2026-12-02-12-files': files,
  '2026-12-03-13-organisations': organisations,
  '2026-12-03-14-role-assignments': roleAssignments,
  '2026-12-03-15-households': households,
  '2026-12-03-16-organisation-registry': organisationRegistry,
  '2026-12-03-17-notify': notify,
  '2026-12-03-18-line': line,
  '2026-12-04-19-leases': leases,
  '2026-12-05-20-change-marks': changeMarks,
  '2026-12-06-21-appointments': appointments,
  '2026-12-07-22-appointment-changes': appointmentChanges,
  '2026-12-08-23-appointment-contact-locks': appointmentContactLocks,
  '2026-12-08-24-message-qr': messageQr,
  '2026-12-09-25-association-joining': associationJoining,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: DatabaseHandle): Promise<string[]> {
  return applied(await new Migrator({ db: db.kysely, provider }).migrateToLatest());
}

/** Up (or down) to the named migration: how a data migration is tested on rows written before it. */
export async function migrateTo(db: DatabaseHandle, name: string): Promise<string[]> {
  return applied(await new Migrator({ db: db.kysely, provider }).migrateTo(name));
}

function applied({ error, results }: MigrationResultSet): string[] {
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
