/**
 * Storing, reading and removing uploads. Metadata lives in `files`; the bytes once per SHA-256 in
 * `file_blobs`, either in its `content` column (default: works for N app processes on one PostgreSQL) or
 * as a file in a directory every process shares (FILES_DIR). The blob row is the lock for its bytes: an
 * upload upserts it (taking the row lock) before writing the bytes, and removal deletes it (only when no
 * file names it, which the foreign key enforces) before unlinking, so a concurrent upload of the same
 * bytes never loses them.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { FileStorageConfig } from '../../config.ts';
import type { Db, Trx } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { newId } from '../../lib/ids.ts';
import { type Clock, todayIn } from '../../lib/time.ts';
import type { ScheduledJob } from '../jobs/jobs.ts';
import { detectFileType, EXTENSIONS, type FileType, isImage } from './detect-type.ts';
import { expiryOf, type FileKindPolicy, type FileKinds, type FileOwner } from './file-kinds.ts';

export type FileRefusal = 'too-large' | 'wrong-type' | 'unreadable' | 'unknown-kind';

/** An upload the kind's policy does not accept; the route answers 413 (too large) or 422. */
export class FileRefusedError extends Error {
  constructor(
    readonly reason: FileRefusal,
    readonly limitBytes?: number,
  ) {
    super(`file refused: ${reason}`);
  }
}

export interface StoredFile {
  id: string;
  owner: FileOwner;
  name: string;
  contentType: FileType;
  size: number;
  sha256: string;
  createdAt: string;
  expiresOn: string | null;
}

export interface StoreFileInput {
  owner: FileOwner;
  /** The name the uploader gave (only for display and the download's filename). */
  name: string;
  bytes: Uint8Array;
  uploadedBy?: string | null;
}

export function policyOf(kinds: FileKinds, kind: string): FileKindPolicy {
  const policy = Object.hasOwn(kinds, kind) ? kinds[kind] : undefined;
  if (!policy) throw new FileRefusedError('unknown-kind');
  return policy;
}

/** Checks the upload against its kind, normalises images, and records it. Joins the caller's transaction. */
export async function storeFile(
  db: Db,
  storage: FileStorageConfig,
  kinds: FileKinds,
  clock: Clock,
  input: StoreFileInput,
): Promise<StoredFile> {
  const policy = policyOf(kinds, input.owner.kind);
  if (input.bytes.byteLength > policy.maxBytes) throw new FileRefusedError('too-large', policy.maxBytes);
  const type = detectFileType(input.bytes);
  if (type === undefined || !policy.allowedTypes.includes(type)) throw new FileRefusedError('wrong-type');
  const bytes = isImage(type) ? await normaliseImage(input.bytes, type, policy.image?.maxEdge) : Buffer.from(input.bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const now = clock.now().toISOString();
  const file: StoredFile = {
    id: newId('file'),
    owner: { kind: input.owner.kind, id: input.owner.id },
    name: cleanName(input.name, type),
    contentType: type,
    size: bytes.byteLength,
    sha256,
    createdAt: now,
    expiresOn: expiryOf(policy.retention, todayIn(clock)),
  };
  await inTransaction(db, async (trx) => {
    await trx
      .insertInto('file_blobs')
      .values({ sha256, size: bytes.byteLength, content: storage.storage === 'database' ? bytes : null, created_at: now })
      // A no-op update still locks the row, so a concurrent removal of the same bytes waits for this one.
      .onConflict((oc) => oc.column('sha256').doUpdateSet({ size: bytes.byteLength }))
      .execute();
    if (storage.storage === 'directory') await writeBlob(storage.dir, sha256, bytes);
    await trx
      .insertInto('files')
      .values({
        id: file.id,
        owner_kind: file.owner.kind,
        owner_id: file.owner.id,
        name: file.name,
        content_type: file.contentType,
        size: file.size,
        sha256,
        uploaded_by: input.uploadedBy ?? null,
        created_at: now,
        expires_on: file.expiresOn,
      })
      .execute();
  });
  return file;
}

export async function findFile(db: Db, id: string): Promise<StoredFile | undefined> {
  const row = await db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toStoredFile(row);
}

export async function listFilesOf(db: Db, owner: FileOwner): Promise<StoredFile[]> {
  const rows = await db
    .selectFrom('files')
    .selectAll()
    .where('owner_kind', '=', owner.kind)
    .where('owner_id', '=', owner.id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toStoredFile);
}

/** The bytes of a stored file as a stream (read from disk in chunks, or from its row). */
export async function openFileContent(db: Db, storage: FileStorageConfig, file: StoredFile): Promise<ReadableStream<Uint8Array>> {
  if (storage.storage === 'directory') {
    return Readable.toWeb(createReadStream(blobPath(storage.dir, file.sha256))) as ReadableStream<Uint8Array>;
  }
  const blob = await db.selectFrom('file_blobs').select('content').where('sha256', '=', file.sha256).executeTakeFirstOrThrow();
  const content = blob.content ?? Buffer.alloc(0);
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new Uint8Array(content));
      controller.close();
    },
  });
}

