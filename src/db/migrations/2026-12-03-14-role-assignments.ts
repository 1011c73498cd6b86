/**
 * Scoped roles (DESIGN "The platform kernel"): a person holds any number of role assignments, each a role
 * at a scope — the city, a ward, a facility, a ward office, a department or an organisation. Today's
 * users.role with staff_facility_id / staff_ward_id becomes one assignment per staff account:
 * clerk → centre_staff at the facility, ward → ward_officer at the ward, admin → admin of the city.
 *
 * users.role, staff_facility_id and staff_ward_id stay in place, unread from here on: SQLite cannot drop a
 * column that carries a foreign key (staff_facility_id → facilities, staff_ward_id → wards) without
 * rebuilding the users table, which every other table references. They are left as the record of what
 * was migrated. A clerk or ward officer row without its facility or ward (possible only by hand-made SQL:
 * the old code never wrote one) had no scope to act in, so it gets no assignment; its users.role stays.
 *
 * The scope id names a row of wards, facilities or organisations by scope kind, so it cannot carry one
 * foreign key; the services check it. The invariants that need no lookup are CHECKs here: which scope kind
 * each role takes, and that only the city has no id. Frozen once shipped. Portable SQL only.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('role_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('scope_kind', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text')
    .addColumn('granted_by', 'text', (c) => c.references('users.id')) // null: this migration or the CLI
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'role_assignments_role_scope',
      sql`(role = 'admin' and scope_kind = 'city')
        or (role = 'ward_officer' and scope_kind = 'ward')
        or (role = 'centre_staff' and scope_kind = 'facility')
        or (role = 'counter_clerk' and scope_kind = 'ward_office')
        or (role = 'department_staff' and scope_kind = 'department')
        or (role = 'coordinator' and scope_kind = 'department')
        or (role = 'organisation_officer' and scope_kind = 'organisation')`,
    )
    .addCheckConstraint('role_assignments_scope_id', sql`(scope_kind = 'city') = (scope_id is null)`)
    .execute();
  // One row per person, role and scope. The city's null id would make every admin row distinct to a plain
  // unique index (NULLs never collide), hence the coalesce; both databases index expressions.
  await sql`create unique index role_assignments_unique on role_assignments (user_id, role, scope_kind, coalesce(scope_id, ''))`.execute(
    db,
  );
  await db.schema.createIndex('role_assignments_scope').on('role_assignments').columns(['scope_kind', 'scope_id']).execute();

  const staff = await db
    .selectFrom('users')
    .select(['id', 'role', 'staff_facility_id', 'staff_ward_id', 'created_at'])
    .where('role', 'in', ['clerk', 'ward', 'admin'])
    .orderBy('id')
    .execute();
  const rows = staff.flatMap((u) => {
    // The account was made staff when it was created (staff add), so its creation is the grant's time.
    const base = { id: `ra_${u.id}`, user_id: u.id, granted_by: null, granted_at: u.created_at };
    if (u.role === 'admin') return [{ ...base, role: 'admin', scope_kind: 'city', scope_id: null }];
    if (u.role === 'ward' && u.staff_ward_id) return [{ ...base, role: 'ward_officer', scope_kind: 'ward', scope_id: u.staff_ward_id }];
    if (u.role === 'clerk' && u.staff_facility_id)
      return [{ ...base, role: 'centre_staff', scope_kind: 'facility', scope_id: u.staff_facility_id }];
    return [];
  });
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('role_assignments')
      .values(rows.slice(i, i + 200))
      .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('role_assignments').execute();
}
