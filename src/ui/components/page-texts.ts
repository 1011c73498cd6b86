/**
 * The page's translator, for the texts components show of their own (the required marker). Components
 * have no request; renderPage provides the visitor's translator around the whole page, so every form is
 * in the page's language without each of its many callers passing a label. Rendered outside renderPage
 * (a unit test), components fall back to Japanese, the site's default language.
 */
import { createContext, useContext } from 'hono/jsx';
import { type Translate, translator } from '../../lib/i18n.ts';

export const PageTexts = createContext<Translate>(translator('ja'));

/** The translator of the page being rendered; call it inside a component, while the page renders. */
export const usePageTexts = (): Translate => useContext(PageTexts);
