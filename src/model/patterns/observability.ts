/**
 * Centralized telemetry, three pillars: centralized logging (fluentd, Fluent Bit, Logstash, Loki, Graylog, Seq,
 * Kibana), distributed tracing (Jaeger, Zipkin, Tempo, an OpenTelemetry collector) and metrics (Prometheus,
 * Grafana, Alertmanager, exporters, InfluxDB, Datadog). A pillar is applied when its backend is deployed (a
 * platform component, src/model/infer-platform.ts) or the services are pointed at one; tracing is partial when
 * only some application services send spans (a dependency edge to the collector, or tracing env).
 */
import type { PatternEvidence, PatternFact, Service } from '../schema.js';
import {
  evidence,
  names,
  type PatternContext,
  type PatternRecognizer,
  plural,
  sortedUnique,
} from './types.js';

interface Pillar {
  id: string;
  name: string;
  component: RegExp;
  /** Env names that send this pillar's data somewhere. */
  env: RegExp;
  /** Pod annotations that expose this pillar's data. */
  annotation?: RegExp;
  does: string;
}

const PILLARS: Pillar[] = [
  {
    id: 'centralized-logging',
    name: 'Centralized logging',
    component:
      /fluentd|fluent-?bit|logstash|filebeat|loki|promtail|graylog|(^|\/)seq(:|$)|datalust|kibana|vector|log-?server/i,
    env: /^(LOGSTASH|FLUENT|LOKI|SEQ_|SERILOG__WRITETO|GRAYLOG)/i,
    does: 'ship their logs',
  },
  {
    id: 'distributed-tracing',
    name: 'Distributed tracing',
    component: /jaeger|zipkin|tempo|otel|opentelemetry|all-in-one/i,
    env: /^(OTEL_|OTLP_|JAEGER_|ZIPKIN|COLLECTOR_(SERVICE_)?ADDR|ENABLE_TRACING|TRACING_)/i,
    does: 'send spans',
  },
  {
    id: 'metrics-monitoring',
    name: 'Metrics and monitoring',
    component:
      /prometheus|grafana|alertmanager|exporter|kube-state-metrics|heapster|influxdb|telegraf|statsd|graphite|datadog|cadvisor|victoria-?metrics|thanos|mimir/i,
    env: /^(PROMETHEUS|METRICS_|ENABLE_(METRICS|STATS)|DD_AGENT|STATSD)/i,
    annotation: /^prometheus\.io[/.]scrape$/,
    does: 'expose metrics',
  },
];

function backends(ctx: PatternContext, pillar: Pillar): Service[] {
  return ctx.model.services.filter(
    (s) =>
      s.role === 'platform' &&
      ctx.shipped(s.id) &&
      (pillar.component.test(s.id) || s.images.some((i) => pillar.component.test(i))),
  );
}

function recognizePillar(ctx: PatternContext, pillar: Pillar): PatternFact | undefined {
  const { model } = ctx;
  const found = backends(ctx, pillar);
  const backendIds = new Set(found.map((s) => s.id));
  const ev: PatternEvidence[] = found.map((s) =>
    evidence(`${s.name} deployed${s.images[0] ? ` (${s.images[0]})` : ''}`, s.source),
  );
  const apps = ctx.applications.filter((s) => s.role === 'application');
  const sending = new Map<string, PatternEvidence>();
  for (const d of model.dependencies) {
    if (!backendIds.has(d.to) || !apps.some((a) => a.id === d.from) || sending.has(d.from)) continue;
    if (d.kind === 'startup' || ctx.testOnly(d.source.file)) continue;
    sending.set(d.from, evidence(`${d.from} → ${d.to} (${d.evidence})`, d.source));
  }
  for (const w of model.deployables) {
    if (ctx.inTest(w) || sending.has(w.serviceId) || !apps.some((a) => a.id === w.serviceId)) continue;
    const annotation = pillar.annotation
      ? Object.entries(w.annotations).find(([k, v]) => pillar.annotation!.test(k) && v !== 'false')
      : undefined;
    if (annotation) {
      sending.set(w.serviceId, evidence(`${w.name} ${annotation[0]}: ${annotation[1]}`, w.source));
      continue;
    }
    const env = w.containers
      .flatMap((c) => c.env)
      .find((e) => pillar.env.test(e.name) && e.value !== 'false');
    if (env) sending.set(w.serviceId, evidence(`${w.name} ${env.name}`, env.source));
  }
  if (found.length === 0 && sending.size === 0) return undefined;
  const senders = sortedUnique(sending.keys());
  const running = apps.filter((a) => model.deployables.some((d) => d.serviceId === a.id && !ctx.inTest(d)));
  const silent = running.filter((a) => !sending.has(a.id)).map((a) => a.id);
  // logs are shipped from the node or the runtime (a DaemonSet, a logging driver): no per-service evidence needed
  const perService = pillar.id === 'distributed-tracing';
  const partial = perService && silent.length > 0;
  const where = found.length ? ` to ${names(found.map((s) => s.id))}` : '';
  return {
    id: pillar.id,
    name: pillar.name,
    status: partial ? 'partial' : 'applied',
    services: senders,
    evidence: [...ev, ...[...sending.values()]],
    gaps: partial
      ? silent.map((id) => ({
          text: `${id} is not seen sending spans`,
          source: model.services.find((s) => s.id === id)!.source,
        }))
      : [],
    notes: partial
      ? `${senders.length} of ${plural(running.length, 'application service')} ${pillar.does}${where}; not ${names(silent)}`
      : senders.length
        ? `${plural(senders.length, 'application service')} ${pillar.does}${where}`
        : `${names(found.map((s) => s.id))} ${found.length === 1 ? 'is' : 'are'} deployed`,
  };
}

export const observability: PatternRecognizer = {
  ids: PILLARS.map((p) => p.id),
  names: Object.fromEntries(PILLARS.map((p) => [p.id, p.name])),
  recognize(ctx) {
    return PILLARS.map((p) => recognizePillar(ctx, p)).filter((p): p is PatternFact => !!p);
  },
  expected(model) {
    const apps = model.services.filter((s) => s.role === 'application').length;
    const why = apps >= 3 ? `${apps} application services: one request crosses several processes` : undefined;
    return Object.fromEntries(PILLARS.map((p) => [p.id, why]));
  },
};
