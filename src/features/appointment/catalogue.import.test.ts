/**
 * The catalogue's export and import on SQLite and PostgreSQL, through the service (the pages have their
 * own test): a round trip changes nothing (xlsx, and each CSV in UTF-8 and Shift_JIS); every rule gives
 * its message with the line and changes nothing; a check then an apply writes exactly the difference,
 * with its audit entry; a service with appointments to come is never removed; a catalogue changed
 * between check and apply is refused.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect, testClock } from '../../../test/db.ts';
import type { Db } from '../../db/database.ts';
import { translator } from '../../lib/i18n.ts';
import type { User } from '../../platform/authz/actor.ts';
import { applyImport, checkImport, exportCatalogue } from './catalogue.service.ts';
import { DEMO_OFFICE, makeDemoOffice, snapshot } from './catalogue.test-helpers.ts';
import { CATALOGUE_TABLES, type Catalogue, type CatalogueIssue, HEADERS } from './catalogue.ts';
import { catalogueCsv, catalogueXlsx } from './catalogue-file.ts';
import { makeAppointment, makeClerk } from './queue.test-helpers.ts';

const ja = translator('ja');
const scope = { kind: 'office', officeId: DEMO_OFFICE } as const;
const clock = testClock(); // 2026-11-24, 10:00 in Tokyo

/** The messages of a refused check, as the page shows them. */
function messages(issues: CatalogueIssue[]): string[] {
  return issues.map((i) => `${i.table ?? ''}:${i.line}:${i.text ?? (i.key ? ja(i.key, i.params) : '')}`);
}

const csv = (table: keyof typeof HEADERS, ...rows: string[]) => Buffer.from(`${HEADERS[table].join(',')}\r\n${rows.join('\r\n')}\r\n`);

