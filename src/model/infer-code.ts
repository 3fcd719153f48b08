/**
 * Edges from code facts (src/discover/code, src/discover/app-config/adapter.ts): tie each source/config file to the
 * service whose build context holds it, resolve its literals' hosts against the services, stores and
 * ExternalName aliases the manifests define, and record
 *   - service → service edges (`via: code` / `app-config`, sync http/grpc),
 *   - service → store edges (data; async for brokers), creating a store entry for a datasource whose host no
 *     manifest deploys,
 *   - external systems for public hosts, and an info diagnostic for a host nothing answers to (never an
 *     invented service),
 *   - topics with their producers and consumers, and async producer → consumer edges.
 * Placeholders (`${ORDER_HOST:order-service}`, `${ORDERS_URL}`) resolve to the env the deployment gives the
 * same service (also Spring's relaxed `SPRING_DATA_MONGODB_HOST`), then the service's own config keys, then
 * their default.
 */
import { endpointsIn, isLocalHost } from './infer-endpoints.js';
import { compactKey, matchService, serviceNameIndex } from './infer-grpc.js';
import { type HostIndex, scopeOf } from './infer-hosts.js';
import {
  ENGINE_CATEGORY,
  engineOfClientKey,
  engineOfPort,
  engineOfScheme,
  engineProtocol,
  type StoreFacts,
} from './infer-stores.js';
import { toId } from './provenance.js';
import { STORE_ROLES } from './roles.js';
import type {
  Attribution,
  CodeFact,
  Datastore,
  DatastoreEngine,
  Dependency,
  Diagnostic,
  ExternalSystem,
  Service,
  SystemModel,
} from './schema.js';
import { compareText } from './values.js';

const BUILD_FILES =
  /(^|\/)(pom\.xml|build\.gradle(\.kts)?|go\.mod|package\.json|[^/]+\.csproj|pyproject\.toml|setup\.py|requirements\.txt|Dockerfile)$/;

/** Tie every code fact to the service whose build context, build-file root or module folder holds its file. */
export function attributeCodeFacts(model: SystemModel, paths: string[]): void {
  if (model.codeFacts.length === 0) return;
  const apps = model.services.filter((s) => !STORE_ROLES.has(s.role));
  const contexts: { root: string; serviceId: string }[] = [];
  for (const s of apps) for (const c of s.buildContexts) contexts.push({ root: clean(c), serviceId: s.id });
  for (const image of model.images)
    if (image.serviceId && apps.some((s) => s.id === image.serviceId))
      contexts.push({ root: clean(image.context), serviceId: image.serviceId });
  contexts.sort((a, b) => b.root.length - a.root.length || compareText(a.serviceId, b.serviceId));
  const buildRoots = [
    ...new Set(
      paths.filter((p) => BUILD_FILES.test(p)).map((p) => p.slice(0, Math.max(0, p.lastIndexOf('/')))),
    ),
  ].sort((a, b) => b.length - a.length);
  const index = serviceNameIndex(apps);
  const cache = new Map<string, { serviceId: string; attribution: Attribution } | null>();
  const byName = (name: string) => (compactKey(name).length >= 2 ? matchService(index, name) : undefined);

  // A config server's repository: `shared/account-service.yml` configures account-service, and the
  // `application.yml` beside such files holds defaults for every client, not the config server's own settings.
  const configFiles = new Set(
    model.codeFacts.filter((f) => f.language === 'config').map((f) => f.source.file),
  );
  const namedConfig = (file: string) => {
    const name = file.slice(file.lastIndexOf('/') + 1).replace(/\.(ya?ml|properties)$/i, '');
    // `account-service.yml`, else `account-service-docker.yml` (a profile)
    for (const base of [name, name.replace(/-[\w]+$/, '')]) {
      if (/^(application|bootstrap)$/i.test(base)) return undefined;
      const hit = byName(base);
      if (hit && compactKey(hit.name) === compactKey(base)) return hit;
    }
    return undefined;
  };
  const sharedDirs = new Set(
    [...configFiles].filter((f) => namedConfig(f)).map((f) => f.slice(0, Math.max(0, f.lastIndexOf('/')))),
  );
  const decide = (file: string): { serviceId: string; attribution: Attribution } | null => {
    const dir = file.slice(0, Math.max(0, file.lastIndexOf('/')));
    if (configFiles.has(file) && sharedDirs.has(dir)) {
      const named = namedConfig(file);
      return named ? { serviceId: named.id, attribution: { by: 'config-name', root: dir } } : null;
    }
    for (const c of contexts)
      if (c.root && (dir === c.root || dir.startsWith(`${c.root}/`)))
        return { serviceId: c.serviceId, attribution: { by: 'build-context', root: c.root } };
    for (const root of buildRoots) {
      if (root && dir !== root && !dir.startsWith(`${root}/`)) continue;
      const hit = root ? byName(root.slice(root.lastIndexOf('/') + 1)) : undefined;
      if (hit) return { serviceId: hit.id, attribution: { by: 'build-file', root } };
    }
    const parts = dir.split('/').filter(Boolean);
    for (let i = parts.length; i > 0; i--) {
      const hit = byName(parts[i - 1] as string);
      if (hit)
        return { serviceId: hit.id, attribution: { by: 'module-folder', root: parts.slice(0, i).join('/') } };
    }
    const whole = contexts.filter((c) => c.root === '');
    if (whole.length === 1 && whole[0])
      return { serviceId: whole[0].serviceId, attribution: { by: 'build-context', root: '.' } };
    return null;
  };
  for (const fact of model.codeFacts) {
    let hit = cache.get(fact.source.file);
    if (hit === undefined) {
      hit = decide(fact.source.file);
      cache.set(fact.source.file, hit);
    }
    if (!hit) continue;
    fact.serviceId = hit.serviceId;
    fact.attribution = hit.attribution;
  }
}

