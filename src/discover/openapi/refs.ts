/**
 * `$ref` handling for OpenAPI documents: JSON pointers, a per-document pointer cache (each local target is
 * looked up once however often it is referenced), ref classification (local, another file, remote), and
 * chain-following with a cycle guard so circular references never loop.
 */

import { isObj } from '../../model/values.js';
import type { PathSegment } from '../parse/structured.js';

export { isObj } from '../../model/values.js';

export type RefKind = 'local' | 'file' | 'remote';

export function refKind(ref: string): RefKind {
  if (ref.startsWith('#')) return 'local';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) return 'remote';
  return 'file';
}

/** `#/components/schemas/Pet` → ['components', 'schemas', 'Pet'] (RFC 6901 unescaping). */
export function pointerToPath(pointer: string): string[] {
  const hash = pointer.indexOf('#');
  const fragment = hash === -1 ? pointer : pointer.slice(hash + 1);
  if (fragment === '' || fragment === '/') return [];
  return fragment
    .slice(fragment.startsWith('/') ? 1 : 0)
    .split('/')
    .map((s) => unescapeSegment(s));
}

function unescapeSegment(s: string): string {
  let out = s.includes('%') ? safeDecode(s) : s;
  if (out.includes('~')) out = out.replace(/~1/g, '/').replace(/~0/g, '~');
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function pathToPointer(path: readonly PathSegment[]): string {
  return `#/${path.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/** The local JSON pointer a `$ref` object points at, or undefined for non-refs and non-local refs. */
export function localRef(value: unknown): string | undefined {
  if (!isObj(value)) return undefined;
  const ref = value.$ref;
  return typeof ref === 'string' && ref.startsWith('#') ? ref : undefined;
}

export interface Resolved {
  value: unknown;
  /** Where the value lives in the document (the last ref target followed, or the path given). */
  path: PathSegment[];
  /** Set when a ref in the chain could not be followed (missing target, cycle, or not local). */
  unresolved?: string;
}

/** Resolves local pointers against one document; each distinct pointer is walked once. */
export class PointerIndex {
  private readonly cache = new Map<string, unknown>();
  private readonly paths = new Map<string, string[]>();

  constructor(readonly root: unknown) {}

  /** The value at a local pointer (`#/a/b`), or undefined when it does not exist. */
  get(pointer: string): unknown {
    if (this.cache.has(pointer)) return this.cache.get(pointer);
    let node: unknown = this.root;
    for (const seg of this.pathOf(pointer)) {
      if (Array.isArray(node)) node = node[Number(seg)];
      else if (isObj(node)) node = Object.hasOwn(node, seg) ? node[seg] : undefined;
      else node = undefined;
      if (node === undefined) break;
    }
    this.cache.set(pointer, node);
    return node;
  }

  pathOf(pointer: string): string[] {
    let path = this.paths.get(pointer);
    if (!path) {
      path = pointerToPath(pointer);
      this.paths.set(pointer, path);
    }
    return path;
  }

  /** Follow a chain of local `$ref`s from `value` (found at `path`); stops on cycles and dangling refs. */
  resolve(value: unknown, path: PathSegment[]): Resolved {
    let current = value;
    let at = path;
    let seen: Set<string> | undefined;
    for (;;) {
      if (!isObj(current) || typeof current.$ref !== 'string') return { value: current, path: at };
      const ref = current.$ref;
      if (!ref.startsWith('#')) return { value: current, path: at, unresolved: ref };
      seen ??= new Set();
      if (seen.has(ref)) return { value: current, path: at, unresolved: ref };
      seen.add(ref);
      const target = this.get(ref);
      if (target === undefined) return { value: current, path: at, unresolved: ref };
      current = target;
      at = this.pathOf(ref);
    }
  }

  /** Shorthand: the value behind a (possibly) `$ref` object. */
  deref(value: unknown): unknown {
    if (!isObj(value) || typeof value.$ref !== 'string') return value;
    return this.resolve(value, []).value;
  }
}

/** Resolve a relative file reference (`schemas/pet.yaml#/Pet`) against the referencing file's directory. */
export function resolveFileRef(fromFile: string, ref: string): { file: string; pointer: string } {
  const hash = ref.indexOf('#');
  const target = hash === -1 ? ref : ref.slice(0, hash);
  const pointer = hash === -1 ? '#' : ref.slice(hash);
  const base = fromFile.includes('/') ? fromFile.slice(0, fromFile.lastIndexOf('/')).split('/') : [];
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') base.pop();
    else base.push(part);
  }
  return { file: base.join('/'), pointer };
}
