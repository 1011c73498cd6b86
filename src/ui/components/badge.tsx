/** A short status label beside a heading or in a table cell (e.g. 承認済み). */
import type { Child } from 'hono/jsx';
import type { Example } from './example.ts';

export function Badge(props: { children: Child; tone?: 'info' | 'warn' }) {
  return <span class={`badge badge--${props.tone ?? 'info'}`}>{props.children}</span>;
}

export const examples: Example<Parameters<typeof Badge>[0]>[] = [
  { name: 'info', props: { children: '承認済み' } },
  { name: 'warn', props: { children: '要確認', tone: 'warn' } },
];
