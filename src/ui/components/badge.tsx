/** A short status label beside a heading or in a table cell (e.g. 承認済み). */
import type { Child } from 'hono/jsx';

export function Badge(props: { children: Child; tone?: 'info' | 'warn' }) {
  return <span class={`badge badge--${props.tone ?? 'info'}`}>{props.children}</span>;
}
