/** A success or information message at the top of a page, announced by screen readers. */
import type { Child } from 'hono/jsx';
import type { Example } from './example.ts';

export function Notice(props: { children: Child; tone?: 'success' | 'info' | 'warn' }) {
  return (
    <div class={`notice notice--${props.tone ?? 'success'}`} role="status">
      {props.children}
    </div>
  );
}

export const examples: Example<Parameters<typeof Notice>[0]>[] = [
  { name: 'success', props: { children: '予約を受け付けました。' } },
  { name: 'info', props: { children: '抽選の申込期間は毎月1日から10日までです。', tone: 'info' } },
  { name: 'warn', props: { children: 'この日は空いている利用区分がありません。', tone: 'warn' } },
];
