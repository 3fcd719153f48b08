import type { PathSegment, StructuredDocument } from '../../discover/parse/structured.js';
import type { Container, Deployable, Source, SystemModel } from '../../model/schema.js';
import { isObj } from '../../model/values.js';
import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule, RuleContext } from '../types.js';

type Obj = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------------------
// Service mesh: Istio VirtualService routes and DestinationRules
// ---------------------------------------------------------------------------------------------------------------

interface MeshResource {
  kind: 'VirtualService' | 'DestinationRule';
  name: string;
  data: Obj;
  document: StructuredDocument;
  index: number;
}

/** Istio resources among the parsed documents (a multi-document file may hold several). */
export function meshResources(ctx: RuleContext): MeshResource[] {
  const out: MeshResource[] = [];
  for (const artifact of ctx.documents) {
    const doc = artifact.document;
    const items = Array.isArray(doc.data) ? doc.data : [doc.data];
    items.forEach((item, index) => {
      if (
        !isObj(item) ||
        typeof item.apiVersion !== 'string' ||
        !item.apiVersion.startsWith('networking.istio.io/')
      )
        return;
      if (item.kind !== 'VirtualService' && item.kind !== 'DestinationRule') return;
      const meta = isObj(item.metadata) ? item.metadata : {};
      out.push({
        kind: item.kind,
        name: typeof meta.name === 'string' ? meta.name : '(unnamed)',
        data: item,
        document: doc,
        index: Array.isArray(doc.data) ? index : -1,
      });
    });
  }
  return out;
}

function at(r: MeshResource, ...path: PathSegment[]): Source {
  const loc = r.document.locate(r.index >= 0 ? [r.index, ...path] : path);
  return { file: loc.file, line: loc.line };
}

/** `frontend`, `frontend.default.svc.cluster.local` → `frontend`. */
function shortHost(host: string): string {
  return host.split('.')[0] ?? host;
}

function destinationHosts(route: Obj): string[] {
  const hosts: string[] = [];
  for (const r of Array.isArray(route.route) ? route.route : []) {
    if (isObj(r) && isObj(r.destination) && typeof r.destination.host === 'string')
      hosts.push(r.destination.host);
  }
  return hosts;
}

function circuitBreakingHosts(resources: MeshResource[]): Set<string> {
  const hosts = new Set<string>();
  for (const r of resources) {
    if (r.kind !== 'DestinationRule') continue;
    const spec = isObj(r.data.spec) ? r.data.spec : {};
    const policy = isObj(spec.trafficPolicy) ? spec.trafficPolicy : {};
    if ((isObj(policy.outlierDetection) || isObj(policy.connectionPool)) && typeof spec.host === 'string')
      hosts.add(shortHost(spec.host));
  }
  return hosts;
}

const { messages, say } = defineMessages({
  routeWithoutTimeout:
    'Istio VirtualService {{name}} routes to {{hosts}} with no timeout (Istio sets none by default)',
  routeWithoutCircuitBreaking:
    'Istio VirtualService {{name}} routes to {{hosts}} with no DestinationRule with outlierDetection or connectionPool for {{unprotected}} (no circuit breaking)',
  routeWithoutTimeoutOrCircuitBreaking:
    'Istio VirtualService {{name}} routes to {{hosts}} with no timeout (Istio sets none by default) and no DestinationRule with outlierDetection or connectionPool for {{unprotected}} (no circuit breaking)',
  timeoutDisabled:
    '{{workload}} sets {{setting}}={{value}}, which disables the timeout: a hung dependency holds the caller forever',
  dependencyWithoutTimeout:
    '{{workload}} configures client timeouts ({{timeouts}}) but none for {{setting}} ({{dependency}})',
});

