import * as z from 'zod';
import { formatSource, toId } from '../../model/provenance.js';
import type { Source, SystemModel } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import type { PathAssessment, PathComponent } from '../shared/availability.js';
import { assessPath, formatPercent } from '../shared/availability.js';
import { buildServiceGraph, chainEvidence, longestChainFrom, publicServiceIds } from '../shared/graph.js';
import { applicationIds, businessDependencies, datastoreFor, isStoreRole } from '../shared/roles.js';
import { minimumReplicas } from '../shared/workloads.js';
import type { FindingDraft, Rule, RuleContext } from '../types.js';

/** Documented defaults; override with rule options `podAvailability`, `managedStoreAvailability`, `componentAvailability`. */
export const DEFAULT_POD_AVAILABILITY = 0.995;
export const DEFAULT_MANAGED_STORE_AVAILABILITY = 0.9995;

export interface AvailabilityAssumptions {
  podAvailability: number;
  managedStoreAvailability: number;
  /** Per-component overrides by service or store id (availability of one replica, or of a managed store). */
  componentAvailability: Record<string, number>;
  maxReplicas: number;
}

const probability = z.number().gt(0).lte(1);
const options = z.strictObject({
  podAvailability: probability
    .default(DEFAULT_POD_AVAILABILITY)
    .describe('Availability of one replica of an application service or self-run store'),
  managedStoreAvailability: probability
    .default(DEFAULT_MANAGED_STORE_AVAILABILITY)
    .describe('Availability of a managed (cloud) datastore'),
  componentAvailability: z
    .record(z.string(), probability)
    .default({})
    .describe('Per-component availability by service or store name, overriding the two above'),
  maxReplicas: z
    .int()
    .min(2)
    .default(10)
    .describe(
      'The most replicas per service the rule considers when it computes the replica floor a target needs',
    ),
});
type AvailabilityOptions = z.infer<typeof options>;

/** The assumptions behind the computation: the rule's options (validated, defaults filled in). */
export function assumptionsFrom(given: z.input<typeof options>): AvailabilityAssumptions {
  const o = options.parse(given);
  const componentAvailability = Object.fromEntries(
    Object.entries(o.componentAvailability).map(([k, v]) => [toId(k), v]),
  );
  return { ...o, componentAvailability };
}

interface CriticalPath {
  name: string;
  services: string[];
  declared: boolean;
  locations: Source[];
}

/** Replicas a service runs with: its Kubernetes workloads when there are any, else compose; the smallest wins. */
function replicasOf(model: SystemModel, serviceId: string): { replicas: number; basis: string } {
  const all = model.deployables.filter((d) => d.serviceId === serviceId);
  const k8s = all.filter((d) => d.kind !== 'compose-service');
  const chosen = k8s.length > 0 ? k8s : all;
  if (chosen.length === 0) return { replicas: 1, basis: 'no workload found; assumed 1 replica' };
  const replicas = Math.min(...chosen.map((d) => minimumReplicas(model, d)));
  const d = chosen.find((x) => minimumReplicas(model, x) === replicas) ?? chosen[0];
  const unset =
    d && d.replicas === undefined && d.kind !== 'compose-service' && replicas === 1
      ? ', replicas not set (default 1)'
      : '';
  return { replicas, basis: `${d?.kind} ${d?.name} at ${formatSource(d?.source)}${unset}` };
}

/** The path's components: its services in order, then the stores they call that the path does not list. */
export function pathComponents(
  model: SystemModel,
  services: string[],
  a: AvailabilityAssumptions,
): PathComponent[] {
  const components: PathComponent[] = [];
  const seen = new Set<string>();
  const addStore = (storeId: string, hostId: string | undefined) => {
    const store = model.datastores.find((d) => d.id === storeId);
    const key = hostId ?? storeId;
    if (!store || seen.has(key) || seen.has(store.id)) return;
    seen.add(key);
    seen.add(store.id);
    const override =
      a.componentAvailability[store.id] ?? (hostId ? a.componentAvailability[hostId] : undefined);
    if (store.external || !store.serviceId) {
      components.push({
        id: store.name,
        kind: 'fixed',
        perReplica: override ?? a.managedStoreAvailability,
        replicas: 1,
        basis: override ? 'rule option componentAvailability' : 'managed/external store assumption',
      });
      return;
    }
    const r = replicasOf(model, store.serviceId);
    const replicas = store.replicated === true ? Math.max(r.replicas, 2) : r.replicas;
    components.push({
      id: store.name,
      kind: 'pod',
      perReplica: override ?? a.podAvailability,
      replicas,
      basis: store.replicated === true && r.replicas < 2 ? 'declared replicated (counted as 2)' : r.basis,
    });
  };
  for (const id of services) {
    const service = model.services.find((s) => s.id === id);
    const store = datastoreFor(model, id);
    if (store && (!service || isStoreRole(service))) {
      addStore(store.id, service?.id);
      continue;
    }
    if (seen.has(id)) continue;
    seen.add(id);
    const r = service
      ? replicasOf(model, id)
      : { replicas: 1, basis: 'not found in the discovered system; assumed 1 pod' };
    const override = a.componentAvailability[id];
    components.push({
      id,
      kind: 'pod',
      perReplica: override ?? a.podAvailability,
      replicas: r.replicas,
      basis: r.basis,
    });
  }
  // Stores the path's services call synchronously are on the path too.
  for (const id of services) {
    for (const dep of businessDependencies(model)) {
      if (dep.from !== id || (dep.kind !== 'data' && dep.kind !== 'sync')) continue;
      const store = datastoreFor(model, dep.to);
      if (!store || store.category === 'broker') continue;
      const host = model.services.find((s) => s.id === dep.to);
      if (host && !isStoreRole(host)) continue;
      addStore(store.id, host?.id);
    }
  }
  return components;
}

