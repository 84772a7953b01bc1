import { dictionary } from "@zxcvbn-ts/language-common";

/** How many of the most common passwords are refused outright (the rest only lower the meter). */
export const COMMON_PASSWORDS_REFUSED = 10_000;

let common: ReadonlySet<string> | undefined;

/**
 * Whether a (lower-cased, normalized) password is among the most common ones: the top of Mark
 * Burnett's 10-million-password list as @zxcvbn-ts/language-common ships it, most common first.
 * Built on first use: decompressing the list costs a few milliseconds.
 */
export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary["passwords-common"].slice(0, COMMON_PASSWORDS_REFUSED));
  return common.has(password);
}
