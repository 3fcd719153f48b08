/**
 * The SystemModel: the one contract between discovery, review, design and diff.
 * Plain, serialisable data. Every element carries `source` (file, line) so findings can point back.
 * Paths in `file` are relative to the scanned root, with forward slashes.
 */
import * as z from 'zod';

import { MODEL_VERSION } from './version.js';
import { SERVICE_ROLES, WORKLOAD_KINDS } from './vocabulary.js';

export { MODEL_VERSION };

export const SourceSchema = z.object({
  file: z.string(),
  line: z.number().int().min(1),
  column: z.number().int().min(1).optional(),
});
export type Source = z.infer<typeof SourceSchema>;

export const DiagnosticSchema = z.object({
  severity: z.enum(['error', 'warning', 'info']),
  file: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
  message: z.string(),
  /** Which adapter or stage raised it: 'walker', 'openapi', 'merge', ... */
  origin: z.string(),
});
export type Diagnostic = z.infer<typeof DiagnosticSchema>;

export const ArtifactKindSchema = z.enum([
  'openapi',
  'asyncapi',
  'graphql',
  'proto',
  'compose',
  'kubernetes',
  'sql',
  'prisma',
  'dockerfile',
  'source',
  'manifest',
  'ci',
  'iac',
  'doc',
  'test',
]);
export type ArtifactKind = z.infer<typeof ArtifactKindSchema>;

/** A file that discovery read, and which adapter claimed it. */
export const ArtifactSchema = z.object({
  file: z.string(),
  kind: ArtifactKindSchema,
  bytes: z.number().int(),
});
export type Artifact = z.infer<typeof ArtifactSchema>;

/** Which deployment an element belongs to (a `deployments[].id`); absent in models built without deployments. */
const deploymentRef = z.string().optional();

export const ServiceRoleSchema = z.enum(SERVICE_ROLES);
export type ServiceRole = z.infer<typeof ServiceRoleSchema>;

export const EnvironmentSchema = z.enum([
  'production',
  'staging',
  'development',
  'test',
  'local',
  'unspecified',
]);
export type Environment = z.infer<typeof EnvironmentSchema>;

/**
 * One thing that gets deployed together: a folder of plain manifests, a Kustomize build, a Helm release
 * (chart + values file), a compose project (a file plus what compose layers on it), a multi-document bundle.
 * Several deployments of the same services are variants; services stay logical across them.
 */
export const DeploymentSchema = z.object({
  /** Stable id: `<kind>:<root>` (compose variants: `compose:<base>+<file>`, Helm: `helm:<chart>@<values>`). */
  id: z.string(),
  kind: z.enum(['manifests', 'kustomize', 'helm', 'compose', 'bundle']),
  /** Short display name, e.g. `kubernetes-manifests/`, `release/kubernetes-manifests.yaml`. */
  name: z.string(),
  /** Folder or file the deployment is rooted at. */
  root: z.string(),
  /** Every file the deployment reads. */
  files: z.array(z.string()),
  environment: EnvironmentSchema,
  /** How the environment was decided: `declared`, or the name/path word it was inferred from. */
  environmentFrom: z.string().optional(),
  /** The deployment rules speak of first; the others are variants. */
  primary: z.boolean(),
  /** Parts the deployment can switch on but does not: Kustomize components no root enables, Helm value switches, compose profiles. */
  options: z.array(
    z.object({
      kind: z.enum(['kustomize-component', 'helm-value', 'compose-profile']),
      /** Component folder, or the values path (`networkPolicies.create`). */
      name: z.string(),
      /** What switching it on adds: `NetworkPolicy frontend`, `Deployment shoppingassistantservice`. */
      provides: z.array(z.string()),
      source: SourceSchema,
    }),
  ),
  source: SourceSchema,
});
export type Deployment = z.infer<typeof DeploymentSchema>;

