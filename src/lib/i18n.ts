/**
 * Interface text in Japanese (default) and English: one typed key set, `Messages`, and `t()`.
 * lib keeps the texts every layer shows (lib/messages/); each feature and platform area keeps its own in an
 * `x.messages.ts` that adds its keys to `Messages` by declaration merging, so lib imports none of them and
 * t() still checks every key of every part. An English part is typed with its Japanese keys, so a
 * missing translation fails `tsc`. The composition root (src/messages.ts) puts the parts together and
 * installs them at startup; composing fails on a key two parts define.
 */
import type { commonJa } from './messages/common.ts';
import type { errorsJa } from './messages/errors.ts';

export type Lang = 'ja' | 'en';
export const LANGS: readonly Lang[] = ['ja', 'en'];

/** A part's texts in one language, with exactly the keys of its Japanese part. */
export type Texts<T> = Record<keyof T, string>;

/**
 * Every key of the application. A messages file adds its own:
 * `declare module '…/lib/i18n.ts' { interface Messages extends Texts<typeof xJa> {} }`.
 */
export interface Messages extends Texts<typeof commonJa>, Texts<typeof errorsJa> {}

export type MessageKey = keyof Messages & string;

/** The whole dictionary of each language. */
export type Dictionaries = Record<Lang, Record<MessageKey, string>>;

/** One file's texts: its Japanese part and the English with the same keys. */
export interface MessagePart<K extends string = string> {
  ja: Record<K, string>;
  en: Record<K, string>;
}

type KeysOf<P extends Record<string, MessagePart>> = { [N in keyof P]: keyof P[N]['ja'] & string }[keyof P];

/**
 * Merges the parts, named by where they live, into one dictionary per language. A key in two parts
 * throws (a spread would silently keep the later text), as does an English part with other keys.
 */
export function composeMessages<const P extends Record<string, MessagePart>>(parts: P): Record<Lang, Record<KeysOf<P>, string>> {
  const ja: Record<string, string> = {};
  const en: Record<string, string> = {};
  const owner = new Map<string, string>();
  for (const [name, part] of Object.entries(parts)) {
    const keys = Object.keys(part.ja);
    const enKeys = Object.keys(part.en);
    const odd = [...keys.filter((k) => !(k in part.en)), ...enKeys.filter((k) => !(k in part.ja))];
    if (odd.length > 0) throw new Error(`messages ${name}: ja and en differ in ${odd.join(', ')}`);
    for (const key of keys) {
      const first = owner.get(key);
      if (first) throw new Error(`message key ${key} is defined by both ${first} and ${name}`);
      owner.set(key, name);
      ja[key] = part.ja[key] as string;
      en[key] = part.en[key] as string;
    }
  }
  return { ja, en } as Record<Lang, Record<KeysOf<P>, string>>;
}

let installed: Dictionaries | undefined;

/** Called once at startup by each entry point (server, CLI, createApp, the test setup). */
export function installMessages(dictionaries: Dictionaries): void {
  installed = dictionaries;
}

function dictionary(lang: Lang): Record<MessageKey, string> {
  if (!installed) throw new Error('no messages installed: an entry point calls installMessages(messages) from src/messages.ts');
  return installed[lang];
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(dictionary('ja'), key);
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Looks the text up when called, so a translator made while modules load works once texts are installed. */
export function translator(lang: Lang): Translate {
  return (key, params) => {
    const template = dictionary(lang)[key];
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}

export function parseLang(value: string | undefined | null): Lang | undefined {
  if (!value) return undefined;
  const v = value.toLowerCase();
  if (v === 'ja' || v.startsWith('ja-')) return 'ja';
  if (v === 'en' || v.startsWith('en-')) return 'en';
  return undefined;
}
