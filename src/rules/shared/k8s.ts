/**
 * Helpers for rules that read deployables, containers, images and environment: which workloads to judge,
 * how to label them, effective security settings (pod defaults overridden per container), image
 * references, and secret detection with masking. Other areas may import these.
 */
import type {
  Container,
  Deployable,
  DockerImageBuild,
  EnvVar,
  Service,
  SystemModel,
} from '../../model/schema.js';

/** A workload and one of its containers. */
export interface WorkloadContainer {
  workload: Deployable;
  container: Container;
}

export function isCompose(d: Deployable): boolean {
  return d.kind === 'compose-service';
}

export function isKubernetes(d: Deployable): boolean {
  return d.kind !== 'compose-service';
}

/** "Deployment sock-shop/carts", "compose service carts (docker-compose.yml)". */
export function workloadLabel(d: Deployable): string {
  if (isCompose(d)) return `compose service ${d.name} (${d.source.file})`;
  return `${d.kind} ${d.namespace ? `${d.namespace}/` : ''}${d.name}`;
}

/**
 * The workloads that describe how a service runs: Kubernetes ones when the service has any (a compose file
 * beside Kubernetes manifests is usually the local development setup), else its compose services.
 */
export function runtimeWorkloads(model: SystemModel): Deployable[] {
  const k8sServices = new Set(model.deployables.filter(isKubernetes).map((d) => d.serviceId));
  return model.deployables.filter((d) => isKubernetes(d) || !k8sServices.has(d.serviceId));
}

/** Every container of every given workload; init containers only when asked. */
export function containersOf(workloads: Deployable[], includeInit = true): WorkloadContainer[] {
  const out: WorkloadContainer[] = [];
  for (const workload of workloads)
    for (const container of workload.containers)
      if (includeInit || !container.init) out.push({ workload, container });
  return out;
}

export function containerLabel({ workload, container }: WorkloadContainer): string {
  if (isCompose(workload)) return workloadLabel(workload);
  return `${workloadLabel(workload)} container \`${container.name}\`${container.init ? ' (init)' : ''}`;
}

/** Effective security settings: the container's own values, else the pod-level defaults (k8s semantics). */
export interface EffectiveSecurity {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  privileged?: boolean;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilitiesAdd: string[];
  capabilitiesDrop: string[];
}

export function effectiveSecurity(workload: Deployable, container: Container): EffectiveSecurity {
  const pod = workload.podSecurityContext ?? {};
  const own = container.securityContext;
  return {
    runAsNonRoot: own.runAsNonRoot ?? pod.runAsNonRoot,
    runAsUser: own.runAsUser ?? pod.runAsUser,
    privileged: own.privileged,
    readOnlyRootFilesystem: own.readOnlyRootFilesystem,
    allowPrivilegeEscalation: own.allowPrivilegeEscalation,
    capabilitiesAdd: (own.capabilitiesAdd ?? []).map(normaliseCapability),
    capabilitiesDrop: (own.capabilitiesDrop ?? []).map(normaliseCapability),
  };
}

/** `cap_net_bind_service`, `net_bind_service` → `NET_BIND_SERVICE`; `all` → `ALL`. */
export function normaliseCapability(cap: string): string {
  return cap.trim().toUpperCase().replace(/^CAP_/, '');
}

/** The Dockerfile building this workload's image, when the repository holds it. */
export function imageBuildFor(model: SystemModel, workload: Deployable): DockerImageBuild | undefined {
  const builds = model.images.filter((i) => i.serviceId === workload.serviceId);
  return builds.length === 1 ? builds[0] : undefined;
}

/** A Dockerfile USER that means root: absent, `root`, `0`, `0:0`, `root:root`. */
export function isRootUser(user: string | undefined): boolean {
  if (user === undefined) return true;
  const name = user.trim().split(':')[0] ?? '';
  return name === '' || name === 'root' || name === '0';
}

