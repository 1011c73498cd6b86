import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { tokenFor } from '../../../test/api.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeUser } from '../../../test/factories.ts';
import type { FileStorageConfig } from '../../config.ts';
import type { AppEnv } from '../../http/env.ts';
import { problem } from '../../http/errors.tsx';
import { translateIssues } from '../../lib/errors.ts';
import { pdfBytes } from './file-fixtures.test-helpers.ts';
import { defineFileKinds } from './file-kinds.ts';
import { contentDisposition, readUpload, sendFile, uploadBodyLimit, uploadIssue } from './file-routes.ts';
import { FileRefusedError, storeFile } from './file-store.ts';

const storage: FileStorageConfig = { storage: 'database' };
// 'profile' files may be downloaded by the user they belong to; 'unchecked' declares no check at all.
const kinds = defineFileKinds({
  profile: {
    allowedTypes: ['application/pdf'],
    maxBytes: 300_000,
    retention: { rule: 'with-owner' },
    mayDownload: (c, owner) => c.get('user')?.id === owner.id,
  },
  unchecked: { allowedTypes: ['application/pdf'], maxBytes: 1000, retention: { rule: 'with-owner' } },
});

function filesTestRoutes() {
  const routes = new Hono<AppEnv>();
  routes.post('/test-files/:ownerId', uploadBodyLimit(kinds, 'profile'), async (c) => {
    const upload = await readUpload(c, 'file');
    const { db, clock } = c.get('deps');
    if (!upload) return problem(c, { kind: 'invalid-input', title: c.get('t')('errInvalidValue'), status: 422 });
    try {
      const file = await storeFile(db, storage, kinds, clock, { owner: { kind: 'profile', id: c.req.param('ownerId') }, ...upload });
      return c.json({ id: file.id }, 201);
    } catch (error) {
      if (!(error instanceof FileRefusedError)) throw error;
      const { status, issue } = uploadIssue(kinds, 'profile', 'file', error);
      const [message] = translateIssues(c.get('t'), [issue]);
      return problem(c, { kind: status === 413 ? 'payload-too-large' : 'invalid-input', title: message?.message ?? '', status });
    }
  });
  routes.get('/test-files/:id', (c) => sendFile(c, { kinds, storage, fileId: c.req.param('id') }));
  return routes;
}

function form(bytes: Buffer, name: string) {
  const body = new FormData();
  body.set('file', new File([new Uint8Array(bytes)], name, { type: 'image/jpeg' }));
  return body;
}

describe('contentDisposition', () => {
  it('gives a Japanese name as RFC 5987 filename* with an ASCII fallback', () => {
    expect(contentDisposition('attachment', '回覧 12月(案).pdf')).toBe(
      `attachment; filename="__ 12_(_).pdf"; filename*=UTF-8''%E5%9B%9E%E8%A6%A7%2012%E6%9C%88%28%E6%A1%88%29.pdf`,
    );
  });
});

describeEachDialect('platform files routes', (t) => {
  const setup = () => {
    const app = testApp(t());
    app.route('/api/v1', filesTestRoutes());
    return app;
  };

  it('takes an upload larger than the app-wide 64 KiB limit on a route that declares its own', async () => {
    const app = setup();
    const user = await makeUser(t().db.kysely);
    const bytes = Buffer.concat([pdfBytes(), Buffer.alloc(200_000, 32)]);
    const res = await app.request(`/api/v1/test-files/${user.id}`, { method: 'POST', body: form(bytes, 'big.pdf') });
    expect(res.status).toBe(201);
  });

  it('answers 413 with the limit in Japanese or English past the kind’s size', async () => {
    const app = setup();
    const bytes = Buffer.concat([pdfBytes(), Buffer.alloc(400_000, 32)]);
    const ja = await app.request('/api/v1/test-files/someone', { method: 'POST', body: form(bytes, 'big.pdf') });
    expect(ja.status).toBe(413);
    expect((await ja.json()).title).toBe('ファイルが大きすぎます。0.2 MB 以下のファイルを選んでください。');
    const en = await app.request('/api/v1/test-files/someone', {
      method: 'POST',
      body: form(bytes, 'big.pdf'),
      headers: { 'accept-language': 'en' },
    });
    expect(en.status).toBe(413);
    expect((await en.json()).title).toBe('The file is too large. Please choose a file of at most 0.2 MB.');
  });

  it('answers 422 naming the accepted types for a .jpg that is not a PDF', async () => {
    const app = setup();
    const res = await app.request('/api/v1/test-files/someone', { method: 'POST', body: form(Buffer.from('GIF89a....'), 'photo.jpg') });
    expect(res.status).toBe(422);
    expect((await res.json()).title).toBe('この種類のファイルは受け付けていません。PDF のファイルを選んでください。');
  });

  it('downloads only to whom the owner kind’s check allows, with safe headers', async () => {
    const app = setup();
    const owner = await makeUser(t().db.kysely);
    const other = await makeUser(t().db.kysely);
    const bytes = pdfBytes('download');
    const file = await storeFile(
      t().db.kysely,
      storage,
      kinds,
      { now: () => new Date() },
      {
        owner: { kind: 'profile', id: owner.id },
        name: '利用許可書.pdf',
        bytes,
      },
    );
    const allowed = await app.request(`/api/v1/test-files/${file.id}`, {
      headers: { authorization: `Bearer ${await tokenFor(t(), owner.id)}` },
    });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('content-type')).toBe('application/pdf');
    expect(allowed.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('利用許可書.pdf')}`);
    expect(allowed.headers.get('x-content-type-options')).toBe('nosniff');
    expect(allowed.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(await allowed.arrayBuffer())).toEqual(bytes);

    const refused = await app.request(`/api/v1/test-files/${file.id}`, {
      headers: { authorization: `Bearer ${await tokenFor(t(), other.id)}` },
    });
    expect(refused.status).toBe(403);
    expect((await app.request(`/api/v1/test-files/${file.id}`)).status).toBe(403);
  });

  it('refuses every download of a kind that declared no check', async () => {
    const app = setup();
    const file = await storeFile(
      t().db.kysely,
      storage,
      kinds,
      { now: () => new Date() },
      {
        owner: { kind: 'unchecked', id: 'x' },
        name: 'a.pdf',
        bytes: pdfBytes('unchecked'),
      },
    );
    expect((await app.request(`/api/v1/test-files/${file.id}`)).status).toBe(403);
  });

  it('still refuses a large body on a route without an upload limit', async () => {
    const app = setup();
    const res = await app.request('/api/v1/bookings', {
      method: 'POST',
      body: 'x'.repeat(70 * 1024),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
  });
});