/** A logical service: one capability, however many files describe it. */
export const ServiceSchema = z.object({
  /** Stable identifier, the service's canonical name (lower-case DNS-style). */
  id: z.string(),
  name: z.string(),
  role: ServiceRoleSchema,
  /** Names under which this service is reachable (compose service name, k8s Service names, aliases). */
  hostnames: z.array(z.string()),
  images: z.array(z.string()),
  /** Compose build contexts or Dockerfile directories belonging to this service. */
  buildContexts: z.array(z.string()),
  /** Ids of deployable units that run this service. */
  deployables: z.array(z.string()),
  /** Ids of APIs this service exposes. */
  apis: z.array(z.string()),
  language: z.string().optional(),
  owner: z.string().optional(),
  /** Bounded context / domain declared in plumbline.yaml. */
  domain: z.string().optional(),
  /** Data classes handled, declared in plumbline.yaml (pii, phi, payment, ...). */
  dataClasses: z.array(z.string()),
  /** Every place the service was seen. `source` is the first (most authoritative) one. */
  source: SourceSchema,
  sources: z.array(SourceSchema),
  /** In a review of several repositories: the repositories that describe this service. */
  repositories: z.array(z.string()).optional(),
  /** In a review of several repositories: why descriptions from different repositories were taken as one service. */
  unitedBy: z
    .array(
      z.object({
        /** `name`: the same service name; `image`: the same application image; `hostname`: one is reached by the other's name. */
        by: z.enum(['name', 'image', 'hostname']),
        /** The shared name, image repository or hostname. */
        value: z.string(),
        repositories: z.array(z.string()),
      }),
    )
    .optional(),
});
export type Service = z.infer<typeof ServiceSchema>;

export const EnvVarSchema = z.object({
  name: z.string(),
  value: z.string().optional(),
  /** Set when the value comes from a Secret/ConfigMap reference rather than a literal. */
  valueFrom: z
    .object({
      kind: z.enum(['secret', 'configMap', 'field', 'resource', 'file']),
      name: z.string(),
      key: z.string().optional(),
    })
    .optional(),
  source: SourceSchema,
});
export type EnvVar = z.infer<typeof EnvVarSchema>;

export const PortSchema = z.object({
  containerPort: z.number().int(),
  /** Published on the host (compose `ports`, k8s hostPort). */
  hostPort: z.number().int().optional(),
  hostIp: z.string().optional(),
  name: z.string().optional(),
  protocol: z.string().optional(),
  source: SourceSchema,
});
export type Port = z.infer<typeof PortSchema>;

export const ProbeSchema = z.object({
  type: z.enum(['http', 'tcp', 'grpc', 'exec', 'compose-healthcheck']),
  path: z.string().optional(),
  port: z.union([z.number(), z.string()]).optional(),
  source: SourceSchema,
});
export type Probe = z.infer<typeof ProbeSchema>;

export const ResourceAmountsSchema = z.object({ cpu: z.string().optional(), memory: z.string().optional() });

export const SecurityContextSchema = z.object({
  runAsNonRoot: z.boolean().optional(),
  runAsUser: z.number().optional(),
  privileged: z.boolean().optional(),
  readOnlyRootFilesystem: z.boolean().optional(),
  allowPrivilegeEscalation: z.boolean().optional(),
  capabilitiesAdd: z.array(z.string()).optional(),
  capabilitiesDrop: z.array(z.string()).optional(),
  source: SourceSchema.optional(),
});
export type SecurityContext = z.infer<typeof SecurityContextSchema>;

export const ContainerSchema = z.object({
  name: z.string(),
  image: z.string().optional(),
  /** Tag part of the image reference; undefined when untagged, 'latest' when explicit latest. */
  imageTag: z.string().optional(),
  imageDigest: z.string().optional(),
  init: z.boolean(),
  ports: z.array(PortSchema),
  env: z.array(EnvVarSchema),
  /** Whole Secrets/ConfigMaps imported (envFrom, compose env_file). */
  envFrom: z.array(
    z.object({ kind: z.enum(['secret', 'configMap', 'file']), name: z.string(), source: SourceSchema }),
  ),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  /** Where command/args are written (the `args:` line, else `command:`), for evidence found in them. */
  commandSource: SourceSchema.optional(),
  resources: z.object({
    requests: ResourceAmountsSchema.optional(),
    limits: ResourceAmountsSchema.optional(),
  }),
  readinessProbe: ProbeSchema.optional(),
  livenessProbe: ProbeSchema.optional(),
  startupProbe: ProbeSchema.optional(),
  securityContext: SecurityContextSchema,
  volumeMounts: z.array(
    z.object({ name: z.string(), mountPath: z.string(), readOnly: z.boolean().optional() }),
  ),
  source: SourceSchema,
});
export type Container = z.infer<typeof ContainerSchema>;

