/** The 班 a household may belong to, as options of a select: "none" first, then each 班 with its association. */
import type { Translate } from '../../lib/i18n.ts';

export interface HanChoice {
  han_id: string;
  han_name: string;
  association_name: string;
}

export function hanOptions(t: Translate, han: readonly HanChoice[]) {
  return [
    { value: '', label: t('householdHanNone') },
    ...han.map((h) => ({ value: h.han_id, label: `${h.association_name} ${h.han_name}` })),
  ];
}
