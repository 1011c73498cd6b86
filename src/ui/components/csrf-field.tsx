/**
 * The session's CSRF token in a POST form. renderPage adds it to every POST form that lacks it, so a view
 * need not remember it; views that render it themselves are left as they are.
 */
export function CsrfField(props: { token: string | undefined }) {
  return props.token ? <input type="hidden" name="_csrf" value={props.token} /> : null;
}
