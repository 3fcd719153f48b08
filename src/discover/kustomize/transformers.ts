/**
 * Kustomize's built-in transformers over located resources: namespace, name prefix/suffix, labels, annotations,
 * replicas, images, the generated-name hash and the name references that follow renamed objects. A value a
 * transformer sets is located at the kustomization line that asked for it.
 */
import { createHash } from 'node:crypto';
import type { Source } from '../../model/schema.js';
import { splitImage } from '../parse/values.js';
import { CLUSTER_SCOPED, groupOf, kindOf, nameOf, namespaceOf, type Res, rename } from './resources.js';
import { ensureMap, type LMap, type LNode, mapAt, scalar, seqAt, str, toPlain } from './tree.js';

export function setNamespace(list: Res[], ns: string, at: Source): void {
  const serviceAccounts = new Set(list.filter((r) => kindOf(r) === 'ServiceAccount').flatMap((r) => r.names));
  for (const r of list) {
    const kind = kindOf(r);
    if (!CLUSTER_SCOPED.has(kind)) {
      const meta = ensureMap(r.node, ['metadata'], at);
      meta?.e.set('namespace', scalar(ns, at));
    }
    if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
      for (const s of seqAt(r.node, 'subjects')?.items ?? []) {
        if (s.k !== 'm' || str(s, 'kind') !== 'ServiceAccount') continue;
        const name = str(s, 'name');
        if (name && (serviceAccounts.has(name) || str(s, 'namespace') === undefined)) {
          s.e.set('namespace', scalar(ns, at));
        }
      }
    }
  }
}

export function prefixSuffix(list: Res[], prefix: string, suffix: string): void {
  for (const r of list) {
    const kind = kindOf(r);
    if (kind === 'CustomResourceDefinition' || kind === 'Namespace') continue;
    const name = nameOf(r);
    if (!name) continue;
    rename(r, `${prefix}${name}${suffix}`);
  }
}

type FieldSpec = { path: string[]; create: boolean };
const WORKLOADS = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet']);

function templatePaths(kind: string, what: 'labels' | 'annotations'): FieldSpec[] {
  if (WORKLOADS.has(kind) || kind === 'Job' || kind === 'ReplicationController') {
    return [{ path: ['spec', 'template', 'metadata', what], create: true }];
  }
  if (kind === 'CronJob') {
    return [
      { path: ['spec', 'jobTemplate', 'metadata', what], create: true },
      { path: ['spec', 'jobTemplate', 'spec', 'template', 'metadata', what], create: true },
    ];
  }
  return [];
}

function selectorPaths(kind: string): FieldSpec[] {
  if (kind === 'Service') return [{ path: ['spec', 'selector'], create: true }];
  if (kind === 'ReplicationController') return [{ path: ['spec', 'selector'], create: true }];
  if (WORKLOADS.has(kind)) return [{ path: ['spec', 'selector', 'matchLabels'], create: true }];
  if (kind === 'Job') return [{ path: ['spec', 'selector', 'matchLabels'], create: false }];
  if (kind === 'CronJob')
    return [{ path: ['spec', 'jobTemplate', 'spec', 'selector', 'matchLabels'], create: false }];
  if (kind === 'PodDisruptionBudget') return [{ path: ['spec', 'selector', 'matchLabels'], create: false }];
  if (kind === 'NetworkPolicy') return [{ path: ['spec', 'podSelector', 'matchLabels'], create: false }];
  return [];
}

/** Set `key: value` in the map at each spec's path (created only when `create`). */
function setIn(node: LMap, specs: FieldSpec[], pairs: [string, LNode][], at: Source): void {
  for (const spec of specs) {
    let target: LMap | undefined;
    if (spec.create) target = ensureMap(node, spec.path, at);
    else target = mapAt(node, ...spec.path);
    if (!target) continue;
    for (const [k, v] of pairs) target.e.set(k, scalar(v.k === 's' ? stringValue(v) : null, v.loc));
  }
}

function stringValue(v: LNode): string | null {
  return v.k === 's' && v.v !== null ? String(v.v) : v.k === 's' ? '' : null;
}

export interface LabelOptions {
  includeSelectors: boolean;
  includeTemplates: boolean;
}