describeEachDialect('the counter catalogue as a file', (ctx) => {
  let db: Db;
  let actor: User;

  beforeAll(async () => {
    db = ctx().db.kysely;
    await makeDemoOffice(db);
    actor = await makeClerk(db, DEMO_OFFICE); // any staff member: the service is given an allowed scope
  });

  async function refused(bytes: Buffer) {
    const before = await snapshot(db);
    const result = await checkImport(db, clock, scope, bytes);
    expect(result.ok).toBe(false);
    expect(await snapshot(db)).toBe(before);
    return result.ok ? [] : messages(result.issues);
  }

  it('exports what the seed wrote, and importing the export changes nothing (xlsx, CSV in UTF-8 and Shift_JIS)', async () => {
    const catalogue = await exportCatalogue(db, clock, scope);
    expect(catalogue.counters.map((c) => c.code)).toEqual(['kokurakita-citizens', 'kokurakita-insurance', 'kokurakita-children']);
    expect(catalogue.hours.filter((h) => h.counter === 'kokurakita-citizens' && h.weekday === 1)).toEqual([
      { counter: 'kokurakita-citizens', weekday: 1, opens: '08:30', closes: '12:00' },
      { counter: 'kokurakita-citizens', weekday: 1, opens: '13:00', closes: '17:00' },
    ]);
    expect(catalogue.days.map((d) => [d.counter, d.date, d.status])).toContainEqual(['kokurakita-citizens', '2027-03-28', 'open']);
    expect(catalogue.services.find((s) => s.code === 'kokurakita-moving-in')?.documents).toContain('転出証明書');
    expect(catalogue.life_events.find((e) => e.code === 'lev_demo_kokurakita_moving')?.services).toEqual([
      'kokurakita-moving-in',
      'kokurakita-health-insurance',
      'kokurakita-pension',
      'kokurakita-child-allowance',
    ]);

    const before = await snapshot(db);
    const xlsx = await checkImport(db, clock, scope, await catalogueXlsx(catalogue));
    expect(xlsx.ok && xlsx.plan.empty).toBe(true);
    const notEmpty: string[] = [];
    for (const table of CATALOGUE_TABLES)
      for (const encoding of ['utf8', 'sjis'] as const) {
        const result = await checkImport(db, clock, scope, catalogueCsv(catalogue, table, encoding));
        if (!(result.ok && result.plan.empty)) notEmpty.push(`${table} ${encoding}`);
      }
    // Shift_JIS writes 〜 as CP932's ～ (platform/documents/csv.ts): the demo's 「1〜4番窓口」 comes back so.
    expect(notEmpty).toEqual(['counters sjis']);
    if (!xlsx.ok) return;
    await applyImport(db, clock, actor, scope, await catalogueXlsx(catalogue), xlsx.fingerprint);
    expect(await snapshot(db)).toBe(before);
  });

  it('reports each broken rule with its table, line and plain message, and changes nothing', async () => {
    const hours = await refused(
      csv(
        'hours',
        'nope-counter,月,09:00,12:00',
        'kokurakita-citizens,月,9じ,12:00',
        'kokurakita-citizens,火,13:00,12:00',
        'kokurakita-citizens,金,8:30,12:00',
      ),
    );
    expect(hours).toEqual([
      'hours:3:「9じ」は時刻として読めません。9:00 や 17:15 のように書いてください。',
      'hours:4:終わり（12:00）が始まり（13:00）より前か同じです。',
    ]);
    const counters = await refused(csv('hours', 'nope-counter,月,09:00,12:00'));
    expect(counters).toEqual(['hours:2:窓口コード「nope-counter」の窓口がありません。']);
    const overlap = await refused(csv('hours', 'kokurakita-citizens,月,08:30,12:00', 'kokurakita-citizens,月,11:00,17:00'));
    expect(overlap[0]).toContain('hours:3:同じ曜日の受付時間が重なっています');

    const service = (counter: string, code: string, minutes: string, from: string, until: string) =>
      `${counter},${code},転入届,Moving in,${minutes},"本人確認書類\n転出証明書",,,,だれでも,${from},${until},はい,1`;
    const services = await refused(
      csv(
        'services',
        service('kokurakita-citizens', 'kokurakita-moving-in', '20', '14', '1'),
        service('kokurakita-citizens', 'kokurakita-seal', '15', '-1', '1'),
        service('kokurakita-citizens', 'kokurakita-birth', '15', '3', '7'),
      ),
    );
    expect(services).toEqual([
      // The second service starts on line 4: the first row's 持ち物 spans two lines.
      'services:4:「-1」は0から365までの整数で書いてください。',
      'services:6:予約締切（7日前）が予約開始（3日前）より前になっています。',
    ]);
    // The whole services table, one duration changed: the service (on line 2) is named; so is a 20-minute slot.
    const catalogue = await exportCatalogue(db, clock, scope);
    const longer = structuredClone(catalogue);
    if (longer.services[0]) longer.services[0].durationMinutes = 20;
    expect(await refused(catalogueCsv(longer, 'services', 'utf8'))).toEqual([
      'services:2:転入届の所要時間（20分）が、窓口の枠（15分）の倍数ではありません。',
    ]);
    const slower = structuredClone(catalogue);
    if (slower.counters[2]) slower.counters[2].slotMinutes = 20;
    expect(await refused(catalogueCsv(slower, 'counters', 'utf8'))).toEqual([
      'counters:4:児童手当の申請の所要時間（30分）が、窓口の枠（20分）の倍数ではありません。',
      'counters:4:妊娠届・母子健康手帳の交付の所要時間（30分）が、窓口の枠（20分）の倍数ではありません。',
    ]);

    const days = await refused(
      csv(
        'days',
        'kokurakita-citizens,2026-11-20,休み,,,,',
        'kokurakita-citizens,2026-12-06,開庁,,,,',
        'kokurakita-citizens,2026-12-13,お休み,,,,',
      ),
    );
    expect(days).toEqual([
      'days:3:開始を書いてください。',
      'days:3:終了を書いてください。',
      'days:4:「お休み」は使えません。休み・開庁・窓口数 のどれかを書いてください。',
    ]);
    expect(await refused(csv('days', 'kokurakita-citizens,2026-11-20,休み,,,,'))).toEqual([
      'days:2:2026-11-20は過ぎた日です。今日からあとの日だけ変えられます。',
    ]);
    expect(await refused(csv('days', 'kokurakita-citizens,2026-12-06,休み,,,,"臨時\u0000休み"'))).toEqual([
      'days:2:使えない文字（制御文字）が含まれています。入力し直してください。',
    ]);
    expect(await refused(Buffer.from('名前,住所\n山田,小倉\n'))).toEqual([
      ':1:1行目の見出しから、どの表のCSVかわかりません。書き出したファイルの見出しを使ってください。',
    ]);
    expect((await refused(Buffer.from(`${HEADERS.hours.slice(0, 3).join(',')}\n`)))[0]).toContain('見出し行に必要な列がありません: 終了');
  });

  it('checks, then applies exactly the difference in one go, with the operator in the audit log', async () => {
    const catalogue = await exportCatalogue(db, clock, scope);
    const edited: Catalogue = structuredClone(catalogue);
    const seal = edited.services.find((s) => s.code === 'kokurakita-seal');
    if (!seal) throw new Error('demo service missing');
    seal.name = '印鑑登録（登録・廃止）';
    seal.documents = ['本人確認書類', '登録する印鑑', '認印でないもの'];
    edited.days.push({
      counter: 'kokurakita-insurance',
      date: '2026-12-10',
      status: 'desks',
      opens: null,
      closes: null,
      desks: 1,
      note: '研修',
    });
    edited.hours = edited.hours.filter((h) => !(h.counter === 'kokurakita-children' && h.weekday === 5 && h.opens === '13:00'));
    const bytes = await catalogueXlsx(edited);
    const before = await snapshot(db);
    const checked = await checkImport(db, clock, scope, bytes);
    if (!checked.ok) throw new Error(messages(checked.issues).join('\n'));
    expect(checked.plan.diff.services.changed.map((c) => c.after.code)).toEqual(['kokurakita-seal']);
    expect(checked.plan.diff.days.added).toHaveLength(1);
    expect(checked.plan.diff.hours.removed).toEqual([{ counter: 'kokurakita-children', weekday: 5, opens: '13:00', closes: '17:00' }]);
    expect(checked.plan.diff.counters.changed).toEqual([]);
    expect(await snapshot(db)).toBe(before); // a check writes nothing

    const applied = await applyImport(db, clock, actor, scope, bytes, checked.fingerprint);
    expect(applied.ok).toBe(true);
    const now = await exportCatalogue(db, clock, scope);
    const order = edited.counters.map((c) => c.code);
    const days = [...edited.days].sort((a, b) => order.indexOf(a.counter) - order.indexOf(b.counter) || a.date.localeCompare(b.date));
    expect(now).toEqual({ ...edited, days });
    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'appointment_catalogue.import').execute();
    expect(audit.at(-1)?.actor_id).toBe(actor.id);
    expect(audit.at(-1)?.after_json).toContain('印鑑登録（登録・廃止）');

    // The same file again after another change: the check it was confirmed on is stale.
    await db.updateTable('appointment_counters').set({ desks: 5 }).where('code', '=', 'kokurakita-citizens').execute();
    const stale = await applyImport(db, clock, actor, scope, await catalogueXlsx(catalogue), checked.fingerprint);
    expect(stale.ok).toBe(false);
    expect(stale.ok ? [] : messages(stale.issues)).toEqual([`:0:${ja('errCatalogueChanged')}`]);
    await db.updateTable('appointment_counters').set({ desks: 3 }).where('code', '=', 'kokurakita-citizens').execute();
  });

  it('never removes a service with appointments to come, and names it; one without is retired, not deleted', async () => {
    const catalogue = await exportCatalogue(db, clock, scope);
    const seal = await db.selectFrom('appointment_services').selectAll().where('code', '=', 'kokurakita-seal').executeTakeFirstOrThrow();
    await makeAppointment(db, DEMO_OFFICE, [{ serviceId: seal.id, counterId: seal.counter_id, starts: '10:00' }], { date: '2026-12-01' });
    const without = (codes: string[]) => ({ ...catalogue, services: catalogue.services.filter((s) => !codes.includes(s.code)) });
    const refusedNames = await refused(catalogueCsv(without(['kokurakita-seal', 'kokurakita-pregnancy']), 'services', 'utf8'));
    expect(refusedNames).toEqual([
      ':0:今日からあとに予約がある手続は削除できません: 印鑑登録（登録・廃止）。予約が終わってから削除してください。',
    ]);
    // A service a life event lists is named by the life event too, in the same pass.
    const listed = await refused(catalogueCsv(without(['kokurakita-seal', 'kokurakita-birth']), 'services', 'utf8'));
    expect(listed).toEqual([
      'life_events:0:出産（小倉北区役所）の手続コード「kokurakita-birth」の手続がありません。',
      ':0:今日からあとに予約がある手続は削除できません: 印鑑登録（登録・廃止）。予約が終わってから削除してください。',
    ]);

    // 妊娠届 has no appointment and no life event lists it: it goes.
    const file = catalogueCsv(without(['kokurakita-pregnancy']), 'services', 'utf8');
    const checked = await checkImport(db, clock, scope, file);
    if (!checked.ok) throw new Error(messages(checked.issues).join('\n'));
    expect(checked.plan.diff.services.removed.map((s) => s.code)).toEqual(['kokurakita-pregnancy']);
    await applyImport(db, clock, actor, scope, file, checked.fingerprint);
    const retired = await db
      .selectFrom('appointment_services')
      .select('active')
      .where('code', '=', 'kokurakita-pregnancy')
      .executeTakeFirstOrThrow();
    expect(Number(retired.active)).toBe(0);
    expect((await exportCatalogue(db, clock, scope)).services.map((s) => s.code)).not.toContain('kokurakita-pregnancy');
  });

  it('for the whole city (administrators): the round trip changes nothing, a new counter comes with its hours and service', async () => {
    const all = { kind: 'all' } as const;
    const catalogue = await exportCatalogue(db, clock, all);
    const same = await checkImport(db, clock, all, await catalogueXlsx(catalogue));
    expect(same.ok && same.plan.empty).toBe(true);

    const grown = structuredClone(catalogue);
    grown.counters.push({
      office: DEMO_OFFICE,
      code: 'kokurakita-tax',
      name: '税務課',
      nameEn: 'Tax Division',
      place: '2階 20番窓口',
      placeEn: '2F, counter 20',
      slotMinutes: 20,
      desks: 2,
      lateGraceMinutes: 5,
      order: 9,
    });
    grown.hours.push({ counter: 'kokurakita-tax', weekday: 3, opens: '09:00', closes: '12:00' });
    grown.services.push({
      ...(grown.services[0] as Catalogue['services'][number]),
      counter: 'kokurakita-tax',
      code: 'kokurakita-tax-certificate',
      name: '課税証明書',
      durationMinutes: 20,
    });
    const bytes = await catalogueXlsx(grown);
    const checked = await checkImport(db, clock, all, bytes);
    if (!checked.ok) throw new Error(messages(checked.issues).join('\n'));
    expect([
      checked.plan.diff.counters.added.length,
      checked.plan.diff.hours.added.length,
      checked.plan.diff.services.added.length,
    ]).toEqual([1, 1, 1]);
    await applyImport(db, clock, actor, all, bytes, checked.fingerprint);
    const tax = (await exportCatalogue(db, clock, scope)).services.find((s) => s.code === 'kokurakita-tax-certificate');
    expect(tax?.counter).toBe('kokurakita-tax');

    // An office's own file may not name another office, nor take another office's codes.
    const elsewhere = structuredClone(await exportCatalogue(db, clock, scope));
    if (elsewhere.counters[0]) elsewhere.counters[0].office = 'org_somewhere_else';
    expect(await refused(catalogueCsv(elsewhere, 'counters', 'utf8'))).toContain(
      'counters:2:庁舎ID「org_somewhere_else」はこの区役所・出張所ではありません。',
    );
  });
});
