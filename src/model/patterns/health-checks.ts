/**
 * Health checks and their aggregation: every application service shows how it reports its health — an HTTP,
 * gRPC or exec probe, a compose healthcheck, a Dockerfile HEALTHCHECK, a health route in its contract
 * (`/health`, `/hc`, `/liveness`, `grpc.health.v1.Health`), health-check code (`MapHealthChecks("/hc")`), or a
 * health UI that polls it (`HealthChecksUI__HealthChecks__0__Uri=http://ordering-api/hc`). A health UI or
 * status service that polls several services is recorded as aggregation.
 */
import type { Deployable, PatternEvidence, PatternFact, Probe, SystemModel } from '../schema.js';
import { evidence, names, type PatternContext, type PatternRecognizer, plural } from './types.js';

/** Paths of health endpoints, as probes and routes write them. */
export const HEALTH_PATH =
  /(^|\/)_?(health|healthz|healthcheck|healthchecks|health-check|hc|ready|readyz|readiness|live|livez|liveness|alive|ping|status|heartbeat)(\/|$)/i;

const HEALTH_CODE = /health/i;
const HEALTH_UI_IMAGE = /healthchecks-?ui|health-?ui|webstatus/i;
const HEALTH_UI_NAME = /^(webstatus|web-status|healthchecks?-?ui|health-?ui|health-dashboard|status-?page)$/;

/** URLs of health endpoints other services poll, by the host they name: `http://ordering-api/hc`. */
export function polledHealthUrls(model: SystemModel): Map<string, PatternEvidence> {
  const out = new Map<string, PatternEvidence>();
  const hostToService = new Map<string, string>();
  for (const s of model.services) for (const h of [s.id, ...s.hostnames]) hostToService.set(h, s.id);
  for (const d of model.deployables)
    for (const c of d.containers)
      for (const e of c.env) {
        const m = e.value ? /^[a-z]+:\/\/([\w.-]+)(?::\d+)?(\/[^\s?#]*)/i.exec(e.value) : null;
        if (!m || !HEALTH_PATH.test(m[2]!)) continue;
        const host = m[1]!.split('.')[0]!;
        const target = hostToService.get(host);
        if (!target || target === d.serviceId || out.has(target)) continue;
        out.set(target, evidence(`${d.serviceId} polls ${m[0]} (${e.name})`, e.source));
      }
  return out;
}

function probeText(p: Probe): string {
  return p.type === 'http'
    ? `HTTP probe ${p.path ?? '/'}`
    : p.type === 'grpc'
      ? 'gRPC health probe'
      : p.type === 'exec'
        ? 'exec health probe'
        : 'compose healthcheck';
}

/** How a service shows it can report its health (first evidence found), or undefined. */
export function healthEvidence(
  model: SystemModel,
  serviceId: string,
  workloads: Deployable[],
  polled: Map<string, PatternEvidence> = polledHealthUrls(model),
): PatternEvidence | undefined {
  for (const d of workloads) {
    for (const c of d.containers) {
      const probes = [c.readinessProbe, c.livenessProbe, c.startupProbe].filter((p): p is Probe => !!p);
      const endpoint = probes.find((p) => p.type !== 'tcp');
      if (endpoint) return evidence(`${probeText(endpoint)} on ${d.name}`, endpoint.source);
    }
  }
  const image = model.images.find(
    (i) => i.serviceId === serviceId && i.healthcheck && !i.healthcheckDisabled,
  );
  if (image) return evidence(`HEALTHCHECK in ${image.file}`, image.source);
  const apiIds = new Set(model.apis.filter((a) => a.serviceId === serviceId).map((a) => a.id));
  const route = model.operations.find(
    (o) => apiIds.has(o.apiId) && (HEALTH_PATH.test(o.path) || /grpc\.health\.v1\.Health\//.test(o.path)),
  );
  if (route) return evidence(`${route.method} ${route.path} in its contract`, route.source);
  const code = model.codeFacts.find(
    (f) => f.kind === 'pattern' && f.serviceId === serviceId && HEALTH_CODE.test(f.value),
  );
  if (code) return evidence(`health-check code (${code.value})`, code.source);
  return polled.get(serviceId);
}

/** Health UIs and status services that poll other services' health endpoints. */
function aggregators(ctx: PatternContext, polled: Map<string, PatternEvidence>): PatternEvidence[] {
  const out: PatternEvidence[] = [];
  for (const s of ctx.model.services) {
    if (!ctx.business.has(s.id) && s.role !== 'platform') continue;
    if (HEALTH_UI_NAME.test(s.id) || s.images.some((i) => HEALTH_UI_IMAGE.test(i)))
      out.push(evidence(`${s.name} is a health UI`, s.source));
  }
  const ui = ctx.model.codeFacts.find((f) => f.kind === 'pattern' && /HealthChecks-?UI/i.test(f.value));
  if (ui) out.push(evidence(`health UI configured (${ui.value})`, ui.source));
  const pollers = new Set([...polled.values()].map((e) => e.text.split(' ')[0]));
  if (out.length === 0 && pollers.size > 0)
    out.push(
      ...[...polled.values()]
        .slice(0, 1)
        .map((e) => evidence(`health endpoints polled: ${e.text}`, e.source)),
    );
  return out;
}

export const healthChecks: PatternRecognizer = {
  ids: ['health-checks'],
  names: { 'health-checks': 'Health checks' },
  recognize(ctx) {
    const polled = polledHealthUrls(ctx.model);
    const workloads = ctx.model.deployables.filter(
      (d) => d.kind !== 'Job' && d.kind !== 'CronJob' && !ctx.inTest(d),
    );
    const shown: PatternEvidence[] = [];
    const covered: string[] = [];
    const missing: { id: string; source?: PatternEvidence['source'] }[] = [];
    for (const s of ctx.applications) {
      if (s.role === 'job') continue;
      const own = workloads.filter((d) => d.serviceId === s.id);
      if (own.length === 0) continue;
      const found = healthEvidence(ctx.model, s.id, own, polled);
      if (found) {
        covered.push(s.id);
        shown.push(evidence(`${s.name}: ${found.text}`, found.source));
      } else missing.push({ id: s.id, source: own[0]!.source });
    }
    if (covered.length === 0) return [];
    const aggregation = aggregators(ctx, polled);
    const total = covered.length + missing.length;
    const aggregated = aggregation.length ? ', aggregated by a health UI' : '';
    const fact: PatternFact = {
      id: 'health-checks',
      name: aggregation.length ? 'Health checks with aggregation' : 'Health checks (probes)',
      status: missing.length === 0 ? 'applied' : 'partial',
      services: covered.sort(),
      evidence: [...shown, ...aggregation],
      gaps: missing.map((m) => ({
        text: `${m.id} shows no health endpoint`,
        ...(m.source ? { source: m.source } : {}),
      })),
      notes:
        missing.length === 0
          ? `all ${plural(total, 'application service')} report their health${aggregated}`
          : `${covered.length} of ${plural(total, 'application service')} report their health${aggregated}; not ${names(missing.map((m) => m.id))}`,
    };
    return [fact];
  },
  expected(model) {
    const apps = model.services.filter((s) => s.role === 'application');
    const running = apps.filter((s) => model.deployables.some((d) => d.serviceId === s.id));
    return {
      'health-checks': running.length
        ? `${plural(running.length, 'application service')} run as workloads an orchestrator must be able to probe`
        : undefined,
    };
  },
};
