import { deploymentIndex, isTestEnvironment } from '../../model/deployments.js';
import type { Deployable, Service, Source, SystemModel } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import {
  imageReference,
  isCompose,
  isKubernetes,
  parseImageRef,
  runtimeWorkloads,
  workloadLabel,
} from '../shared/k8s.js';
import { minimumReplicas } from '../shared/workloads.js';
import type { FindingDraft, Rule } from '../types.js';

type InfraKind = 'discovery' | 'config server' | 'broker' | 'gateway';

const DEPENDENT_ROLES = new Set(['application', 'frontend', 'gateway', 'job']);

/** What shared infrastructure a service is, from its role, images and name. */
export function infrastructureKind(model: SystemModel, service: Service): InfraKind | undefined {
  const images = service.images.map((i) => parseImageRef(i).repository.toLowerCase().split('/').pop() ?? '');
  const words = [service.id, ...images];
  if (
    words.some((w) =>
      /^(consul|etcd|zookeeper|cp-zookeeper)$|eureka|(^|-)discovery(-|$)|service-registry/.test(w),
    )
  )
    return 'discovery';
  if (words.some((w) => /^config(-?server|-service)?$|spring-cloud-config/.test(w))) return 'config server';
  if (
    service.role === 'broker' ||
    model.datastores.some((d) => d.serviceId === service.id && d.category === 'broker')
  )
    return 'broker';
  if (service.role === 'gateway') return 'gateway';
  return undefined;
}

/** The services that need it: callers of discovery, config and brokers; the services a gateway fronts. */
function dependentsOf(model: SystemModel, service: Service, kind: InfraKind): Map<string, Source> {
  const roles = new Map(model.services.map((s) => [s.id, s.role]));
  const out = new Map<string, Source>();
  for (const d of model.dependencies) {
    const other =
      kind === 'gateway'
        ? d.from === service.id
          ? d.to
          : undefined
        : d.to === service.id
          ? d.from
          : undefined;
    if (!other || other === service.id || !DEPENDENT_ROLES.has(roles.get(other) ?? '')) continue;
    if (kind === 'gateway' && d.kind !== 'sync') continue;
    if (!out.has(other)) out.set(other, d.source);
  }
  return out;
}

/** The service's workloads in deployments that ship (not test or local ones). */
function shippingWorkloads(model: SystemModel, service: Service): Deployable[] {
  const deployments = deploymentIndex(model);
  return runtimeWorkloads(model).filter((w) => {
    if (w.serviceId !== service.id) return false;
    const d = w.deployment ? deployments.get(w.deployment) : undefined;
    return !d || !isTestEnvironment(d.environment);
  });
}

const { messages, say } = defineMessages({
  singleGateway:
    'Gateway {{service}}{{images}} runs one instance ({{workloads}}) and fronts {{count}} services: {{dependents}}',
  singleInstance:
    '{{kind}} {{service}}{{images}} runs one instance ({{workloads}}) and is needed by {{count}} services: {{dependents}}',
});

