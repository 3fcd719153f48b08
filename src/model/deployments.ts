/**
 * Deployments: what gets applied together. Rendered deployments (Kustomize builds, Helm releases, compose
 * projects) arrive from discovery already named on their objects (`deployment`); here the plain Kubernetes
 * manifests left over are grouped — a folder of manifests is one deployment, a multi-document bundle file
 * (a generated release, a `complete-demo.yaml`) is its own — every deployment gets an environment inferred
 * from its names and paths (or declared in plumbline.yaml; a compose project beside Kubernetes, Helm or
 * Kustomize deployments is `development`), and one is chosen as primary:
 *
 *   declared `deployments.primary` → else the best by environment (production, unspecified, staging,
 *   development, local, test), then kind (kustomize root, manifests folder, Helm, bundle, compose), then
 *   the most workloads, then id.
 *
 * Services stay logical: a service deployed by three deployments is one service whose deployables name
 * their deployment. A service's primary `source` is taken from its primary-most deployment.
 */
import { compareSources } from './provenance.js';
import type { Deployment, Environment, Source, SystemModel } from './schema.js';
import { compareText } from './values.js';
import { DEPLOYED_COLLECTIONS } from './vocabulary.js';

/** A deployment discovery built (rendered or merged), with the files it read. */
export type DeploymentDraft = Omit<Deployment, 'primary' | 'environment' | 'environmentFrom'> & {
  environment?: Environment;
};

/** Workloads of at least this many services in one file make it a bundle (its own deployment). */
const BUNDLE_SERVICES = 3;

const KIND_RANK: Record<Deployment['kind'], number> = {
  kustomize: 0,
  manifests: 1,
  helm: 2,
  bundle: 3,
  compose: 4,
};
const ENV_RANK: Record<Environment, number> = {
  production: 0,
  unspecified: 1,
  staging: 2,
  development: 3,
  local: 4,
  test: 5,
};

const ENV_WORDS: [RegExp, Environment][] = [
  [/^(test|tests|testing|e2e|loadtest|loadtests|load-test|perf|perftest|integration|ci|smoke)$/, 'test'],
  [/^(local|localhost|minikube|kind|docker-desktop|k3d)$/, 'local'],
  [/^(dev|develop|development|debug)$/, 'development'],
  [/^(staging|stage|stg|qa|uat|preprod|pre-prod)$/, 'staging'],
  [/^(prod|production|prd|live)$/, 'production'],
];

/** The environment a name or path says, and the word that says it (`manifests-loadtest` → test). */
export function environmentOf(path: string): { environment: Environment; word?: string } {
  const words = path
    .toLowerCase()
    .replace(/\.(ya?ml|json)$/, '')
    .split(/[/._\s-]+/)
    .filter(Boolean);
  // the last word that names an environment wins (`prod/overlays/test` is a test overlay)
  for (let i = words.length - 1; i >= 0; i--) {
    const word = words[i]!;
    for (const [re, environment] of ENV_WORDS) if (re.test(word)) return { environment, word };
    // `*-test*`, `loadtest`, `e2etests`: a word that ends in a test word
    if (/(test|tests)$/.test(word) && word.length > 4) return { environment: 'test', word };
  }
  return { environment: 'unspecified' };
}

export function isTestEnvironment(environment: Environment): boolean {
  return environment === 'test' || environment === 'local';
}

export type DeployedCollections = Pick<SystemModel, (typeof DEPLOYED_COLLECTIONS)[number]>;

type Element = { deployment?: string; source: Source };

function elementsOf(model: SystemModel): Element[] {
  return DEPLOYED_COLLECTIONS.flatMap((key): Element[] => model[key]);
}

