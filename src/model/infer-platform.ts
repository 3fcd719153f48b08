/**
 * The `platform` role: logging, monitoring, tracing, mesh, ingress-controller and dashboard components
 * deployed beside the application (fluentd, kibana, prometheus, grafana, jaeger, otel-collector, …). They
 * are decided three ways, strongest first:
 * 1. the component's image or name is a well-known platform component's;
 * 2. every deployment that runs it is a platform stack by its name (`manifests-logging/`,
 *    `docker-compose.monitoring.yml`, a `tracing` overlay) or every workload sits in a platform namespace
 *    (`monitoring`, `logging`, `kube-system`, `istio-system`, …) — so a generic store such as elasticsearch
 *    or influxdb in a logging/monitoring stack is platform, while the same image serving the product is not;
 * 3. a store whose every user is a platform component (the elasticsearch behind fluentd and kibana).
 * Roles declared in plumbline.yaml are left alone.
 */
import { imageName } from './images.js';
import { isStoreRole } from './roles.js';
import type { Service, SystemModel } from './schema.js';

/** Component names and image names (last path segment, no tag) of platform software. */
const PLATFORM_COMPONENT =
  /^(fluentd|fluent-?bit|fluentd-[\w-]+|logstash|kibana|filebeat|metricbeat|heartbeat|packetbeat|elastalert|vector|promtail|loki|tempo|seq|graylog|prometheus|prometheus-[\w-]+|alertmanager|pushgateway|grafana|grafana-[\w-]+|node-?exporter|[\w-]+-exporter|kube-state-metrics|metrics-server|heapster|heapster-[\w-]+|cadvisor|thanos|cortex|mimir|telegraf|chronograf|kapacitor|statsd|graphite|jaeger|jaeger-[\w-]+|all-in-one|zipkin|zipkin-[\w-]+|otel-?collector|opentelemetry-collector(-contrib)?|otelcol(-contrib)?|datadog-agent|newrelic-infrastructure|istiod|proxyv2|linkerd[\w-]*|ingress-nginx|nginx-ingress-controller|ingress-controller|kube-proxy|coredns|log-?server|logging-[\w-]+|monitoring-[\w-]+|tracing-[\w-]+|[\w-]+-metrics)$/;

/** Image repositories that publish only platform software. */
const PLATFORM_REPOSITORY =
  /^(?:[\w.-]+\/)*(prom|jaegertracing|openzipkin|otel|fluent|elastic\/(kibana|logstash|filebeat|metricbeat)|datalust|istio|linkerd|ingress-nginx|kube-state-metrics|prometheus|prometheus-operator)\//;

/** Deployment names and paths of a platform stack. */
const PLATFORM_STACK =
  /(^|[/._-])(logging|logs|monitoring|metrics|observability|telemetry|tracing|jaeger|zipkin|alerting|elk|efk|prometheus|grafana|istio|ingress-nginx|otel)([/._-]|$)/;

/** Namespaces platform components are installed into. */
const PLATFORM_NAMESPACE =
  /^(monitoring|logging|observability|tracing|telemetry|jaeger|kube-system|istio-system|ingress-nginx|linkerd|cattle-monitoring-system|prometheus|grafana|elastic-system|loki|tempo)$/;

/** Load-testing tools published by platform vendors (`grafana/k6`) stay tooling. */
const LOAD_TOOL = /^(k6|locust|jmeter|gatling|vegeta|artillery|tsung)$/;

export function isPlatformComponent(name: string, images: string[]): string | undefined {
  if (images.some((i) => LOAD_TOOL.test(imageName(i.toLowerCase())))) return undefined;
  if (PLATFORM_COMPONENT.test(name)) return `name \`${name}\``;
  for (const image of images) {
    const ref = image.toLowerCase();
    if (PLATFORM_REPOSITORY.test(ref)) return `image \`${image}\``;
    if (PLATFORM_COMPONENT.test(imageName(ref))) return `image \`${image}\``;
  }
  return undefined;
}

const OPEN_ROLES = new Set<Service['role']>([
  'application',
  'tooling',
  'search',
  'datastore',
  'cache',
  'frontend',
]);

/** Mark platform components; returns the ids marked, with why. */
export function inferPlatformRoles(model: SystemModel, declared: Set<string>): Map<string, string> {
  const marked = new Map<string, string>();
  const deployments = new Map((model.deployments ?? []).map((d) => [d.id, d]));
  const workloads = new Map<string, SystemModel['deployables']>();
  for (const d of model.deployables) workloads.set(d.serviceId, [...(workloads.get(d.serviceId) ?? []), d]);
  for (const service of model.services) {
    if (declared.has(service.id) || !OPEN_ROLES.has(service.role)) continue;
    const own = workloads.get(service.id) ?? [];
    const running = [
      ...service.images,
      ...own.flatMap((d) => d.containers.filter((c) => !c.init && c.image).map((c) => c.image!)),
    ];
    // stores by image only (a store named `monitoring-influxdb` or living in a monitoring stack below)
    const byComponent =
      service.role === 'application' || service.role === 'tooling' || service.role === 'frontend'
        ? isPlatformComponent(service.id, running)
        : PLATFORM_COMPONENT.test(service.id)
          ? `name \`${service.id}\``
          : undefined;
    if (byComponent) {
      marked.set(service.id, byComponent);
      continue;
    }
    if (own.length === 0) continue;
    const stacks = own.map((d) => (d.deployment ? deployments.get(d.deployment) : undefined));
    if (stacks.every((s) => s && PLATFORM_STACK.test(s.name.toLowerCase()))) {
      marked.set(service.id, `deployed only by the platform stack ${stacks[0]!.name}`);
      continue;
    }
    if (own.every((d) => d.namespace && PLATFORM_NAMESPACE.test(d.namespace)))
      marked.set(service.id, `runs only in the platform namespace \`${own[0]!.namespace}\``);
  }
  for (const id of marked.keys()) {
    const s = model.services.find((x) => x.id === id);
    if (s) s.role = 'platform';
  }
  // stores whose every user is a platform component
  const users = new Map<string, Set<string>>();
  for (const dep of model.dependencies) {
    if (dep.from === dep.to) continue;
    users.set(dep.to, (users.get(dep.to) ?? new Set()).add(dep.from));
  }
  const roleOf = new Map(model.services.map((s) => [s.id, s.role]));
  for (const service of model.services) {
    if (declared.has(service.id) || !isStoreRole(service.role)) continue;
    const store = model.datastores.find((d) => d.serviceId === service.id);
    const ids = new Set([...(users.get(service.id) ?? []), ...(store ? (users.get(store.id) ?? []) : [])]);
    for (const u of store?.usedBy ?? []) ids.add(u);
    ids.delete(service.id);
    if (ids.size > 0 && [...ids].every((u) => roleOf.get(u) === 'platform')) {
      service.role = 'platform';
      marked.set(service.id, `used only by platform components (${[...ids].sort().join(', ')})`);
    }
  }
  return marked;
}

/** Services that are part of the business system: not platform components, not test harnesses. */
export function isBusinessService(service: Service | undefined): boolean {
  return !!service && service.role !== 'platform' && service.role !== 'test';
}

/** Ids of platform and test services, whose edges stay in the model but not in the business graph. */
export function nonBusinessIds(model: SystemModel): Set<string> {
  return new Set(model.services.filter((s) => !isBusinessService(s)).map((s) => s.id));
}
