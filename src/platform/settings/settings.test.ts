/** Typed settings on SQLite and PostgreSQL: what is stored is read back, anything unusable falls back. */
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/db.ts';
import { integerBetween, type NumberSetting, readNumber, readNumbers, writeNumbers, writeSetting } from './settings.ts';

const SETTINGS = {
  seats: { key: 'test_seats', fallback: 12, accepts: integerBetween(1, 99) },
  ratio: { key: 'test_ratio', fallback: 1.5 },
} satisfies Record<string, NumberSetting>;

describeEachDialect('settings', (ctx) => {
  it('gives the fallbacks while nothing is stored', async () => {
    const db = ctx().db.kysely;
    expect(await readNumbers(db, SETTINGS)).toEqual({ seats: 12, ratio: 1.5 });
  });

  it('reads back what was written, and overwrites it', async () => {
    const db = ctx().db.kysely;
    await db.transaction().execute((trx) => writeNumbers(trx, SETTINGS, { seats: 30, ratio: 0.25 }));
    expect(await readNumbers(db, SETTINGS)).toEqual({ seats: 30, ratio: 0.25 });
    await db.transaction().execute((trx) => writeNumbers(trx, { seats: SETTINGS.seats }, { seats: 31 }));
    expect(await readNumber(db, SETTINGS.seats)).toBe(31);
    expect(await db.selectFrom('settings').select('value').where('key', '=', 'test_seats').execute()).toEqual([{ value: '31' }]);
  });

  it('falls back on a value edited by hand into something unusable', async () => {
    const db = ctx().db.kysely;
    await db.transaction().execute(async (trx) => {
      await writeSetting(trx, 'test_seats', '500');
      await writeSetting(trx, 'test_ratio', 'half');
    });
    expect(await readNumbers(db, SETTINGS)).toEqual({ seats: 12, ratio: 1.5 });
    await db.transaction().execute((trx) => writeSetting(trx, 'test_seats', '2.5'));
    expect(await readNumber(db, SETTINGS.seats)).toBe(12);
  });
});