export const DeployableKindSchema = z.enum(['compose-service', ...WORKLOAD_KINDS]);
export type DeployableKind = z.infer<typeof DeployableKindSchema>;

/** A unit that gets deployed: a compose service, a Deployment, a StatefulSet, ... */
export const DeployableSchema = z.object({
  /** `<kind>/<namespace>/<name>` for k8s, `compose/<file>/<name>` for compose. */
  id: z.string(),
  kind: DeployableKindSchema,
  name: z.string(),
  namespace: z.string().optional(),
  serviceId: z.string(),
  /** Undefined means "not set" (k8s default 1); compose `deploy.replicas` or 1. */
  replicas: z.number().int().optional(),
  labels: z.record(z.string(), z.string()),
  podLabels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  containers: z.array(ContainerSchema),
  podSecurityContext: SecurityContextSchema.optional(),
  serviceAccountName: z.string().optional(),
  automountServiceAccountToken: z.boolean().optional(),
  hostNetwork: z.boolean().optional(),
  hostPID: z.boolean().optional(),
  volumes: z.array(z.object({ name: z.string(), type: z.string(), claimOrSource: z.string().optional() })),
  volumeClaimTemplates: z.array(z.string()),
  /** compose: networks joined; k8s: empty. */
  networks: z.array(z.string()),
  /** compose depends_on / links targets as written. */
  dependsOn: z.array(z.object({ name: z.string(), condition: z.string().optional(), source: SourceSchema })),
  restartPolicy: z.string().optional(),
  /** The deployment this object is part of. */
  deployment: deploymentRef,
  source: SourceSchema,
});
export type Deployable = z.infer<typeof DeployableSchema>;

/** How a service is reached on the network: a k8s Service, an Ingress route, a compose published port. */
export const ExposureSchema = z.object({
  id: z.string(),
  kind: z.enum(['k8s-service', 'ingress', 'compose-port', 'gateway-route']),
  name: z.string(),
  namespace: z.string().optional(),
  /** ClusterIP | NodePort | LoadBalancer | ExternalName | Headless | host */
  type: z.string(),
  /** Reachable from outside the cluster/host network. */
  public: z.boolean(),
  selector: z.record(z.string(), z.string()),
  ports: z.array(
    z.object({
      port: z.number().int(),
      targetPort: z.union([z.number(), z.string()]).optional(),
      name: z.string().optional(),
    }),
  ),
  routes: z.array(
    z.object({
      host: z.string().optional(),
      path: z.string().optional(),
      backend: z.string(),
      port: z.union([z.number(), z.string()]).optional(),
      source: SourceSchema,
    }),
  ),
  /** Services this exposure fronts (resolved by selector or backend name). */
  serviceIds: z.array(z.string()),
  tls: z.boolean().optional(),
  /** The deployment this object is part of. */
  deployment: deploymentRef,
  source: SourceSchema,
});
export type Exposure = z.infer<typeof ExposureSchema>;

export const AutoscalerSchema = z.object({
  id: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
  targetKind: z.string(),
  targetName: z.string(),
  serviceId: z.string().optional(),
  minReplicas: z.number().int().optional(),
  maxReplicas: z.number().int(),
  metrics: z.array(z.string()),
  /** The deployment this object is part of. */
  deployment: deploymentRef,
  source: SourceSchema,
});
export type Autoscaler = z.infer<typeof AutoscalerSchema>;

/**
 * One `matchExpressions` requirement of a Kubernetes label selector. A selector matches a pod when every
 * `matchLabels` pair and every requirement holds.
 */
export const LabelRequirementSchema = z.object({
  key: z.string(),
  operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
  values: z.array(z.string()).optional(),
});
export type LabelRequirement = z.infer<typeof LabelRequirementSchema>;

export const DisruptionBudgetSchema = z.object({
  id: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
  selector: z.record(z.string(), z.string()),
  /** The selector's matchExpressions, when it has any. */
  selectorExpressions: z.array(LabelRequirementSchema).optional(),
  minAvailable: z.union([z.number(), z.string()]).optional(),
  maxUnavailable: z.union([z.number(), z.string()]).optional(),
  serviceIds: z.array(z.string()),
  /** The deployment this object is part of. */
  deployment: deploymentRef,
  source: SourceSchema,
});
export type DisruptionBudget = z.infer<typeof DisruptionBudgetSchema>;

