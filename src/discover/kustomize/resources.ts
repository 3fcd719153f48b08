/**
 * Resources in a Kustomize build: located trees with the names they have had (a patch in an overlay may name a
 * resource by its base name after a prefix renamed it), their identity and target selection.
 */
import type { Source } from '../../model/schema.js';
import { type LMap, type LNode, mapAt, scalar, str } from './tree.js';

export interface Res {
  node: LMap;
  /** Every name the resource has had, the first one first; the current one is metadata.name. */
  names: string[];
  /** Generated ConfigMap/Secret that gets kustomize's content hash appended to its name at the end. */
  needsHash: boolean;
}

export function kindOf(r: Res): string {
  return str(r.node, 'kind') ?? '';
}

export function nameOf(r: Res): string {
  return str(r.node, 'metadata', 'name') ?? '';
}

export function namespaceOf(r: Res): string | undefined {
  return str(r.node, 'metadata', 'namespace');
}

export function groupOf(apiVersion: string | undefined): string {
  if (!apiVersion) return '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function versionOf(apiVersion: string | undefined): string {
  if (!apiVersion) return '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
}

export function idOf(r: Res): string {
  return `${groupOf(str(r.node, 'apiVersion'))}|${kindOf(r)}|${namespaceOf(r) ?? ''}|${nameOf(r)}`;
}

export function describe(r: Res): string {
  const ns = namespaceOf(r);
  return `${kindOf(r)} ${ns ? `${ns}/` : ''}${nameOf(r)}`;
}

export function makeRes(node: LMap): Res {
  const name = str(node, 'metadata', 'name');
  return { node, names: name ? [name] : [], needsHash: false };
}

/** Rename a resource; the name keeps the location of the field it came from (the resource, not the transformer). */
export function rename(r: Res, name: string, at?: Source): void {
  const meta = mapAt(r.node, 'metadata');
  if (!meta) return;
  const old = meta.e.get('name');
  meta.e.set('name', scalar(name, old?.loc ?? at ?? r.node.loc));
  if (!r.names.includes(name)) r.names.push(name);
}

export interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

export function selectorFrom(n: LNode | undefined): Selector | undefined {
  if (n?.k !== 'm') return undefined;
  const s: Selector = {};
  for (const key of [
    'group',
    'version',
    'kind',
    'name',
    'namespace',
    'labelSelector',
    'annotationSelector',
  ] as const) {
    const v = str(n, key);
    if (v !== undefined) s[key] = v;
  }
  return s;
}

const regexCache = new Map<string, RegExp | null>();
function anchored(pattern: string): RegExp | null {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${pattern})$`);
    } catch {
      re = null;
    }
    regexCache.set(pattern, re);
  }
  return re;
}

function matchesText(pattern: string, value: string): boolean {
  if (pattern === value) return true;
  const re = anchored(pattern);
  return re ? re.test(value) : false;
}

/** Kustomize target selection: group/version/kind/name/namespace are anchored regular expressions. */
export function selects(sel: Selector, r: Res): boolean {
  const apiVersion = str(r.node, 'apiVersion');
  if (sel.kind !== undefined && !matchesText(sel.kind, kindOf(r))) return false;
  if (sel.group !== undefined && !matchesText(sel.group, groupOf(apiVersion))) return false;
  if (sel.version !== undefined && !matchesText(sel.version, versionOf(apiVersion))) return false;
  if (sel.name !== undefined && !r.names.some((n) => matchesText(sel.name!, n))) return false;
  if (sel.namespace !== undefined && !matchesText(sel.namespace, namespaceOf(r) ?? 'default')) {
    if (!(sel.namespace === '' && namespaceOf(r) === undefined)) return false;
  }
  if (
    sel.labelSelector !== undefined &&
    !matchesLabels(sel.labelSelector, mapAt(r.node, 'metadata', 'labels'))
  ) {
    return false;
  }
  if (
    sel.annotationSelector !== undefined &&
    !matchesLabels(sel.annotationSelector, mapAt(r.node, 'metadata', 'annotations'))
  ) {
    return false;
  }
  return true;
}

/** Kubernetes label selector syntax: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`. */
export function matchesLabels(selector: string, labels: LMap | undefined): boolean {
  const value = (k: string) => {
    const v = labels?.e.get(k);
    return v?.k === 's' && v.v !== null ? String(v.v) : undefined;
  };
  const terms: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of selector) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      terms.push(cur);
      cur = '';
    } else cur += c;
  }
  terms.push(cur);
  for (const raw of terms) {
    const t = raw.trim();
    if (!t) continue;
    let m = /^([^\s!=]+)\s*(==|=|!=)\s*(.*)$/.exec(t);
    if (m) {
      const v = value(m[1]!);
      if (m[2] === '!=' ? v === m[3]!.trim() : v !== m[3]!.trim()) return false;
      continue;
    }
    m = /^([^\s!=]+)\s+(in|notin)\s*\((.*)\)$/.exec(t);
    if (m) {
      const set = m[3]!.split(',').map((s) => s.trim());
      const v = value(m[1]!);
      const inSet = v !== undefined && set.includes(v);
      if (m[2] === 'in' ? !inSet : inSet) return false;
      continue;
    }
    if (t.startsWith('!')) {
      if (value(t.slice(1).trim()) !== undefined) return false;
      continue;
    }
    if (value(t) === undefined) return false;
  }
  return true;
}

/** Kinds that live outside namespaces: the namespace transformer leaves them alone. */
export const CLUSTER_SCOPED = new Set([
  'APIService',
  'CertificateSigningRequest',
  'ClusterIssuer',
  'ClusterRole',
  'ClusterRoleBinding',
  'ComponentStatus',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PodSecurityPolicy',
  'PriorityClass',
  'RuntimeClass',
  'StorageClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
]);

/** Kustomize's legacy output order (`kustomize build` default): these kinds first, in this order... */
const ORDER_FIRST = [
  'Namespace',
  'ResourceQuota',
  'StorageClass',
  'CustomResourceDefinition',
  'ServiceAccount',
  'PodSecurityPolicy',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ConfigMap',
  'Secret',
  'Endpoints',
  'Service',
  'LimitRange',
  'PriorityClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Deployment',
  'StatefulSet',
  'CronJob',
  'PodDisruptionBudget',
];
/** ...and these last. */
const ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

function rank(kind: string): number {
  const first = ORDER_FIRST.indexOf(kind);
  if (first >= 0) return first;
  const last = ORDER_LAST.indexOf(kind);
  return last >= 0 ? ORDER_FIRST.length + 1 + last : ORDER_FIRST.length;
}

export function legacySort(list: Res[]): Res[] {
  const key = (r: Res) => {
    const apiVersion = str(r.node, 'apiVersion');
    return `${groupOf(apiVersion)}_${versionOf(apiVersion)}_${kindOf(r)}`;
  };
  return list
    .map((r, i) => ({ r, i, rank: rank(kindOf(r)), gvk: key(r), id: `${namespaceOf(r) ?? ''}|${nameOf(r)}` }))
    .sort((a, b) => {
      if (a.rank !== b.rank) return a.rank - b.rank;
      if (a.gvk !== b.gvk) return a.gvk < b.gvk ? -1 : 1;
      if (a.id !== b.id) return a.id < b.id ? -1 : 1;
      return a.i - b.i;
    })
    .map((x) => x.r);
}
