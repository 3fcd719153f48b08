/**
 * docker-compose adapter (compose.yaml, docker-compose*.yml, or any YAML with a top-level `services:` map
 * whose entries have `image`/`build`). Each compose service becomes a service and a `compose-service`
 * deployable with one container; published ports become `compose-port` exposures; top-level secrets and
 * configs become config objects.
 */
import { posix } from 'node:path';
import { newService } from '../../model/empty.js';
import { toId } from '../../model/provenance.js';
import type {
  ConfigObject,
  Container,
  Deployable,
  Exposure,
  Probe,
  SecurityContext,
  Service,
  Source,
} from '../../model/schema.js';
import { parseYaml, type StructuredDocument } from '../parse/structured.js';
import {
  bool,
  int,
  isObj,
  list,
  type Obj,
  obj,
  splitImage,
  str,
  stringMap,
  strings,
} from '../parse/values.js';
import type { Adapter, Fragment, SourceFile } from '../types.js';
import {
  applyMergeKeys,
  type Locate,
  readComposeResources,
  readDependsOn,
  readEnvironment,
  readLinks,
  readPort,
  readUser,
  readVolume,
  readWords,
} from './fields.js';

export const composeAdapter: Adapter = {
  kind: 'compose',
  claims: (path, head) => isComposePath(path) || (/\.ya?ml$/i.test(path) && looksLikeCompose(head)),
  parse: parseComposeFile,
};

export function isComposePath(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  return /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/.test(base);
}

/** A top-level `services:` key followed by an indented `image:` or `build:`, and no Kubernetes `kind:`. */
export function looksLikeCompose(head: string): boolean {
  return /^services\s*:/m.test(head) && /^\s+(image|build)\s*:/m.test(head) && !/^kind\s*:/m.test(head);
}

export function parseComposeFile(file: SourceFile): Fragment {
  const outcome = parseYaml(file.path, file.text, 'compose');
  const fragment = emptyComposeFragment(outcome.diagnostics);
  const document = outcome.documents[0];
  if (document) readComposeDocument(document, file.path, fragment);
  return fragment;
}

export function emptyComposeFragment(diagnostics: Fragment['diagnostics'] = []): Fragment {
  return { services: [], deployables: [], exposures: [], configs: [], diagnostics: [...(diagnostics ?? [])] };
}

/**
 * Read one compose document (a file, or a project merged from several: see project.ts) into the
 * fragment. `file` names the deployables (`compose/<file>/<name>`); `deployment`, when given, tags them.
 * `skip` names services left out (profiles not enabled).
 */
export function readComposeDocument(
  document: StructuredDocument,
  file: string,
  fragment: Fragment,
  deployment?: string,
  skip: ReadonlySet<string> = new Set(),
): void {
  const root = obj(document.data);
  const at = (...path: (string | number)[]): Source => {
    const loc = document.locate(path);
    return { file: loc.file, line: loc.line };
  };
  if (!isObj(root.services)) {
    if (fragment.diagnostics!.length === 0)
      fragment.diagnostics!.push({
        severity: 'warning',
        file,
        line: document.startLine,
        message: 'compose file has no `services:` map',
        origin: 'compose',
      });
    return;
  }
  const dir = posix.dirname(file);
  const counts = {
    deployables: fragment.deployables!.length,
    exposures: fragment.exposures!.length,
    configs: fragment.configs!.length,
  };
  for (const name of Object.keys(root.services)) {
    if (skip.has(name)) continue;
    const raw = root.services[name];
    if (!isObj(raw)) {
      fragment.diagnostics!.push({
        severity: 'warning',
        file: at('services', name).file,
        line: at('services', name).line,
        message: `compose service \`${name}\` is not a map: skipped`,
        origin: 'compose',
      });
      continue;
    }
    const locate: Locate = (...path) => at('services', name, ...path);
    readComposeService(name, applyMergeKeys(raw), locate, file, dir, fragment);
  }
  fragment.configs!.push(...readTopLevel(root, 'secrets', file, document));
  fragment.configs!.push(...readTopLevel(root, 'configs', file, document));
  if (deployment) {
    for (const d of fragment.deployables!.slice(counts.deployables)) d.deployment = deployment;
    for (const e of fragment.exposures!.slice(counts.exposures)) e.deployment = deployment;
    for (const c of fragment.configs!.slice(counts.configs)) c.deployment = deployment;
  }
}

