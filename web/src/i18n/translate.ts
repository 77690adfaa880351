/**
 * @module translate
 * Looks up a text by key and language and fills in its `{placeholders}`. Pure, so that event
 * summaries and tests can use it without React.
 */
import type { Language } from '../api/types.ts';
import { de, type MessageKey } from './messages-de.ts';
import { en } from './messages-en.ts';

export const MESSAGES: Record<Language, Record<MessageKey, string>> = { de, en };

export type MessageVars = Record<string, string | number>;

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(de, key);
}

export function translate(language: Language, key: MessageKey, vars: MessageVars = {}): string {
  const text = MESSAGES[language][key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(vars, name) ? String(vars[name]) : whole,
  );
}

/** For keys built from API values (a stage, a status): the text, or the value itself when unknown. */
export function translateOr(
  language: Language,
  key: string,
  fallback: string,
  vars: MessageVars = {},
): string {
  return isMessageKey(key) ? translate(language, key, vars) : fallback;
}

/** The placeholders a text uses, e.g. `['count']`. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}