const dirOf = (file: string) => (file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.');

/**
 * Complete `model.deployments`: add the plain-manifest deployments, tag every deployable, exposure,
 * autoscaler, PDB, NetworkPolicy and config with its deployment, infer environments, pick the primary.
 */
export function assignDeployments(
  model: SystemModel,
  drafts: DeploymentDraft[],
  rendered: ReadonlySet<string> = new Set(),
): void {
  const deployments = new Map<string, DeploymentDraft>();
  for (const d of drafts) deployments.set(d.id, d);
  const elements = elementsOf(model);
  const plainFiles = new Set(
    model.artifacts
      .filter((a) => a.kind === 'kubernetes')
      .map((a) => a.file)
      .filter((f) => !rendered.has(f) && !drafts.some((d) => d.files.includes(f))),
  );
  // services with workloads, per plain file: a file with many is a bundle
  const servicesByFile = new Map<string, Set<string>>();
  for (const d of model.deployables) {
    if (d.deployment) continue;
    const set = servicesByFile.get(d.source.file) ?? new Set<string>();
    set.add(d.serviceId);
    servicesByFile.set(d.source.file, set);
  }
  const plainOf = new Map<string, string>();
  const filesByFolder = new Map<string, string[]>();
  for (const file of [...plainFiles].sort()) {
    if ((servicesByFile.get(file)?.size ?? 0) >= BUNDLE_SERVICES) {
      const id = `bundle:${file}`;
      deployments.set(id, {
        id,
        kind: 'bundle',
        name: file,
        root: file,
        files: [file],
        options: [],
        source: { file, line: 1 },
      });
      plainOf.set(file, id);
      continue;
    }
    const dir = dirOf(file);
    filesByFolder.set(dir, [...(filesByFolder.get(dir) ?? []), file]);
  }
  for (const [dir, files] of filesByFolder) {
    // a folder of only non-workload files (RBAC, CRDs) beside nothing else still is applied as one
    const id = `manifests:${dir}`;
    deployments.set(id, {
      id,
      kind: 'manifests',
      name: dir === '.' ? './' : `${dir}/`,
      root: dir,
      files,
      options: [],
      source: { file: files[0]!, line: 1 },
    });
    for (const f of files) plainOf.set(f, id);
  }
  for (const e of elements) {
    if (e.deployment) continue;
    const id = plainOf.get(e.source.file);
    if (id) e.deployment = id;
  }
  // a folder of plain manifests none of which is a workload, exposure, policy or config (CRDs, Istio
  // routing, RBAC alone) is not a deployment of the system; rendered ones stay listed even when empty
  const used = new Set(elements.map((e) => e.deployment));
  for (const [id, d] of deployments)
    if ((d.kind === 'manifests' || d.kind === 'bundle') && !used.has(id)) deployments.delete(id);
  const declared = model.declared.deployments;
  const workloads = new Map<string, number>();
  for (const d of model.deployables)
    if (d.deployment) workloads.set(d.deployment, (workloads.get(d.deployment) ?? 0) + 1);
  const out: Deployment[] = [...deployments.values()].map((d) => {
    const declaredEnv = declaredEnvironment(declared?.environments, d);
    const inferred = d.environment ? { environment: d.environment } : environmentOf(d.root);
    return {
      ...d,
      files: [...new Set(d.files)].sort(),
      environment: declaredEnv ?? inferred.environment,
      ...(declaredEnv
        ? { environmentFrom: 'declared' }
        : 'word' in inferred && inferred.word
          ? { environmentFrom: inferred.word }
          : {}),
      primary: false,
    };
  });
  out.sort((a, b) => compareText(a.id, b.id));
  composeBesideKubernetes(out, workloads);
  const named = declared?.primary ? out.find((d) => matchesName(d, declared.primary!)) : undefined;
  if (declared?.primary && !named)
    model.diagnostics.push({
      severity: 'warning',
      file: declared.source.file,
      line: declared.source.line,
      message: `deployments.primary \`${declared.primary}\` names no deployment (found: ${out.map((d) => d.name).join(', ') || 'none'})`,
      origin: 'merge',
    });
  const ranked = [...out].sort(
    (a, b) =>
      ENV_RANK[a.environment] - ENV_RANK[b.environment] ||
      KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
      (workloads.get(b.id) ?? 0) - (workloads.get(a.id) ?? 0) ||
      compareText(a.id, b.id),
  );
  const primary = named ?? ranked.find((d) => (workloads.get(d.id) ?? 0) > 0) ?? ranked[0];
  if (primary) primary.primary = true;
  model.deployments = out;
  primarySources(model, ranked);
}

/**
 * A compose project beside Kubernetes, Helm or Kustomize deployments of the same repository is the
 * developers' local stack (`docker compose up`), not what ships: when neither a declaration nor a word in
 * its name says otherwise, it is `development`.
 */
function composeBesideKubernetes(deployments: Deployment[], workloads: ReadonlyMap<string, number>): void {
  const shipping = deployments.some(
    (d) =>
      d.kind !== 'compose' &&
      (workloads.get(d.id) ?? 0) > 0 &&
      !isTestEnvironment(d.environment) &&
      d.environment !== 'development',
  );
  if (!shipping) return;
  for (const d of deployments) {
    if (d.kind !== 'compose' || d.environmentFrom || d.environment !== 'unspecified') continue;
    d.environment = 'development';
    d.environmentFrom = 'compose beside Kubernetes';
  }
}

export function isDevelopmentEnvironment(environment: Environment): boolean {
  return environment === 'development';
}

function matchesName(d: DeploymentDraft, name: string): boolean {
  const n = name.replace(/\/+$/, '');
  return d.id === name || d.name.replace(/\/+$/, '') === n || d.root === n;
}

function declaredEnvironment(
  environments: Record<string, Environment> | undefined,
  d: DeploymentDraft,
): Environment | undefined {
  if (!environments) return undefined;
  for (const [name, env] of Object.entries(environments)) if (matchesName(d, name)) return env;
  // a declared folder covers the deployments under it
  for (const [name, env] of Object.entries(environments)) {
    const n = name.replace(/\/+$/, '');
    if (d.root === n || d.root.startsWith(`${n}/`)) return env;
  }
  return undefined;
}

/** Each service's `source` is its place in the best-ranked deployment that runs it (not the first file by name). */
function primarySources(model: SystemModel, ranked: Deployment[]): void {
  const rank = new Map(ranked.map((d, i) => [d.id, i]));
  const best = new Map<string, { rank: number; source: Source }>();
  for (const d of model.deployables) {
    const r = d.deployment ? (rank.get(d.deployment) ?? ranked.length) : ranked.length;
    const current = best.get(d.serviceId);
    if (!current || r < current.rank || (r === current.rank && compareSources(d.source, current.source) < 0))
      best.set(d.serviceId, { rank: r, source: d.source });
  }
  for (const service of model.services) {
    const b = best.get(service.id);
    if (b) service.source = b.source;
  }
}

/** Deployments by id. */
export function deploymentIndex(model: SystemModel): Map<string, Deployment> {
  return new Map((model.deployments ?? []).map((d) => [d.id, d]));
}

/** Which deployments read each file (a Kustomize base read by two overlays belongs to both). */
export function deploymentsByFile(model: SystemModel): Map<string, Deployment[]> {
  const out = new Map<string, Deployment[]>();
  for (const d of model.deployments ?? []) for (const f of d.files) out.set(f, [...(out.get(f) ?? []), d]);
  return out;
}

/**
 * Services that only test or local deployments run become `test`: a load test's target double, a
 * test database. Services no deployment runs, and declared roles, are left alone.
 */
export function markTestServices(model: SystemModel, declared: Set<string>): void {
  const byId = deploymentIndex(model);
  const envs = new Map<string, Environment[]>();
  for (const d of model.deployables) {
    const dep = d.deployment ? byId.get(d.deployment) : undefined;
    envs.set(d.serviceId, [...(envs.get(d.serviceId) ?? []), dep?.environment ?? 'unspecified']);
  }
  for (const service of model.services) {
    if (declared.has(service.id) || service.role === 'platform') continue;
    const list = envs.get(service.id);
    if (list?.length && list.every(isTestEnvironment)) service.role = 'test';
  }
}

/**
 * Where a missing protection exists only as an unused option, in words: "NetworkPolicies exist as the
 * Kustomize component `network-policies`, which kustomize/ does not enable, and behind the Helm value
 * `networkPolicies.create: false` of helm-chart/". `kind` is the object kind looked for in what an option
 * provides; `valueWords` matches Helm value paths and template names. Undefined when no option has it.
 */
export function optionNote(
  model: SystemModel,
  kind: string,
  plural: string,
  valueWords: RegExp,
): { text: string; sources: Source[] } | undefined {
  const parts: string[] = [];
  const sources: Source[] = [];
  for (const d of model.deployments ?? []) {
    if (isTestEnvironment(d.environment)) continue;
    for (const o of d.options) {
      if (o.kind === 'kustomize-component' && o.provides.some((p) => p.startsWith(`${kind} `))) {
        const base = o.name.slice(o.name.lastIndexOf('/') + 1);
        parts.push(`the Kustomize component \`${base}\` (${o.name}/), which ${d.name} does not enable`);
        sources.push(o.source);
      } else if (
        o.kind === 'helm-value' &&
        (valueWords.test(o.name) || o.provides.some((p) => valueWords.test(p)))
      ) {
        parts.push(`behind the Helm value \`${o.name}\` of ${d.name}`);
        sources.push(o.source);
      }
    }
  }
  if (parts.length === 0) return undefined;
  const unique = [...new Set(parts)];
  return {
    text: `${plural} exist only as ${unique.length === 1 ? 'an option' : 'options'}: ${unique.join('; ')}`,
    sources,
  };
}