function criticalPaths(model: SystemModel): CriticalPath[] {
  const declared = model.declared.criticalPaths;
  if (declared.length > 0) {
    return declared.map((p) => ({
      name: p.name,
      services: p.services.map((ref) => resolveService(model, ref)),
      declared: true,
      locations: [p.source],
    }));
  }
  const apps = applicationIds(model);
  const graph = buildServiceGraph(model, { kinds: ['sync'], include: (id) => apps.has(id) });
  const entries = [...publicServiceIds(model)].filter((id) => apps.has(id)).sort();
  let best: string[] = [];
  for (const entry of entries) {
    const chain = graph.nodes.includes(entry) ? longestChainFrom(graph, entry) : [entry];
    if (chain.length > best.length) best = chain;
  }
  if (best.length === 0) return [];
  const evidence = chainEvidence(graph, best).map((d) => d.source);
  const entryExposure = model.exposures.find((e) => e.public && e.serviceIds.includes(best[0] as string));
  return [
    {
      name: `longest synchronous chain from ${best[0]}`,
      services: best,
      declared: false,
      locations: [...(entryExposure ? [entryExposure.source] : []), ...evidence],
    },
  ];
}

function resolveService(model: SystemModel, ref: string): string {
  const id = toId(ref);
  const service = model.services.find((s) => s.id === id || s.hostnames.some((h) => toId(h) === id));
  return service?.id ?? id;
}

function describeComponent(c: PathAssessment['components'][number]): string {
  return c.kind === 'fixed'
    ? `${c.id} ${formatPercent(c.availability)} (managed)`
    : `${c.id} ${formatPercent(c.perReplica)}${c.replicas > 1 ? ` ×${c.replicas} → ${formatPercent(c.availability)}` : ''}`;
}

export function assessCriticalPaths(
  model: SystemModel,
  ctx: Pick<RuleContext<AvailabilityOptions>, 'options'>,
) {
  const target = model.declared.requirements?.availabilityTarget;
  if (target === undefined) return [];
  const assumptions = assumptionsFrom(ctx.options);
  return criticalPaths(model).map((path) => ({
    path,
    assumptions,
    assessment: assessPath(
      pathComponents(model, path.services, assumptions),
      target,
      assumptions.maxReplicas,
    ),
  }));
}

const { messages, say } = defineMessages({
  belowTarget:
    '{{path}} {{name}} ({{services}}) computes to {{composite}} against the {{target}} target: {{chain}} = {{composite}}, short by {{shortfall}} percentage points (about {{downtime}} min/month of downtime against {{allowed}} allowed). Running {{raise}} with at least {{replicas}} replicas (independent failures assumed) would reach the target.',
  belowTargetAtAnyScale:
    '{{path}} {{name}} ({{services}}) computes to {{composite}} against the {{target}} target: {{chain}} = {{composite}}, short by {{shortfall}} percentage points (about {{downtime}} min/month of downtime against {{allowed}} allowed). No replica count up to the limit reaches it: the managed components alone cap the path at {{ceiling}}; the target needs a more available store, a fallback, or a lower target.',
});

function compose(replicas: number): string {
  const deploy = replicas > 1 ? `    deploy:\n      replicas: ${replicas}\n` : '';
  return `services:\n  web:\n    image: shop/web:3.0.0\n${deploy}    ports:\n      - "443:8443"\n    environment:\n      ORDERS_URL: http://orders:8080\n  orders:\n    image: shop/orders:1.4.0\n${deploy}    environment:\n      PAYMENTS_URL: http://payments:8080\n  payments:\n    image: shop/payments:2.1.0\n${deploy}`;
}

const MANIFEST =
  'system: shop\nrequirements:\n  availabilityTarget: "99.9%"\ncriticalPaths:\n  checkout: [web, orders, payments]\n';