export const NetworkPolicySchema = z.object({
  id: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
  /** Empty selector = every pod in the namespace. */
  podSelector: z.record(z.string(), z.string()),
  podSelectorExpressions: z.array(LabelRequirementSchema).optional(),
  policyTypes: z.array(z.enum(['Ingress', 'Egress'])),
  ingressRules: z.number().int(),
  egressRules: z.number().int(),
  /** The peers each rule admits (ingress `from`) or reaches (egress `to`): matchLabels, plus matchExpressions. */
  peers: z
    .array(
      z.object({
        direction: z.enum(['ingress', 'egress']),
        podSelector: z.record(z.string(), z.string()).optional(),
        podSelectorExpressions: z.array(LabelRequirementSchema).optional(),
        namespaceSelector: z.record(z.string(), z.string()).optional(),
        namespaceSelectorExpressions: z.array(LabelRequirementSchema).optional(),
        ipBlock: z.string().optional(),
        source: SourceSchema,
      }),
    )
    .optional(),
  serviceIds: z.array(z.string()),
  /** The deployment this object is part of. */
  deployment: deploymentRef,
  source: SourceSchema,
});
export type NetworkPolicy = z.infer<typeof NetworkPolicySchema>;

export const ConfigObjectSchema = z.object({
  id: z.string(),
  kind: z.enum(['ConfigMap', 'Secret', 'compose-config', 'compose-secret', 'env-file']),
  name: z.string(),
  namespace: z.string().optional(),
  entries: z.array(z.object({ key: z.string(), value: z.string().optional(), source: SourceSchema })),
  /** The deployment this object is part of. */
  deployment: deploymentRef,
  source: SourceSchema,
});
export type ConfigObject = z.infer<typeof ConfigObjectSchema>;

export const ApiKindSchema = z.enum(['openapi', 'asyncapi', 'graphql', 'grpc']);
export type ApiKind = z.infer<typeof ApiKindSchema>;

export const ApiSchema = z.object({
  /** `<kind>:<file>` (one API per file; for proto, `grpc:<package>.<Service>`). */
  id: z.string(),
  kind: ApiKindSchema,
  title: z.string(),
  version: z.string().optional(),
  /** Spec version: '3.0.3', '2.0', '3.1.0', 'proto3', ... */
  specVersion: z.string().optional(),
  file: z.string(),
  serviceId: z.string().optional(),
  servers: z.array(z.string()),
  securitySchemes: z.array(
    z.object({
      name: z.string(),
      type: z.string(),
      in: z.string().optional(),
      scheme: z.string().optional(),
      flows: z.array(z.string()).optional(),
    }),
  ),
  source: SourceSchema,
});
export type Api = z.infer<typeof ApiSchema>;

/** One callable thing: an HTTP operation, an RPC, a GraphQL root field, an AsyncAPI operation. */
export const OperationSchema = z.object({
  /** `<apiId>#<METHOD> <path>` */
  id: z.string(),
  apiId: z.string(),
  /** HTTP method upper-case; 'RPC'; 'QUERY' | 'MUTATION' | 'SUBSCRIPTION'; 'PUBLISH' | 'SUBSCRIBE' (AsyncAPI 2.x) | 'SEND' | 'RECEIVE' (3.x) */
  method: z.string(),
  /** HTTP path template; `package.Service/Method`; GraphQL field name; AsyncAPI channel. */
  path: z.string(),
  operationId: z.string().optional(),
  summary: z.string().optional(),
  tags: z.array(z.string()),
  deprecated: z.boolean().optional(),
  parameters: z.array(
    z.object({ name: z.string(), in: z.string(), required: z.boolean(), type: z.string().optional() }),
  ),
  requestBody: z.object({ required: z.boolean(), contentTypes: z.array(z.string()) }).optional(),
  responses: z.array(z.object({ status: z.string(), contentTypes: z.array(z.string()) })),
  /** Effective security requirements (operation-level, else document-level). undefined = none declared. */
  security: z.array(z.array(z.string())).optional(),
  /** gRPC streaming kind */
  streaming: z.enum(['none', 'client', 'server', 'bidi']).optional(),
  requestType: z.string().optional(),
  responseType: z.string().optional(),
  /** GraphQL root fields: how a list result is paginated (see ApiType field `pagination`). */
  pagination: z.enum(['connection', 'cursor', 'offset']).optional(),
  source: SourceSchema,
});
export type Operation = z.infer<typeof OperationSchema>;

