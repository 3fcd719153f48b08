/**
 * Message ids: a rule declares each kind of finding it reports as a template (`{{name}}` placeholders) under a stable
 * id, as ESLint's `meta.messages` does; a finding names its id and fills the placeholders. Tests pin findings by id,
 * SARIF carries the templates as `messageStrings`, and a wording change no longer breaks a suppression or a test.
 */

/** The placeholder names of a template, as a union of string literals. */
export type Placeholders<S extends string> = S extends `${string}{{${infer P}}}${infer Rest}`
  ? WithoutBraces<P> | Placeholders<Rest>
  : never;

/** `{{{name}}}` is a literal brace around `{{name}}`: the match starts one brace early. */
type WithoutBraces<P extends string> = P extends `{${infer Q}` ? WithoutBraces<Q> : P;

export type MessageArg = string | number;

/** What a rule says in one finding: the message id, the rendered text and the values it was filled with. */
export interface Said {
  messageId: string;
  message: string;
  args?: Record<string, MessageArg>;
}

type Sayer<S extends string> = [Placeholders<S>] extends [never]
  ? () => Said
  : (args: Record<Placeholders<S>, MessageArg>) => Said;

export type Sayers<T extends Record<string, string>> = { [K in keyof T & string]: Sayer<T[K]> };

const PLACEHOLDER = /\{\{(\w+)\}\}/g;
const MESSAGE_ID = /^[a-z][A-Za-z0-9]*$/;

/**
 * Declares a rule's messages: `messages` goes on the rule, `say.<id>(args)` builds what a finding says. A missing
 * placeholder value is a programming error and throws (the engine reports it as the rule failing).
 */
export function defineMessages<const T extends Record<string, string>>(
  templates: T,
): { messages: T; say: Sayers<T> } {
  const say: Record<string, (args?: Record<string, MessageArg>) => Said> = {};
  for (const [id, template] of Object.entries(templates)) {
    if (!MESSAGE_ID.test(id)) throw new Error(`message id "${id}" must be camelCase`);
    say[id] = (args) => {
      const message = formatMessage(template, args ?? {}, id);
      return args && Object.keys(args).length ? { messageId: id, message, args } : { messageId: id, message };
    };
  }
  return { messages: templates, say: say as Sayers<T> };
}

export function formatMessage(template: string, args: Record<string, MessageArg>, id = 'message'): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = args[name];
    if (value === undefined) throw new Error(`${id}: no value for {{${name}}}`);
    return String(value);
  });
}

/** The placeholders of a template in order of first appearance (SARIF numbers its arguments this way). */
export function placeholderNames(template: string): string[] {
  const names: string[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) if (!names.includes(m[1]!)) names.push(m[1]!);
  return names;
}

/** A template in SARIF's `messageStrings` form: `{{name}}` becomes `{0}`, `{1}`… in order of first appearance. */
export function sarifTemplate(template: string): string {
  const names = placeholderNames(template);
  return template
    .replace(/[{}]/g, (c) => c + c)
    .replace(/\{\{\{\{(\w+)\}\}\}\}/g, (_, name: string) => `{${names.indexOf(name)}}`);
}