/** A parsed image reference. */
export interface ImageRef {
  /** Everything before the tag/digest, e.g. `docker.io/library/redis`, `weaveworksdemos/carts`. */
  repository: string;
  tag?: string;
  digest?: string;
}

export function parseImageRef(image: string): ImageRef {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { repository: rest, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/**
 * The full image reference of a container: adapters keep the tag and digest in their own fields
 * (`image: redis`, `imageTag: alpine`); a reference that already carries them is returned as written.
 */
export function imageReference(container: Container): string | undefined {
  const image = container.image;
  if (!image) return undefined;
  const ref = parseImageRef(image);
  if (ref.tag || ref.digest) return image;
  return `${image}${container.imageTag ? `:${container.imageTag}` : ''}${
    container.imageDigest ? `@${container.imageDigest}` : ''
  }`;
}

/** Template expressions the file does not resolve itself: `${TAG}`, `{{ .Values.tag }}`, `$(IMAGE)`. */
export function isTemplated(value: string): boolean {
  return /\$\{[^}]*\}|\{\{[^}]*\}\}|\$\([^)]*\)|^\$[A-Z_][A-Z0-9_]*$/.test(value);
}

/**
 * Official images people reference by bare name; a bare name that is not one of these and names the
 * workload itself (Online Boutique's `image: frontend`) is a build placeholder that skaffold, kustomize or
 * a CI pipeline replaces with a built, tagged image.
 */
const OFFICIAL_IMAGES = new Set([
  'alpine',
  'busybox',
  'ubuntu',
  'debian',
  'centos',
  'nginx',
  'httpd',
  'haproxy',
  'traefik',
  'envoy',
  'postgres',
  'mysql',
  'mariadb',
  'mongo',
  'redis',
  'memcached',
  'rabbitmq',
  'cassandra',
  'elasticsearch',
  'kibana',
  'zookeeper',
  'consul',
  'vault',
  'node',
  'python',
  'golang',
  'openjdk',
  'eclipse-temurin',
  'ruby',
  'php',
  'registry',
  'influxdb',
  'telegraf',
  'solr',
  'neo4j',
  'couchdb',
  'nats',
  'eclipse-mosquitto',
]);

export function isBuildPlaceholder(image: string, workload: Deployable, container: Container): boolean {
  const ref = parseImageRef(imageReference({ ...container, image }) ?? image);
  if (ref.tag || ref.digest || ref.repository.includes('/')) return false;
  const name = ref.repository.toLowerCase();
  if (OFFICIAL_IMAGES.has(name)) return false;
  return [workload.name, workload.serviceId, container.name].some((n) => n.toLowerCase() === name);
}

/** Environment variable names that hold credentials. */
const SECRET_NAME =
  /(PASS(WORD|WD)?|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CLIENT_?SECRET|CREDENTIALS?|AUTH_?KEY|SIGNING_?KEY|ENCRYPTION_?KEY)$|^(PASS(WORD|WD)?|SECRET|TOKEN|API_?KEY)(_|$)/i;

/** Names that contain a secret word but hold a setting, a path or a reference to where the secret lives. */
const NOT_A_SECRET_NAME =
  /(_FILE|_PATH|_DIR|_NAME|_ENABLED|_EXPIRY|_EXPIRES|_TTL|_LENGTH|_URL_ENV|_HEADER|_TYPE|_MIN|_MAX|_POLICY|_ROTATION)$|^ALLOW_EMPTY|ALLOW_EMPTY_PASSWORD|RANDOM_ROOT_PASSWORD/i;

export function isSecretName(name: string): boolean {
  const normalised = name.replace(/[.-]/g, '_');
  return SECRET_NAME.test(normalised) && !NOT_A_SECRET_NAME.test(normalised);
}