/** A schema-level type of an API: proto message/enum, GraphQL type, OpenAPI component schema. */
export const ApiTypeSchema = z.object({
  id: z.string(),
  apiId: z.string(),
  name: z.string(),
  kind: z.enum(['message', 'enum', 'object', 'input', 'interface', 'union', 'scalar', 'schema']),
  fields: z.array(
    z.object({
      name: z.string(),
      type: z.string(),
      number: z.number().int().optional(),
      repeated: z.boolean().optional(),
      nullable: z.boolean().optional(),
      arguments: z.array(z.string()).optional(),
      /** List field paginated as a Relay connection, by cursor args (first/after) or offset args (limit/offset). */
      pagination: z.enum(['connection', 'cursor', 'offset']).optional(),
      source: SourceSchema.optional(),
    }),
  ),
  reserved: z.array(z.string()),
  source: SourceSchema,
});
export type ApiType = z.infer<typeof ApiTypeSchema>;

export const DatastoreEngineSchema = z.enum([
  'postgres',
  'mysql',
  'mariadb',
  'mongodb',
  'redis',
  'memcached',
  'cassandra',
  'elasticsearch',
  'opensearch',
  'kafka',
  'rabbitmq',
  'nats',
  'pulsar',
  'sqlserver',
  'oracle',
  'sqlite',
  'dynamodb',
  'spanner',
  'clickhouse',
  'minio',
  'etcd',
  'zookeeper',
  'unknown',
]);
export type DatastoreEngine = z.infer<typeof DatastoreEngineSchema>;

export const DatastoreSchema = z.object({
  id: z.string(),
  name: z.string(),
  engine: DatastoreEngineSchema,
  category: z.enum(['database', 'cache', 'broker', 'search', 'object-store', 'coordination']),
  /** The deployed service hosting it, when it runs inside the system. */
  serviceId: z.string().optional(),
  /** Managed/external store (connection string to a host outside the system). */
  external: z.boolean(),
  /** Services that connect to it (inferred from env/config/depends_on). */
  usedBy: z.array(z.string()),
  /** The service that owns it (by naming, e.g. `orders-db` → `orders`, or declared). */
  ownerServiceId: z.string().optional(),
  replicated: z.boolean().optional(),
  backup: z.boolean().optional(),
  source: SourceSchema,
});
export type Datastore = z.infer<typeof DatastoreSchema>;

export const TopicSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['topic', 'queue', 'channel', 'exchange']),
  datastoreId: z.string().optional(),
  producers: z.array(z.string()),
  consumers: z.array(z.string()),
  deadLetter: z.string().optional(),
  messageTypes: z.array(z.string()),
  source: SourceSchema,
});
export type Topic = z.infer<typeof TopicSchema>;

export const ColumnSchema = z.object({
  name: z.string(),
  /** Normalised lower-case type name as written, e.g. 'varchar(255)', 'timestamp', 'numeric(10,2)'. */
  type: z.string(),
  nullable: z.boolean(),
  default: z.string().optional(),
  primaryKey: z.boolean(),
  unique: z.boolean(),
  /** A CHECK constraint (column or table level) restricts this column's values. */
  checked: z.boolean().optional(),
  source: SourceSchema,
});
export type Column = z.infer<typeof ColumnSchema>;

export const TableSchema = z.object({
  /** `<file or datastore>:<schema>.<name>` */
  id: z.string(),
  name: z.string(),
  schema: z.string().optional(),
  dialect: z.enum(['postgres', 'mysql', 'prisma', 'unknown']),
  /** Database engine behind a `prisma` table (its datasource provider); postgres/mysql tables are their dialect. */
  engine: DatastoreEngineSchema.optional(),
  datastoreId: z.string().optional(),
  serviceId: z.string().optional(),
  columns: z.array(ColumnSchema),
  primaryKey: z.array(z.string()).optional(),
  uniques: z.array(z.array(z.string())),
  foreignKeys: z.array(
    z.object({
      columns: z.array(z.string()),
      refTable: z.string(),
      refColumns: z.array(z.string()),
      source: SourceSchema,
    }),
  ),
  indexes: z.array(
    z.object({
      name: z.string().optional(),
      columns: z.array(z.string()),
      unique: z.boolean(),
      source: SourceSchema,
    }),
  ),
  partitionedBy: z.string().optional(),
  isPartition: z.boolean().optional(),
  /** Parent table (`schema.name`) when this table is a partition (PARTITION OF / ATTACH PARTITION). */
  partitionOf: z.string().optional(),
  /**
   * SQL adapter bookkeeping, removed by applySqlMigrations after merge: the folder whose files apply in
   * order, this file's version key, and the ALTER/INDEX/DROP operations a file applies to a table it
   * does not create (`alterOnly`).
   */
  migration: z
    .object({
      set: z.string(),
      order: z.array(z.number()),
      ordered: z.boolean(),
      alterOnly: z.boolean(),
      operations: z.array(z.record(z.string(), z.unknown())),
    })
    .optional(),
  source: SourceSchema,
});
export type Table = z.infer<typeof TableSchema>;