export function addLabels(list: Res[], pairs: LMap, opts: LabelOptions): void {
  const entries = [...pairs.e];
  if (entries.length === 0) return;
  for (const r of list) {
    const kind = kindOf(r);
    const specs: FieldSpec[] = [{ path: ['metadata', 'labels'], create: true }];
    if (opts.includeSelectors || opts.includeTemplates) specs.push(...templatePaths(kind, 'labels'));
    if (opts.includeSelectors) {
      specs.push(...selectorPaths(kind));
      if (kind === 'StatefulSet') {
        for (const t of seqAt(r.node, 'spec', 'volumeClaimTemplates')?.items ?? []) {
          if (t.k === 'm') setIn(t, [{ path: ['metadata', 'labels'], create: true }], entries, pairs.loc);
        }
      }
      if (kind === 'NetworkPolicy') {
        for (const [dir, peer] of [
          ['ingress', 'from'],
          ['egress', 'to'],
        ] as const) {
          for (const rule of seqAt(r.node, 'spec', dir)?.items ?? []) {
            for (const p of seqAt(rule, peer)?.items ?? []) {
              if (p.k === 'm')
                setIn(p, [{ path: ['podSelector', 'matchLabels'], create: false }], entries, pairs.loc);
            }
          }
        }
      }
    }
    setIn(r.node, specs, entries, pairs.loc);
  }
}

export function addAnnotations(list: Res[], pairs: LMap): void {
  const entries = [...pairs.e];
  if (entries.length === 0) return;
  for (const r of list) {
    const specs = [
      { path: ['metadata', 'annotations'], create: true },
      ...templatePaths(kindOf(r), 'annotations'),
    ];
    setIn(r.node, specs, entries, pairs.loc);
  }
}

const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet']);

/** `replicas: [{name, count}]`; returns the names that matched nothing. */
export function setReplicas(list: Res[], entries: LNode[]): { unmatched: LNode[] } {
  const unmatched: LNode[] = [];
  for (const entry of entries) {
    const name = str(entry, 'name');
    const count = entry.k === 'm' ? entry.e.get('count') : undefined;
    if (!name || !count || count.k !== 's') continue;
    let hit = false;
    for (const r of list) {
      if (!SCALABLE.has(kindOf(r)) || !r.names.includes(name)) continue;
      const spec = ensureMap(r.node, ['spec'], count.loc);
      spec?.e.set('replicas', scalar(Number(count.v), count.loc));
      hit = true;
    }
    if (!hit) unmatched.push(entry);
  }
  return { unmatched };
}

export interface ImageRef {
  name: string;
  tag?: string;
  digest?: string;
}

/** An image reference split into name, tag and digest (a registry port is not a tag). */
export function parseImage(image: string): ImageRef {
  const parts = splitImage(image);
  let name = parts.image;
  if (parts.digest !== undefined) name = name.slice(0, name.length - parts.digest.length - 1);
  if (parts.tag !== undefined) name = name.slice(0, name.length - parts.tag.length - 1);
  const ref: ImageRef = { name };
  if (parts.tag !== undefined) ref.tag = parts.tag;
  if (parts.digest !== undefined) ref.digest = parts.digest;
  return ref;
}

