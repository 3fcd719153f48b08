/**
 * Patches on located trees: Kubernetes strategic merge (maps merge, `null` deletes a key, `$patch: delete|replace`,
 * lists of known types merge by their merge key, other lists are replaced) and RFC 6902 JSON patches.
 * Values a patch sets keep the patch file's location; values it leaves keep theirs.
 */
import { clone, type LMap, type LNode, type LSeq, toPlain } from './tree.js';

export const DELETE = Symbol('delete');

/** Merge keys of the Kubernetes list fields kustomize merges by key (from the API's patchMergeKey tags). */
function mergeKeyOf(
  field: string,
  parentField: string | undefined,
  kind: string | undefined,
): string | undefined {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
    case 'resourceClaims':
      return 'name';
    case 'volumeMounts':
      return 'mountPath';
    case 'volumeDevices':
      return 'devicePath';
    case 'hostAliases':
      return 'ip';
    case 'topologySpreadConstraints':
      return 'topologyKey';
    case 'ports':
      if (kind === 'Service' && parentField === 'spec') return 'port';
      return parentField === 'containers' ||
        parentField === 'initContainers' ||
        parentField === 'ephemeralContainers'
        ? 'containerPort'
        : undefined;
    default:
      return undefined;
  }
}

/** Drop `$patch`, `$setElementOrder/…`, `$retainKeys` and friends from a patch value being inserted whole. */
function stripDirectives(n: LNode): LNode | typeof DELETE {
  if (n.k === 's') return clone(n);
  if (n.k === 'q') {
    const items: LNode[] = [];
    for (const item of n.items) {
      if (item.k === 'm' && item.e.has('$patch') && item.e.size === 1) continue;
      const s = stripDirectives(item);
      if (s !== DELETE) items.push(s);
    }
    return { k: 'q', items, loc: n.loc };
  }
  const directive = n.e.get('$patch');
  if (directive?.k === 's' && directive.v === 'delete') return DELETE;
  const e = new Map<string, LNode>();
  for (const [key, v] of n.e) {
    if (key.startsWith('$')) continue;
    if (v.k === 's' && v.v === null) continue;
    const s = stripDirectives(v);
    if (s !== DELETE) e.set(key, s);
  }
  return { k: 'm', e, loc: n.loc };
}

/**
 * Strategic-merge `patch` into `target` (changed in place when it merges). Returns the merged node, or DELETE when
 * the patch deletes it.
 */
export function strategicMerge(target: LMap, patch: LMap, kind: string | undefined): LMap | typeof DELETE {
  return mergeMap(target, patch, kind, undefined);
}

function mergeMap(target: LMap, patch: LMap, kind: string | undefined, field: string | undefined) {
  const directive = patch.e.get('$patch');
  if (directive?.k === 's') {
    if (directive.v === 'delete') return DELETE;
    if (directive.v === 'replace') {
      const replaced = stripDirectives(patch);
      return replaced === DELETE ? DELETE : (replaced as LMap);
    }
  }
  for (const [key, pv] of patch.e) {
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const name = key.slice('$deleteFromPrimitiveList/'.length);
      const list = target.e.get(name);
      if (list?.k === 'q' && pv.k === 'q') {
        const drop = new Set(pv.items.map((i) => JSON.stringify(toPlain(i))));
        list.items = list.items.filter((i) => !drop.has(JSON.stringify(toPlain(i))));
      }
      continue;
    }
    if (key.startsWith('$')) continue;
    const tv = target.e.get(key);
    if (pv.k === 's' && pv.v === null) {
      target.e.delete(key);
      continue;
    }
    if (pv.k === 'm') {
      if (tv?.k === 'm') {
        const merged = mergeMap(tv, pv, kind, key);
        if (merged === DELETE) target.e.delete(key);
        else target.e.set(key, merged);
      } else {
        const fresh = stripDirectives(pv);
        if (fresh === DELETE) target.e.delete(key);
        else target.e.set(key, fresh);
      }
      continue;
    }
    if (pv.k === 'q') {
      if (tv?.k === 'q') target.e.set(key, mergeList(tv, pv, key, field, kind));
      else target.e.set(key, stripDirectives(pv) as LSeq);
      continue;
    }
    // a patch restating a value (its identity: name, kind) leaves the value where it was defined
    if (tv?.k === 's' && tv.v === pv.v) continue;
    target.e.set(key, clone(pv));
  }
  return target;
}

function mergeList(target: LSeq, patch: LSeq, field: string, parentField: string | undefined, kind?: string) {
  const replace = patch.items.some(
    (i) =>
      i.k === 'm' && i.e.get('$patch')?.k === 's' && (i.e.get('$patch') as { v: unknown }).v === 'replace',
  );
  const key = mergeKeyOf(field, parentField, kind);
  if (replace || !key) return stripDirectives(patch) as LSeq;
  const items = [...target.items];
  for (const pi of patch.items) {
    if (pi.k !== 'm') {
      items.push(clone(pi));
      continue;
    }
    const kv = pi.e.get(key);
    const keyText = kv?.k === 's' ? String(kv.v) : undefined;
    const at =
      keyText === undefined
        ? -1
        : items.findIndex(
            (t) =>
              t.k === 'm' &&
              t.e.get(key)?.k === 's' &&
              String((t.e.get(key) as { v: unknown }).v) === keyText,
          );
    const directive = pi.e.get('$patch');
    if (directive?.k === 's' && directive.v === 'delete') {
      if (at >= 0) items.splice(at, 1);
      continue;
    }
    if (at >= 0) {
      const merged = mergeMap(items[at] as LMap, pi, kind, field);
      if (merged === DELETE) items.splice(at, 1);
      else items[at] = merged;
    } else {
      const fresh = stripDirectives(pi);
      if (fresh !== DELETE) items.push(fresh);
    }
  }
  return { k: 'q', items, loc: target.loc } as LSeq;
}