export const sharedInfrastructureSpof: Rule = {
  id: 'resilience/shared-infrastructure-spof',
  area: 'resilience',
  severity: 'high',
  title: 'Shared infrastructure that many services depend on runs as a single instance',
  messages,
  rationale:
    'Service discovery (Consul, Eureka, etcd, ZooKeeper), a config server, the message broker and the API gateway ' +
    'are shared: when the one instance restarts, every service that resolves peers, loads configuration at start, ' +
    'publishes events or receives traffic through it fails at once. A single replica of an application service ' +
    'takes one capability down; a single replica of shared infrastructure takes the system down, so it is the ' +
    'first place redundancy pays. (Each workload is also named by the replica rules; this finding names the blast radius.)',
  references: [
    'Nygard, Release It! 2nd ed., ch. 4: Stability antipatterns, "Cascading failures" and "Blocked threads" on shared resources',
    'AWS Well-Architected, Reliability pillar REL10: Use fault isolation to protect your workload (https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/use-fault-isolation-to-protect-your-workload.html)',
    'Consul: Consensus protocol, deployment table (three or five servers) (https://developer.hashicorp.com/consul/docs/architecture/consensus#deployment-table)',
    'Spring Cloud Netflix: Eureka peer awareness (https://docs.spring.io/spring-cloud-netflix/reference/spring-cloud-netflix.html#spring-cloud-eureka-server-peer-awareness)',
    'RabbitMQ: Clustering guide, node count and quorum queues (https://www.rabbitmq.com/docs/clustering#node-count)',
  ],
  recommendation:
    'Run the shared component with redundancy (three Consul/etcd/ZooKeeper servers, peer-aware Eureka or a replicated config server with clients that cache, a three-node broker cluster with quorum queues, two or more gateway replicas behind the load balancer) and a PodDisruptionBudget, or use the managed equivalent.',
  fix: {
    description: 'Three Consul servers instead of one, each expecting the others.',
    language: 'yaml',
    snippet:
      'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: consul\nspec:\n  serviceName: consul\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: consul\n          image: hashicorp/consul:1.20\n          args: ["agent", "-server", "-bootstrap-expect=3", "-retry-join=consul-0.consul", "-retry-join=consul-1.consul", "-retry-join=consul-2.consul"]\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: consul\nspec:\n  minAvailable: 2\n  selector:\n    matchLabels: { app: consul }',
  },
  examples: {
    fail: {
      description: 'orders, payments and shipping all find their peers through one Consul instance',
      files: {
        'docker-compose.yml':
          'services:\n  consul:\n    image: hashicorp/consul:1.20\n  orders:\n    image: shop/orders:1.0.0\n    environment:\n      CONSUL_HOST: consul\n  payments:\n    image: shop/payments:1.0.0\n    environment:\n      CONSUL_HOST: consul\n  shipping:\n    image: shop/shipping:1.0.0\n    environment:\n      CONSUL_HOST: consul\n',
      },
      findings: [
        {
          at: 'docker-compose.yml:2',
          messageId: 'singleInstance',
          message:
            'Service discovery consul (hashicorp/consul:1.20) runs one instance (compose service consul (docker-compose.yml)) and is needed by 3 services: orders, payments, shipping',
          also: ['docker-compose.yml:7', 'docker-compose.yml:11', 'docker-compose.yml:15'],
        },
      ],
    },
    pass: {
      description: 'the same services with three Consul replicas',
      files: {
        'docker-compose.yml':
          'services:\n  consul:\n    image: hashicorp/consul:1.20\n    deploy:\n      replicas: 3\n  orders:\n    image: shop/orders:1.0.0\n    environment:\n      CONSUL_HOST: consul\n  payments:\n    image: shop/payments:1.0.0\n    environment:\n      CONSUL_HOST: consul\n  shipping:\n    image: shop/shipping:1.0.0\n    environment:\n      CONSUL_HOST: consul\n',
      },
    },
  },
  check(model, ctx) {
    const minDependents = typeof ctx.options.minDependents === 'number' ? ctx.options.minDependents : 3;
    const findings: FindingDraft[] = [];
    const shared: string[] = [];
    const hasKubernetes = model.deployables.some(isKubernetes);
    for (const service of [...model.services].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const kind = infrastructureKind(model, service);
      if (!kind) continue;
      const dependents = dependentsOf(model, service, kind);
      if (dependents.size < minDependents) continue;
      const workloads = shippingWorkloads(model, service);
      if (workloads.length === 0) continue;
      // beside Kubernetes manifests a compose-only instance is the local setup; production uses a managed one
      if (hasKubernetes && workloads.every(isCompose)) continue;
      shared.push(service.id);
      const replicas = Math.max(...workloads.map((w) => minimumReplicas(model, w)));
      if (replicas > 1) continue;
      const names = [...dependents.keys()].sort();
      const images = [
        ...new Set(
          workloads.flatMap((w) => w.containers.filter((c) => !c.init).map((c) => imageReference(c) ?? '')),
        ),
      ].filter(Boolean);
      const args = {
        service: service.id,
        images: images.length ? ` (${images.join(', ')})` : '',
        workloads: [...new Set(workloads.map(workloadLabel))].join(', '),
        count: names.length,
        dependents: names.join(', '),
      };
      findings.push({
        ...(kind === 'gateway'
          ? say.singleGateway(args)
          : say.singleInstance({
              ...args,
              kind:
                kind === 'broker' ? 'Broker' : kind === 'discovery' ? 'Service discovery' : 'Config server',
            })),
        locations: [...workloads.map((w) => w.source), ...names.map((n) => dependents.get(n) as Source)],
        element: `spof:${service.id}`,
        data: { service: service.id, kind, replicas, dependents: names },
      });
    }
    return {
      findings,
      strength:
        shared.length > 0 && findings.length === 0
          ? `Shared infrastructure that ${minDependents} or more services depend on runs with redundancy (${shared.join(', ')})`
          : undefined,
    };
  },
};
