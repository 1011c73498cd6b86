/**
 * Table types of joining a 自治会 by passcode (features/association; migration
 * 2026-12-09-25-association-joining, which explains the model). Composed into `Database` by schema.ts.
 */

export interface AssociationPasscodeTable {
  id: string;
  /** 8 digits, printed on paper and typed by residents. */
  code: string;
  association_id: string;
  /** Set: joining with it puts the household in this 班 too. */
  han_id: string | null;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

export interface AssociationJoinSettingTable {
  association_id: string;
  /** 1: a join waits for an officer's approval. */
  requires_approval: number;
  updated_by: string;
  updated_at: string;
}

export interface AssociationJoinRequestTable {
  id: string;
  association_id: string;
  han_id: string | null;
  household_id: string;
  passcode_id: string;
  requested_by: string;
  /** 'pending' | 'approved' | 'declined' */
  status: string;
  created_at: string;
  decided_by: string | null;
  decided_at: string | null;
}

export interface AssociationTables {
  association_passcodes: AssociationPasscodeTable;
  association_join_settings: AssociationJoinSettingTable;
  association_join_requests: AssociationJoinRequestTable;
}