function meshFindings(resources: MeshResource[]): { findings: FindingDraft[]; routes: number } {
  const breakers = circuitBreakingHosts(resources);
  const findings: FindingDraft[] = [];
  let routes = 0;
  for (const r of resources) {
    if (r.kind !== 'VirtualService') continue;
    const spec = isObj(r.data.spec) ? r.data.spec : {};
    const http = Array.isArray(spec.http) ? spec.http : [];
    http.forEach((route, i) => {
      if (!isObj(route)) return;
      routes++;
      const hosts = destinationHosts(route);
      const noTimeout = route.timeout === undefined;
      const unprotected = [...new Set(hosts.map(shortHost))].filter((h) => !breakers.has(h));
      if (!noTimeout && unprotected.length === 0) return;
      const args = { name: r.name, hosts: hosts.join(', ') || '(no destination)' };
      findings.push({
        ...(unprotected.length === 0
          ? say.routeWithoutTimeout(args)
          : (noTimeout ? say.routeWithoutTimeoutOrCircuitBreaking : say.routeWithoutCircuitBreaking)({
              ...args,
              unprotected: unprotected.join(', '),
            })),
        locations: [at(r, 'spec', 'http', i)],
        element: `virtualservice:${r.name}#${i}`,
        data: {
          virtualService: r.name,
          route: i,
          hosts,
          timeout: route.timeout ?? null,
          circuitBreaking: unprotected.length === 0,
        },
        fix: {
          description: `Give the route a timeout and bounded retries, and eject failing endpoints with a DestinationRule.`,
          language: 'yaml',
          snippet: meshSnippet(shortHost(hosts[0] ?? r.name)),
        },
      });
    });
  }
  return { findings, routes };
}

function meshSnippet(host: string): string {
  return `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ${host}\nspec:\n  hosts: [${host}]\n  http:\n  - route:\n    - destination: { host: ${host} }\n    timeout: 2s\n    retries:\n      attempts: 2\n      perTryTimeout: 500ms\n      retryOn: connect-failure,refused-stream,unavailable,503\n---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: ${host}\nspec:\n  host: ${host}\n  trafficPolicy:\n    connectionPool:\n      http: { http1MaxPendingRequests: 100, maxRequestsPerConnection: 10 }\n    outlierDetection:\n      consecutive5xxErrors: 5\n      interval: 10s\n      baseEjectionTime: 30s`;
}

// ---------------------------------------------------------------------------------------------------------------
// Client configuration: *_TIMEOUT settings next to *_ADDR/*_URL settings
// ---------------------------------------------------------------------------------------------------------------

const ENDPOINT_SUFFIX = /_(ADDR|ADDRESS|URL|URI|HOST|ENDPOINT|SERVICE_ADDR)$/i;
const TIMEOUT_NAME = /^(.*?)_?(TIMEOUT|DEADLINE)(_(MS|MILLIS|SECONDS|SECS|S))?$/i;
const DISABLED_VALUE = /^\s*(0|0s|0ms|-1|none|infinite|infinity|never|unlimited)\s*$/i;

function endpointPrefix(name: string): string {
  return name
    .replace(ENDPOINT_SUFFIX, '')
    .replace(/_SERVICE$/i, '')
    .toUpperCase();
}

function timeoutPrefix(name: string): string | undefined {
  const m = TIMEOUT_NAME.exec(name);
  if (!m) return undefined;
  return (m[1] ?? '')
    .replace(/_(CLIENT|REQUEST|CONNECT|READ|CALL|HTTP|GRPC)$/i, '')
    .replace(/_SERVICE$/i, '')
    .toUpperCase();
}

/** Env settings of this container that point at another service, per the inferred dependencies. */
function dependencySettings(
  model: SystemModel,
  d: Deployable,
  c: Container,
): { name: string; to: string; source: Source }[] {
  const out: { name: string; to: string; source: Source }[] = [];
  for (const e of c.env) {
    if (!ENDPOINT_SUFFIX.test(e.name)) continue;
    const dep = model.dependencies.find(
      (x) => x.from === d.serviceId && x.kind !== 'startup' && x.evidence.startsWith(`${e.name}=`),
    );
    if (dep) out.push({ name: e.name, to: dep.to, source: e.source });
  }
  return out;
}

