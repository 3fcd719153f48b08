/**
 * Kubernetes manifest adapter: multi-document YAML (or JSON), `List` kinds included. Workloads become
 * deployables and services; Services, Ingresses and Gateway API routes become exposures; ConfigMaps and
 * Secrets configs; HPAs, PDBs and NetworkPolicies their own collections. Other kinds (CRDs, Istio, RBAC,
 * Kustomization) are kept only as parsed documents, which rules may read. Unrendered Helm templates give
 * one diagnostic instead of a cascade of YAML errors.
 */
import type { Diagnostic, Service } from '../../model/schema.js';
import { DEPLOYED_COLLECTIONS, emptyCollections } from '../../model/vocabulary.js';
import { type PathSegment, parseStructured, type StructuredDocument } from '../parse/structured.js';
import { isObj, list, type Obj } from '../parse/values.js';
import type { Adapter, Fragment, SourceFile } from '../types.js';
import {
  metaOf,
  readAutoscaler,
  readConfig,
  readDisruptionBudget,
  readIngress,
  readNetworkPolicy,
  readRoute,
  readService,
} from './objects.js';
import { InvalidSelector } from './selectors.js';
import { type Locate, readWorkload, WORKLOAD_KINDS } from './workload.js';

export const kubernetesAdapter: Adapter = {
  kind: 'kubernetes',
  claims: (path, head) => /\.(ya?ml|json)$/i.test(path) && looksLikeKubernetes(head),
  parse: parseKubernetesFile,
};

