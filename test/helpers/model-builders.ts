/**
 * Hand-built SystemModels for rule unit tests: the rule logic without the adapters (those are tested
 * against real files elsewhere).
 *
 * A builder owns one model and numbers its elements' source lines 1, 2, 3, ... in the order the test
 * creates them, so a line a test asserts (`k8s.yaml:5`) depends only on that test's own calls.
 */

import { emptyModel, newService } from '../../src/model/empty.js';
import { buildModelIndex } from '../../src/model/model-index.js';
import type {
  Container,
  Datastore,
  Dependency,
  Deployable,
  Exposure,
  Service,
  ServiceRole,
  Source,
  SystemModel,
} from '../../src/model/schema.js';
import { ruleOptions } from '../../src/rules/options.js';
import type { Rule, RuleContext, RuleOutcome } from '../../src/rules/types.js';

export class ModelBuilder {
  readonly model: SystemModel = emptyModel();
  private nextLine = 1;

  /** The next source position in `file`. */
  at(file = 'k8s.yaml'): Source {
    return { file, line: this.nextLine++ };
  }

  service(name: string, role: ServiceRole = 'application', language?: string): Service {
    const s = newService(name, this.at(), { role, ...(language ? { language } : {}) });
    this.model.services.push(s);
    return s;
  }

  /** A container listening on 8080, with nothing else set; not added to the model on its own. */
  container(name: string, extra: Partial<Container> = {}): Container {
    return {
      name,
      init: false,
      ports: [{ containerPort: 8080, source: this.at() }],
      env: [],
      envFrom: [],
      resources: {},
      securityContext: {},
      volumeMounts: [],
      source: this.at(),
      ...extra,
    };
  }

  /**
   * A Deployment (or `extra.kind`) labelled app=<name> with one container named after it, serving the
   * service `extra.serviceId` (default: name), which is added as an application service if missing.
   */
  workload(name: string, extra: Partial<Deployable> = {}): Deployable {
    const kind = extra.kind ?? 'Deployment';
    const compose = kind === 'compose-service';
    const d: Deployable = {
      id: compose ? `compose/docker-compose.yml/${name}` : `${kind}/default/${name}`,
      kind,
      name,
      serviceId: name,
      labels: { app: name },
      podLabels: { app: name },
      annotations: {},
      containers: extra.containers ?? [this.container(name)],
      volumes: [],
      volumeClaimTemplates: [],
      networks: [],
      dependsOn: [],
      source: this.at(compose ? 'docker-compose.yml' : 'k8s.yaml'),
      ...extra,
    };
    this.model.deployables.push(d);
    if (!this.model.services.some((s) => s.id === d.serviceId)) this.service(d.serviceId);
    return d;
  }

  /** A ClusterIP Service on port 80 selecting app=<name>. */
  exposure(name: string, serviceIds: string[], extra: Partial<Exposure> = {}): Exposure {
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
      source: this.at(),
      ...extra,
    };
    this.model.exposures.push(e);
    return e;
  }

  /**
   * A dependency found in env: by default a synchronous HTTP call (`TO_URL=http://to:8080`); a `data`
   * dependency defaults to SQL, and any protocol but HTTP to an address (`TO_ADDR=to:8080`).
   */
  dependency(from: string, to: string, extra: Partial<Dependency> = {}): Dependency {
    const kind = extra.kind ?? 'sync';
    const protocol = extra.protocol ?? (kind === 'data' ? 'sql' : 'http');
    const variable = to.toUpperCase().replace(/-/g, '_');
    const d: Dependency = {
      from,
      to,
      kind,
      protocol,
      via: 'env',
      evidence: protocol === 'http' ? `${variable}_URL=http://${to}:8080` : `${variable}_ADDR=${to}:8080`,
      source: this.at(),
      ...extra,
    };
    this.model.dependencies.push(d);
    return d;
  }

  /** A self-hosted postgres database run by the service of the same name. */
  datastore(name: string, extra: Partial<Datastore> = {}): Datastore {
    const d: Datastore = {
      id: name,
      name,
      engine: 'postgres',
      category: 'database',
      serviceId: name,
      external: false,
      usedBy: [],
      source: this.at(),
      ...extra,
    };
    this.model.datastores.push(d);
    return d;
  }
}

/** Runs one rule on a model with no parsed documents or paths unless `ctx` supplies them. */
export function run(
  rule: Rule,
  m: SystemModel,
  options: Record<string, unknown> = {},
  ctx: Partial<RuleContext> = {},
): RuleOutcome {
  return rule.check(m, {
    documents: [],
    paths: [],
    index: buildModelIndex(m),
    options: ruleOptions(rule, options),
    ...ctx,
  });
}
