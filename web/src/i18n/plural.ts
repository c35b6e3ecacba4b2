/**
 * A text that depends on a number: one form per plural category of the language (CLDR, as
 * `Intl.PluralRules` names them), chosen by the number in the variable `by`. `other` is the
 * form for any category the language has but the message leaves out (Spanish "many", say).
 */
export type Plural = { readonly by: string; readonly other: string } & {
  readonly [C in Exclude<Intl.LDMLPluralRule, 'other'>]?: string;
};

/** A catalog entry: a plain text, or a plural. Both may hold `{name}` variables. */
export type Message = string | Plural;

export type Vars = Record<string, string | number>;

/**
 * The form of `message` for these variables. A plural's number may come as a string (a
 * quantity already formatted): "1" still reads as one; a string that is not a plain number
 * ("1.234,5") takes `other`, which is right for every such number in Spanish and English.
 */
export const formOf = (rules: Intl.PluralRules, message: Message, vars?: Vars): string =>
  typeof message === 'string'
    ? message
    : (message[rules.select(Number(vars?.[message.by]))] ?? message.other);

/** Replaces each `{name}` with its variable; an unknown name stays as written. */
export const interpolate = (text: string, vars?: Vars): string =>
  text.replace(/\{(\w+)\}/g, (_m, name: string) => String(vars?.[name] ?? `{${name}}`));
