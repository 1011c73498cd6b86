import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { makeFacility, makeRoom, makeUser } from '../test/factories.ts';
import { createDb } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { ensureReferenceData } from './db/seed/reference-data.ts';
import { getUser } from './features/account/account.service.ts';
import { drawMonth, submitEntry } from './features/lottery/lottery.service.ts';
import { fixedClock } from './lib/time.ts';

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

  it('exports a drawn lottery month and verifies it; a tampered file fails with exit code 1', async () => {
    // Draw a month in-process with a frozen clock (the CLI itself runs on the real clock).
    const db = createDb({ dialect: 'sqlite', path: dbPath });
    await migrateToLatest(db); // already done when the earlier tests ran; needed when this one runs alone
    await ensureReferenceData(db.kysely);
    const clock = fixedClock('2026-12-02T01:00:00Z'); // entries for 2027-02 are open
    const facilityId = await makeFacility(db.kysely);
    const hall = await makeRoom(db.kysely, facilityId, { room_type: 'hall', capacity: 80, allocation: 'lottery' });
    for (let i = 0; i < 6; i++) {
      const user = await getUser(db.kysely, (await makeUser(db.kysely)).id);
      const wishes = [
        { roomId: hall, date: '2027-02-06', bands: ['afternoon'] },
        { roomId: hall, date: `2027-02-${15 + i}`, bands: ['morning'] },
      ];
      await submitEntry(db.kysely, clock, user, {
        purpose: '練習',
        attendees: 10,
        category: 'general',
        commercial: false,
        admission: false,
        channel: 'web',
        wishes,
      });
    }
    await drawMonth(db.kysely, fixedClock('2026-12-12T01:00:00Z'), '2027-02', null);
    await db.close();

    const exported = await cli('lottery', 'export', '--month', '2027-02');
    expect(exported.code).toBe(0);
    const file = join(dir, 'draw.json');
    writeFileSync(file, exported.stdout);
    const data = JSON.parse(exported.stdout) as { results: { outcome: string }[]; seed: string };
    // One of six wins the shared first choice; every second choice is a different free day (Mon–Sat).
    expect(data.results.filter((r) => r.outcome === 'won')).toHaveLength(1 + 6);
    const ok = await cli('lottery', 'verify', file);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`all ${data.results.length} results are reproduced`);

    const first = data.results.find((r) => r.outcome === 'won');
    if (first) first.outcome = 'lost';
    writeFileSync(file, JSON.stringify(data));
    const tampered = await cli('lottery', 'verify', file);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain('recorded lost, the draw gives won');

    const notDrawn = await cli('lottery', 'export', '--month', '2027-05');
    expect(notDrawn.code).toBe(1);
    expect(notDrawn.stderr).toContain('まだ行っていません');
    const noMonth = await cli('lottery', 'draw');
    expect(noMonth.code).toBe(2);
    const garbage = join(dir, 'garbage.json');
    writeFileSync(garbage, '{"hello": 1}');
    expect((await cli('lottery', 'verify', garbage)).code).toBe(1);
  }, 90_000);
});
