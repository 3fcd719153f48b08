/**
 * Roles beyond the stores: which services are tooling around the system (load generators, traffic
 * simulators), which are edge gateways (reverse proxies, API gateways) and which are web frontends. Runs
 * after the store roles are set and the dependency graph is complete, and only ever turns `application`
 * into something narrower: store roles, jobs, tool images recognised earlier and roles declared in
 * plumbline.yaml `overrides.services` are left alone (apply-manifest writes those last anyway; skipping
 * them here keeps the inference from reasoning over a role the user has corrected).
 *
 * Conservative on purpose: a service wrongly called a gateway or frontend drops out of rules that judge
 * backends (API specs, direct exposure), so each role needs an unmistakable name, a proxy or load-tool
 * image, or — for frontends only — a strict topology (see `fansOutLikeAFrontend`). Call topology alone
 * never makes a gateway: a routing-only proxy and a server-rendered UI that calls many services (Online
 * Boutique's `frontend`) look the same in the graph, and only the image tells them apart.
 */
import { imageName } from './images.js';
import { toId } from './provenance.js';
import type { Dependency, Service, ServiceRole, SystemModel } from './schema.js';
import { compareText } from './values.js';

export interface RoleInference {
  serviceId: string;
  role: ServiceRole;
  /** Why, in words: the name, image, mount or topology that decided it. */
  reason: string;
}

/** Load generators and traffic simulators by service name (`loadgenerator`, `user-sim`, `locust-master`). */
const TOOL_NAME =
  /^(load-?gen(erator)?|load-?test(er|s|ing)?|user-?sim(ulator)?|traffic-?gen(erator)?|locust|k6|jmeter|gatling|vegeta|artillery|tsung)(-|$)/;
/** Load-testing images by image name (`locustio/locust`, `grafana/k6`, `justb4/jmeter`, `weaveworksdemos/load-test`). */
const TOOL_IMAGE =
  /^(locust|k6|jmeter|gatling|vegeta|artillery|tsung|load-?test|load-?gen(erator)?|user-?sim(ulator)?)$/;

/** Reverse proxies and API gateways by image name, listed exactly: `nginx-prometheus-exporter` is not one. */
const PROXY_IMAGE = new Set([
  'nginx',
  'nginx-unprivileged',
  'nginx-ingress',
  'openresty',
  'envoy',
  'envoy-distroless',
  'envoy-alpine',
  'traefik',
  'kong',
  'kong-gateway',
  'haproxy',
  'haproxy-alpine',
  'caddy',
  'krakend',
  'krakend-ce',
  'tyk-gateway',
  'apisix',
  'edge-router',
]);
/** Servers of static files: with built assets in them they are a frontend, not a gateway. */
const STATIC_SERVER_IMAGE = new Set([
  'nginx',
  'nginx-unprivileged',
  'openresty',
  'caddy',
  'httpd',
  'lighttpd',
  'static-web-server',
]);
/** Toolchains whose build stage in front of a static server means "compiled web assets" (`FROM node AS build`). */
const WEB_BUILD_IMAGE = /^(node|bun|deno)$/;
/** Document roots of the static servers above (a mount there serves files, not routes). */
const DOC_ROOT =
  /^(\/usr\/share\/nginx\/html|\/usr\/share\/caddy|\/usr\/local\/apache2\/htdocs|\/var\/www|\/srv)(\/|$)/;

/** Gateway names nobody gives an application: `payment-gateway` is an application, so `-gateway` alone is not enough. */
const GATEWAY_NAME =
  /^(gateway(-service|-server)?|([a-z0-9]+-)?(api-?gateway|api-?gw|edge-?router|edge-?proxy|ingress-?proxy|reverse-?proxy))$/;

/** Names that mean a web UI on their own. `frontend-proxy` (OpenTelemetry demo) is deliberately not one. */
const FRONTEND_NAME = /^(frontend|front-end|ui|webui|web-ui|storefront|([a-z0-9]+-)+(frontend|front-end))$/;
/**
 * Names that often mean the whole application in compose (`web` beside `db` in Django and Rails setups): a
 * frontend only when the service keeps no data of its own and serves no API contract.
 */
