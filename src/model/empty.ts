import { toId } from './provenance.js';
import type { DeclaredFacts, Service, ServiceRole, Source, SystemModel } from './schema.js';
import { MODEL_VERSION } from './version.js';
import { emptyCollections, MODEL_COLLECTIONS } from './vocabulary.js';

export function emptyDeclared(): DeclaredFacts {
  return { slos: [], dataClasses: [], compliance: [], trustBoundaries: [], criticalPaths: [] };
}

export function emptyModel(root = '.', name = 'system'): SystemModel {
  const { diagnostics, ...collections } = emptyCollections(MODEL_COLLECTIONS);
  // in the schema's key order (`declared` before `diagnostics`), which a model written as JSON follows
  return { modelVersion: MODEL_VERSION, root, name, ...collections, declared: emptyDeclared(), diagnostics };
}

/** A service as one adapter saw it; merge() unions services with the same id. */
export function newService(name: string, source: Source, extra: Partial<Service> = {}): Service {
  const role: ServiceRole = extra.role ?? 'application';
  return {
    id: toId(name),
    name,
    role,
    hostnames: [],
    images: [],
    buildContexts: [],
    deployables: [],
    apis: [],
    dataClasses: [],
    sources: [source],
    ...extra,
    source,
  };
}
