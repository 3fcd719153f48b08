/**
 * Cross-file inference over a merged model: which hostnames name which service, service-to-service
 * dependencies from env/config/depends_on/ingress, datastores and brokers recognised from images and
 * connection strings, and which services use and own which store.
 */
import type { SystemModel } from './schema.js';

export interface InferOptions {
  paths: string[];
}

export function inferRelations(_model: SystemModel, _options: InferOptions): void {
  // Filled in by the compose/kubernetes discovery work (issue 2/3).
}