function readComposeService(
  name: string,
  svc: Obj,
  locate: Locate,
  file: string,
  dir: string,
  fragment: Fragment,
): void {
  const source = locate();
  const id = `compose/${file}/${name}`;
  const image = str(svc.image);
  const parts = image ? splitImage(image) : undefined;
  const buildContext = readBuildContext(svc.build, dir);
  const deploy = obj(svc.deploy);
  const resources = obj(deploy.resources);

  const ports = list(svc.ports)
    .map((p, i) => readPort(p, locate('ports', i)))
    .filter((p) => p !== undefined);
  const exposed = list(svc.expose)
    .map((p, i) => readPort(str(p)?.replace(/:.*/, ''), locate('expose', i)))
    .filter((p) => p !== undefined);

  const volumeUses = list(svc.volumes).map(readVolume);
  const volumes: Deployable['volumes'] = [];
  const volumeMounts: Container['volumeMounts'] = [];
  for (const v of volumeUses) {
    if (!v) continue;
    const volumeName = v.source || v.target;
    volumeMounts.push({
      name: volumeName,
      mountPath: v.target,
      ...(v.readOnly !== undefined ? { readOnly: v.readOnly } : {}),
    });
    if (!volumes.some((x) => x.name === volumeName))
      volumes.push({ name: volumeName, type: v.type, ...(v.source ? { claimOrSource: v.source } : {}) });
  }
  for (const [key, dir] of [
    ['secrets', '/run/secrets/'],
    ['configs', '/'],
  ] as const) {
    for (const ref of list(svc[key])) {
      const source = isObj(ref) ? str(ref.source) : str(ref);
      if (!source) continue;
      const target = isObj(ref) ? str(ref.target) : undefined;
      const mountPath = target?.startsWith('/') ? target : `${dir}${target ?? source}`;
      volumeMounts.push({ name: source, mountPath, readOnly: true });
      volumes.push({
        name: source,
        type: key === 'secrets' ? 'compose-secret' : 'compose-config',
        claimOrSource: source,
      });
    }
  }
  for (const t of tmpfsTargets(svc.tmpfs)) {
    volumeMounts.push({ name: t, mountPath: t });
    volumes.push({ name: t, type: 'tmpfs' });
  }

  const securityContext: SecurityContext = {
    ...readUser(svc.user),
    ...(bool(svc.privileged) !== undefined ? { privileged: bool(svc.privileged) } : {}),
    ...(bool(svc.read_only) !== undefined ? { readOnlyRootFilesystem: bool(svc.read_only) } : {}),
    ...(noNewPrivileges(svc.security_opt) ? { allowPrivilegeEscalation: false } : {}),
    ...(svc.cap_add !== undefined ? { capabilitiesAdd: strings(svc.cap_add) } : {}),
    ...(svc.cap_drop !== undefined ? { capabilitiesDrop: strings(svc.cap_drop) } : {}),
  };
  if (Object.keys(securityContext).length > 0) securityContext.source = locate(firstKey(svc, SECURITY_KEYS));

  const command = readWords(svc.entrypoint);
  const args = readWords(svc.command);
  const limits = readComposeResources(resources.limits);
  const requests = readComposeResources(resources.reservations);
  const healthcheck = readHealthcheck(svc.healthcheck, locate('healthcheck'));
  const envFiles = readEnvFiles(svc.env_file, locate);

  const container: Container = {
    name: str(svc.container_name) ?? name,
    ...(parts ? { image: parts.image } : {}),
    ...(parts?.tag ? { imageTag: parts.tag } : {}),
    ...(parts?.digest ? { imageDigest: parts.digest } : {}),
    init: false,
    ports: [...ports, ...exposed],
    env: readEnvironment(svc.environment, (...p) => locate('environment', ...p)),
    envFrom: envFiles,
    ...(command ? { command } : {}),
    ...(args ? { args } : {}),
    ...(args || command ? { commandSource: locate(args ? 'command' : 'entrypoint') } : {}),
    resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) },
    ...(healthcheck ? { readinessProbe: healthcheck, livenessProbe: healthcheck } : {}),
    securityContext,
    volumeMounts,
    source,
  };

  const dependsOn = [
    ...readDependsOn(svc.depends_on, (...p) => locate('depends_on', ...p)),
    ...readLinks(svc.links, (...p) => locate('links', ...p)).map(({ name: n, source: s }) => ({
      name: n,
      condition: 'link',
      source: s,
    })),
  ];
  const networks = Array.isArray(svc.networks) ? strings(svc.networks) : Object.keys(obj(svc.networks));
  const replicas = int(deploy.replicas) ?? int(svc.scale) ?? 1;
  const labels = Array.isArray(svc.labels) ? labelList(svc.labels) : stringMap(svc.labels);

  const deployable: Deployable = {
    id,
    kind: 'compose-service',
    name,
    serviceId: toId(name),
    replicas,
    labels,
    podLabels: labels,
    annotations: {},
    containers: [container],
    ...(svc.network_mode === 'host' ? { hostNetwork: true } : {}),
    ...(svc.pid === 'host' ? { hostPID: true } : {}),
    volumes,
    volumeClaimTemplates: [],
    networks,
    dependsOn,
    ...(str(svc.restart) ? { restartPolicy: str(svc.restart) } : {}),
    source,
  };
  fragment.deployables!.push(deployable);

  const hostnames = new Set<string>([name]);
  for (const extra of [str(svc.container_name), str(svc.hostname)]) if (extra) hostnames.add(extra);
  for (const net of Object.values(obj(svc.networks)))
    for (const a of strings(obj(net).aliases)) hostnames.add(a);
  const service: Service = newService(name, source, {
    hostnames: [...hostnames].sort(),
    images: image ? [image] : [],
    buildContexts: buildContext ? [buildContext] : [],
    deployables: [id],
  });
  (fragment.services as Service[]).push(service);

  ports.forEach((port, i) => {
    const hostIp = port.hostIp;
    const loopback = hostIp === '127.0.0.1' || hostIp === '::1' || hostIp === 'localhost';
    const published = port.hostPort ?? port.containerPort;
    fragment.exposures!.push({
      id: `compose-port/${file}/${name}/${published}${port.protocol ? `-${port.protocol}` : ''}#${i}`,
      kind: 'compose-port',
      name,
      type: 'host',
      public: !loopback,
      selector: {},
      ports: [{ port: published, targetPort: port.containerPort }],
      routes: [],
      serviceIds: [toId(name)],
      source: port.source,
    } satisfies Exposure);
  });
}