function clean(dir: string): string {
  return dir
    .replace(/\\/g, '/')
    .replace(/^\.\/?/, '')
    .replace(/\/+$/, '');
}

export interface CodeOutcome {
  externals: ExternalSystem[];
  stores: Datastore[];
  diagnostics: Diagnostic[];
}

const SCHEME_PROTOCOL: Record<string, Dependency['protocol']> = {
  http: 'http',
  https: 'http',
  grpc: 'grpc',
  grpcs: 'grpc',
  mongodb: 'mongodb',
  redis: 'redis',
  amqp: 'amqp',
  kafka: 'kafka',
  nats: 'nats',
};

const BROKER_ENGINE: Record<string, DatastoreEngine> = { kafka: 'kafka', rabbitmq: 'rabbitmq', nats: 'nats' };

/** Service, store and external edges from attributed code facts; pushes the edges onto model.dependencies. */
export function codeDependencies(
  model: SystemModel,
  index: HostIndex,
  stores: Map<string, StoreFacts>,
): CodeOutcome {
  const externals = new Map<string, ExternalSystem>();
  const newStores = new Map<string, Datastore>();
  const unresolved = new Map<string, Diagnostic>();
  const known = new Set(model.datastores.map((d) => d.id));
  const scopes = new Map<string, string[]>();
  const envs = new Map<string, Map<string, string>>();
  for (const d of model.deployables) {
    scopes.set(d.serviceId, [...(scopes.get(d.serviceId) ?? []), scopeOf(d)]);
    const env = envs.get(d.serviceId) ?? new Map<string, string>();
    for (const c of d.containers)
      if (!c.init) for (const e of c.env) if (e.value !== undefined) env.set(e.name, e.value);
    envs.set(d.serviceId, env);
  }
  const props = new Map<string, Map<string, string>>();
  for (const f of model.codeFacts) {
    if (f.language !== 'config' || !f.serviceId || !f.key) continue;
    const map = props.get(f.serviceId) ?? new Map<string, string>();
    if (!map.has(f.key) || !f.profile) map.set(f.key, f.value);
    props.set(f.serviceId, map);
  }
  const configTimeout = new Set(
    model.codeFacts
      .filter((f) => f.kind === 'timeout' && f.language === 'config' && f.serviceId)
      .map((f) => f.serviceId),
  );

  for (const fact of model.codeFacts) {
    const from = fact.serviceId;
    if (!from) continue;
    if ((fact.kind === 'http-call' || fact.kind === 'grpc-call') && configTimeout.has(from))
      fact.timeout = true;
    if (!['address', 'http-call', 'grpc-call', 'store-client'].includes(fact.kind)) continue;
    const env = envs.get(from) ?? new Map<string, string>();
    const value = resolvePlaceholders(fact, env, props.get(from));
    if (value === undefined) continue;
    const lastKey = fact.key
      ?.replace(/\[\d+\]$/, '')
      .split('.')
      .pop();
    const byName =
      fact.client === 'Feign' && (fact.key === 'name' || fact.key === 'value') && !/[:/]/.test(value);
    const refs = byName
      ? [{ host: value.toLowerCase() }]
      : endpointsIn(value, lastKey ?? (fact.kind === 'store-client' ? 'host' : undefined));
    const via = fact.language === 'config' ? 'app-config' : 'code';
    const evidence = `${fact.key ? `${fact.key}${fact.language === 'config' ? ': ' : '='}` : fact.client ? `${fact.client} ` : ''}${mask(fact.value)}`;
    for (const ref of refs as { host: string; port?: number; scheme?: string }[]) {
      if (isLocalHost(ref.host)) continue;
      const to = resolve(index, ref.host, scopes.get(from));
      const engine =
        engineOfScheme(ref.scheme) ??
        (fact.broker ? (BROKER_ENGINE[fact.broker] ?? engineOfScheme(fact.broker)) : undefined) ??
        engineOfClientKey(fact.key ?? '') ??
        (fact.language === 'config' ? engineOfPort(ref.port) : undefined);
      if (to) {
        if (to === from) continue;
        fact.targetId ??= to;
        const store = stores.get(to);
        const protocol: Dependency['protocol'] = store
          ? engineProtocol(store.engine)
          : fact.kind === 'grpc-call'
            ? 'grpc'
            : ((ref.scheme ? SCHEME_PROTOCOL[ref.scheme] : undefined) ??
              (fact.kind === 'http-call' ? 'http' : 'tcp'));
        const kind: Dependency['kind'] = store ? (store.category === 'broker' ? 'async' : 'data') : 'sync';
        model.dependencies.push({
          from,
          to,
          protocol,
          kind,
          via,
          evidence,
          source: fact.source,
          confidence: confidenceOf(fact),
        });
        continue;
      }
      if (engine) {
        const id = toId(ref.host);
        fact.targetId ??= id;
        if (!known.has(id)) {
          const store = newStores.get(id) ?? {
            id,
            name: ref.host,
            engine,
            category: ENGINE_CATEGORY[engine],
            external: ref.host.includes('.'),
            usedBy: [],
            source: fact.source,
          };
          if (!store.usedBy.includes(from)) store.usedBy.push(from);
          newStores.set(id, store);
        }
        model.dependencies.push({
          from,
          to: id,
          protocol: (ref.scheme ? SCHEME_PROTOCOL[ref.scheme] : undefined) ?? engineProtocol(engine),
          kind: ENGINE_CATEGORY[engine] === 'broker' ? 'async' : 'data',
          via,
          evidence,
          source: fact.source,
          confidence: confidenceOf(fact),
        });
        continue;
      }
      const web = ref.scheme !== undefined && /^(https?|grpcs?)$/.test(ref.scheme);
      const inCluster = /\.(svc|cluster\.local|local|internal)$/.test(ref.host);
      const named = fact.kind !== 'address' || fact.key !== undefined;
      if (web && ref.host.includes('.') && !inCluster && named) {
        const id = toId(ref.host);
        const external = externals.get(id) ?? {
          id,
          name: ref.host,
          kind: ref.scheme?.startsWith('grpc') ? 'grpc' : 'http',
          url: `${ref.scheme}://${ref.host}${ref.port ? `:${ref.port}` : ''}`,
          usedBy: [],
          source: fact.source,
        };
        if (!external.usedBy.includes(from)) external.usedBy.push(from);
        externals.set(id, external);
        fact.targetId ??= id;
        continue;
      }
      if (!ref.host.includes('.') || inCluster) {
        const key = `${from}>${ref.host}`;
        if (!unresolved.has(key))
          unresolved.set(key, {
            severity: 'info',
            file: fact.source.file,
            line: fact.source.line,
            message: `${from}: \`${evidence}\` names host \`${ref.host}\`, which no discovered service answers to`,
            origin: 'infer',
          });
      }
    }
  }
  return {
    externals: [...externals.values()],
    stores: [...newStores.values()],
    diagnostics: [...unresolved.values()],
  };
}

