/**
 * Table types of the insights aggregates (migration 2026-12-01-05-insights and after). Composed into
 * `Database` by schema.ts.
 */

/** A month whose insights aggregates were built (see migration 2026-12-01-05-insights). */
export interface InsightsMonthTable {
  month: string;
  built_at: string;
  version: number;
}

/** A mark: a month whose figures changed since it was built. */
export interface InsightsDirtyTable {
  id: string;
  month: string;
  claimed_by: string | null;
}

export interface InsightsCellTable {
  scope: string;
  month: string;
  dim: string;
  key: string;
  open_cells: number;
  booked_cells: number;
}

export interface InsightsRoomCellTable {
  period: string;
  room_id: string;
  facility_id: string;
  open_cells: number;
  booked_cells: number;
}

export interface InsightsYearTable {
  year: string;
  months_version: number;
}

export interface InsightsUsageTable {
  month: string;
  scope: string;
  dim: string;
  key: string;
  bookings: number;
  attendees: number;
  bookers: number;
}