function clientFindings(model: SystemModel): { findings: FindingDraft[]; configured: number } {
  const findings: FindingDraft[] = [];
  let configured = 0;
  for (const d of model.deployables) {
    for (const c of d.containers) {
      const timeouts = c.env.filter((e) => timeoutPrefix(e.name) !== undefined);
      if (timeouts.length === 0) continue;
      configured++;
      for (const t of timeouts) {
        if (t.value === undefined || !DISABLED_VALUE.test(t.value)) continue;
        findings.push({
          ...say.timeoutDisabled({ workload: d.name, setting: t.name, value: t.value }),
          locations: [t.source],
          element: `${d.id}#${c.name}#${t.name}`,
          data: { workload: d.id, setting: t.name, value: t.value },
        });
      }
      const prefixes = new Set(timeouts.map((t) => timeoutPrefix(t.name) as string));
      const deps = dependencySettings(model, d, c);
      const depPrefixes = new Set(deps.map((x) => endpointPrefix(x.name)));
      // Compare only when every timeout setting names one of this container's dependencies; a generic
      // setting (REQUEST_TIMEOUT, HTTP_CLIENT_TIMEOUT) may cover all clients, so nothing can be concluded.
      if (prefixes.size === 0 || [...prefixes].some((p) => !depPrefixes.has(p))) continue;
      const example = timeouts[0]?.name ?? '';
      for (const dep of deps) {
        if (prefixes.has(endpointPrefix(dep.name))) continue;
        findings.push({
          ...say.dependencyWithoutTimeout({
            workload: d.name,
            timeouts: timeouts.map((t) => t.name).join(', '),
            setting: dep.name,
            dependency: dep.to,
          }),
          locations: [dep.source, ...timeouts.map((t) => t.source)],
          element: `${d.id}#${c.name}#${dep.name}`,
          data: {
            workload: d.id,
            dependency: dep.to,
            setting: dep.name,
            timeouts: timeouts.map((t) => t.name),
          },
          fix: {
            description: `Give the ${dep.to} client a timeout like the others (${example}).`,
            language: 'yaml',
            snippet: `environment:\n  ${dep.name}: ...\n  ${endpointPrefix(dep.name)}_TIMEOUT_MS: "2000"`,
          },
        });
      }
    }
  }
  return { findings, configured };
}

const COMPOSE = (shippingTimeout: string) =>
  `services:\n  orders:\n    image: shop/orders:1.4.0\n    environment:\n      PAYMENTS_URL: http://payments:8080\n      PAYMENTS_TIMEOUT_MS: "2000"\n      SHIPPING_URL: http://shipping:8080\n${shippingTimeout}  payments:\n    image: shop/payments:2.1.0\n  shipping:\n    image: shop/shipping:1.2.0\n`;

export const missingTimeouts: Rule = {
  id: 'resilience/missing-timeouts',
  area: 'resilience',
  severity: 'medium',
  title: 'Declared mesh or client configuration without timeouts or circuit breaking',
  messages,
  rationale:
    "Nygard's first stability pattern: every call across an integration point needs a timeout, or one hung dependency " +
    "ties up the caller's threads and connections until it fails too; a circuit breaker then stops hammering a " +
    'dependency that is already down. Plumbline cannot see timeouts set in code, so it only reports where the system ' +
    "declares this configuration itself — an Istio VirtualService route without a timeout (Istio's default is none), " +
    'a mesh route with no outlier detection, a client timeout set to 0, or a service that configures timeouts for some ' +
    'clients and not others.',
  references: [
    'Nygard, Release It! (2nd ed.), ch. 5: Timeouts, Circuit Breaker, Bulkheads',
    'Istio documentation: Traffic Management — timeouts, retries and circuit breakers (https://istio.io/latest/docs/concepts/traffic-management/#network-resilience-and-testing)',
    'Google SRE book, ch. 22: Addressing Cascading Failures',
  ],
  recommendation:
    "Set an explicit timeout on every route and client (shorter than the caller's own deadline), bound retries with a " +
    'per-try timeout, and add outlier detection / a circuit breaker for each dependency.',
  fix: {
    description: 'Timeout and bounded retries on the route; outlier detection on the destination.',
    language: 'yaml',
    snippet: meshSnippet('payments'),
  },
  examples: {
    fail: {
      description: 'orders sets a timeout for its payments client but not for shipping',
      files: { 'docker-compose.yml': COMPOSE('') },
      findings: [
        {
          at: 'docker-compose.yml:6',
          messageId: 'dependencyWithoutTimeout',
          message:
            'orders configures client timeouts (PAYMENTS_TIMEOUT_MS) but none for SHIPPING_URL (shipping)',
          also: ['docker-compose.yml:7'],
        },
      ],
    },
    pass: {
      description: 'orders sets a timeout for both clients',
      files: { 'docker-compose.yml': COMPOSE('      SHIPPING_TIMEOUT_MS: "1500"\n') },
    },
  },
  check(model, ctx) {
    const mesh = meshFindings(meshResources(ctx));
    const client = clientFindings(model);
    const findings = [...mesh.findings, ...client.findings];
    const scope = [
      mesh.routes > 0 ? `${mesh.routes} mesh route${mesh.routes === 1 ? '' : 's'}` : '',
      client.configured > 0
        ? `${client.configured} container${client.configured === 1 ? '' : 's'} with client timeout settings`
        : '',
    ].filter(Boolean);
    return {
      findings,
      strength:
        scope.length > 0 && findings.length === 0
          ? `Timeouts and circuit breaking are configured everywhere the system declares them (${scope.join(', ')})`
          : undefined,
    };
  },
};