function resolve(index: HostIndex, host: string, scopes: string[] | undefined): string | undefined {
  for (const scope of scopes ?? []) {
    const hit = index.resolve(host, scope);
    if (hit) return hit;
  }
  return index.resolve(host, '*');
}

/** Call sites are surer than a bare literal; a test/local/dev profile less sure than the default one. */
function confidenceOf(fact: CodeFact): number {
  let c =
    fact.kind === 'http-call' || fact.kind === 'grpc-call' || fact.kind === 'store-client'
      ? 0.9
      : fact.language === 'config'
        ? 0.85
        : fact.key
          ? 0.75
          : 0.6;
  if (fact.profile && /^(test|tests|local|dev|development|h2|it)$/i.test(fact.profile)) c -= 0.3;
  return Math.round(c * 100) / 100;
}

/**
 * `${NAME:default}` / `${NAME}` (Spring, shell, the `${ident}` the extractor writes for template expressions):
 * the service's env (exact, then upper snake case), then its config keys, then the default. A config key the
 * env overrides with Spring's relaxed binding (`spring.data.mongodb.host` ← `SPRING_DATA_MONGODB_HOST`) takes the
 * env value. Undefined when a placeholder stays open where the host should be.
 */
export function resolvePlaceholders(
  fact: Pick<CodeFact, 'value' | 'key' | 'language'>,
  env: Map<string, string>,
  props: Map<string, string> | undefined,
): string | undefined {
  if (fact.language === 'config' && fact.key) {
    const relaxed = fact.key
      .replace(/[.-]/g, '_')
      .replace(/\[(\d+)\]/g, '_$1')
      .toUpperCase();
    const override = env.get(relaxed);
    if (override !== undefined) return override;
  }
  let value = fact.value;
  for (let round = 0; round < 4 && value.includes('${'); round++) {
    value = value.replace(
      /\$\{([\w.-]+)(?::-?([^}]*))?\}/g,
      (whole, name: string, fallback: string | undefined) => {
        const snake = name.replace(/[.-]/g, '_').toUpperCase();
        return env.get(name) ?? env.get(snake) ?? props?.get(name) ?? fallback ?? whole;
      },
    );
  }
  // an open placeholder before the host leaves nothing to resolve
  if (/^\$\{|:\/\/\$\{/.test(value)) return undefined;
  return value;
}

function mask(text: string): string {
  return text
    .replace(/(\/\/[^/:@\s]*:)[^@\s/]+@/g, '$1***@')
    .replace(/((?:password|pwd)\s*=\s*)[^;\s]+/gi, '$1***');
}

/** Topics named in code and config, with their producers and consumers, and producer → consumer async edges. */
export function codeTopics(model: SystemModel): void {
  const facts = model.codeFacts.filter(
    (f) => (f.kind === 'publish' || f.kind === 'consume') && f.serviceId && f.value,
  );
  if (facts.length === 0) return;
  const byName = new Map(model.topics.map((t) => [t.name, t]));
  const fromCode = new Map<string, CodeFact>();
  for (const f of facts) {
    const name = f.value;
    let topic = byName.get(name);
    if (!topic) {
      topic = {
        id: `topic:${name}`,
        name,
        kind:
          f.broker === 'rabbitmq'
            ? f.kind === 'consume' || /queue/i.test(f.key ?? '')
              ? 'queue'
              : 'exchange'
            : 'topic',
        producers: [],
        consumers: [],
        messageTypes: [],
        source: f.source,
      };
      byName.set(name, topic);
      model.topics.push(topic);
    }
    const list = f.kind === 'publish' ? topic.producers : topic.consumers;
    if (!list.includes(f.serviceId as string)) {
      list.push(f.serviceId as string);
      list.sort();
      fromCode.set(`${f.kind}|${name}|${f.serviceId}`, f);
    }
  }
  const seen = new Set(model.dependencies.map((d) => `${d.from}>${d.to}>${d.via}`));
  for (const topic of byName.values()) {
    for (const from of topic.producers)
      for (const to of topic.consumers) {
        if (from === to) continue;
        const fact =
          fromCode.get(`publish|${topic.name}|${from}`) ?? fromCode.get(`consume|${topic.name}|${to}`);
        if (!fact || seen.has(`${from}>${to}>code`) || seen.has(`${from}>${to}>asyncapi`)) continue;
        seen.add(`${from}>${to}>code`);
        const protocol: Dependency['protocol'] =
          fact.broker === 'kafka'
            ? 'kafka'
            : fact.broker === 'rabbitmq'
              ? 'amqp'
              : fact.broker === 'nats'
                ? 'nats'
                : 'unknown';
        model.dependencies.push({
          from,
          to,
          protocol,
          kind: 'async',
          via: fact.language === 'config' ? 'app-config' : 'code',
          evidence: `${topic.kind} ${topic.name}`,
          source: fact.source,
          confidence: 0.8,
        });
      }
  }
}

export function isApplication(s: Service): boolean {
  return !STORE_ROLES.has(s.role);
}
