import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { countRows, describeEachDialect, testClock } from '../../../test/db.ts';
import type { FileStorageConfig } from '../../config.ts';
import { fixedClock } from '../../lib/time.ts';
import { pdfBytes, photoWithGps, testKinds } from './file-fixtures.test-helpers.ts';
import { defineFileKinds } from './file-kinds.ts';
import { fileRetentionJob, findFile, openFileContent, purgeExpiredFiles, removeFilesOf, storeFile } from './file-store.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function storages(): [string, () => FileStorageConfig][] {
  let dir: string | undefined;
  return [
    ['database', () => ({ storage: 'database' })],
    [
      'directory',
      () => {
        if (!dir) {
          dir = mkdtempSync(join(tmpdir(), 'tsunagu-files-'));
          dirs.push(dir);
        }
        return { storage: 'directory', dir };
      },
    ],
  ];
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

describeEachDialect('platform files store', (t) => {
  for (const [label, storage] of storages()) {
    describe(`kept in the ${label}`, () => {
      const clock = testClock();

      it('stores an upload for its owner and gives the same bytes back', async () => {
        const bytes = pdfBytes(`store-${label}`);
        const file = await storeFile(t().db.kysely, storage(), testKinds, clock, {
          owner: { kind: 'receipt', id: 'r1' },
          name: '領収書 11月.pdf',
          bytes,
        });
        expect(file).toMatchObject({ contentType: 'application/pdf', name: '領収書 11月.pdf', size: bytes.length });
        const found = await findFile(t().db.kysely, file.id);
        expect(found?.owner).toEqual({ kind: 'receipt', id: 'r1' });
        expect(await readAll(await openFileContent(t().db.kysely, storage(), file))).toEqual(bytes);
      });

      it('stores the same bytes once however often they are uploaded', async () => {
        const bytes = pdfBytes(`dedupe-${label}`);
        const blobsBefore = await countRows(t(), 'file_blobs');
        const a = await storeFile(t().db.kysely, storage(), testKinds, clock, {
          owner: { kind: 'receipt', id: 'd1' },
          name: 'a.pdf',
          bytes,
        });
        const b = await storeFile(t().db.kysely, storage(), testKinds, clock, {
          owner: { kind: 'receipt', id: 'd2' },
          name: 'b.pdf',
          bytes,
        });
        expect(a.sha256).toBe(b.sha256);
        expect(a.id).not.toBe(b.id);
        expect(await countRows(t(), 'file_blobs')).toBe(blobsBefore + 1);
      });

      it('refuses a .jpg whose bytes are a PDF when the kind takes no PDFs, and stores nothing', async () => {
        const kinds = defineFileKinds({ photo: { allowedTypes: ['image/jpeg'], maxBytes: 100_000, retention: { rule: 'with-owner' } } });
        const before = await countRows(t(), 'files');
        await expect(
          storeFile(t().db.kysely, storage(), kinds, clock, { owner: { kind: 'photo', id: 'p1' }, name: 'photo.jpg', bytes: pdfBytes() }),
        ).rejects.toMatchObject({ reason: 'wrong-type' });
        expect(await countRows(t(), 'files')).toBe(before);
      });

      it('names a PDF uploaded as .jpg by its real type', async () => {
        const file = await storeFile(t().db.kysely, storage(), testKinds, clock, {
          owner: { kind: 'receipt', id: 'n1' },
          name: '../../etc/scan.jpg',
          bytes: pdfBytes(`named-${label}`),
        });
        expect(file).toMatchObject({ contentType: 'application/pdf', name: 'scan.pdf' });
      });

      it('refuses an upload over the kind’s size limit', async () => {
        const bytes = Buffer.concat([pdfBytes(), Buffer.alloc(200_001)]);
        await expect(
          storeFile(t().db.kysely, storage(), testKinds, clock, { owner: { kind: 'receipt', id: 'big' }, name: 'big.pdf', bytes }),
        ).rejects.toMatchObject({ reason: 'too-large', limitBytes: 200_000 });
      });

      it('refuses an owner kind nobody declared', async () => {
        await expect(
          storeFile(t().db.kysely, storage(), testKinds, clock, { owner: { kind: 'toString', id: 'x' }, name: 'a.pdf', bytes: pdfBytes() }),
        ).rejects.toMatchObject({ reason: 'unknown-kind' });
      });

      it('scales a large photo down to the maximum edge and drops its EXIF (GPS) metadata', async () => {
        const original = await photoWithGps();
        expect((await sharp(original).metadata()).exif).toBeDefined();
        const file = await storeFile(t().db.kysely, storage(), testKinds, clock, {
          owner: { kind: 'circular', id: 'c-photo' },
          name: 'IMG_0001.JPG',
          bytes: original,
        });
        const stored = await readAll(await openFileContent(t().db.kysely, storage(), file));
        const meta = await sharp(stored).metadata();
        expect([meta.width, meta.height]).toEqual([400, 267]);
        expect(meta.exif).toBeUndefined();
        expect(stored.includes(Buffer.from('TestPhone'))).toBe(false);
        expect(file).toMatchObject({ contentType: 'image/jpeg', size: stored.length });
      });

      it('refuses an image whose bytes cannot be decoded', async () => {
        const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 7)]);
        await expect(
          storeFile(t().db.kysely, storage(), testKinds, clock, { owner: { kind: 'circular', id: 'c-bad' }, name: 'a.jpg', bytes: broken }),
        ).rejects.toMatchObject({ reason: 'unreadable' });
      });

      it('removes the files with their owner, keeping bytes another file still uses', async () => {
        const shared = pdfBytes(`shared-${label}`);
        const own = pdfBytes(`own-${label}`);
        const db = t().db.kysely;
        const kept = await storeFile(db, storage(), testKinds, clock, {
          owner: { kind: 'circular', id: 'keep' },
          name: 'a.pdf',
          bytes: shared,
        });
        await storeFile(db, storage(), testKinds, clock, { owner: { kind: 'circular', id: 'gone' }, name: 'a.pdf', bytes: shared });
        const ownFile = await storeFile(db, storage(), testKinds, clock, {
          owner: { kind: 'circular', id: 'gone' },
          name: 'b.pdf',
          bytes: own,
        });
        expect(await removeFilesOf(db, storage(), { kind: 'circular', id: 'gone' })).toBe(2);
        expect(await findFile(db, ownFile.id)).toBeUndefined();
        const blobs = await db.selectFrom('file_blobs').select('sha256').where('sha256', 'in', [kept.sha256, ownFile.sha256]).execute();
        expect(blobs.map((b) => b.sha256)).toEqual([kept.sha256]);
        expect(await readAll(await openFileContent(db, storage(), kept))).toEqual(shared);
        const s = storage();
        if (s.storage === 'directory') {
          expect(readdirSync(join(s.dir, ownFile.sha256.slice(0, 2)))).not.toContain(ownFile.sha256);
        }
      });

      it('purges a receipt five years after its fiscal year, not a day before', async () => {
        const db = t().db.kysely;
        // Uploaded 2026-11-24 (fiscal year 2026, which ends 2027-03-31): kept until 2032-03-31.
        const receipt = await storeFile(db, storage(), testKinds, clock, {
          owner: { kind: 'receipt', id: `purge-${label}` },
          name: 'r.pdf',
          bytes: pdfBytes(`purge-${label}`),
        });
        const attachment = await storeFile(db, storage(), testKinds, clock, {
          owner: { kind: 'circular', id: `purge-${label}` },
          name: 'c.pdf',
          bytes: pdfBytes(`attachment-${label}`),
        });
        expect(receipt.expiresOn).toBe('2032-04-01');
        await purgeExpiredFiles(db, fixedClock('2032-03-31T14:00:00Z'), storage()); // 23:00 on 31 March in Tokyo
        expect(await findFile(db, receipt.id)).toBeDefined();
        expect(await purgeExpiredFiles(db, fixedClock('2032-03-31T15:00:00Z'), storage())).toBeGreaterThanOrEqual(1);
        expect(await findFile(db, receipt.id)).toBeUndefined();
        expect(await findFile(db, attachment.id)).toBeDefined();
      });

      it('is purged by the scheduled retention job, which the server and `jobs run` both run', async () => {
        const db = t().db.kysely;
        const receipt = await storeFile(db, storage(), testKinds, clock, {
          owner: { kind: 'receipt', id: `job-${label}` },
          name: 'r.pdf',
          bytes: pdfBytes(`job-${label}`),
        });
        const outcome = await fileRetentionJob.run({ db, clock: fixedClock('2032-04-01T00:00:00Z'), files: storage() });
        expect(outcome.summary).toMatch(/^files: [1-9]\d* past their retention removed$/);
        expect(outcome.changed).toBe(true);
        expect(await findFile(db, receipt.id)).toBeUndefined();
      });
    });
  }
});
