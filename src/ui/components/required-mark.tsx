/** "必須" / "required" after a label or legend, in the page's language (see page-texts.ts). */
import type { Example } from './example.ts';
import { usePageTexts } from './page-texts.ts';

export function RequiredMark() {
  return <span class="field__required">{usePageTexts()('required')}</span>;
}

export const examples: Example<Record<string, never>>[] = [{ name: 'default', props: {} }];
