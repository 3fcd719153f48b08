import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { scaffoldFiles, writeScaffolds } from '../../src/design/index.js';
import { reviewDirectory } from '../../src/index.js';
import { loadReviewConfig } from '../../src/review/config-load.js';
import { designExample, EXAMPLES } from './helpers.js';

type Obj = Record<string, any>;

describe('scaffolds', () => {
  const market = scaffoldFiles(designExample('marketplace'));

  it('writes an OpenAPI 3.1 contract per service with problem+json, pagination, security and idempotency', () => {
    const api = parse(market['services/ordering/openapi.yaml']) as Obj;
    expect(api.openapi).toBe('3.1.0');
    const list = api.paths['/orders'].get;
    expect(list.parameters).toEqual([
      { $ref: '#/components/parameters/Limit' },
      { $ref: '#/components/parameters/Cursor' },
    ]);
    expect(api.components.parameters.Limit.schema.maximum).toBe(100);
    const create = api.paths['/orders'].post;
    expect(create.responses['201'].headers.Location).toBeDefined();
    expect(create.parameters).toEqual([{ $ref: '#/components/parameters/IdempotencyKey' }]);
    expect(create.security).toEqual([{ oauth2: ['ordering:write'] }]);
    expect(api.paths['/orders/{orderId}'].delete.responses['204']).toBeDefined();
    for (const status of ['404', '409', '429'])
      expect(api.paths['/orders/{orderId}'].delete.responses[status]).toBeDefined();
    expect(Object.keys(api.components.responses.NotFound.content)).toEqual(['application/problem+json']);
    expect(api.components.schemas.OrderCreate.properties.buyerId.maxLength).toBe(36);
    expect(api.paths['/shipments']).toBeUndefined();
  });

  it('describes events in AsyncAPI 3.0 with versioned channels and dead letters on consumed ones', () => {
    const events = parse(market['services/fulfillment/asyncapi.yaml']) as Obj;
    expect(events.asyncapi).toBe('3.0.0');
    const placed = events.channels.orderingOrderPlaced;
    expect(placed.address).toBe('ordering.order-placed.v1');
    expect(placed['x-dead-letter']).toBe('ordering.order-placed.v1.fulfillment.dlq');
    expect(events.components.messages.OrderPlaced.payload.required).toContain('eventId');
  });

  it('keeps compose free of latest tags, plain secrets and published databases', () => {
    const compose = parse(market['deploy/compose/docker-compose.yaml']) as Obj;
    for (const [name, s] of Object.entries<Obj>(compose.services)) {
      expect(s.image).toMatch(/:[\w.-]+$/);
      expect(s.image).not.toMatch(/:latest$/);
      expect(s.environment).toBeUndefined();
      expect(s.healthcheck).toBeDefined();
      if (name.endsWith('-db') || name === 'kafka') expect(s.ports).toBeUndefined();
    }
    expect(compose.networks.data.internal).toBe(true);
    expect(compose.secrets.ordering_db_password.file).toBe('./secrets/ordering_db_password.txt');
  });

  it('hardens every Deployment and pairs it with a PDB, an HPA and NetworkPolicies', () => {
    const docs = parseAllDocuments(market['deploy/kubernetes/catalog.yaml']).map((x) => x.toJS() as Obj);
    const kinds = docs.map((x) => x.kind);
    expect(kinds).toEqual([
      'ServiceAccount',
      'ConfigMap',
      'Deployment',
      'Service',
      'PodDisruptionBudget',
      'HorizontalPodAutoscaler',
      'NetworkPolicy',
    ]);
    const deployment = docs[2];
    expect(deployment.spec.replicas).toBe(53);
    const c = deployment.spec.template.spec.containers[0];
    expect(c.securityContext).toMatchObject({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(c.readinessProbe && c.livenessProbe && c.resources.requests && c.resources.limits).toBeTruthy();
    expect(docs[5].spec).toMatchObject({ minReplicas: 53, maxReplicas: 106 });
    const ns = parseAllDocuments(market['deploy/kubernetes/namespace.yaml']).map((x) => x.toJS() as Obj);
    expect(ns.find((x) => x.metadata.name === 'default-deny-all')?.spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    });
  });

  it('writes C4 diagrams and one MADR per major decision', () => {
    expect(market['c4.md']).toContain('C4Context');
    expect(market['c4.md']).toContain('C4Container');
    const adrs = Object.keys(market).filter((p) => p.startsWith('adr/'));
    expect(adrs).toContain('adr/0001-architecture-pattern.md');
    expect(adrs.length).toBeGreaterThanOrEqual(5);
    expect(market['adr/0001-architecture-pattern.md']).toContain('## Decision Outcome');
  });
});

describe('round trip: plumbline review on each generated scaffold', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  for (const name of EXAMPLES) {
    it(`${name}: no finding above low`, async () => {
      const dir = await mkdtemp(join(tmpdir(), `plumbline-design-${name}-`));
      dirs.push(dir);
      const written = await writeScaffolds(designExample(name), dir);
      expect(written.length).toBeGreaterThan(5);
      // as `plumbline review` does: the scaffold's own plumbline.yaml configures the rules
      const config = await loadReviewConfig(dir);
      expect(config.errors).toEqual([]);
      const report = await reviewDirectory(dir, { config: { rules: config.rules } });
      const serious = report.findings.filter((f) => !['low', 'info'].includes(f.severity));
      expect(serious.map((f) => `${f.severity} ${f.message}`)).toEqual([]);
    });
  }
});
