import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from './db/database.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'tsunagu-cli-'));
const dbPath = join(dir, 'cli.db');
const fixtures = new URL('./features/facility/import/fixtures/', import.meta.url).pathname;

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/tsunagu.js', ...args], {
      env: { ...process.env, DATABASE_URL: `sqlite:${dbPath}` },
      cwd: new URL('..', import.meta.url).pathname,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npx tsunagu', () => {
  it('prints help and refuses unknown commands with exit code 2', async () => {
    expect((await cli('help')).stdout).toContain('import facilities FILE.csv');
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command: frobnicate');
  });

  it('imports facilities and rooms, then reports a bad file by line and column and changes nothing', async () => {
    const good = await cli('import', 'facilities', join(fixtures, 'facilities-good.csv'));
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/import facilities: \d+ added, 0 updated/);
    const rooms = await cli('import', 'rooms', join(fixtures, 'rooms-good.csv'));
    expect(rooms.code).toBe(0);

    const db = createDb({ dialect: 'sqlite', path: dbPath });
    const count = async () => (await db.kysely.selectFrom('facilities').select('id').execute()).length;
    const before = await count();

    const bad = await cli('import', 'facilities', join(fixtures, 'facilities-bad.csv'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('nothing was imported');
    expect(bad.stderr).toMatch(/\d+行目 「[^」]+」: /);
    expect(await count()).toBe(before);
    await db.close();
  });

  it('says clearly when the file cannot be read', async () => {
    const missing = await cli('import', 'facilities', join(dir, 'nope.csv'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read');
    writeFileSync(join(dir, 'empty.csv'), '');
    const empty = await cli('import', 'facilities', join(dir, 'empty.csv'));
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('1行目');
  });

  it('creates a resident non-interactively and refuses bad or duplicate input', async () => {
    const made = await cli(
      'user',
      'add',
      '--email',
      'cli@example.com',
      '--password',
      'cli-password-123',
      '--name',
      '八幡 五郎',
      '--kana',
      'ヤハタ ゴロウ',
    );
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/created cli@example.com — 利用者番号 \d{8}/);
    const again = await cli('user', 'add', '--email', 'CLI@example.com', '--password', 'cli-password-123', '--name', '八幡 五郎');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('すでに登録されています');
    const bad = await cli('user', 'add', '--email', 'nope', '--password', 'short', '--name', 'x');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--email');
    expect(bad.stderr).toContain('--password');
  });

  it('creates staff accounts with their scope, and refuses a clerk without a known facility', async () => {
    const admin = await cli('staff', 'add', '--email', 'admin@city.example', '--password', 'admin-password-1', '--role', 'admin');
    expect(admin.code).toBe(0);
    expect(admin.stdout).toContain('created admin admin@city.example');
    const ward = await cli(
      'staff',
      'add',
      '--email',
      'ward@city.example',
      '--password',
      'ward-password-1',
      '--role',
      'ward',
      '--ward',
      'tobata',
    );
    expect(ward.stdout).toContain('created ward ward@city.example for tobata');
    const clerk = await cli(
      'staff',
      'add',
      '--email',
      'clerk@city.example',
      '--password',
      'clerk-password-1',
      '--role',
      'clerk',
      '--facility',
      'nope',
    );
    expect(clerk.code).toBe(1);
    expect(clerk.stderr).toContain('施設が見つかりません');
    const badRole = await cli('staff', 'add', '--email', 'x@city.example', '--password', 'x-password-12', '--role', 'boss');
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role');
  });

  it('loads the demo city only into an empty catalogue', async () => {
    const refused = await cli('seed', '--demo');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('already has facilities');
  });
});
