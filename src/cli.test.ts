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
import { drawMonth } from './features/lottery/lottery.draw.service.ts';
import { submitEntry } from './features/lottery/lottery.service.ts';
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
    expect(ward.stdout).toContain('created ward_officer ward@city.example for tobata');
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
    expect(clerk.code).toBe(2);
    expect(clerk.stderr).toContain('施設が見つかりません');
    expect(clerk.stderr).toContain('何も変更していません');
    const badRole = await cli('staff', 'add', '--email', 'x@city.example', '--password', 'x-password-12', '--role', 'boss');
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role');
  });

  it('grants and revokes roles of every kind, refusing bad input with exit code 2 and nothing changed', async () => {
    const db = createDb({ dialect: 'sqlite', path: dbPath });
    const facilityId = await makeFacility(db.kysely, { ward_id: 'moji' });
    const org = (id: string, kind: string, ward: string | null) =>
      db.kysely
        .insertInto('organisations')
        .values({
          id,
          name: id,
          type: 'community',
          member_count: 0,
          representative_id: null,
          created_at: '2026-12-01T00:00:00Z',
          kind,
          official: 1,
          ward_id: ward,
        })
        .execute();
    await org('org_moji_office', 'ward_office', 'moji');
    await org('org_moji_section', 'ward_section', 'moji');
    await org('org_assoc', 'association', 'moji');
    const assignments = async () =>
      (await db.kysely.selectFrom('role_assignments').select(['role', 'scope_id']).orderBy('role').orderBy('scope_id').execute()).length;

    const made = await cli(
      'staff',
      'add',
      '--email',
      'multi@city.example',
      '--password',
      'multi-password-1',
      '--role',
      'clerk',
      '--facility',
      facilityId,
    );
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain(`created centre_staff multi@city.example for ${facilityId}`);
    for (const [role, option, id] of [
      ['counter_clerk', '--ward-office', 'org_moji_office'],
      ['department_staff', '--department', 'org_moji_section'],
      ['coordinator', '--department', 'org_moji_section'],
      ['organisation_officer', '--organisation', 'org_assoc'],
      ['ward', '--ward', 'moji'],
    ] as const) {
      const granted = await cli('staff', 'grant', '--user', 'multi@city.example', '--role', role, option, id);
      expect(granted.code, granted.stderr).toBe(0);
    }
    const before = await assignments();
    const bad = [
      ['--role', 'boss'],
      ['--role', 'counter_clerk', '--ward-office', 'org_moji_section'], // a section is not a ward office
      ['--role', 'department_staff', '--department', 'org_moji_office'],
      ['--role', 'organisation_officer', '--organisation', 'org_moji_office'],
      ['--role', 'centre_staff', '--ward', 'moji'], // the wrong kind of scope for the role
      ['--role', 'admin', '--ward', 'moji'],
      ['--role', 'ward_officer'],
      ['--role', 'ward_officer', '--ward', 'moji'], // already held
    ];
    for (const args of bad) {
      const refused = await cli('staff', 'grant', '--user', 'multi@city.example', ...args);
      expect(refused.code, args.join(' ')).toBe(2);
      expect(refused.stderr, args.join(' ')).toMatch(/[ぁ-んァ-ヶ一-龠]/);
    }
    expect((await cli('staff', 'grant', '--user', 'nobody@city.example', '--role', 'admin')).code).toBe(2);
    expect(await assignments()).toBe(before);
    const list = await cli('staff', 'list');
    expect(list.stdout).toContain('multi@city.example\tcoordinator\tdepartment\torg_moji_section');

    const revoked = await cli(
      'staff',
      'revoke',
      '--user',
      'multi@city.example',
      '--role',
      'coordinator',
      '--department',
      'org_moji_section',
    );
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(await assignments()).toBe(before - 1);
    const again = await cli('staff', 'revoke', '--user', 'multi@city.example', '--role', 'coordinator', '--department', 'org_moji_section');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('その役割を持っていません');
    // The city's only admin (made above) cannot be revoked, from the command line either.
    const lastAdmin = await cli('staff', 'revoke', '--user', 'admin@city.example', '--role', 'admin');
    expect(lastAdmin.code).toBe(2);
    expect(lastAdmin.stderr).toContain('最後の本庁');
    await db.close();
  }, 90_000); // twenty child processes: 20 s alone, more on a machine loaded with other work

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