/** Both `apiVersion:` and `kind:` keys (YAML or JSON) in the head of the file. */
export function looksLikeKubernetes(head: string): boolean {
  return (
    /^\s*["']?apiVersion["']?\s*:\s*["']?[\w.-]+(\/[\w.-]+)?["']?/m.test(head) &&
    /^\s*["']?kind["']?\s*:\s*["']?[A-Z]\w*/m.test(head)
  );
}

const HELM_TEMPLATE = /\{\{-?\s*[\s\S]*?\}\}/;

/** Every object of these documents read into one fragment (documents kept for the rules that read them). */
function readDocuments(documents: StructuredDocument[]): Fragment {
  const fragment: Fragment = {
    ...emptyCollections(['services', ...DEPLOYED_COLLECTIONS, 'diagnostics']),
    documents: [],
  };
  for (const document of documents) {
    fragment.documents!.push({ kind: 'kubernetes', document });
    readDocument(document, fragment);
  }
  return fragment;
}

export function parseKubernetesFile(file: SourceFile): Fragment {
  const outcome = parseStructured(file.path, file.text, 'kubernetes');
  const fragment = readDocuments(outcome.documents);
  let diagnostics: Diagnostic[] = outcome.diagnostics;
  if (diagnostics.length > 0 && HELM_TEMPLATE.test(file.text)) {
    diagnostics = [
      {
        severity: 'warning',
        file: file.path,
        line: diagnostics[0]?.line ?? firstTemplateLine(file.text),
        message:
          'Helm/Go template expressions ({{ }}) make this file invalid YAML until rendered; run `helm template` and scan the output to include it',
        origin: 'kubernetes',
      },
    ];
  }
  fragment.diagnostics!.unshift(...diagnostics);
  return fragment;
}

function firstTemplateLine(text: string): number {
  const i = text.search(HELM_TEMPLATE);
  return i < 0 ? 1 : text.slice(0, i).split('\n').length;
}

/**
 * Rendered documents (a Kustomize build, a Helm release) read as one deployment's objects: every
 * deployable, exposure, autoscaler, PDB, NetworkPolicy and config is tagged with `deployment`.
 */
export function readRenderedDocuments(documents: StructuredDocument[], deployment: string): Fragment {
  const fragment = readDocuments(documents);
  for (const key of DEPLOYED_COLLECTIONS) for (const item of fragment[key]!) item.deployment = deployment;
  return fragment;
}

/** One document: a resource, or a `List` (also `DeploymentList`, …) of resources. */
export function readDocument(document: StructuredDocument, fragment: Fragment): void {
  const data = document.data;
  if (Array.isArray(data)) {
    data.forEach((item, i) => {
      readResource(item, [i], document, fragment);
    });
    return;
  }
  if (!isObj(data)) return;
  if (typeof data.kind === 'string' && data.kind.endsWith('List') && Array.isArray(data.items)) {
    list(data.items).forEach((item, i) => {
      readResource(item, ['items', i], document, fragment);
    });
    return;
  }
  readResource(data, [], document, fragment);
}

function readResource(
  value: unknown,
  base: PathSegment[],
  document: StructuredDocument,
  fragment: Fragment,
): void {
  if (!isObj(value) || typeof value.kind !== 'string') return;
  const locate: Locate = (...path) => {
    const loc = document.locate([...base, ...path]);
    return { file: loc.file, line: loc.line };
  };
  const resource: Obj = value;
  const kind = resource.kind as string;
  if (WORKLOAD_KINDS.has(kind)) {
    const result = readWorkload(resource, locate);
    if (!result) {
      missingName(kind, locate, fragment);
      return;
    }
    fragment.deployables!.push(result.deployable);
    (fragment.services as Service[]).push(result.service);
    return;
  }
  const meta = metaOf(resource);
  const known = [
    'Service',
    'Ingress',
    'HTTPRoute',
    'GRPCRoute',
    'ConfigMap',
    'Secret',
    'HorizontalPodAutoscaler',
    'PodDisruptionBudget',
    'NetworkPolicy',
  ];
  if (!known.includes(kind)) return; // other kinds: kept as documents only
  if (!meta) {
    missingName(kind, locate, fragment);
    return;
  }
  switch (kind) {
    case 'Service':
      fragment.exposures!.push(readService(resource, meta, locate));
      return;
    case 'Ingress':
      fragment.exposures!.push(readIngress(resource, meta, locate));
      return;
    case 'HTTPRoute':
    case 'GRPCRoute':
      if (String(resource.apiVersion ?? '').startsWith('gateway.networking.k8s.io/'))
        fragment.exposures!.push(readRoute(resource, meta, locate));
      return;
    case 'ConfigMap':
    case 'Secret':
      fragment.configs!.push(readConfig(resource, meta, locate));
      return;
    case 'HorizontalPodAutoscaler': {
      const hpa = readAutoscaler(resource, meta, locate);
      if (hpa) fragment.autoscalers!.push(hpa);
      return;
    }
    case 'PodDisruptionBudget':
      withSelectors(kind, meta.key, locate, fragment, () =>
        fragment.disruptionBudgets!.push(readDisruptionBudget(resource, meta, locate)),
      );
      return;
    case 'NetworkPolicy':
      withSelectors(kind, meta.key, locate, fragment, () =>
        fragment.networkPolicies!.push(readNetworkPolicy(resource, meta, locate)),
      );
      return;
  }
}

/** Reads an object with label selectors; one the API server would reject is skipped with a diagnostic. */
function withSelectors(
  kind: string,
  key: string,
  locate: Locate,
  fragment: Fragment,
  read: () => void,
): void {
  try {
    read();
  } catch (err) {
    if (!(err instanceof InvalidSelector)) throw err;
    const at = locate(...err.path);
    fragment.diagnostics!.push({
      severity: 'error',
      file: at.file,
      line: at.line,
      message: `${kind} ${key}: ${err.message}; the API server rejects this object, so it is left out of the model`,
      origin: 'kubernetes',
    });
  }
}

function missingName(kind: string, locate: Locate, fragment: Fragment): void {
  const at = locate();
  fragment.diagnostics!.push({
    severity: 'warning',
    file: at.file,
    line: at.line,
    message: `${kind} without metadata.name: skipped`,
    origin: 'kubernetes',
  });
}
