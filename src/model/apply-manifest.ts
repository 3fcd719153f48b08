/**
 * Apply the plumbline.yaml facts that refer to services and stores, after merge and inference:
 * owners, data classes, and overrides of inferred facts. References that match nothing in the system
 * become warnings pointing at the manifest line, so a typo never silently drops a declared fact.
 */
import { toId } from './provenance.js';
import type { Datastore, Diagnostic, Service, Source, SystemModel } from './schema.js';
import { SERVICE_ROLES } from './vocabulary.js';

export function applyManifest(model: SystemModel): void {
  const declared = model.declared;
  const warnings = new Map<string, Diagnostic>();
  const findService = serviceFinder(model.services);
  const resolve = (ref: string, source: Source, what: string): Service | undefined => {
    const service = findService(ref);
    if (!service) {
      const key = `${source.file}:${source.line}:${ref}`;
      warnings.set(key, {
        severity: 'warning',
        file: source.file,
        line: source.line,
        message: `${what} names service \`${ref}\`, which is not in the discovered system`,
        origin: 'manifest',
      });
    }
    return service;
  };

  for (const owner of declared.owners ?? []) {
    const service = resolve(owner.service, owner.source, 'owners');
    if (service) service.owner = owner.team;
  }
  for (const entry of declared.dataClasses) {
    for (const ref of entry.services) {
      const service = resolve(ref, entry.source, `dataClasses \`${entry.name}\``);
      if (service) service.dataClasses = [...new Set([...service.dataClasses, ...entry.classes])].sort();
    }
  }
  for (const boundary of declared.trustBoundaries) {
    for (const ref of boundary.services) resolve(ref, boundary.source, `trust boundary \`${boundary.name}\``);
  }
  for (const path of declared.criticalPaths) {
    for (const ref of path.services) resolve(ref, path.source, `critical path \`${path.name}\``);
  }
  for (const slo of declared.slos) {
    if (slo.service) resolve(slo.service, slo.source, `SLO \`${slo.name}\``);
  }
  for (const external of model.externals) {
    if (!external.source.file.endsWith('plumbline.yaml') && !external.source.file.endsWith('plumbline.yml'))
      continue;
    external.usedBy = external.usedBy.map(
      (ref) => resolve(ref, external.source, `external \`${external.name}\``)?.id ?? ref,
    );
  }
  model.externals = uniteExternals(model.externals);

  for (const override of declared.overrides ?? []) {
    if (override.target === 'service') {
      const service = resolve(override.id, override.source, 'overrides.services');
      if (service) applyServiceOverride(service, override.set);
    } else {
      const store = findDatastore(model.datastores, override.id);
      if (!store) {
        warnings.set(`${override.source.file}:${override.source.line}:${override.id}`, {
          severity: 'warning',
          file: override.source.file,
          line: override.source.line,
          message: `overrides.datastores names \`${override.id}\`, which is not a discovered datastore`,
          origin: 'manifest',
        });
        continue;
      }
      applyDatastoreOverride(store, override.set, findService);
    }
  }
  model.diagnostics.push(...warnings.values());
}

function serviceFinder(services: Service[]): (ref: string) => Service | undefined {
  const byKey = new Map<string, Service>();
  for (const s of services) {
    for (const key of [s.id, toId(s.name), ...s.hostnames.map(toId)]) if (!byKey.has(key)) byKey.set(key, s);
  }
  return (ref) => byKey.get(toId(ref));
}

function findDatastore(stores: Datastore[], ref: string): Datastore | undefined {
  const id = toId(ref);
  return stores.find((d) => d.id === id || toId(d.name) === id || d.serviceId === id);
}

const ROLES = new Set<string>(SERVICE_ROLES);

function applyServiceOverride(service: Service, set: Record<string, string | number | boolean>): void {
  if (typeof set.role === 'string' && ROLES.has(set.role)) service.role = set.role as Service['role'];
  if (typeof set.owner === 'string') service.owner = set.owner;
  if (typeof set.domain === 'string') service.domain = set.domain;
  if (typeof set.language === 'string') service.language = set.language;
}

function applyDatastoreOverride(
  store: Datastore,
  set: Record<string, string | number | boolean>,
  findService: (ref: string) => Service | undefined,
): void {
  if (typeof set.replicated === 'boolean') store.replicated = set.replicated;
  if (typeof set.backup === 'boolean') store.backup = set.backup;
  if (typeof set.external === 'boolean') store.external = set.external;
  if (typeof set.owner === 'string') store.ownerServiceId = findService(set.owner)?.id ?? toId(set.owner);
}

/** A declared external and an inferred one with the same id are one system. */
function uniteExternals(externals: SystemModel['externals']): SystemModel['externals'] {
  const byId = new Map<string, SystemModel['externals'][number]>();
  for (const e of externals) {
    const seen = byId.get(e.id);
    if (!seen) byId.set(e.id, { ...e });
    else {
      seen.usedBy = [...new Set([...seen.usedBy, ...e.usedBy])].sort();
      seen.url ??= e.url;
    }
  }
  return [...byId.values()];
}
