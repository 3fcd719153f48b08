/**
 * Where a crashed rule was looking (issue 16): a rule that throws on some hostile or unusual element is reported
 * with its id and the file and line of that element, not at the repository root. Rules are pure functions of the
 * model, so the rule is run once more over a tracing view of the model and documents that records the last
 * element with a source (and the last path read inside a parsed document) before the same error is thrown again.
 * This costs nothing unless a rule crashed.
 */
import type { StructuredDocument } from '../discover/parse/structured.js';
import type { ParsedArtifact } from '../discover/types.js';
import { buildModelIndex } from '../model/model-index.js';
import type { Source, SystemModel } from '../model/schema.js';
import type { Rule, RuleContext } from '../rules/types.js';

interface Trace {
  /** The last model element (with a `source`) the rule read. */
  element?: Source;
  /** The last value the rule read inside a parsed document, by path. */
  document?: { doc: StructuredDocument; path: (string | number)[] };
  /** Which of the two was read last. */
  latest?: 'element' | 'document';
}

const isSource = (v: unknown): v is Source =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Source).file === 'string' &&
  (v as Source).file !== '' &&
  typeof (v as Source).line === 'number';

const plain = (v: unknown): v is object => {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return Array.isArray(v) || proto === Object.prototype || proto === null;
};

/**
 * The location of what `rule` was checking when it threw, or undefined when a second run does not throw or read
 * nothing with a location.
 */
export function crashLocation(rule: Rule, model: SystemModel, ctx: RuleContext): Source | undefined {
  const trace: Trace = {};
  const cache = new WeakMap<object, object>();

  const wrap = <T>(value: T, doc?: { doc: StructuredDocument; path: (string | number)[] }): T => {
    if (!plain(value)) return value;
    // a document's data may share nodes (YAML aliases): a proxy per path, not per object
    if (!doc) {
      const known = cache.get(value);
      if (known) return known as T;
    }
    const proxy = new Proxy(value, {
      get(target, key, receiver) {
        const child = Reflect.get(target, key, receiver);
        if (typeof key === 'symbol') return child;
        const descriptor = Reflect.getOwnPropertyDescriptor(target, key);
        // proxy invariants: a read-only, non-configurable property must be returned as it is
        if (descriptor && descriptor.configurable === false && descriptor.writable === false) return child;
        if (doc) {
          if (!Object.hasOwn(target, key)) return child;
          const at = [...doc.path, Array.isArray(target) && /^\d+$/.test(key) ? Number(key) : key];
          trace.document = { doc: doc.doc, path: at };
          trace.latest = 'document';
          return wrap(child, { doc: doc.doc, path: at });
        }
        if (plain(child) && isSource((child as { source?: unknown }).source)) {
          trace.element = (child as unknown as { source: Source }).source;
          trace.latest = 'element';
        }
        return wrap(child);
      },
    });
    if (!doc) cache.set(value, proxy);
    return proxy as T;
  };

  const documents = ctx.documents.map(
    (artifact): ParsedArtifact =>
      ({
        ...artifact,
        document: {
          ...artifact.document,
          locate: artifact.document.locate.bind(artifact.document),
          ...(artifact.document.prefetch
            ? { prefetch: artifact.document.prefetch.bind(artifact.document) }
            : {}),
          get data() {
            trace.document = { doc: artifact.document, path: [] };
            trace.latest = 'document';
            return wrap(artifact.document.data, { doc: artifact.document, path: [] });
          },
        },
      }) as ParsedArtifact,
  );
  const traced = wrap(model);
  let threw = false;
  try {
    const index = buildModelIndex(traced);
    trace.element = undefined;
    trace.document = undefined;
    trace.latest = undefined;
    rule.check(traced, { ...ctx, documents, index });
  } catch {
    threw = true;
  }
  if (!threw) return undefined;
  if (trace.latest === 'document' && trace.document) {
    try {
      return trace.document.doc.locate(trace.document.path);
    } catch {
      return { file: trace.document.doc.file, line: trace.document.doc.startLine };
    }
  }
  return trace.element;
}
