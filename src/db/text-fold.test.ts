import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/db.ts';
import { makeUser } from '../../test/factories.ts';
import { kanaFoldKey } from '../lib/normalize.ts';
import { kanaFolded } from './text-fold.ts';

describeEachDialect('kana folding in SQL', (ctx) => {
  it('folds a stored column exactly as kanaFoldKey folds the query', async () => {
    const db = ctx().db.kysely;
    const typed = [
      'ｷﾀｷｭｳ　ﾏﾂｺ',
      'きたきゅう まつこ',
      'キタキュウ マツコ',
      'ｶﾞｯｺｳ ﾊﾟﾊﾟ',
      'ゔぁいおりん',
      'ゝ ヽ ・ ｰ ･',
      'Ａｂｃ 123 ①㈱',
      'a\tb\nc',
    ];
    const ids: string[] = [];
    for (const name_kana of typed) ids.push((await makeUser(db, { name_kana })).id);
    const rows = await db
      .selectFrom('users')
      .select(['name_kana', kanaFolded(ctx().dialect, 'name_kana').as('folded')])
      .where('id', 'in', ids)
      .execute();
    expect(rows).toHaveLength(typed.length);
    for (const row of rows) expect(row.folded, row.name_kana).toBe(kanaFoldKey(row.name_kana));
  });
});
