/**
 * Files of the platform kernel (platform/files): one metadata row per upload in `files`, and the bytes
 * once per content in `file_blobs` (keyed by SHA-256, so the same bytes uploaded twice are stored once).
 * `content` holds the bytes when files are kept in the database and stays null when they are kept in a
 * shared directory (FILES_DIR). The foreign key keeps a blob alive while any file names it. `bytea` is
 * PostgreSQL's byte type; SQLite stores a blob unchanged under that name. Frozen once shipped.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('file_blobs')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content', 'bytea')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_kind', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull().references('file_blobs.sha256'))
    .addColumn('uploaded_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    // Local date (Asia/Tokyo) from which the retention job removes the file; null: removed with its owner.
    .addColumn('expires_on', 'text')
    .execute();
  await db.schema.createIndex('files_owner').on('files').columns(['owner_kind', 'owner_id']).execute();
  await db.schema.createIndex('files_sha256').on('files').column('sha256').execute();
  await db.schema.createIndex('files_expires_on').on('files').column('expires_on').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('files').execute();
  await db.schema.dropTable('file_blobs').execute();
}
