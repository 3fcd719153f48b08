/**
 * Cross-file inference over a merged model: which hostnames name which service, service-to-service
 * dependencies from env/config/depends_on/ingress, datastores and brokers recognised from images and
 * connection strings, and which services use and own which store.
 */
import { applyManifest } from './apply-manifest.js';
import { mapAsyncApisToServices } from './infer-asyncapi.js';
import { mapGrpcApisToServices } from './infer-grpc.js';
import { associateImages } from './infer-images.js';
import { resolveImports } from './infer-imports.js';
import { applySqlMigrations } from './infer-sql.js';
import type { SystemModel } from './schema.js';

export interface InferOptions {
  paths: string[];
}

export function inferRelations(model: SystemModel, _options: InferOptions): void {
  // Filled in by the compose/kubernetes discovery work (issue 2/3).
  associateImages(model);
  mapGrpcApisToServices(model);
  mapAsyncApisToServices(model);
  applySqlMigrations(model);
  resolveImports(model, _options.paths);
  applyManifest(model); // last: plumbline.yaml overrides win over anything inferred
}