/** Values that are obviously not a real credential: empty, booleans, templates, "changeme", "<...>". */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (isTemplated(v)) return true;
  if (/^(true|false|yes|no|on|off|null|none|nil|0|1)$/i.test(v)) return true;
  if (/^<[^>]*>$|^\[[^\]]*\]$/.test(v)) return true;
  if (/^(x+|\*+|\.+|-+|_+)$/i.test(v)) return true;
  if (
    /^(change[-_ ]?me|replace[-_ ]?me|todo|tbd|fixme|placeholder|example|dummy|your[-_ ].*|set[-_ ]?me|redacted)$/i.test(
      v,
    )
  )
    return true;
  // a path to a mounted secret file rather than the secret
  if (/^\/(run|var|etc|secrets?|mnt|tmp)\//.test(v)) return true;
  return false;
}

/** A URL-style connection string with a password in its userinfo: `postgres://app:s3cret@db:5432/app`. */
export function connectionStringPassword(value: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^:@/\s]+):([^@/\s]+)@/i.exec(value.trim());
  if (!m) return undefined;
  const password = m[2] as string;
  return isPlaceholderValue(password) ? undefined : password;
}

/** The value with any password in it replaced: never print a secret in a finding. */
export function maskConnectionString(value: string): string {
  return value.trim().replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/\s]+:)([^@/\s]+)(@)/i, '$1****$3');
}

/**
 * What makes a literal environment entry a plaintext secret (a connection string with a password, given masked, or
 * a literal credential), or undefined when it is not one.
 */
export function plaintextSecret(
  env: Pick<EnvVar, 'name' | 'value' | 'valueFrom'>,
): { kind: 'connectionString'; masked: string } | { kind: 'literal' } | undefined {
  if (env.valueFrom || env.value === undefined) return undefined;
  if (connectionStringPassword(env.value) !== undefined)
    return { kind: 'connectionString', masked: maskConnectionString(env.value) };
  if (isSecretName(env.name) && !isPlaceholderValue(env.value) && !looksLikeReference(env.value))
    return { kind: 'literal' };
  return undefined;
}

/** Values that point at where a secret is kept rather than being it (vault:, arn:, secretsmanager refs). */
function looksLikeReference(value: string): boolean {
  return /^(vault:|arn:aws:|projects\/[^/]+\/secrets\/|secretref:|sm:\/\/|ssm:|azurekeyvault:|op:\/\/)/i.test(
    value.trim(),
  );
}

/** Services whose role is a store (database, cache, broker, search). */
export function isDatastoreService(service: Service | undefined): boolean {
  return (
    !!service &&
    (service.role === 'datastore' ||
      service.role === 'cache' ||
      service.role === 'broker' ||
      service.role === 'search')
  );
}

const STORE_IMAGE =
  /(^|\/)(redis|redis-stack|valkey|mongo|mongodb|postgres|postgresql|postgis|mysql|mariadb|percona|rabbitmq|kafka|cp-kafka|zookeeper|elasticsearch|opensearch|memcached|cassandra|scylla|nats|etcd|minio|clickhouse-server|couchdb|neo4j|influxdb|mssql-server|cockroach)(:|@|$)/i;
const STORE_NAME =
  /(^|-)(db|database|redis|mongo|mongodb|postgres|postgresql|mysql|mariadb|rabbitmq|kafka|zookeeper|elasticsearch|memcached|cassandra|etcd|minio)$/;

/**
 * A service that runs a store: by inferred role, by a datastore it hosts, or — as a safety net when
 * inference has not classified it — by a well-known store image or a `-db`-style name.
 */
export function isStoreLike(model: SystemModel, service: Service): boolean {
  if (isDatastoreService(service)) return true;
  if (model.datastores.some((d) => d.serviceId === service.id && !d.external)) return true;
  if (service.role !== 'application') return false;
  return service.images.some((i) => STORE_IMAGE.test(i)) || STORE_NAME.test(service.id);
}

export function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return (a ?? 'default') === (b ?? 'default');
}

export { plural } from '../../model/values.js';

export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}
