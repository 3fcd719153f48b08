/** Hand-built SystemModels for the security, performance and practices rule unit tests. */
import { emptyModel, newService } from '../../../src/model/empty.js';
import { buildModelIndex } from '../../../src/model/model-index.js';
import type {
  Container,
  Dependency,
  Deployable,
  Exposure,
  ServiceRole,
  Source,
  SystemModel,
} from '../../../src/model/schema.js';
import type { Rule, RuleContext, RuleOutcome } from '../../../src/rules/types.js';

let line = 1;
export const at = (file = 'k8s.yaml'): Source => ({ file, line: line++ });

export function model(): SystemModel {
  line = 1;
  return emptyModel();
}

export function service(m: SystemModel, name: string, role: ServiceRole = 'application') {
  const s = newService(name, at(), { role });
  m.services.push(s);
  return s;
}

export function container(name: string, extra: Partial<Container> = {}): Container {
  return {
    name,
    init: false,
    ports: [{ containerPort: 8080, source: at() }],
    env: [],
    envFrom: [],
    resources: {},
    securityContext: {},
    volumeMounts: [],
    source: at(),
    ...extra,
  };
}

export function workload(m: SystemModel, name: string, extra: Partial<Deployable> = {}): Deployable {
  const kind = extra.kind ?? 'Deployment';
  const d: Deployable = {
    id: kind === 'compose-service' ? `compose/docker-compose.yml/${name}` : `${kind}/default/${name}`,
    kind,
    name,
    serviceId: name,
    labels: { app: name },
    podLabels: { app: name },
    annotations: {},
    containers: [container(name)],
    volumes: [],
    volumeClaimTemplates: [],
    networks: [],
    dependsOn: [],
    source: at(kind === 'compose-service' ? 'docker-compose.yml' : 'k8s.yaml'),
    ...extra,
  };
  m.deployables.push(d);
  if (!m.services.some((s) => s.id === d.serviceId)) service(m, d.serviceId);
  return d;
}

export function exposure(
  m: SystemModel,
  name: string,
  serviceIds: string[],
  extra: Partial<Exposure> = {},
): Exposure {
  const e: Exposure = {
    id: `k8s-service/default/${name}`,
    kind: 'k8s-service',
    name,
    type: 'ClusterIP',
    public: false,
    selector: { app: name },
    ports: [{ port: 80 }],
    routes: [],
    serviceIds,
    source: at(),
    ...extra,
  };
  m.exposures.push(e);
  return e;
}

export function dependency(
  m: SystemModel,
  from: string,
  to: string,
  extra: Partial<Dependency> = {},
): Dependency {
  const d: Dependency = {
    from,
    to,
    kind: 'sync',
    protocol: 'http',
    via: 'env',
    evidence: `${to.toUpperCase().replace(/-/g, '_')}_URL=http://${to}:8080`,
    source: at(),
    ...extra,
  };
  m.dependencies.push(d);
  return d;
}

export function run(
  rule: Rule,
  m: SystemModel,
  options: Record<string, unknown> = {},
  ctx: Partial<RuleContext> = {},
): RuleOutcome {
  return rule.check(m, { documents: [], paths: [], index: buildModelIndex(m), options, ...ctx });
}