const AMBIGUOUS_FRONTEND_NAME = /^(web|webapp|web-app|www)$/;

/** Application services a topology-inferred frontend must call synchronously. */
const FRONTEND_MIN_FANOUT = 4;

export function inferServiceRoles(model: SystemModel): RoleInference[] {
  const declared = declaredRoleIds(model);
  const facts = graphFacts(model);
  const inferred: RoleInference[] = [];
  const set = (service: Service, role: ServiceRole, reason: string) => {
    service.role = role;
    inferred.push({ serviceId: service.id, role, reason });
  };
  const open = model.services.filter((s) => s.role === 'application' && !declared.has(s.id));

  // Tooling first: a load generator's calls must not count toward anyone's fan-in or fan-out below.
  for (const service of open) {
    if (TOOL_NAME.test(service.id)) set(service, 'tooling', `name \`${service.id}\` is a load generator's`);
    else {
      const image = imagesOf(model, service).running.find((i) => TOOL_IMAGE.test(imageName(i)));
      if (image) set(service, 'tooling', `image \`${image}\` is a load-testing tool`);
    }
  }

  for (const service of open) {
    if (service.role !== 'application') continue;
    const images = imagesOf(model, service);
    const assets = staticAssets(model, service, images);
    if (assets) {
      set(service, 'frontend', assets);
      continue;
    }
    const proxy = images.running.find((i) => PROXY_IMAGE.has(imageName(i)));
    if (proxy) {
      if (FRONTEND_NAME.test(service.id))
        set(service, 'frontend', `name \`${service.id}\` on static/proxy server image \`${proxy}\``);
      else set(service, 'gateway', `runs the reverse proxy / gateway image \`${proxy}\``);
      continue;
    }
    if (GATEWAY_NAME.test(service.id)) set(service, 'gateway', `name \`${service.id}\` is an edge gateway's`);
    else if (FRONTEND_NAME.test(service.id)) set(service, 'frontend', `name \`${service.id}\` is a web UI's`);
  }

  // Topology and ambiguous names last, over a graph where tooling, gateways and named frontends are settled.
  const apps = new Set(model.services.filter((s) => s.role === 'application').map((s) => s.id));
  for (const service of open) {
    if (service.role !== 'application') continue;
    const own = facts.get(service.id);
    if (!own || own.keepsData || service.apis.length > 0) continue;
    const callees = [...own.calls].filter((id) => apps.has(id)).sort();
    if (AMBIGUOUS_FRONTEND_NAME.test(service.id) && (own.public || callees.length > 0)) {
      set(
        service,
        'frontend',
        `name \`${service.id}\`, ${own.public ? 'exposed publicly' : `calls ${callees.join(', ')}`}, keeps no data and serves no API contract`,
      );
      continue;
    }
    if (fansOutLikeAFrontend(own, callees, model, apps))
      set(
        service,
        'frontend',
        `exposed publicly, called by no application or frontend service, keeps no data, serves no API contract, and calls ${callees.length} application services (${callees.join(', ')})`,
      );
  }
  return inferred.sort((a, b) => compareText(a.serviceId, b.serviceId));
}

interface GraphFacts {
  /** Services it calls synchronously. */
  calls: Set<string>;
  /** Services that call it synchronously. */
  callers: Set<string>;
  /** It uses a database, broker or search engine (a session cache is fine for a UI), or messages anyone. */
  keepsData: boolean;
  public: boolean;
}

/**
 * A server-rendered UI or backend-for-frontend at the top of the call graph: public, not called by any
 * application service, calling many of them, with no store and no API contract of its own. A public API
 * that orchestrates others usually ships a contract or keeps data, which keeps it an application.
 */
function fansOutLikeAFrontend(
  own: GraphFacts,
  callees: string[],
  model: SystemModel,
  apps: Set<string>,
): boolean {
  if (!own.public || callees.length < FRONTEND_MIN_FANOUT) return false;
  const roleOf = new Map(model.services.map((s) => [s.id, s.role]));
  return [...own.callers].every((id) => !apps.has(id) && roleOf.get(id) !== 'frontend');
}

