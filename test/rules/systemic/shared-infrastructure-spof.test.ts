import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DiscoveryResult, discoverDirectory } from '../../../src/discover/index.js';
import { runRules } from '../../../src/review/engine.js';
import { sharedInfrastructureSpof } from '../../../src/rules/resilience/shared-infrastructure-spof.js';
import { corpusPath, corpusTitle, sockShopApplication } from '../../helpers/corpus.js';
import { messages, review, where } from './helpers.js';

const app = (name: string, env: string) =>
  `  ${name}:\n    image: shop/${name}:1.0.0\n    environment:\n      ${env}\n`;

describe('resilience/shared-infrastructure-spof', () => {
  it('names every dependent in one finding, with the workload and the edges as evidence', () => {
    const run = review(sharedInfrastructureSpof, sharedInfrastructureSpof.examples.fail.files);
    expect(messages(run)).toEqual([
      'Service discovery consul (hashicorp/consul:1.20) runs one instance (compose service consul (docker-compose.yml)) and is needed by 3 services: orders, payments, shipping',
    ]);
    expect(where(run)).toEqual([
      ['docker-compose.yml:2', 'docker-compose.yml:7', 'docker-compose.yml:11', 'docker-compose.yml:15'],
    ]);
  });

  it('recognises a config server and a broker; below the dependents threshold it says nothing', () => {
    const run = review(sharedInfrastructureSpof, {
      'docker-compose.yml': `services:\n  config-server:\n    image: hyness/spring-cloud-config-server:4.1\n  rabbitmq:\n    image: rabbitmq:4.1\n${app('orders', 'CONFIG_URI: http://config-server:8888')}${app('payments', 'CONFIG_URI: http://config-server:8888')}${app('shipping', 'SPRING_CLOUD_CONFIG_URI: http://config-server:8888')}${app('notifications', 'AMQP_URL: amqp://rabbitmq:5672')}`,
    });
    expect(messages(run)).toEqual([
      'Config server config-server (hyness/spring-cloud-config-server:4.1) runs one instance (compose service config-server (docker-compose.yml)) and is needed by 3 services: orders, payments, shipping',
    ]);
  });

  it('counts the services a gateway fronts, and credits a replicated gateway', () => {
    const gateway = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api-gateway
spec:
  replicas: ${replicas}
  selector:
    matchLabels: { app: api-gateway }
  template:
    metadata:
      labels: { app: api-gateway }
    spec:
      containers:
        - name: gateway
          image: envoyproxy/envoy:v1.31.0
          env:
            - { name: ORDERS_URL, value: "http://orders:8080" }
            - { name: PAYMENTS_URL, value: "http://payments:8080" }
            - { name: SHIPPING_URL, value: "http://shipping:8080" }
`;
    const services = ['orders', 'payments', 'shipping']
      .map(
        (n) =>
          `---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${n}\nspec:\n  replicas: 2\n  selector:\n    matchLabels: { app: ${n} }\n  template:\n    metadata:\n      labels: { app: ${n} }\n    spec:\n      containers:\n        - name: ${n}\n          image: shop/${n}:1.0.0\n`,
      )
      .join('');
    const one = review(sharedInfrastructureSpof, { 'k8s/all.yaml': gateway(1) + services });
    expect(one.findings.map((f) => f.data?.dependents)).toEqual([['orders', 'payments', 'shipping']]);
    expect(messages(one)[0]).toMatch(/^Gateway api-gateway \(envoyproxy\/envoy:v1.31.0\) runs one instance/);
    const two = review(sharedInfrastructureSpof, { 'k8s/all.yaml': gateway(2) + services });
    expect(messages(two)).toEqual([]);
    expect(two.strengths.map((s) => s.message)).toEqual([
      'Shared infrastructure that 3 or more services depend on runs with redundancy (api-gateway)',
    ]);
  });
});

describe.skipIf(!existsSync(corpusPath('sock-shop')))(
  corpusTitle('Sock Shop shared infrastructure', 'sock-shop'),
  () => {
    let discovery: DiscoveryResult;
    beforeAll(async () => {
      discovery = await discoverDirectory(corpusPath('sock-shop'), sockShopApplication);
    });

    it('does not report RabbitMQ with its two users (queue-master, shipping) at the default threshold of three', () => {
      expect(runRules(discovery, { rules: {} }, [sharedInfrastructureSpof]).findings).toEqual([]);
    });

    it('names RabbitMQ and both users when the threshold is two', () => {
      const run = runRules(
        discovery,
        { rules: { [sharedInfrastructureSpof.id]: { options: { minDependents: 2 } } } },
        [sharedInfrastructureSpof],
      );
      expect(run.findings.map((f) => f.data)).toEqual([
        { service: 'rabbitmq', kind: 'broker', replicas: 1, dependents: ['queue-master', 'shipping'] },
      ]);
    });
  },
);
