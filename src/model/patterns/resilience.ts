/**
 * Circuit breakers and retries on synchronous calls: in code (Polly, resilience4j, Hystrix, gobreaker, tenacity,
 * `@Retryable`, .NET `AddStandardResilienceHandler`), in app config (`resilience4j.*`, retry settings), or in the
 * mesh (Istio DestinationRule `outlierDetection` / `connectionPool`, VirtualService `retries`, Linkerd
 * ServiceProfile `retryBudget`). A caller is covered when its own code or config shows it, or when every service
 * it calls is covered by a mesh policy. Partial when some callers are covered and others not.
 */

import { applicationRoleIds } from '../roles.js';
import type { PatternEvidence } from '../schema.js';
import { compareText } from '../values.js';
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

const WORDS = /circuit|polly|resilience|hystrix|gobreaker|retry|tenacity/i;
const MESH_WIDE = /^\*|^\*\./;

function techOf(value: string): string {
  if (/polly|resilience(handler)?$/i.test(value) || /AddStandardResilienceHandler/.test(value))
    return 'Polly';
  if (/resilience4j/i.test(value)) return 'resilience4j';
  if (/hystrix/i.test(value)) return 'Hystrix';
  if (/gobreaker/i.test(value)) return 'gobreaker';
  if (/tenacity/i.test(value)) return 'tenacity';
  return 'retry settings';
}

/** Hosts a mesh policy protects (short names), plus `*` for a mesh-wide policy. */
function meshProtected(ctx: PatternContext, techs: Set<string>): Map<string, PatternEvidence> {
  const out = new Map<string, PatternEvidence>();
  const short = (h: unknown) =>
    typeof h === 'string' ? (MESH_WIDE.test(h) ? '*' : h.split('.')[0]!) : undefined;
  for (const o of ctx.objects) {
    if (!o.apiVersion.startsWith('networking.istio.io/') && !o.apiVersion.startsWith('linkerd.io/')) continue;
    if (o.kind === 'DestinationRule') {
      const policy = field(o.data, 'spec', 'trafficPolicy');
      const what = field(policy, 'outlierDetection')
        ? 'outlierDetection (circuit breaking)'
        : field(policy, 'connectionPool')
          ? 'connectionPool limits'
          : undefined;
      const host = short(field(o.data, 'spec', 'host'));
      if (!what || !host) continue;
      techs.add('Istio DestinationRule');
      out.set(
        host,
        evidence(`DestinationRule ${o.name}: ${what} for ${host}`, o.locate('spec', 'trafficPolicy')),
      );
    } else if (o.kind === 'VirtualService') {
      asList(field(o.data, 'spec', 'http')).forEach((route, i) => {
        if (!field(route, 'retries')) return;
        techs.add('Istio VirtualService retries');
        for (const r of asList(field(route, 'route'))) {
          const host = short(field(r, 'destination', 'host'));
          if (host && !out.has(host))
            out.set(
              host,
              evidence(
                `VirtualService ${o.name}: retries to ${host}`,
                o.locate('spec', 'http', i, 'retries'),
              ),
            );
        }
      });
    } else if (
      o.kind === 'ServiceProfile' &&
      (field(o.data, 'spec', 'retryBudget') ||
        asList(field(o.data, 'spec', 'routes')).some((r) => field(r, 'isRetryable')))
    ) {
      techs.add('Linkerd ServiceProfile');
      const host = short(o.name);
      if (host) out.set(host, evidence(`ServiceProfile ${o.name}: retries`, o.locate('spec')));
    }
  }
  return out;
}

export const resilience: PatternRecognizer = {
  ids: ['circuit-breakers-retries'],
  names: { 'circuit-breakers-retries': 'Circuit breakers and retries' },
  recognize(ctx) {
    const { model, applicationIds: apps } = ctx;
    const callees = new Map<string, Set<string>>();
    for (const d of model.dependencies) {
      if (d.kind !== 'sync' || d.from === d.to || !ctx.business.has(d.from) || !apps.has(d.to)) continue;
      const from = model.services.find((s) => s.id === d.from);
      if (!from || (from.role !== 'application' && from.role !== 'frontend')) continue;
      callees.set(d.from, (callees.get(d.from) ?? new Set()).add(d.to));
    }
    const techs = new Set<string>();
    const own = new Map<string, PatternEvidence>();
    for (const f of model.codeFacts) {
      if (!f.serviceId || own.has(f.serviceId)) continue;
      const hit =
        f.kind === 'retry' || (f.kind === 'pattern' && WORDS.test(f.value) && !/health/i.test(f.value));
      if (!hit) continue;
      techs.add(f.kind === 'retry' ? 'retry settings' : techOf(f.value));
      own.set(
        f.serviceId,
        evidence(
          `${f.serviceId}: ${f.kind === 'retry' ? `retry setting ${f.key ?? ''} = ${f.value}` : f.value}`,
          f.source,
        ),
      );
    }
    const mesh = meshProtected(ctx, techs);
    if (own.size === 0 && mesh.size === 0) return [];
    const hostOf = (id: string) => {
      const s = model.services.find((x) => x.id === id);
      return [id, ...(s?.hostnames ?? [])];
    };
    const covered: string[] = [];
    const uncovered: string[] = [];
    const ev: PatternEvidence[] = [...own.values(), ...mesh.values()];
    for (const [caller, targets] of [...callees].sort(([a], [b]) => compareText(a, b))) {
      const byMesh = mesh.has('*') || [...targets].every((t) => hostOf(t).some((h) => mesh.has(h)));
      if (own.has(caller) || byMesh) covered.push(caller);
      else uncovered.push(caller);
    }
    const tech = [...techs].sort().join(', ');
    return [
      {
        id: 'circuit-breakers-retries',
        name: `Circuit breakers and retries (${tech})`,
        status: uncovered.length ? 'partial' : 'applied',
        services: sortedUnique([...covered, ...own.keys()]),
        evidence: ev,
        gaps: uncovered.map((id) => ({
          text: `${id} calls ${names([...callees.get(id)!].sort())} with no retry or circuit breaker in sight`,
          source: model.services.find((s) => s.id === id)!.source,
        })),
        notes: uncovered.length
          ? covered.length
            ? `${covered.length} of ${plural(callees.size, 'calling service')} guard their calls; not ${names(uncovered)}`
            : `policies exist (${[...techs].sort().join(', ')}), but no calling service is covered: ${names(uncovered)}`
          : callees.size === 1
            ? `the one calling service, ${[...callees.keys()][0]}, guards its synchronous calls`
            : callees.size
              ? `all ${plural(callees.size, 'calling service')} guard their synchronous calls`
              : 'retry and circuit-breaking policies are configured',
      },
    ];
  },
  expected(model) {
    const apps = applicationRoleIds(model);
    const calls = model.dependencies.filter(
      (d) =>
        d.kind === 'sync' &&
        d.from !== d.to &&
        apps.has(d.to) &&
        (apps.has(d.from) || model.services.some((s) => s.id === d.from && s.role === 'frontend')),
    );
    const callers = sortedUnique(calls.map((d) => d.from));
    return {
      'circuit-breakers-retries': calls.length
        ? `${plural(callers.length, 'service')} call${callers.length === 1 ? 's' : ''} others synchronously (${plural(calls.length, 'call edge')})`
        : undefined,
    };
  },
};
