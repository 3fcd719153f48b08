/**
 * Issue 17, done-when: on Online Boutique and Sock Shop (whole repositories) the strengths name the patterns their
 * files show — gRPC contracts, database per service, probes; Sock Shop's RabbitMQ path between orders, shipping
 * and queue-master — and Compliance with Patterns lists patterns.
 */
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { discoverDirectory } from '../../src/discover/index.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { review } from '../../src/review/index.js';
import type { Report } from '../../src/review/report.js';
import { corpusPath, corpusTitle } from '../helpers/corpus.js';

const strengthOf = (report: Report, id: string) =>
  report.strengths.find((s) => s.ruleId === `pattern/${id}`)?.message;

describe.skipIf(!existsSync(corpusPath('microservices-demo')))(
  corpusTitle('Online Boutique patterns', 'microservices-demo'),
  () => {
    let report: Report;
    beforeAll(async () => {
      report = review(await discoverDirectory(corpusPath('microservices-demo')));
    }, 180_000);

    it('credits gRPC contracts, database per service, probes, the Istio/Gateway API edge and the frontend BFF', () => {
      expect(strengthOf(report, 'api-contracts')).toBe(
        'gRPC contracts: 9 services publish gRPC contracts, covering every service others call',
      );
      expect(strengthOf(report, 'database-per-service')).toMatch(
        /^Database per service: cartservice keeps its own store/,
      );
      expect(strengthOf(report, 'health-checks')).toBe(
        'Health checks (probes): all 9 application services report their health',
      );
      expect(strengthOf(report, 'api-gateway')).toMatch(
        /^API gateway \(Gateway API, Istio\): .* routes to frontend$/,
      );
      expect(strengthOf(report, 'backend-for-frontend')).toMatch(/frontend composes 7 backends/);
    });

    it('lists the patterns found and the expected ones absent in Compliance with Patterns', () => {
      const byId = new Map(report.patterns.patterns.map((p) => [p.id, p.status]));
      expect(byId.get('api-contracts')).toBe('applied');
      expect(byId.get('service-mesh')).toBe('partial'); // Istio objects, but nothing injects the sidecars
      expect(byId.get('circuit-breakers-retries')).toBe('absent');
      const md = renderMarkdown(report);
      const section = md.slice(md.indexOf('### Compliance with Patterns'), md.indexOf('## Strengths'));
      expect(section).toContain('| gRPC contracts | applied |');
      expect(md.indexOf('## Review Summary')).toBeLessThan(md.indexOf('### Overall Assessment'));
    });
  },
);

describe.skipIf(!existsSync(corpusPath('sock-shop')))(corpusTitle('Sock Shop patterns', 'sock-shop'), () => {
  let report: Report;
  beforeAll(async () => {
    report = review(await discoverDirectory(corpusPath('sock-shop')));
  }, 180_000);

  it('credits the RabbitMQ path: orders calls shipping, shipping and queue-master meet on rabbitmq', () => {
    expect(strengthOf(report, 'event-bus')).toBe(
      'Event bus (RabbitMQ): queue-master and shipping exchange messages through rabbitmq; reached synchronously by orders → shipping',
    );
  });

  it('credits database per service, probes and the telemetry stacks', () => {
    expect(strengthOf(report, 'database-per-service')).toMatch(
      /^Database per service: 4 services each keep their own store \(carts, catalogue, orders and user\); no store is shared/,
    );
    expect(strengthOf(report, 'health-checks')).toMatch(
      /^Health checks \(probes\): all 7 application services/,
    );
    for (const id of ['centralized-logging', 'metrics-monitoring', 'distributed-tracing'])
      expect(strengthOf(report, id), id).toBeDefined();
  });

  it('expects the bus guarantees it does not show, and contracts for the called services', () => {
    const absent = report.patterns.patterns.filter((p) => p.status === 'absent').map((p) => p.id);
    expect(absent).toEqual(
      expect.arrayContaining(['outbox', 'idempotent-consumer', 'dead-letter', 'api-contracts']),
    );
  });
});
