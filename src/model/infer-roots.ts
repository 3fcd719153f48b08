/**
 * One system read from several repositories (roots). Discovery sees every root as a folder named after it, so
 * merge() already unites services of the same name; here services with different names in different roots
 * become one when they run the same application image or one is reached under the other's name (a service
 * repository's compose service `catalogue` and the deployment repository's Deployment `catalogue-app` behind
 * the Kubernetes Service `catalogue`). Every service that spans roots records which ones and why, and two roots
 * that define one service differently (different application images, or both deploying it to Kubernetes)
 * become `repositories` diagnostics.
 */

import { absorb, distinctive, repository, type UniteHook } from './infer-unite.js';
import { formatSource } from './provenance.js';
import type { Deployable, Diagnostic, Service, SystemModel } from './schema.js';
import { compareText } from './values.js';

type Union = NonNullable<Service['unitedBy']>[number];

/** The root a path (`<root>/<rest>`) belongs to; `roots` longest first. */
export function rootOfPath(file: string, roots: readonly string[]): string | undefined {
  for (const root of roots) if (file.startsWith(`${root}/`)) return root;
  return undefined;
}

export class RootUniter {
  private readonly roots: string[];
  private readonly reasons = new Map<string, Union[]>();

  constructor(roots: readonly string[]) {
    this.roots = [...roots].sort((a, b) => b.length - a.length || compareText(a, b));
  }

  /** For uniteAcrossPlatforms: remembers why two services of different roots became one. */
  readonly hook: UniteHook = (from, into, by, value) => {
    const model = this.current;
    if (!model) return;
    const a = this.rootsOf(model, from);
    const b = this.rootsOf(model, into);
    if ([...a].every((r) => b.has(r))) return;
    const repositories = [...new Set([...a, ...b])].sort();
    const known = [...(this.reasons.get(from.id) ?? []), ...(this.reasons.get(into.id) ?? [])];
    this.reasons.set(into.id, [...known, { by, value, repositories }]);
  };

  private current: SystemModel | undefined;

  begin(model: SystemModel): void {
    this.current = model;
  }

  rootsOf(model: SystemModel, service: Service): Set<string> {
    const files = [
      ...service.sources.map((s) => s.file),
      ...model.deployables.filter((d) => d.serviceId === service.id).map((d) => d.source.file),
      ...model.apis.filter((a) => a.serviceId === service.id).map((a) => a.file),
    ];
    const roots = new Set<string>();
    for (const f of files) {
      const root = rootOfPath(f, this.roots);
      if (root) roots.add(root);
    }
    return roots;
  }

  /** Unite services of different roots by image and hostname (after uniteAcrossPlatforms). */
  unite(model: SystemModel): void {
    this.current = model;
    this.uniteByImage(model);
    this.uniteByHostname(model);
  }

  private singleRoot(model: SystemModel): Map<Service, string> {
    const single = new Map<Service, string>();
    for (const s of model.services) {
      const roots = this.rootsOf(model, s);
      if (roots.size === 1) single.set(s, [...roots][0]!);
    }
    return single;
  }

  private uniteByImage(model: SystemModel): void {
    const single = this.singleRoot(model);
    const byRepo = new Map<string, Map<string, Service[]>>();
    for (const [service, root] of single) {
      if (service.role !== 'application') continue;
      for (const repo of new Set(service.images.map(repository).filter(distinctive))) {
        const roots = byRepo.get(repo) ?? new Map<string, Service[]>();
        roots.set(root, [...(roots.get(root) ?? []), service]);
        byRepo.set(repo, roots);
      }
    }
    for (const [repo, roots] of [...byRepo].sort(([a], [b]) => compareText(a, b))) {
      if (roots.size < 2 || [...roots.values()].some((list) => list.length !== 1)) continue;
      const services = [...roots.values()].map((list) => list[0]!);
      if (services.some((s) => !model.services.includes(s))) continue;
      const into = this.deployedFirst(model, services)[0]!;
      for (const from of services) {
        if (from === into) continue;
        this.hook(from, into, 'image', repo);
        absorb(model, from, into);
      }
    }
  }

