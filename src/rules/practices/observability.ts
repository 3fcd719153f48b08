import type { SystemModel } from '../../model/schema.js';
import { plural } from '../../model/values.js';
import { defineMessages } from '../messages.js';
import type { Rule, RuleContext } from '../types.js';
import { rootLocation } from './evidence.js';

const { messages, say } = defineMessages({
  noTelemetry:
    'No metrics or tracing configuration found for the {{workloads}} in the scanned tree (no OTEL_*/tracing env, Prometheus annotations or metrics ports, collector images or telemetry config)',
});

const ENV =
  /^(OTEL_|OTLP_|JAEGER_|ZIPKIN|DD_(AGENT|TRACE|ENV|SERVICE)|NEW_RELIC_|HONEYCOMB_|PROMETHEUS|METRICS_|ENABLE_(TRACING|METRICS|STATS)|TRACING_|COLLECTOR_(SERVICE_)?ADDR|SENTRY_DSN|ELASTIC_APM_|LIGHTSTEP_)/i;
const IMAGE =
  /(^|\/)(opentelemetry-collector[^/:]*|otel(col|-collector)[^/:]*|prometheus|jaeger[^/:]*|all-in-one|zipkin|grafana|tempo|loki|victoria-metrics|datadog\/agent|[^/:]*-exporter|node-exporter|cadvisor|fluent-?bit|fluentd)(:|@|$)/i;
const KEY = /^prometheus\.io[/.]|^(sidecar\.)?opentelemetry\.io\/|^instrumentation\.opentelemetry\.io\//i;
const PORT = /^(metrics|prometheus|http-metrics|exporter|otlp|telemetry)$/i;
const PATH =
  /(^|\/)(otel|opentelemetry)[^/]*\.(ya?ml|json)$|(^|\/)prometheus(\.ya?ml|\/)|(^|\/)(servicemonitor|podmonitor)[^/]*\.ya?ml$|(^|\/)grafana\//i;

/** The first place the system shows metrics or tracing: env, annotations, ports, collector images or files. */
export function observabilityEvidence(model: SystemModel, ctx: Pick<RuleContext, 'paths'>): string[] {
  const found: string[] = [];
  for (const d of model.deployables) {
    const key = [...Object.keys(d.annotations), ...Object.keys(d.podLabels)].find((k) => KEY.test(k));
    if (key && !/scrape$/.test(key)) found.push(`${key} on ${d.name}`);
    else if (key && d.annotations[key] !== 'false') found.push(`${key} on ${d.name}`);
    for (const c of d.containers) {
      const env = c.env.find((e) => ENV.test(e.name));
      if (env) found.push(`env ${env.name} on ${d.name}`);
      if (c.image && IMAGE.test(c.image)) found.push(`image ${c.image}`);
      const port = c.ports.find((p) => p.name && PORT.test(p.name));
      if (port) found.push(`port ${port.name} on ${d.name}`);
    }
  }
  const path = ctx.paths.find((p) => PATH.test(p));
  if (path) found.push(`file ${path}`);
  return [...new Set(found)];
}

export const observability: Rule = {
  id: 'practices/observability',
  area: 'practices',
  severity: 'low',
  title: 'No metrics or tracing in evidence',
  messages,
  rationale:
    'A distributed system is operated through its telemetry: without metrics nobody sees saturation before the outage, ' +
    'and without traces a slow request across five services is a guessing game. OpenTelemetry is the vendor-neutral ' +
    'standard; Prometheus scraping is the common metrics baseline. The rule looks for OTEL_*/tracing environment, ' +
    'Prometheus annotations or metrics ports, collector/exporter images and telemetry config files, and reports absence ' +
    'factually — instrumentation may live in code the scan did not include.',
  references: [
    'OpenTelemetry specification and documentation (https://opentelemetry.io/docs/)',
    'Google SRE book, ch. 6: Monitoring Distributed Systems (the four golden signals)',
    'AWS Well-Architected Framework, Operational Excellence pillar: OPS04 "Implement observability"',
  ],
  recommendation:
    'Instrument services with OpenTelemetry SDKs exporting to a collector (OTLP), expose RED metrics (rate, errors, ' +
    'duration) for Prometheus, and propagate trace context on every hop.',
  fix: {
    description: 'Point every service at an OpenTelemetry collector.',
    language: 'yaml',
    snippet:
      'env:\n- name: OTEL_SERVICE_NAME\n  value: orders\n- name: OTEL_EXPORTER_OTLP_ENDPOINT\n  value: http://otel-collector:4317\n---\n# collector: image otel/opentelemetry-collector-contrib:0.98.0',
  },
  examples: {
    fail: {
      description: 'no telemetry configuration anywhere',
      files: { 'docker-compose.yml': 'services:\n  orders:\n    image: shop/orders:1.4.0\n' },
      findings: [
        {
          at: 'docker-compose.yml:2',
          messageId: 'noTelemetry',
          message:
            'No metrics or tracing configuration found for the 1 workload in the scanned tree (no OTEL_*/tracing env, Prometheus annotations or metrics ports, collector images or telemetry config)',
        },
      ],
    },
    pass: {
      description: 'orders exports traces to an OpenTelemetry collector',
      files: {
        'docker-compose.yml':
          'services:\n  orders:\n    image: shop/orders:1.4.0\n    environment:\n      OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector:4317\n  otel-collector:\n    image: otel/opentelemetry-collector-contrib:0.98.0\n',
      },
    },
  },
  check(model, ctx) {
    if (model.deployables.length === 0) return { findings: [] };
    const found = observabilityEvidence(model, ctx);
    if (found.length > 0)
      return { findings: [], strength: `Metrics or tracing configured (${found.slice(0, 4).join('; ')})` };
    return {
      findings: [
        {
          ...say.noTelemetry({ workloads: plural(model.deployables.length, 'workload') }),
          locations: [
            model.deployables
              .map((d) => d.source)
              .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line))[0] ??
              rootLocation(ctx.paths, model.artifacts),
          ],
          element: 'practices#observability',
        },
      ],
    };
  },
};
