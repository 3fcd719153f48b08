/**
 * Output safety (docs/security.md): every string a reviewed repository can supply (service and file names,
 * spec titles and descriptions, messages that quote them) passes through here before a renderer prints it.
 *
 * - Terminal and document text: C0 controls (ESC, BEL, NUL, CR, newline ...), DEL, C1 controls, the Unicode
 *   line and paragraph separators and the bidirectional controls (Trojan Source, CVE-2021-42574) are shown
 *   escaped (`\x1b`, `\n`, `\u202e`), so a name can neither drive the terminal (clear the screen, move the
 *   cursor, set the title), start a new line that looks like Plumbline's own, nor reorder what is displayed.
 *   Tabs stay. Multi-line fix snippets keep their newlines (and lose only the other controls).
 * - Markdown: `mdText` / `mdCode` in text.ts build on `safeText` and add Markdown's own escaping.
 * - JSON keeps the exact strings (JSON.stringify escapes every control character, so the output stays valid).
 */

/** Characters never printed raw. Tab (U+0009) is allowed; newline is handled by the caller's choice. */
const CLASS = (c0: string) =>
  `[${c0}\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]`;
const UNSAFE = new RegExp(CLASS('\\u0000-\\u0008\\u000a-\\u001f'));
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');
const UNSAFE_BUT_NEWLINE = new RegExp(CLASS('\\u0000-\\u0008\\u000b-\\u001f'), 'g');

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\u001b': '\\x1b', '\u0000': '\\0' };

/** The visible escape of one unsafe character: `\n`, `\x1b`, `\x07`, `\u202e`. */
function visible(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Whether `text` holds a character `safeText` would escape. */
export function hasUnsafe(text: string): boolean {
  return UNSAFE.test(text);
}

/**
 * `text` with every control, separator and bidi character shown escaped; with `keepNewlines`, `\n` stays (for
 * multi-line snippets) and `\r\n` becomes `\n`.
 */
export function safeText(text: string, options: { keepNewlines?: boolean } = {}): string {
  if (!UNSAFE.test(text)) return text;
  if (options.keepNewlines) return text.replace(/\r\n/g, '\n').replace(UNSAFE_BUT_NEWLINE, visible);
  return text.replace(UNSAFE_ALL, visible);
}

/** Keys whose values are multi-line by design (fix snippets): their newlines are kept. */
const MULTILINE_KEYS = new Set(['snippet']);

/**
 * A copy of `value` (a report, a diff, a design) with every string made safe by `safeText`. Objects and arrays
 * without an unsafe string are returned as they are, so the common case allocates nothing.
 */
export function safeStrings<T>(value: T): T {
  return sanitizeValue(value, false, 0) as T;
}

function sanitizeValue(value: unknown, keepNewlines: boolean, depth: number): unknown {
  if (typeof value === 'string') return safeText(value, { keepNewlines });
  if (typeof value !== 'object' || value === null || depth > 200) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const before = value[i];
      const after = sanitizeValue(before, false, depth + 1);
      if (after !== before) {
        copy ??= value.slice();
        copy[i] = after;
      }
    }
    return copy ?? value;
  }
  if (value instanceof Map || value instanceof Set || ArrayBuffer.isView(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, before] of Object.entries(value)) {
    const after = sanitizeValue(before, MULTILINE_KEYS.has(key), depth + 1);
    const safeKey = safeText(key);
    if (after !== before || safeKey !== key) {
      copy ??= { ...(value as Record<string, unknown>) };
      if (safeKey !== key) delete copy[key];
      copy[safeKey] = after;
    }
  }
  return copy ?? value;
}