function graphFacts(model: SystemModel): Map<string, GraphFacts> {
  const serviceIds = new Set(model.services.map((s) => s.id));
  const stores = new Map<string, string>();
  for (const d of model.datastores) {
    stores.set(d.id, d.category);
    if (d.serviceId) stores.set(d.serviceId, d.category);
  }
  const facts = new Map<string, GraphFacts>();
  const of = (id: string) => {
    let f = facts.get(id);
    if (!f) {
      f = { calls: new Set(), callers: new Set(), keepsData: false, public: false };
      facts.set(id, f);
    }
    return f;
  };
  for (const service of model.services) of(service.id);
  for (const dep of model.dependencies) {
    if (!serviceIds.has(dep.from)) continue;
    recordEdge(dep, of(dep.from), stores);
    if (dep.kind === 'sync' && serviceIds.has(dep.to) && !stores.has(dep.to)) {
      of(dep.from).calls.add(dep.to);
      of(dep.to).callers.add(dep.from);
    }
  }
  for (const exposure of model.exposures)
    if (exposure.public) for (const id of exposure.serviceIds) if (serviceIds.has(id)) of(id).public = true;
  return facts;
}

function recordEdge(dep: Dependency, from: GraphFacts, stores: Map<string, string>): void {
  if (dep.kind === 'startup') return;
  const category = stores.get(dep.to);
  if (category !== undefined ? category !== 'cache' : dep.kind === 'data' || dep.kind === 'async')
    from.keepsData = true;
}

interface ServiceImages {
  /** Images the service runs: declared ones and the final stage of each Dockerfile it is built from. */
  running: string[];
  /** Builder stages of those Dockerfiles (`node:20` in `FROM node:20 AS build`). */
  builders: string[];
}

function imagesOf(model: SystemModel, service: Service): ServiceImages {
  const running = [...service.images];
  const builders: string[] = [];
  for (const build of model.images) {
    if (build.serviceId !== service.id && !service.buildContexts.includes(build.context)) continue;
    const stageNames = new Set(build.stages.flatMap((s) => (s.name ? [s.name.toLowerCase()] : [])));
    const external = build.stages.filter((s) => !stageNames.has(s.image.toLowerCase()));
    const last = build.stages[build.stages.length - 1];
    for (const stage of external) (stage === last ? running : builders).push(stage.image);
  }
  return { running, builders };
}

/** A static file server carrying built web assets: a web toolchain build stage, or a mount at its document root. */
function staticAssets(model: SystemModel, service: Service, images: ServiceImages): string | undefined {
  const server = images.running.find((i) => STATIC_SERVER_IMAGE.has(imageName(i)));
  if (!server) return undefined;
  const builder = images.builders.find((i) => WEB_BUILD_IMAGE.test(imageName(i)));
  if (builder) return `serves assets built in a \`${builder}\` stage from \`${server}\``;
  for (const deployable of model.deployables) {
    if (deployable.serviceId !== service.id) continue;
    for (const container of deployable.containers) {
      if (container.init) continue;
      const mount = container.volumeMounts.find((m) => DOC_ROOT.test(m.mountPath));
      if (mount) return `serves files mounted at \`${mount.mountPath}\` from \`${server}\``;
    }
  }
  return undefined;
}

/** Services whose role plumbline.yaml declares, each reference resolved as apply-manifest resolves it (first match). */
export function declaredRoleIds(model: SystemModel): Set<string> {
  const refs = (model.declared.overrides ?? []).filter(
    (o) => o.target === 'service' && typeof o.set.role === 'string',
  );
  if (refs.length === 0) return new Set();
  const byKey = new Map<string, string>();
  for (const s of model.services)
    for (const key of [s.id, toId(s.name), ...s.hostnames.map(toId)])
      if (!byKey.has(key)) byKey.set(key, s.id);
  return new Set(refs.flatMap((o) => byKey.get(toId(o.id)) ?? []));
}
