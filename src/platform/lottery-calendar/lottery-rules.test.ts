/**
 * When a lottery room's month opens first-come, as availability and booking ask it, on SQLite and
 * PostgreSQL: by the month's own rules once it is announced, by the city's current settings before.
 */
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/db.ts';
import { DEFAULT_LOTTERY_RULES } from './lottery-calendar.ts';
import { firstComeOpenings, loadLotteryRules, saveLotteryRules } from './lottery-rules.ts';

describeEachDialect('first-come openings', (ctx) => {
  it('follows the default calendar while nothing is stored: residents first, others 7 days later', async () => {
    const opensAt = await firstComeOpenings(ctx().db.kysely, ['2027-02']);
    expect(opensAt('2027-02', false).toISOString()).toBe('2026-12-21T00:00:00.000Z'); // 09:00 JST
    expect(opensAt('2027-02', true).toISOString()).toBe('2026-12-28T00:00:00.000Z');
  });

  it('keeps an announced month on its own rules when the settings change; others take the new ones', async () => {
    const db = ctx().db.kysely;
    await db
      .insertInto('lottery_months')
      .values({
        month: '2027-03',
        seed: 's',
        seed_hash: 'h',
        rules: JSON.stringify(DEFAULT_LOTTERY_RULES),
        pseudonym_salt: 'p',
        status: 'open',
        created_at: '2027-01-01T00:00:00.000Z',
      })
      .execute();
    await db.transaction().execute((trx) => saveLotteryRules(trx, { ...DEFAULT_LOTTERY_RULES, firstComeDay: 25 }));
    expect((await loadLotteryRules(db)).firstComeDay).toBe(25);
    const opensAt = await firstComeOpenings(db, ['2027-03', '2027-04']);
    expect(opensAt('2027-03', false).toISOString()).toBe('2027-01-21T00:00:00.000Z');
    expect(opensAt('2027-04', false).toISOString()).toBe('2027-02-25T00:00:00.000Z');
  });
});
