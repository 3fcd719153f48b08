/**
 * Combine adapter fragments into one SystemModel: concatenate collections, unite services seen in
 * several files, then infer relations (dependencies, datastores, ownership) across the whole system.
 */

import { assignDeployments, type DeploymentDraft } from '../model/deployments.js';
import { emptyModel } from '../model/empty.js';
import { inferRelations } from '../model/infer.js';
import { recognizePatterns } from '../model/patterns/index.js';
import type { DeclaredFacts, Service, SystemModel } from '../model/schema.js';
import { type CollectionKey, MODEL_COLLECTIONS } from '../model/vocabulary.js';
import type { DiscoveryResult } from './index.js';
import type { Fragment, ParsedArtifact } from './types.js';

export interface MergeOptions {
  root: string;
  name?: string;
  paths: string[];
  /** Deployments discovery built (compose projects, Kustomize builds, Helm releases); plain manifests are grouped here. */
  deployments?: DeploymentDraft[];
  /** Files a Kustomize build or Helm chart reads (used or not): never grouped as plain manifests. */
  rendered?: ReadonlySet<string>;
  /** Names of the roots when one system is read from several repositories (paths start `<root>/`). */
  roots?: readonly string[];
}

/** The collections merge() concatenates: services are united by id, deployments and patterns built after. */
const COLLECTIONS = MODEL_COLLECTIONS.filter(
  (key): key is Exclude<CollectionKey, 'services' | 'deployments' | 'patterns'> =>
    key !== 'services' && key !== 'deployments' && key !== 'patterns',
);

export function merge(fragments: Fragment[], options: MergeOptions): DiscoveryResult {
  const model = emptyModel(options.root, options.name ?? 'system');
  const documents: ParsedArtifact[] = [];
  const services = new Map<string, Service>();
  for (const fragment of fragments) {
    for (const key of COLLECTIONS) {
      const items = fragment[key];
      if (items?.length) (model[key] as unknown[]).push(...items);
    }
    for (const service of fragment.services ?? []) {
      const existing = services.get(service.id);
      services.set(service.id, existing ? uniteServices(existing, service) : service);
    }
    if (fragment.declared) mergeDeclared(model.declared, fragment.declared);
    if (fragment.documents) documents.push(...fragment.documents);
  }
  model.services = [...services.values()];
  if (model.declared.system) model.name = model.declared.system;
  assignDeployments(model, options.deployments ?? [], options.rendered);
  inferRelations(model, { paths: options.paths, roots: options.roots });
  sortModel(model);
  model.patterns = recognizePatterns(model, documents, options.paths);
  return { model, documents, paths: options.paths };
}

export function uniteServices(a: Service, b: Service): Service {
  return {
    ...b,
    ...a,
    role: a.role === 'application' ? b.role : a.role,
    hostnames: union(a.hostnames, b.hostnames),
    images: union(a.images, b.images),
    buildContexts: union(a.buildContexts, b.buildContexts),
    deployables: union(a.deployables, b.deployables),
    apis: union(a.apis, b.apis),
    dataClasses: union(a.dataClasses, b.dataClasses),
    language: a.language ?? b.language,
    owner: a.owner ?? b.owner,
    domain: a.domain ?? b.domain,
    source: a.source,
    sources: [...a.sources, ...b.sources],
  };
}

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}

function mergeDeclared(target: DeclaredFacts, from: Partial<DeclaredFacts>): void {
  for (const [key, value] of Object.entries(from) as [keyof DeclaredFacts, unknown][]) {
    if (value === undefined) continue;
    const current = target[key];
    if (Array.isArray(current) && Array.isArray(value)) (current as unknown[]).push(...value);
    else (target as Record<string, unknown>)[key] = value;
  }
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Sorts by id; most collections arrive in order already (component maps are), so check that first. */
function sortById<T extends { id: string }>(items: T[]): void {
  for (let i = 1; i < items.length; i++) {
    if (items[i - 1]!.id > items[i]!.id) {
      items.sort(byId);
      return;
    }
  }
}

/** Deterministic order everywhere, so the same input serialises to the same bytes. */
export function sortModel(model: SystemModel): void {
  model.artifacts.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  sortById(model.services);
  sortById(model.deployables);
  sortById(model.exposures);
  sortById(model.autoscalers);
  sortById(model.disruptionBudgets);
  sortById(model.networkPolicies);
  sortById(model.configs);
  sortById(model.apis);
  sortById(model.operations);
  sortById(model.apiTypes);
  sortById(model.datastores);
  sortById(model.topics);
  sortById(model.tables);
  sortById(model.externals);
  model.images.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  sortById(model.modules);
  sortById(model.codeFacts);
  model.dependencies.sort((a, b) =>
    a.from !== b.from
      ? a.from < b.from
        ? -1
        : 1
      : a.to !== b.to
        ? a.to < b.to
          ? -1
          : 1
        : a.via < b.via
          ? -1
          : a.via > b.via
            ? 1
            : 0,
  );
}
