/**
 * The session's CSRF token in a POST form. renderPage adds it to every POST form that lacks it, so a view
 * need not remember it; views that render it themselves are left as they are.
 */
import type { Example } from './example.ts';

export function CsrfField(props: { token: string | undefined }) {
  return props.token ? <input type="hidden" name="_csrf" value={props.token} /> : null;
}

export const examples: Example<Parameters<typeof CsrfField>[0]>[] = [
  { name: 'with a token', props: { token: 'example-token' } },
  // Renders nothing: no session, no token.
  { name: 'without a token', props: { token: undefined } },
];
