/** Helpers shared by the AsyncAPI rules: walking each document's messages with their locations. */
import { deref } from '../../../discover/asyncapi/adapter.js';
import type { PathSegment, StructuredDocument } from '../../../discover/parse/structured.js';
import { isObj } from '../../../model/values.js';
import type { RuleContext } from '../../types.js';

type Obj = Record<string, unknown>;

export { isObj } from '../../../model/values.js';

export interface AsyncMessage {
  document: StructuredDocument;
  /** Where the message is written (after following a local $ref). */
  path: PathSegment[];
  name: string;
  message: Obj;
  channel: string;
}

export function asyncapiDocuments(ctx: RuleContext): StructuredDocument[] {
  return ctx.documents.filter((d) => d.kind === 'asyncapi').map((d) => d.document);
}

/** Path of a local `#/a/b` $ref, or undefined. */
function refPath(value: unknown): PathSegment[] | undefined {
  if (!isObj(value) || typeof value.$ref !== 'string' || !value.$ref.startsWith('#/')) return undefined;
  return value.$ref
    .slice(2)
    .split('/')
    .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Follow one chain of local refs, remembering where the final object lives. */
function resolveAt(root: Obj, value: unknown, path: PathSegment[]): { value: unknown; path: PathSegment[] } {
  let current = value;
  let at = path;
  for (let i = 0; i < 10; i++) {
    const next = refPath(current);
    if (!next) break;
    at = next;
    current = deref(root, { $ref: (current as Obj).$ref });
    if (refPath(current) === undefined) break;
  }
  return { value: current, path: at };
}

/** Every message an operation sends or receives, in 2.x and 3.x documents. */
export function asyncMessages(doc: StructuredDocument): AsyncMessage[] {
  const root = doc.data as Obj;
  const out: AsyncMessage[] = [];
  const seen = new Set<string>();
  const add = (value: unknown, path: PathSegment[], channel: string) => {
    const r = resolveAt(root, value, path);
    if (!isObj(r.value)) return;
    if (Array.isArray(r.value.oneOf)) {
      for (const [i, m] of r.value.oneOf.entries()) add(m, [...r.path, 'oneOf', i], channel);
      return;
    }
    const key = r.path.join('/');
    if (seen.has(key)) return;
    seen.add(key);
    const name =
      (typeof r.value.name === 'string' && r.value.name) ||
      (typeof r.value.messageId === 'string' && r.value.messageId) ||
      String(r.path[r.path.length - 1]);
    out.push({ document: doc, path: r.path, name, message: r.value, channel });
  };
  const channels = isObj(root.channels) ? root.channels : {};
  const major = Number.parseInt(String(root.asyncapi), 10);
  for (const [key, raw] of Object.entries(channels)) {
    const channel = deref(root, raw);
    if (!isObj(channel)) continue;
    if (major === 2) {
      for (const verb of ['publish', 'subscribe']) {
        const op = deref(root, channel[verb]);
        if (isObj(op) && op.message !== undefined) add(op.message, ['channels', key, verb, 'message'], key);
      }
    } else if (isObj(channel.messages)) {
      const address = typeof channel.address === 'string' ? channel.address : key;
      for (const [m, value] of Object.entries(channel.messages))
        add(value, ['channels', key, 'messages', m], address);
    }
  }
  return out;
}