export const DependencySchema = z.object({
  from: z.string(),
  to: z.string(),
  protocol: z.enum([
    'http',
    'grpc',
    'tcp',
    'amqp',
    'kafka',
    'nats',
    'redis',
    'sql',
    'mongodb',
    'graphql',
    'unknown',
  ]),
  /** sync call, async messaging, data-store access, or deployment ordering only. */
  kind: z.enum(['sync', 'async', 'data', 'startup']),
  /** What declared it: env, config, depends_on, links, ingress, asyncapi, import, manifest */
  via: z.string(),
  /** The literal evidence, e.g. `PRODUCT_CATALOG_SERVICE_ADDR=productcatalogservice:3550`. */
  evidence: z.string(),
  source: SourceSchema,
  /**
   * How sure discovery is that the edge is real, 0..1; set on edges found in source code or application
   * config (`via: code | app-config`), where a literal may sit in dead code or a profile nobody runs.
   */
  confidence: z.number().min(0).max(1).optional(),
  /**
   * Every distinct piece of evidence for this edge (manifest, app config, code) when code or app config
   * contributed one; `via`/`evidence`/`source` above stay the strongest of them.
   */
  evidences: z
    .array(
      z.object({
        via: z.string(),
        evidence: z.string(),
        source: SourceSchema,
        confidence: z.number().min(0).max(1).optional(),
      }),
    )
    .optional(),
});
export type Dependency = z.infer<typeof DependencySchema>;

export const ExternalSystemSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  url: z.string().optional(),
  usedBy: z.array(z.string()),
  source: SourceSchema,
});
export type ExternalSystem = z.infer<typeof ExternalSystemSchema>;

export const DockerImageBuildSchema = z.object({
  file: z.string(),
  /** Directory holding the Dockerfile, relative to root. */
  context: z.string(),
  serviceId: z.string().optional(),
  stages: z.array(
    z.object({
      name: z.string().optional(),
      image: z.string(),
      tag: z.string().optional(),
      digest: z.string().optional(),
      source: SourceSchema,
    }),
  ),
  /** USER of the final stage; undefined = root by default. */
  user: z.string().optional(),
  exposes: z.array(z.number().int()),
  healthcheck: z.boolean(),
  /** `HEALTHCHECK NONE` in the final stage: an inherited health check is switched off. */
  healthcheckDisabled: z.boolean().optional(),
  source: SourceSchema,
});
export type DockerImageBuild = z.infer<typeof DockerImageBuildSchema>;

export const CodeModuleSchema = z.object({
  /** File path relative to root. */
  id: z.string(),
  /** Top-level package/folder it belongs to (for boundary rules). */
  group: z.string(),
  language: z.enum(['typescript', 'javascript']),
  imports: z.array(
    z.object({ target: z.string(), external: z.boolean(), typeOnly: z.boolean(), source: SourceSchema }),
  ),
  source: SourceSchema,
});
export type CodeModule = z.infer<typeof CodeModuleSchema>;

/** How a source or config file was tied to the service it belongs to. */
export const AttributionSchema = z.object({
  /**
   * `build-context`: inside a compose `build:` context or a Dockerfile's folder of that service;
   * `build-file`: under the nearest pom.xml / build.gradle / go.mod / package.json / *.csproj / pyproject.toml
   * root whose folder is named like the service; `module-folder`: a folder on its path is named like the service;
   * `config-name`: a config-server file named after the service (`shared/account-service.yml`).
   */
  by: z.enum(['build-context', 'build-file', 'module-folder', 'config-name']),
  /** The folder that decided it. */
  root: z.string(),
});
export type Attribution = z.infer<typeof AttributionSchema>;