export const availabilityBudget: Rule<AvailabilityOptions> = {
  id: 'resilience/availability-budget',
  area: 'resilience',
  severity: 'high',
  title: 'Critical path availability below the declared target',
  messages,
  rationale:
    'Availability of components in series multiplies: three services at 99.9% give 99.7%, not 99.9%. Redundancy is what ' +
    'buys nines back — n independent replicas of a 99% component give 1 − 0.01ⁿ. Comparing the declared target with ' +
    'the arithmetic of the critical path shows whether the deployment can meet its SLO at all, before an incident does. ' +
    'The per-replica figures are assumptions (0.995 per pod, 0.9995 per managed store by default; override them with ' +
    'rule options) and failures are assumed independent, so the result is an upper bound.',
  references: [
    'Google SRE book, ch. 3: Embracing Risk; ch. 4: Service Level Objectives (https://sre.google/sre-book/embracing-risk/)',
    'Treynor et al., "The Calculus of Service Availability", ACM Queue 15(2), 2017',
    'AWS Well-Architected Framework, Reliability pillar: availability of serial and redundant components',
  ],
  recommendation:
    'Run every component of the critical path with enough replicas (spread across nodes/zones) to meet the target, ' +
    'remove components from the synchronous path (cache, degrade gracefully, go asynchronous), or revise the target.',
  fix: {
    description:
      'Run each service on the critical path with at least two replicas (and a PodDisruptionBudget).',
    language: 'yaml',
    snippet:
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders\nspec:\n  replicas: 3\n  template:\n    spec:\n      topologySpreadConstraints:\n      - maxSkew: 1\n        topologyKey: topology.kubernetes.io/zone\n        whenUnsatisfiable: ScheduleAnyway\n        labelSelector:\n          matchLabels: { app: orders }',
  },
  examples: {
    fail: {
      description:
        'checkout runs through three single-replica services against a 99.9% target (0.995³ ≈ 98.5%)',
      files: { 'plumbline.yaml': MANIFEST, 'docker-compose.yml': compose(1) },
      findings: [
        {
          at: 'plumbline.yaml:1',
          messageId: 'belowTarget',
          message:
            'Critical path checkout (web → orders → payments) computes to 98.5075% against the 99.9% target: web 99.5% × orders 99.5% × payments 99.5% = 98.5075%, short by 1.3925 percentage points (about 645 min/month of downtime against 43 allowed). Running web, orders, payments with at least 2 replicas (independent failures assumed) would reach the target.',
          also: ['plumbline.yaml:5'],
        },
      ],
    },
    pass: {
      description: 'the same path with three replicas of each service (≈ 99.99996%)',
      files: { 'plumbline.yaml': MANIFEST, 'docker-compose.yml': compose(3) },
    },
  },
  options,
  check(model, ctx) {
    const results = assessCriticalPaths(model, ctx);
    const findings: FindingDraft[] = [];
    const targetSource = model.declared.source ? [model.declared.source] : [];
    for (const { path, assumptions, assessment: r } of results) {
      if (r.met) continue;
      const args = {
        path: path.declared ? 'Critical path' : 'Inferred critical path',
        name: path.name,
        services: path.services.join(' → '),
        composite: formatPercent(r.composite),
        target: formatPercent(r.target),
        chain: r.components.map(describeComponent).join(' × '),
        shortfall: Number((r.shortfall * 100).toFixed(4)),
        downtime: Math.round(r.downtimeMinutesPerMonth.composite),
        allowed: Math.round(r.downtimeMinutesPerMonth.target),
      };
      // the remedy: the replica floor that reaches the target, or the managed components' cap no replica count lifts
      const raise = r.components.filter((c) => c.kind === 'pod' && (c.replicasNeeded ?? 0) > c.replicas);
      findings.push({
        ...(r.replicaFloorNeeded !== undefined
          ? say.belowTarget({
              ...args,
              raise: raise.map((c) => c.id).join(', '),
              replicas: r.replicaFloorNeeded,
            })
          : say.belowTargetAtAnyScale({ ...args, ceiling: formatPercent(r.ceiling) })),
        locations: [...path.locations, ...targetSource],
        element: `critical-path:${path.name}`,
        // Ten times the allowed downtime or more is high; a near miss is medium.
        severity: 1 - r.composite >= 10 * (1 - r.target) ? 'high' : 'medium',
        data: {
          path: path.name,
          declared: path.declared,
          services: path.services,
          components: r.components.map((c) => ({
            id: c.id,
            kind: c.kind,
            perReplica: c.perReplica,
            replicas: c.replicas,
            availability: c.availability,
            basis: c.basis,
            ...(c.replicasNeeded !== undefined ? { replicasNeeded: c.replicasNeeded } : {}),
          })),
          composite: r.composite,
          target: r.target,
          shortfall: r.shortfall,
          downtimeMinutesPerMonth: r.downtimeMinutesPerMonth,
          replicaFloorNeeded: r.replicaFloorNeeded ?? null,
          ceiling: r.ceiling,
          assumptions: {
            podAvailability: assumptions.podAvailability,
            managedStoreAvailability: assumptions.managedStoreAvailability,
            componentAvailability: assumptions.componentAvailability,
            independentFailures: true,
          },
        },
      });
    }
    const met = results.filter((x) => x.assessment.met);
    return {
      findings,
      strength:
        results.length > 0 && findings.length === 0
          ? met
              .map(
                (x) =>
                  `Critical path ${x.path.name} computes to ${formatPercent(x.assessment.composite)}, meeting the ${formatPercent(x.assessment.target)} target`,
              )
              .join('; ')
          : undefined,
    };
  },
};