  private uniteByHostname(model: SystemModel): void {
    const single = this.singleRoot(model);
    for (const [from, root] of [...single].sort(([a], [b]) => compareText(a.id, b.id))) {
      if (!model.services.includes(from)) continue;
      const targets = model.services.filter(
        (t) =>
          t !== from &&
          single.get(t) !== undefined &&
          single.get(t) !== root &&
          t.role === from.role &&
          (t.hostnames.includes(from.id) || from.hostnames.includes(t.id)),
      );
      if (targets.length !== 1) continue;
      const [into] = this.deployedFirst(model, [from, targets[0]!]);
      const other = into === from ? targets[0]! : from;
      this.hook(other, into!, 'hostname', into === from ? into.id : from.id);
      absorb(model, other, into!);
    }
  }

  /** The service a Kubernetes manifest deploys first, then the one with more deployables, then by id. */
  private deployedFirst(model: SystemModel, services: Service[]): Service[] {
    const weight = (s: Service) => {
      const ds = model.deployables.filter((d) => d.serviceId === s.id);
      return ds.filter((d) => d.kind !== 'compose-service').length * 1000 + ds.length;
    };
    return [...services].sort((a, b) => weight(b) - weight(a) || compareText(a.id, b.id));
  }

  /** Record which roots describe each service and why, and report roots that disagree. */
  finish(model: SystemModel): Diagnostic[] {
    const diagnostics: Diagnostic[] = [];
    for (const service of model.services) {
      const roots = [...this.rootsOf(model, service)].sort();
      if (roots.length === 0) continue;
      service.repositories = roots;
      if (roots.length < 2) continue;
      const reasons = this.reasons.get(service.id) ?? [];
      const covered = new Set(reasons.flatMap((r) => r.repositories));
      if (roots.some((r) => !covered.has(r)))
        reasons.unshift({ by: 'name', value: service.id, repositories: roots });
      service.unitedBy = reasons;
      diagnostics.push(...this.conflicts(model, service, roots));
    }
    this.current = undefined;
    return diagnostics;
  }

  private conflicts(model: SystemModel, service: Service, roots: string[]): Diagnostic[] {
    const out: Diagnostic[] = [];
    const deployables = model.deployables
      .filter((d) => d.serviceId === service.id)
      .sort((a, b) => compareText(a.source.file, b.source.file));
    const byRoot = new Map<string, Deployable[]>();
    for (const d of deployables) {
      const root = rootOfPath(d.source.file, this.roots);
      if (root) byRoot.set(root, [...(byRoot.get(root) ?? []), d]);
    }
    const imagesOf = (ds: Deployable[]) =>
      new Set(
        ds
          .flatMap((d) => d.containers.filter((c) => !c.init && c.image).map((c) => repository(c.image!)))
          .filter(distinctive),
      );
    const withImages = roots
      .map((r) => ({ root: r, images: imagesOf(byRoot.get(r) ?? []), first: byRoot.get(r)?.[0] }))
      .filter((x) => x.images.size > 0);
    for (let i = 0; i < withImages.length; i++) {
      for (let j = i + 1; j < withImages.length; j++) {
        const a = withImages[i]!;
        const b = withImages[j]!;
        if ([...a.images].some((x) => b.images.has(x))) continue;
        out.push({
          severity: 'warning',
          file: a.first!.source.file,
          line: a.first!.source.line,
          message: `service ${service.id} is defined differently in repositories ${a.root} and ${b.root}: ${a.root} runs ${[...a.images].sort().join(', ')}, ${b.root} runs ${[...b.images].sort().join(', ')} (${formatSource(b.first!.source)})`,
          origin: 'repositories',
        });
      }
    }
    const deploying = roots
      .map((r) => ({ root: r, first: (byRoot.get(r) ?? []).find((d) => d.kind !== 'compose-service') }))
      .filter((x): x is { root: string; first: Deployable } => x.first !== undefined);
    if (deploying.length > 1) {
      const [first, ...rest] = deploying;
      out.push({
        severity: 'warning',
        file: first!.first.source.file,
        line: first!.first.source.line,
        message: `service ${service.id} is deployed by more than one repository: ${deploying
          .map((x) => `${x.root} (${formatSource(x.first.source)})`)
          .join(', ')}; ${rest.length === 1 ? 'the two' : 'they'} can drift apart`,
        origin: 'repositories',
      });
    }
    return out;
  }
}