/**
 * One fact read from source code or application config, before it becomes an edge: an address literal, an
 * HTTP/gRPC client call, a broker producer or consumer, a store client, a timeout or retry setting.
 */
export const CodeFactSchema = z.object({
  /** `<file>:<line>:<kind>:<n>` */
  id: z.string(),
  kind: z.enum([
    'address',
    'http-call',
    'grpc-call',
    'publish',
    'consume',
    'store-client',
    'timeout',
    'retry',
    'pattern',
  ]),
  /** java, kotlin, go, csharp, python, javascript, typescript; `config` for application config files. */
  language: z.string(),
  /**
   * The literal as evaluated in its file: a URL or host:port (placeholders such as `${ORDERS_URL}` kept),
   * a topic/queue/exchange name, a timeout value, or for `pattern` the word seen (saga, outbox, compensation).
   */
  value: z.string(),
  /** The name it was found under: variable, constant, named argument, annotation element or config key. */
  key: z.string().optional(),
  /** Client library or API: RestTemplate, WebClient, Feign, net/http, requests, axios, fetch, KafkaTemplate... */
  client: z.string().optional(),
  /** HTTP method of a call, upper case, when the call says it. */
  method: z.string().optional(),
  /** Broker engine of a publish/consume, when the API says it. */
  broker: z.string().optional(),
  /** The call sits in a loop (or a forEach/map callback) inside its function. */
  inLoop: z.boolean().optional(),
  /** A timeout is set on this call or on the client it uses (in the call, the file or the service's config). */
  timeout: z.boolean().optional(),
  /** Enclosing function or method, `Class.method` where known: the operation a request path starts from. */
  function: z.string().optional(),
  /** Spring profile / .NET environment / dotenv variant the config value belongs to (`prod`, `docker`). */
  profile: z.string().optional(),
  /** The service the file belongs to, after attribution. */
  serviceId: z.string().optional(),
  /** What the fact's address resolved to: a service, store or external system id. */
  targetId: z.string().optional(),
  attribution: AttributionSchema.optional(),
  source: SourceSchema,
});
export type CodeFact = z.infer<typeof CodeFactSchema>;

/**
 * An architecture pattern recognised in the system's files (src/model/patterns/): an API gateway, an event
 * bus and its delivery guarantees, database per service, saga, CQRS, service mesh, centralized telemetry,
 * health checks, circuit breakers and retries, API contracts. Every piece of evidence keeps its file:line.
 */
export const PatternStatusSchema = z.enum([
  /** The pattern holds everywhere the system needs it. */
  'applied',
  /** Present, but not everywhere it should be (some services lack it, a guarantee is missing). */
  'partial',
  /** Present, and undermined by the system itself (a gateway bypassed, a shared database, a sidecar opted out). */
  'contradicted',
]);
export type PatternStatus = z.infer<typeof PatternStatusSchema>;

export const PatternEvidenceSchema = z.object({
  /** What was seen: `Istio Gateway frontend-gateway routes to frontend`, `probe GET /hc on ordering-api`. */
  text: z.string(),
  source: SourceSchema,
});
export type PatternEvidence = z.infer<typeof PatternEvidenceSchema>;

export const PatternFactSchema = z.object({
  /** Stable kebab-case id: `api-gateway`, `event-bus`, `database-per-service`, ... */
  id: z.string(),
  /** Display name, naming the technology when one was seen: `API gateway (Envoy)`, `gRPC contracts`. */
  name: z.string(),
  status: PatternStatusSchema,
  /** Services the pattern involves (ids). */
  services: z.array(z.string()),
  /** What shows the pattern, each with file:line. */
  evidence: z.array(PatternEvidenceSchema),
  /** Where it falls short (partial) or is contradicted, with file:line when one place says it. */
  gaps: z.array(z.object({ text: z.string(), source: SourceSchema.optional() })),
  /** One sentence: how fully the pattern is applied. */
  notes: z.string(),
});
export type PatternFact = z.infer<typeof PatternFactSchema>;

export const TrustBoundarySchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  services: z.array(z.string()),
  source: SourceSchema,
});

