/**
 * LIKE patterns built from what someone typed. `%` and `_` in the input are the characters themselves,
 * never wildcards: escaped with a backslash, and the ESCAPE clause written out, because SQLite has no
 * default escape character (PostgreSQL's is the backslash, so the same SQL means the same on both).
 */
import { type Expression, type RawBuilder, sql } from 'kysely';

/** The input with LIKE's wildcards and the escape character itself escaped. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** `expression LIKE '%value%'`, with the value taken literally. */
export function likeContains(expression: Expression<string>, value: string): RawBuilder<boolean> {
  return sql<boolean>`${expression} like ${`%${escapeLike(value)}%`} escape '\\'`;
}