// ---- RFC 6902 ----

export class JsonPatchError extends Error {}

function pointer(p: string): string[] {
  if (p === '') return [];
  if (!p.startsWith('/')) throw new JsonPatchError(`path "${p}" does not start with "/"`);
  return p
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function walk(root: LNode, segs: string[], path: string): LNode {
  let cur = root;
  for (const seg of segs) {
    const next = child(cur, seg);
    if (!next) throw new JsonPatchError(`path "${path}" does not exist`);
    cur = next;
  }
  return cur;
}

function child(n: LNode, seg: string): LNode | undefined {
  if (n.k === 'm') return n.e.get(seg);
  if (n.k === 'q' && /^\d+$/.test(seg)) return n.items[Number(seg)];
  return undefined;
}

function index(seq: LSeq, seg: string, path: string, forAdd: boolean): number {
  if (forAdd && seg === '-') return seq.items.length;
  if (!/^(0|[1-9]\d*)$/.test(seg)) throw new JsonPatchError(`"${seg}" is not an array index in "${path}"`);
  const i = Number(seg);
  if (i > seq.items.length || (!forAdd && i === seq.items.length)) {
    throw new JsonPatchError(`index ${i} is out of range in "${path}"`);
  }
  return i;
}

function remove(root: LNode, path: string): LNode {
  const segs = pointer(path);
  if (segs.length === 0) throw new JsonPatchError('cannot remove the whole document');
  const parent = walk(root, segs.slice(0, -1), path);
  const last = segs[segs.length - 1]!;
  if (parent.k === 'm') {
    const v = parent.e.get(last);
    if (!v) throw new JsonPatchError(`path "${path}" does not exist`);
    parent.e.delete(last);
    return v;
  }
  if (parent.k === 'q') return parent.items.splice(index(parent, last, path, false), 1)[0]!;
  throw new JsonPatchError(`path "${path}" does not exist`);
}

function add(root: LNode, path: string, value: LNode, replace: boolean): LNode {
  const segs = pointer(path);
  if (segs.length === 0) return value;
  const parent = walk(root, segs.slice(0, -1), path);
  const last = segs[segs.length - 1]!;
  if (parent.k === 'm') {
    if (replace && !parent.e.has(last)) throw new JsonPatchError(`path "${path}" does not exist`);
    parent.e.set(last, value);
  } else if (parent.k === 'q') {
    const i = index(parent, last, path, !replace);
    if (replace) parent.items[i] = value;
    else parent.items.splice(i, 0, value);
  } else {
    throw new JsonPatchError(`path "${path}" does not exist`);
  }
  return root;
}

/**
 * Apply RFC 6902 operations (each a located map) to a copy of `root`. Throws JsonPatchError naming the failing
 * operation's index; the caller keeps the original.
 */
export function applyJsonPatch(
  root: LMap,
  ops: LSeq,
): { result: LNode; failed?: { op: LNode; message: string } } {
  let doc: LNode = clone(root);
  for (const op of ops.items) {
    try {
      if (op.k !== 'm') throw new JsonPatchError('an operation must be a map');
      const name = op.e.get('op');
      const path = op.e.get('path');
      if (name?.k !== 's' || path?.k !== 's' || typeof path.v !== 'string') {
        throw new JsonPatchError('an operation needs "op" and "path"');
      }
      const value = op.e.get('value');
      const from = op.e.get('from');
      switch (name.v) {
        case 'add':
        case 'replace': {
          if (!value) throw new JsonPatchError(`"${name.v}" needs a value`);
          doc = add(doc, path.v, clone(value), name.v === 'replace');
          break;
        }
        case 'remove':
          remove(doc, path.v);
          break;
        case 'move':
        case 'copy': {
          if (from?.k !== 's' || typeof from.v !== 'string')
            throw new JsonPatchError(`"${name.v}" needs "from"`);
          const moved = name.v === 'move' ? remove(doc, from.v) : clone(walk(doc, pointer(from.v), from.v));
          doc = add(doc, path.v, moved, false);
          break;
        }
        case 'test': {
          const actual = walk(doc, pointer(path.v), path.v);
          if (!value || JSON.stringify(toPlain(actual)) !== JSON.stringify(toPlain(value))) {
            throw new JsonPatchError(`test failed at "${path.v}"`);
          }
          break;
        }
        default:
          throw new JsonPatchError(`unknown operation "${String(name.v)}"`);
      }
    } catch (err) {
      if (err instanceof JsonPatchError) return { result: root, failed: { op, message: err.message } };
      throw err;
    }
  }
  return { result: doc };
}
