/**
 * One service, however many files describe it. merge() already unites services with the same id; here a
 * compose service and a Kubernetes workload with different names but the same application image
 * (`shop/orders` as compose `orders-service` and Deployment `orders`) become one, and facts that disagree
 * across files (two different images for one service, one workload defined twice) become `merge`
 * diagnostics instead of one silently winning.
 */
import { imageName, splitImage } from './images.js';
import { engineOfImage } from './infer-stores.js';
import { compareSources, formatSource } from './provenance.js';
import type { Deployable, Diagnostic, Service, SystemModel } from './schema.js';
import { compareText } from './values.js';

const isCompose = (d: Deployable) => d.kind === 'compose-service';

export function repository(image: string): string {
  const { image: ref, tag, digest } = splitImage(image);
  let repo = digest ? ref.slice(0, ref.indexOf('@')) : ref;
  if (tag) repo = repo.slice(0, repo.length - tag.length - 1);
  return repo.toLowerCase().replace(/^(docker\.io\/)?(library\/)?/, '');
}

/** Application images are worth matching on; stock store and proxy images are shared by unrelated services. */
export function distinctive(repo: string): boolean {
  return (
    repo.includes('/') &&
    !engineOfImage(repo) &&
    !/^(nginx|envoy|traefik|busybox|alpine)$/.test(imageName(repo))
  );
}

/** Called when two services become one: `from` was absorbed into `into` because they share `value`. */
export type UniteHook = (from: Service, into: Service, by: 'image' | 'hostname', value: string) => void;

export function uniteAcrossPlatforms(model: SystemModel, onUnite?: UniteHook): void {
  const byId = new Map(model.services.map((s) => [s.id, s]));
  const platforms = new Map<string, { compose: boolean; k8s: boolean }>();
  for (const d of model.deployables) {
    const p = platforms.get(d.serviceId) ?? { compose: false, k8s: false };
    if (isCompose(d)) p.compose = true;
    else p.k8s = true;
    platforms.set(d.serviceId, p);
  }
  const composeOnly = new Map<string, string[]>();
  const k8sOnly = new Map<string, string[]>();
  for (const service of model.services) {
    const p = platforms.get(service.id);
    if (!p || p.compose === p.k8s) continue;
    const target = p.compose ? composeOnly : k8sOnly;
    for (const repo of new Set(service.images.map(repository).filter(distinctive)))
      target.set(repo, [...(target.get(repo) ?? []), service.id]);
  }
  for (const [repo, composeIds] of composeOnly) {
    const k8sIds = k8sOnly.get(repo);
    if (composeIds.length !== 1 || k8sIds?.length !== 1) continue;
    const from = byId.get(composeIds[0]!);
    const into = byId.get(k8sIds[0]!);
    if (!from || !into || from === into) continue;
    onUnite?.(from, into, 'image', repo);
    absorb(model, from, into);
    byId.delete(from.id);
  }
}

export function absorb(model: SystemModel, from: Service, into: Service): void {
  const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];
  into.hostnames = union(into.hostnames, [from.id, ...from.hostnames]).sort();
  into.images = union(into.images, from.images);
  into.buildContexts = union(into.buildContexts, from.buildContexts);
  into.deployables = union(into.deployables, from.deployables);
  into.apis = union(into.apis, from.apis);
  into.dataClasses = union(into.dataClasses, from.dataClasses);
  into.sources = [...into.sources, ...from.sources];
  for (const d of model.deployables) if (d.serviceId === from.id) d.serviceId = into.id;
  for (const e of model.exposures)
    e.serviceIds = [...new Set(e.serviceIds.map((id) => (id === from.id ? into.id : id)))];
  for (const a of model.apis) if (a.serviceId === from.id) a.serviceId = into.id;
  for (const i of model.images) if (i.serviceId === from.id) i.serviceId = into.id;
  model.services = model.services.filter((s) => s !== from);
}

/** Two workloads with one id (the same manifest copied into two folders): keep both, ids made unique. */
export function disambiguateDeployables(model: SystemModel): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, Deployable>();
  for (const d of [...model.deployables].sort((a, b) => compareSources(a.source, b.source))) {
    const first = seen.get(d.id);
    if (!first) {
      seen.set(d.id, d);
      continue;
    }
    const oldId = d.id;
    d.id = `${oldId}@${d.source.file}`;
    const service = model.services.find((s) => s.id === d.serviceId);
    if (service && !service.deployables.includes(d.id))
      service.deployables = [...service.deployables, d.id].sort();
    diagnostics.push({
      severity: 'info',
      file: d.source.file,
      line: d.source.line,
      message: `${d.kind} ${d.namespace ? `${d.namespace}/` : ''}${d.name} is also defined at ${formatSource(first.source)}`,
      origin: 'merge',
    });
  }
  return diagnostics;
}

/** One service running different images in different files (compose vs Kubernetes, two overlays). */
export function imageConflicts(model: SystemModel): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const byService = new Map<string, Deployable[]>();
  const ordered = [...model.deployables].sort((a, b) => compareSources(a.source, b.source));
  for (const d of ordered) byService.set(d.serviceId, [...(byService.get(d.serviceId) ?? []), d]);
  for (const [serviceId, deployables] of [...byService].sort(([a], [b]) => compareText(a, b))) {
    const seen = new Map<string, Deployable>();
    for (const d of deployables) {
      const main = d.containers.find((c) => !c.init && c.image);
      if (main?.image && !seen.has(main.image)) seen.set(main.image, d);
    }
    if (seen.size < 2) continue;
    const entries = [...seen].sort(([a], [b]) => compareText(a, b));
    const [, first] = entries[0]!;
    diagnostics.push({
      severity: 'warning',
      file: first.source.file,
      line: first.source.line,
      message: `service ${serviceId} runs different images in different files: ${entries
        .map(([image, d]) => `${image} (${formatSource(d.source)})`)
        .join(', ')}`,
      origin: 'merge',
    });
  }
  return diagnostics;
}
