/** Recognises database errors by their portable meaning rather than by driver class. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  // PostgreSQL unique_violation; better-sqlite3 reports UNIQUE and PRIMARY KEY conflicts with these codes.
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Which unique rule a violation broke, from the constraint name (PostgreSQL) or the column list in the
 * message (SQLite). Lets a lost race for a cell (409) be told apart from a replayed idempotency key.
 */
export function uniqueViolationOn(error: unknown): 'cell' | 'idempotency' | 'reservation_number' | 'other' | undefined {
  if (!isUniqueViolation(error)) return undefined;
  const e = error as { constraint?: string; message?: string };
  const text = `${e.constraint ?? ''} ${e.message ?? ''}`;
  if (/reservation_cells/.test(text)) return 'cell';
  if (/idempotency/.test(text)) return 'idempotency';
  if (/reservations_number|reservations\.number/.test(text)) return 'reservation_number';
  return 'other';
}