/** Removes every file of an owner (call it in the transaction that removes the owner). */
export async function removeFilesOf(db: Db, storage: FileStorageConfig, owner: FileOwner): Promise<number> {
  return inTransaction(db, async (trx) => {
    const removed = await trx
      .deleteFrom('files')
      .where('owner_kind', '=', owner.kind)
      .where('owner_id', '=', owner.id)
      .returning('sha256')
      .execute();
    await releaseBlobs(
      trx,
      storage,
      removed.map((r) => r.sha256),
    );
    return removed.length;
  });
}

/**
 * The retention job: removes the files whose retention has ended by today (Asia/Tokyo), and their bytes
 * when no other file shares them. Returns how many files went.
 */
export async function purgeExpiredFiles(db: Db, clock: Clock, storage: FileStorageConfig): Promise<number> {
  const today = todayIn(clock);
  return inTransaction(db, async (trx) => {
    const removed = await trx.deleteFrom('files').where('expires_on', '<=', today).returning('sha256').execute();
    await releaseBlobs(
      trx,
      storage,
      removed.map((r) => r.sha256),
    );
    return removed.length;
  });
}

async function releaseBlobs(trx: Trx, storage: FileStorageConfig, hashes: string[]): Promise<void> {
  for (const sha256 of new Set(hashes)) {
    const gone = await trx
      .deleteFrom('file_blobs')
      .where('sha256', '=', sha256)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('files').select('id').where('sha256', '=', sha256))))
      .returning('sha256')
      .executeTakeFirst();
    if (gone && storage.storage === 'directory') await rm(blobPath(storage.dir, sha256), { force: true });
  }
}

async function normaliseImage(bytes: Uint8Array, type: FileType, maxEdge: number | undefined): Promise<Buffer> {
  // Imported on the first image, not at server start (about 30 MiB a process would carry for nothing).
  const { default: sharp } = await import('sharp');
  try {
    // rotate() applies the EXIF orientation first, since the metadata (GPS location too) is dropped:
    // sharp writes none unless asked to keep it.
    let image = sharp(bytes, { failOn: 'error' }).rotate();
    if (maxEdge !== undefined) image = image.resize({ width: maxEdge, height: maxEdge, fit: 'inside', withoutEnlargement: true });
    if (type === 'image/png') return await image.png().toBuffer();
    if (type === 'image/webp') return await image.webp().toBuffer();
    return await image.jpeg({ quality: 85, mozjpeg: true }).toBuffer();
  } catch {
    throw new FileRefusedError('unreadable');
  }
}

// Path separators and control characters out, at most 120 characters, and the extension of the real type.
function cleanName(declared: string, type: FileType): string {
  const base = (declared.normalize('NFC').split(/[\\/]/).pop() ?? '')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim()
    .slice(0, 120);
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  const extensions = EXTENSIONS[type];
  return EXTENSIONS[type].includes(ext) ? base : `${stem || 'file'}.${extensions[0]}`;
}

function blobPath(dir: string, sha256: string): string {
  return join(dir, sha256.slice(0, 2), sha256);
}

// Written to a temporary name and renamed, so a reader never sees half a file; the same bytes rewrite
// the same content, so two processes uploading at once agree.
async function writeBlob(dir: string, sha256: string, bytes: Buffer): Promise<void> {
  const path = blobPath(dir, sha256);
  const exists = await stat(path).then(
    (s) => s.size === bytes.byteLength,
    () => false,
  );
  if (exists) return;
  await mkdir(join(dir, sha256.slice(0, 2)), { recursive: true });
  const temporary = `${path}.${process.pid}.${newId('tmp')}`;
  await writeFile(temporary, bytes, { flush: true });
  await rename(temporary, path);
}

function toStoredFile(row: {
  id: string;
  owner_kind: string;
  owner_id: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  created_at: string;
  expires_on: string | null;
}): StoredFile {
  return {
    id: row.id,
    owner: { kind: row.owner_kind, id: row.owner_id },
    name: row.name,
    contentType: row.content_type as FileType,
    size: Number(row.size),
    sha256: row.sha256,
    createdAt: row.created_at,
    expiresOn: row.expires_on,
  };
}

/** Daily: the files whose retention ended (領収書 after 5 fiscal years) go, with their bytes. */
export const fileRetentionJob: ScheduledJob = {
  name: 'file-retention',
  firstRunAfterMinutes: 5,
  everyMinutes: 24 * 60,
  async run({ db, clock, files }) {
    const removed = await purgeExpiredFiles(db, clock, files);
    return { summary: `files: ${removed} past their retention removed`, changed: removed > 0, problems: [] };
  },
};