function formatImage(ref: ImageRef): string {
  return `${ref.name}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

function eachContainer(n: LNode, visit: (c: LMap) => void, depth = 0): void {
  if (depth > 40) return;
  if (n.k === 'm') {
    for (const [key, v] of n.e) {
      if (CONTAINER_LISTS.has(key) && v.k === 'q') {
        for (const c of v.items) if (c.k === 'm') visit(c);
      } else if (v.k !== 's') eachContainer(v, visit, depth + 1);
    }
  } else if (n.k === 'q') {
    for (const item of n.items) if (item.k !== 's') eachContainer(item, visit, depth + 1);
  }
}

/** `images: [{name, newName, newTag, tagSuffix, digest}]`, applied to every container image whose name matches. */
export function setImages(list: Res[], entries: LNode[]): void {
  for (const entry of entries) {
    const name = str(entry, 'name');
    if (!name || entry.k !== 'm') continue;
    const newName = str(entry, 'newName');
    const newTag = str(entry, 'newTag');
    const tagSuffix = str(entry, 'tagSuffix');
    const digest = str(entry, 'digest');
    const at = (
      entry.e.get('digest') ??
      entry.e.get('newTag') ??
      entry.e.get('tagSuffix') ??
      entry.e.get('newName')
    )?.loc;
    if (!at) continue;
    for (const r of list) {
      eachContainer(r.node, (c) => {
        const image = str(c, 'image');
        if (image === undefined) return;
        const ref = parseImage(image);
        if (ref.name !== name) return;
        const out: ImageRef = { name: newName ?? ref.name };
        if (newTag !== undefined) out.tag = newTag;
        else if (tagSuffix !== undefined) out.tag = `${ref.tag ?? ''}${tagSuffix}`;
        else if (digest === undefined && ref.tag !== undefined) out.tag = ref.tag;
        if (digest !== undefined) out.digest = digest;
        else if (newTag === undefined && tagSuffix === undefined && ref.digest !== undefined)
          out.digest = ref.digest;
        c.e.set('image', scalar(formatImage(out), at));
      });
    }
  }
}

// ---- generated names: kustomize's content hash ----

/** Go's encoding/json: sorted keys, `<`, `>`, `&`, U+2028/9 escaped. */
function goJson(v: unknown): string {
  if (v === null || typeof v !== 'object') {
    return JSON.stringify(v ?? null).replace(/[<>&\u2028\u2029]/g, (c) => {
      return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    });
  }
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${goJson(k)}:${goJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
}

function stringMap(n: LNode | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (n?.k === 'm') for (const [k, v] of n.e) out[k] = v.k === 's' && v.v !== null ? String(v.v) : '';
  return out;
}

/** The 10-character suffix kustomize appends to generated ConfigMaps and Secrets (sha256 over kind, name, data). */
export function contentHash(r: Res): string {
  const kind = kindOf(r);
  const m: Record<string, unknown> = { kind, name: nameOf(r), data: stringMap(r.node.e.get('data')) };
  if (kind === 'ConfigMap') {
    const binary = r.node.e.get('binaryData');
    if (binary?.k === 'm' && binary.e.size > 0) m.binaryData = stringMap(binary);
    const immutable = r.node.e.get('immutable');
    if (immutable?.k === 's' && immutable.v !== null) m.immutable = immutable.v;
  } else {
    m.type = str(r.node, 'type') ?? '';
  }
  const hex = createHash('sha256').update(goJson(m)).digest('hex');
  const swap: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return [...hex.slice(0, 10)].map((c) => swap[c] ?? c).join('');
}

export function addHashes(list: Res[]): void {
  for (const r of list) {
    if (!r.needsHash) continue;
    rename(r, `${nameOf(r)}-${contentHash(r)}`);
    r.needsHash = false;
  }
}

// ---- name references ----

interface Ref {
  kind: string;
  holder: LMap;
  key: string;
  namespace?: string;
}

function podSpecOf(r: Res): LMap | undefined {
  const kind = kindOf(r);
  if (kind === 'Pod') return mapAt(r.node, 'spec');
  if (WORKLOADS.has(kind) || kind === 'Job' || kind === 'ReplicationController') {
    return mapAt(r.node, 'spec', 'template', 'spec');
  }
  if (kind === 'CronJob') return mapAt(r.node, 'spec', 'jobTemplate', 'spec', 'template', 'spec');
  return undefined;
}

function maps(n: LNode | undefined): LMap[] {
  return n?.k === 'q' ? n.items.filter((i): i is LMap => i.k === 'm') : [];
}

/** The fields of `r` that name another object, with the kind they name. */
function referencesOf(r: Res): Ref[] {
  const out: Ref[] = [];
  const push = (kind: string, holder: LMap | undefined, key: string) => {
    if (holder && holder.e.get(key)?.k === 's') out.push({ kind, holder, key });
  };
  const pod = podSpecOf(r);
  if (pod) {
    push('ServiceAccount', pod, 'serviceAccountName');
    push('ServiceAccount', pod, 'serviceAccount');
    push('PriorityClass', pod, 'priorityClassName');
    for (const s of maps(pod.e.get('imagePullSecrets'))) push('Secret', s, 'name');
    for (const v of maps(pod.e.get('volumes'))) {
      push('ConfigMap', mapAt(v, 'configMap'), 'name');
      push('Secret', mapAt(v, 'secret'), 'secretName');
      push('PersistentVolumeClaim', mapAt(v, 'persistentVolumeClaim'), 'claimName');
      for (const src of maps(mapAt(v, 'projected')?.e.get('sources'))) {
        push('ConfigMap', mapAt(src, 'configMap'), 'name');
        push('Secret', mapAt(src, 'secret'), 'name');
      }
    }
    for (const list of ['containers', 'initContainers', 'ephemeralContainers']) {
      for (const c of maps(pod.e.get(list))) {
        for (const env of maps(c.e.get('env'))) {
          push('ConfigMap', mapAt(env, 'valueFrom', 'configMapKeyRef'), 'name');
          push('Secret', mapAt(env, 'valueFrom', 'secretKeyRef'), 'name');
        }
        for (const from of maps(c.e.get('envFrom'))) {
          push('ConfigMap', mapAt(from, 'configMapRef'), 'name');
          push('Secret', mapAt(from, 'secretRef'), 'name');
        }
      }
    }
  }
  const kind = kindOf(r);
  if (kind === 'StatefulSet') push('Service', mapAt(r.node, 'spec'), 'serviceName');
  if (kind === 'Ingress') {
    const spec = mapAt(r.node, 'spec');
    const backend = (b: LMap | undefined) => {
      push('Service', mapAt(b, 'service'), 'name');
      push('Service', b, 'serviceName');
    };
    backend(mapAt(spec, 'defaultBackend'));
    backend(mapAt(spec, 'backend'));
    for (const rule of maps(spec?.e.get('rules'))) {
      for (const p of maps(mapAt(rule, 'http')?.e.get('paths'))) backend(mapAt(p, 'backend'));
    }
    for (const tls of maps(spec?.e.get('tls'))) push('Secret', tls, 'secretName');
  }
  if (kind === 'ServiceAccount') {
    for (const s of maps(r.node.e.get('secrets'))) push('Secret', s, 'name');
    for (const s of maps(r.node.e.get('imagePullSecrets'))) push('Secret', s, 'name');
  }
  if (kind === 'HorizontalPodAutoscaler') {
    const target = mapAt(r.node, 'spec', 'scaleTargetRef');
    const k = str(target, 'kind');
    if (k) push(k, target, 'name');
  }
  if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
    const roleRef = mapAt(r.node, 'roleRef');
    const k = str(roleRef, 'kind');
    if (k) push(k, roleRef, 'name');
    for (const s of maps(r.node.e.get('subjects'))) {
      if (str(s, 'kind') !== 'ServiceAccount') continue;
      const ns = str(s, 'namespace');
      const before = out.length;
      push('ServiceAccount', s, 'name');
      if (ns !== undefined && out.length > before) out[out.length - 1]!.namespace = ns;
    }
  }
  if (kind === 'PodDisruptionBudget' || kind === 'Service' || kind === 'NetworkPolicy') return out;
  return out;
}

/**
 * After names changed (prefix, suffix, hash), point every reference that named an object by an earlier name at
 * its current name, as kustomize's name-reference transformer does. A reference keeps its own location.
 */
export function fixReferences(list: Res[]): void {
  const renamed = new Map<string, { namespace: string | undefined; current: string }[]>();
  for (const r of list) {
    if (r.names.length < 2) continue;
    const current = nameOf(r);
    for (const old of r.names) {
      if (old === current) continue;
      const key = `${kindOf(r)}|${old}`;
      const slot = renamed.get(key) ?? [];
      slot.push({ namespace: namespaceOf(r), current });
      renamed.set(key, slot);
    }
  }
  if (renamed.size === 0) return;
  for (const r of list) {
    for (const ref of referencesOf(r)) {
      const v = ref.holder.e.get(ref.key);
      if (v?.k !== 's' || typeof v.v !== 'string') continue;
      const candidates = renamed.get(`${ref.kind}|${v.v}`);
      if (!candidates) continue;
      const ns = ref.namespace ?? namespaceOf(r);
      const hit =
        candidates.find((c) => c.namespace === ns) ??
        (CLUSTER_SCOPED.has(ref.kind) || candidates.length === 1 ? candidates[0] : undefined);
      if (hit) ref.holder.e.set(ref.key, scalar(hit.current, v.loc));
    }
  }
}

/** For tests and diagnostics: the plain value of a resource. */
export function plain(r: Res): unknown {
  return toPlain(r.node);
}

export { groupOf };