const SECURITY_KEYS = ['user', 'privileged', 'read_only', 'cap_drop', 'cap_add', 'security_opt'];

function firstKey(svc: Obj, keys: string[]): string {
  return keys.find((k) => k in svc) ?? '';
}

function readBuildContext(build: unknown, dir: string): string | undefined {
  const context = isObj(build) ? (str(build.context) ?? '.') : str(build);
  if (context === undefined || /^[a-z]+:\/\/|^git@|\.git(#|$)/.test(context)) return undefined;
  const joined = posix.normalize(posix.join(dir, context)).replace(/\/+$/, '');
  return joined === '' ? '.' : joined;
}

function readHealthcheck(value: unknown, source: Source): Probe | undefined {
  if (!isObj(value) || bool(value.disable) === true) return undefined;
  const test = Array.isArray(value.test) ? value.test.map((t) => str(t) ?? '') : [str(value.test) ?? ''];
  if (test[0] === 'NONE' || test.join('').trim() === '') return undefined;
  return { type: 'compose-healthcheck', source };
}

function readEnvFiles(value: unknown, locate: Locate): Container['envFrom'] {
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items.flatMap((item, i) => {
    const path = isObj(item) ? str(item.path) : str(item);
    if (!path) return [];
    return [
      { kind: 'file' as const, name: path, source: locate('env_file', ...(Array.isArray(value) ? [i] : [])) },
    ];
  });
}

function tmpfsTargets(value: unknown): string[] {
  return strings(value).map((t) => t.split(':')[0] ?? t);
}

function noNewPrivileges(value: unknown): boolean {
  return strings(value).some((o) => /^no-new-privileges(:true|=true)?$/.test(o.trim()));
}

function labelList(items: unknown[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const text = str(item);
    if (!text) continue;
    const eq = text.indexOf('=');
    out[eq < 0 ? text : text.slice(0, eq)] = eq < 0 ? '' : text.slice(eq + 1);
  }
  return out;
}

/** Top-level `secrets:`/`configs:`: where each one comes from (file, environment, inline content, external). */
function readTopLevel(
  root: Obj,
  key: 'secrets' | 'configs',
  file: string,
  document: StructuredDocument,
): ConfigObject[] {
  const section = obj(root[key]);
  return Object.keys(section).map((name) => {
    const def = obj(section[name]);
    const loc = (...p: (string | number)[]) => {
      const l = document.locate([key, name, ...p]);
      return { file: l.file, line: l.line };
    };
    const entries: ConfigObject['entries'] = [];
    for (const field of ['file', 'environment', 'content', 'external', 'name']) {
      const value = str(def[field]);
      if (value !== undefined) entries.push({ key: field, value, source: loc(field) });
    }
    return {
      id: `${key === 'secrets' ? 'compose-secret' : 'compose-config'}/${file}/${name}`,
      kind: key === 'secrets' ? 'compose-secret' : 'compose-config',
      name,
      entries,
      source: loc(),
    } satisfies ConfigObject;
  });
}
