/**
 * API gateway / edge: one place external traffic enters. Recognised from gateway-role services (Envoy, nginx,
 * Kong, Traefik, HAProxy, KrakenD, Tyk, APISIX images or gateway names), Kubernetes Ingresses and Gateway API
 * routes, Istio Gateways with the VirtualServices bound to them, route configuration files (envoy.yaml,
 * ocelot.json, nginx.conf, kong.yml, traefik.yml, krakend.json) and YARP `ReverseProxy` routes in app config.
 * Contradicted when, on the same platform (compose or Kubernetes), backend services are also published directly
 * around the gateway (a host port, a NodePort or LoadBalancer Service).
 */
import type { Exposure, PatternEvidence, PatternFact, Service } from '../schema.js';
import {
  asList,
  evidence,
  field,
  names,
  type PatternContext,
  type PatternRecognizer,
  plural,
  sortedUnique,
} from './types.js';

const TECH_BY_IMAGE: [RegExp, string][] = [
  [/envoy/i, 'Envoy'],
  [/openresty|nginx/i, 'nginx'],
  [/kong/i, 'Kong'],
  [/traefik/i, 'Traefik'],
  [/haproxy/i, 'HAProxy'],
  [/krakend/i, 'KrakenD'],
  [/tyk/i, 'Tyk'],
  [/apisix/i, 'APISIX'],
  [/caddy/i, 'Caddy'],
  [/ocelot/i, 'Ocelot'],
  [/yarp/i, 'YARP'],
];

const ROUTE_FILE: [RegExp, string][] = [
  [/(^|\/)envoy[\w.-]*\.(ya?ml|json)$/i, 'Envoy'],
  [/(^|\/)ocelot[\w.-]*\.json$/i, 'Ocelot'],
  [/(^|\/)(nginx[\w.-]*\.conf|nginx\/[\w.-]+\.conf)$/i, 'nginx'],
  [/(^|\/)kong[\w.-]*\.ya?ml$/i, 'Kong'],
  [/(^|\/)traefik[\w.-]*\.(ya?ml|toml)$/i, 'Traefik'],
  [/(^|\/)krakend[\w.-]*\.json$/i, 'KrakenD'],
  [/(^|\/)haproxy[\w.-]*\.cfg$/i, 'HAProxy'],
];

const TEST_PATH = /(^|\/)(test|tests|e2e|__tests__|spec|examples?|samples?)\//i;

export function technologyOf(service: Service): string | undefined {
  for (const image of service.images) for (const [re, tech] of TECH_BY_IMAGE) if (re.test(image)) return tech;
  for (const [re, tech] of TECH_BY_IMAGE) if (re.test(service.id)) return tech;
  return undefined;
}

type Platform = 'compose' | 'kubernetes';

function shipping(ctx: PatternContext, e: Exposure): boolean {
  return !ctx.inTest(e);
}