/** The hand-written facts from plumbline.yaml that files cannot tell. */
export const DeclaredFactsSchema = z.object({
  system: z.string().optional(),
  description: z.string().optional(),
  requirements: z
    .object({
      availabilityTarget: z.number().optional(),
      p99LatencyMs: z.number().optional(),
      p50LatencyMs: z.number().optional(),
      peakRps: z.number().optional(),
      dataGrowthGbPerYear: z.number().optional(),
      rpoMinutes: z.number().optional(),
      rtoMinutes: z.number().optional(),
    })
    .optional(),
  slos: z.array(
    z.object({
      service: z.string().optional(),
      name: z.string(),
      objective: z.string(),
      source: SourceSchema,
    }),
  ),
  dataClasses: z.array(
    z.object({
      name: z.string(),
      classes: z.array(z.string()),
      services: z.array(z.string()),
      source: SourceSchema,
    }),
  ),
  compliance: z.array(z.string()),
  trustBoundaries: z.array(TrustBoundarySchema),
  team: z.object({ teams: z.number().int().optional(), engineers: z.number().int().optional() }).optional(),
  criticalPaths: z.array(z.object({ name: z.string(), services: z.array(z.string()), source: SourceSchema })),
  /** plumbline.yaml `owners`: service → owning team (applied to services after merge). */
  owners: z.array(z.object({ service: z.string(), team: z.string(), source: SourceSchema })).optional(),
  /** plumbline.yaml `overrides` of inferred facts, applied after merge (src/model/apply-manifest.ts). */
  overrides: z
    .array(
      z.object({
        target: z.enum(['service', 'datastore']),
        id: z.string(),
        set: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
        source: SourceSchema,
      }),
    )
    .optional(),
  /** plumbline.yaml `deployments`: the primary one and environments declared by deployment name or path. */
  deployments: z
    .object({
      primary: z.string().optional(),
      environments: z.record(z.string(), EnvironmentSchema).optional(),
      source: SourceSchema,
    })
    .optional(),
  source: SourceSchema.optional(),
});
export type DeclaredFacts = z.infer<typeof DeclaredFactsSchema>;

/** One root of a review that spans several repositories. */
export const RepositorySchema = z.object({
  /** How locations name this root (`<name>:<path>`). */
  name: z.string(),
  /** The directory, as given. */
  root: z.string(),
  /** The git ref read instead of the work tree (`path@ref`). */
  ref: z.string().optional(),
});
export type Repository = z.infer<typeof RepositorySchema>;

export const SystemModelSchema = z.object({
  modelVersion: z.literal(MODEL_VERSION),
  /** Root that was scanned, as given (relative paths in the model are relative to it). */
  root: z.string(),
  name: z.string(),
  artifacts: z.array(ArtifactSchema),
  deployments: z.array(DeploymentSchema),
  services: z.array(ServiceSchema),
  deployables: z.array(DeployableSchema),
  exposures: z.array(ExposureSchema),
  autoscalers: z.array(AutoscalerSchema),
  disruptionBudgets: z.array(DisruptionBudgetSchema),
  networkPolicies: z.array(NetworkPolicySchema),
  configs: z.array(ConfigObjectSchema),
  apis: z.array(ApiSchema),
  operations: z.array(OperationSchema),
  apiTypes: z.array(ApiTypeSchema),
  datastores: z.array(DatastoreSchema),
  topics: z.array(TopicSchema),
  tables: z.array(TableSchema),
  dependencies: z.array(DependencySchema),
  externals: z.array(ExternalSystemSchema),
  images: z.array(DockerImageBuildSchema),
  modules: z.array(CodeModuleSchema),
  /** Facts read from source code and application config (see docs/model.md, "Code facts"). */
  codeFacts: z.array(CodeFactSchema),
  /** Architecture patterns recognised in the files, with evidence (see docs/model.md, "Patterns"). */
  patterns: z.array(PatternFactSchema),
  declared: DeclaredFactsSchema,
  diagnostics: z.array(DiagnosticSchema),
  /**
   * Set when one system was reviewed from several repositories (roots): every location then reads
   * `<name>:<path>`, the path relative to that root.
   */
  repositories: z.array(RepositorySchema).optional(),
});
export type SystemModel = z.infer<typeof SystemModelSchema>;

/** Collections a discovery adapter may contribute; merge() turns fragments into one SystemModel. */
export type ModelCollections = Omit<
  SystemModel,
  'modelVersion' | 'root' | 'name' | 'declared' | 'repositories'
>;
