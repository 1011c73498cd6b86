/** A success or information message at the top of a page, announced by screen readers. */
import type { Child } from 'hono/jsx';

export function Notice(props: { children: Child; tone?: 'success' | 'info' | 'warn' }) {
  return (
    <div class={`notice notice--${props.tone ?? 'success'}`} role="status">
      {props.children}
    </div>
  );
}