/** Where each platform's edge is, with evidence; and the technologies seen. */
export function gatewaysOf(ctx: PatternContext): {
  evidence: PatternEvidence[];
  platforms: Set<Platform>;
  technologies: Set<string>;
  gatewayServices: string[];
  routed: Set<string>;
} {
  const out: PatternEvidence[] = [];
  const platforms = new Set<Platform>();
  const technologies = new Set<string>();
  const gatewayServices: string[] = [];
  const routed = new Set<string>();
  const { model } = ctx;
  for (const s of model.services) {
    if (s.role !== 'gateway' || !ctx.business.has(s.id)) continue;
    const own = model.deployables.filter((d) => d.serviceId === s.id && !ctx.inTest(d));
    if (own.length === 0 && model.deployables.some((d) => d.serviceId === s.id)) continue;
    const tech = technologyOf(s);
    if (tech) technologies.add(tech);
    gatewayServices.push(s.id);
    for (const d of own) platforms.add(d.kind === 'compose-service' ? 'compose' : 'kubernetes');
    out.push(evidence(`${s.name} is a gateway${tech ? ` (${tech})` : ''}`, s.source));
    for (const dep of model.dependencies)
      if (dep.from === s.id && dep.kind === 'sync' && ctx.business.has(dep.to)) routed.add(dep.to);
  }
  for (const e of model.exposures) {
    if (!shipping(ctx, e) || (e.kind !== 'ingress' && e.kind !== 'gateway-route')) continue;
    platforms.add('kubernetes');
    technologies.add(e.kind === 'ingress' ? 'Kubernetes Ingress' : 'Gateway API');
    for (const id of e.serviceIds) routed.add(id);
    const backends = sortedUnique(e.routes.map((r) => r.backend));
    out.push(
      evidence(
        `${e.kind === 'ingress' ? 'Ingress' : e.type} ${e.name}${backends.length ? ` routes to ${names(backends)}` : ''}`,
        e.source,
      ),
    );
  }
  const virtualServices = ctx.objects.filter(
    (o) => o.kind === 'VirtualService' && o.apiVersion.startsWith('networking.istio.io/'),
  );
  for (const gw of ctx.objects) {
    if (gw.kind !== 'Gateway' || !gw.apiVersion.startsWith('networking.istio.io/')) continue;
    platforms.add('kubernetes');
    technologies.add('Istio');
    const bound = virtualServices.filter((vs) =>
      asList(field(vs.data, 'spec', 'gateways')).some(
        (g) => typeof g === 'string' && (g === gw.name || g.endsWith(`/${gw.name}`)),
      ),
    );
    const hosts = sortedUnique(
      bound.flatMap((vs) =>
        asList(field(vs.data, 'spec', 'http')).flatMap((h) =>
          asList(field(h, 'route')).map((r) => String(field(r, 'destination', 'host') ?? '').split('.')[0]!),
        ),
      ),
    ).filter(Boolean);
    for (const h of hosts) {
      const s = model.services.find((x) => x.id === h || x.hostnames.includes(h));
      if (s) routed.add(s.id);
    }
    out.push(
      evidence(
        `Istio Gateway ${gw.name}${bound.length ? ` with VirtualService ${names(bound.map((v) => v.name))}${hosts.length ? ` routing to ${names(hosts)}` : ''}` : ''}`,
        gw.locate(),
      ),
    );
  }
  // a service built from a folder holding a route configuration (an Ocelot or YARP gateway written as an
  // application) is a gateway too, whatever its name
  const routing = (serviceId: string | undefined) => {
    const s = serviceId ? model.services.find((x) => x.id === serviceId) : undefined;
    if (!s || !ctx.business.has(s.id) || s.role !== 'application' || gatewayServices.includes(s.id)) return;
    const own = model.deployables.filter((d) => d.serviceId === s.id && !ctx.inTest(d));
    if (own.length === 0) return;
    gatewayServices.push(s.id);
    for (const d of own) platforms.add(d.kind === 'compose-service' ? 'compose' : 'kubernetes');
    for (const dep of model.dependencies)
      if (dep.from === s.id && dep.kind === 'sync' && ctx.business.has(dep.to)) routed.add(dep.to);
  };
  for (const path of ctx.paths) {
    if (TEST_PATH.test(path)) continue;
    const hit = ROUTE_FILE.find(([re]) => re.test(path));
    if (!hit) continue;
    technologies.add(hit[1]);
    const owner = model.services.find((s) =>
      s.buildContexts.some((c) => c !== '.' && c !== '' && path.startsWith(`${c.replace(/\/$/, '')}/`)),
    );
    routing(owner?.id);
    out.push(
      evidence(`${hit[1]} route configuration ${path}${owner ? ` of ${owner.id}` : ''}`, {
        file: path,
        line: 1,
      }),
    );
  }
  const yarp = model.codeFacts.find((f) => f.kind === 'pattern' && /^ReverseProxy\./.test(f.value));
  if (yarp) {
    technologies.add('YARP');
    routing(yarp.serviceId);
    out.push(
      evidence(
        `YARP reverse-proxy routes (${yarp.value})${yarp.serviceId ? ` of ${yarp.serviceId}` : ''}`,
        yarp.source,
      ),
    );
  }
  return { evidence: out, platforms, technologies, gatewayServices, routed };
}

export const apiGateway: PatternRecognizer = {
  ids: ['api-gateway'],
  names: { 'api-gateway': 'API gateway' },
  recognize(ctx) {
    const found = gatewaysOf(ctx);
    // a route file alone is not a deployed edge
    if (found.gatewayServices.length === 0 && found.platforms.size === 0 && !found.technologies.has('YARP'))
      return [];
    const byId = new Map(ctx.model.services.map((s) => [s.id, s]));
    const gaps: PatternFact['gaps'] = [];
    const bypassing = new Set<string>();
    for (const e of ctx.model.exposures) {
      if (!e.public || !shipping(ctx, e) || (e.kind !== 'k8s-service' && e.kind !== 'compose-port')) continue;
      const platform: Platform = e.kind === 'compose-port' ? 'compose' : 'kubernetes';
      if (!found.platforms.has(platform)) continue;
      for (const id of e.serviceIds) {
        const s = byId.get(id);
        if (s?.role !== 'application' || found.gatewayServices.includes(id)) continue;
        bypassing.add(id);
        gaps.push({
          text: `${s.name} is published directly around the gateway (${e.kind === 'compose-port' ? 'host port' : e.type} ${e.name})`,
          source: e.source,
        });
      }
    }
    const techs = [...found.technologies].sort();
    const services = sortedUnique([...found.gatewayServices, ...found.routed]);
    const bypassed = sortedUnique(bypassing);
    return [
      {
        id: 'api-gateway',
        name: `API gateway${techs.length ? ` (${techs.join(', ')})` : ''}`,
        status: bypassed.length ? 'contradicted' : 'applied',
        services,
        evidence: found.evidence,
        gaps,
        notes: bypassed.length
          ? `external traffic has a gateway, but ${plural(bypassed.length, 'backend service')} ${bypassed.length === 1 ? 'is' : 'are'} also published around it: ${names(bypassed)}`
          : `external traffic enters through ${found.gatewayServices.length ? names(found.gatewayServices.sort()) : `the ${techs.join(' and ') || 'gateway'} edge`}${found.routed.size ? `, which routes to ${names(sortedUnique(found.routed))}` : ''}`,
      },
    ];
  },
  expected(model) {
    const backends = model.services.filter((s) => s.role === 'application');
    const exposed = model.exposures.some((e) => e.public);
    return {
      'api-gateway':
        backends.length >= 2 && exposed
          ? `${plural(backends.length, 'backend service')} and traffic from outside`
          : undefined,
    };
  },
};
