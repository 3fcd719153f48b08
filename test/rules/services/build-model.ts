/** Small builders for hand-made SystemModels in rule unit tests (the adapters are tested elsewhere). */
import { emptyModel, newService } from '../../../src/model/empty.js';
import { buildModelIndex } from '../../../src/model/model-index.js';
import type {
  Container,
  Datastore,
  Dependency,
  Deployable,
  Exposure,
  ServiceRole,
  SystemModel,
} from '../../../src/model/schema.js';
import type { Rule, RuleContext, RuleOutcome } from '../../../src/rules/types.js';

let line = 1;
const at = (file = 'k8s.yaml') => ({ file, line: line++ });

export function model(): SystemModel {
  line = 1;
  return emptyModel();
}

export function service(m: SystemModel, name: string, role: ServiceRole = 'application', language?: string) {
  const s = newService(name, at(), { role, ...(language ? { language } : {}) });
  m.services.push(s);
  return s;
}

export function dependency(
  m: SystemModel,
  from: string,
  to: string,
  kind: Dependency['kind'] = 'sync',
  evidence = `${to.toUpperCase().replace(/-/g, '_')}_ADDR=${to}:8080`,
): Dependency {
  const d: Dependency = {
    from,
    to,
    kind,
    protocol: kind === 'data' ? 'sql' : 'grpc',
    via: 'env',
    evidence,
    source: at(),
  };
  m.dependencies.push(d);
  return d;
}

export function datastore(m: SystemModel, name: string, extra: Partial<Datastore> = {}): Datastore {
  const d: Datastore = {
    id: name,
    name,
    engine: 'postgres',
    category: 'database',
    serviceId: name,
    external: false,
    usedBy: [],
    source: at(),
    ...extra,
  };
  m.datastores.push(d);
  return d;
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

export function workload(
  m: SystemModel,
  name: string,
  extra: Partial<Deployable> = {},
  serviceId = name,
): Deployable {
  const kind = extra.kind ?? 'Deployment';
  const d: Deployable = {
    id: `${kind}/default/${name}`,
    kind,
    name,
    serviceId,
    labels: { app: name },
    podLabels: { app: name },
    annotations: {},
    containers: [container(name)],
    volumes: [],
    volumeClaimTemplates: [],
    networks: [],
    dependsOn: [],
    source: at(),
    ...extra,
  };
  m.deployables.push(d);
  return d;
}

export function exposure(
  m: SystemModel,
  name: string,
  serviceIds: string[],
  extra: Partial<Exposure> = {},
): Exposure {
  const e: Exposure = {
    id: `k8s-service/${name}`,
    kind: 'k8s-service',
    name,
    type: 'ClusterIP',
    public: false,
    selector: {},
    ports: [],
    routes: [],
    serviceIds,
    source: at(),
    ...extra,
  };
  m.exposures.push(e);
  return e;
}

export function run(
  rule: Rule,
  m: SystemModel,
  options: Record<string, unknown> = {},
  ctx: Partial<RuleContext> = {},
): RuleOutcome {
  return rule.check(m, { documents: [], paths: [], index: buildModelIndex(m), options, ...ctx });
}
