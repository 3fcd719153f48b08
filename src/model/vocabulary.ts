/**
 * The model's closed lists, declared once: service roles (what each is: model/roles.ts), Kubernetes workload kinds and the model's collections.
 * src/model/schema.ts builds its enums from them, and discovery, inference and rules read them from here. Plain
 * arrays, no zod: importing them does not build the model schema (the CLI bundle leaves that out of a review).
 */
import type { ModelCollections } from './schema.js';

export const SERVICE_ROLES = [
  'application',
  'frontend',
  'gateway',
  'datastore',
  'cache',
  'broker',
  'search',
  'job',
  'tooling',
  /** Logging, monitoring, tracing, mesh, ingress-controller and dashboard components beside the application. */
  'platform',
  /** Test harnesses and load generators, or services that only test deployments run. */
  'test',
] as const;

/** Kubernetes workload kinds read as deployables (the other deployable kind is `compose-service`). */
export const WORKLOAD_KINDS = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'Pod',
] as const;

/** The model collections whose objects belong to a deployment (each carries `deployment`). */
export const DEPLOYED_COLLECTIONS = [
  'deployables',
  'exposures',
  'autoscalers',
  'disruptionBudgets',
  'networkPolicies',
  'configs',
] as const satisfies readonly (keyof ModelCollections)[];

/**
 * The list-valued keys of a SystemModel, in the schema's order. The type below fails to compile when the schema
 * gains or loses a collection this list does not name (test/model/vocabulary.test.ts checks the order).
 */
export const MODEL_COLLECTIONS = [
  'artifacts',
  'deployments',
  'services',
  ...DEPLOYED_COLLECTIONS,
  'apis',
  'operations',
  'apiTypes',
  'datastores',
  'topics',
  'tables',
  'dependencies',
  'externals',
  'images',
  'modules',
  'codeFacts',
  'patterns',
  'diagnostics',
] as const satisfies readonly (keyof ModelCollections)[];

export type CollectionKey = (typeof MODEL_COLLECTIONS)[number];

// every collection of the schema is named above
const everyCollectionNamed: Exclude<keyof ModelCollections, CollectionKey> extends never ? true : false =
  true;
void everyCollectionNamed;

/** Empty lists under the given collection keys. */
export function emptyCollections<K extends CollectionKey>(keys: readonly K[]): Pick<ModelCollections, K> {
  return Object.fromEntries(keys.map((key) => [key, []])) as unknown as Pick<ModelCollections, K>;
}
