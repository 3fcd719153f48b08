/**
 * Kustomize `replacements`: copy a field of one object (source) into fields of others (targets), addressed by field
 * paths such as `spec.template.spec.containers.[name=app].image`, optionally one delimited part of a string.
 * A replaced value keeps the location of the source field it came from.
 */
import type { Diagnostic } from '../../model/schema.js';
import { type Res, type Selector, selectorFrom, selects } from './resources.js';
import { clone, diag, emptyMap, type LMap, type LNode, seqAt, str } from './tree.js';

/** `a.b.[name=x].c` -> ['a', 'b', '[name=x]', 'c'] (dots inside brackets do not split). */
export function splitFieldPath(path: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (const c of path) {
    if (c === '[') depth++;
    if (c === ']') depth--;
    if (c === '.' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out.filter((s) => s !== '');
}

/** The nodes a field path addresses (a `*` or `[k=v]` may address several); `create` makes missing map keys. */
function resolve(root: LNode, segs: string[], create: boolean): { holder: LNode; key: string | number }[] {
  let frontier: { holder: LNode | undefined; key: string | number | undefined; node: LNode }[] = [
    { holder: undefined, key: undefined, node: root },
  ];
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    const last = i === segs.length - 1;
    const next: typeof frontier = [];
    for (const f of frontier) {
      const n = f.node;
      const m = /^\[([^=\]]+)=(.*)\]$/.exec(seg);
      if (n.k === 'q') {
        n.items.forEach((item, idx) => {
          const hit =
            seg === '*' || String(idx) === seg || (m !== null && item.k === 'm' && str(item, m[1]!) === m[2]);
          if (hit) next.push({ holder: n, key: idx, node: item });
        });
      } else if (n.k === 'm') {
        if (seg === '*') {
          for (const [k, v] of n.e) next.push({ holder: n, key: k, node: v });
          continue;
        }
        let v = n.e.get(seg);
        if (!v && create) {
          v = last ? { k: 's', v: null, loc: n.loc } : emptyMap(n.loc);
          n.e.set(seg, v);
        }
        if (v) next.push({ holder: n, key: seg, node: v });
      }
    }
    frontier = next;
  }
  return frontier.filter((f) => f.holder !== undefined).map((f) => ({ holder: f.holder!, key: f.key! }));
}

function childOf(holder: LNode, key: string | number): LNode | undefined {
  if (holder.k === 'm') return holder.e.get(String(key));
  if (holder.k === 'q' && typeof key === 'number') return holder.items[key];
  return undefined;
}

function setChild(holder: LNode, key: string | number, value: LNode): void {
  if (holder.k === 'm') holder.e.set(String(key), value);
  else if (holder.k === 'q' && typeof key === 'number') holder.items[key] = value;
}

function delimited(opts: LNode | undefined): { delimiter: string; index: number } | undefined {
  const delimiter = str(opts, 'delimiter');
  if (delimiter === undefined) return undefined;
  const index = Number(str(opts, 'index') ?? '0');
  return { delimiter, index: Number.isFinite(index) ? index : 0 };
}

/** Apply the `replacements` entries (inline or loaded from their `path` by `load`) to the resources. */
export function applyReplacements(
  entries: LNode[],
  list: Res[],
  load: (entry: LMap) => LNode[] | undefined,
  diagnostics: Diagnostic[],
): void {
  const expanded: LNode[] = [];
  for (const entry of entries) {
    if (entry.k === 'm' && entry.e.has('path') && !entry.e.has('source'))
      expanded.push(...(load(entry) ?? []));
    else expanded.push(entry);
  }
  for (const entry of expanded) {
    if (entry.k !== 'm') continue;
    const sourceSel = entry.e.get('source');
    const sel = selectorFrom(sourceSel);
    const sources = sel ? list.filter((r) => selects(sel, r)) : [];
    if (sources.length !== 1) {
      diagnostics.push(
        diag(
          'error',
          (sourceSel ?? entry).loc,
          sources.length === 0
            ? 'replacement source is not in the build'
            : `replacement source matches ${sources.length} objects; it must match one`,
        ),
      );
      continue;
    }
    const fieldPath = str(sourceSel, 'fieldPath') ?? 'metadata.name';
    const found = resolve(sources[0]!.node, splitFieldPath(fieldPath), false);
    const value = found[0] ? childOf(found[0].holder, found[0].key) : undefined;
    if (!value) {
      diagnostics.push(
        diag('error', (sourceSel ?? entry).loc, `replacement source has no field ${fieldPath}`),
      );
      continue;
    }
    let replacement: LNode = value;
    const part = delimited(sourceSel?.k === 'm' ? sourceSel.e.get('options') : undefined);
    if (part && value.k === 's') {
      const pieces = String(value.v ?? '').split(part.delimiter);
      replacement = { k: 's', v: pieces[part.index] ?? '', loc: value.loc };
    }
    for (const target of seqAt(entry, 'targets')?.items ?? []) {
      const select = selectorFrom(target.k === 'm' ? target.e.get('select') : undefined);
      const rejects = (seqAt(target, 'reject')?.items ?? [])
        .map((r) => selectorFrom(r))
        .filter((r): r is Selector => r !== undefined);
      const opts = target.k === 'm' ? target.e.get('options') : undefined;
      const create = str(opts, 'create') === 'true';
      const targetPart = delimited(opts);
      for (const r of list) {
        if (!select || !selects(select, r) || rejects.some((x) => selects(x, r))) continue;
        for (const fp of seqAt(target, 'fieldPaths')?.items ?? []) {
          if (fp.k !== 's' || fp.v === null) continue;
          for (const { holder, key } of resolve(r.node, splitFieldPath(String(fp.v)), create)) {
            const old = childOf(holder, key);
            if (targetPart && old?.k === 's' && replacement.k === 's') {
              const pieces = String(old.v ?? '').split(targetPart.delimiter);
              while (pieces.length <= targetPart.index) pieces.push('');
              pieces[targetPart.index] = String(replacement.v ?? '');
              setChild(holder, key, { k: 's', v: pieces.join(targetPart.delimiter), loc: replacement.loc });
            } else {
              setChild(holder, key, clone(replacement));
            }
          }
        }
      }
    }
  }
}
