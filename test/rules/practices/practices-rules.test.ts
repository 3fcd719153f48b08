import { describe, expect, it } from 'vitest';
import { apiSpecs } from '../../../src/rules/practices/api-specs.js';
import { architectureDecisionRecords } from '../../../src/rules/practices/architecture-decision-records.js';
import { ciPipeline } from '../../../src/rules/practices/ci-pipeline.js';
import { healthEndpoints } from '../../../src/rules/practices/health-endpoints.js';
import { infrastructureAsCode } from '../../../src/rules/practices/infrastructure-as-code.js';
import { observability } from '../../../src/rules/practices/observability.js';
import { testsPresent } from '../../../src/rules/practices/tests-present.js';
import { ModelBuilder, run } from '../../helpers/model-builders.js';

describe('practices rules over the tree paths', () => {
  it('finds CI, tests, IaC and ADRs by path and reports their absence factually', () => {
    const b = new ModelBuilder();
    const m = b.model;
    const paths = ['deploy/kubernetes/manifests/01-carts-dep.yaml'];
    expect(run(ciPipeline, m, {}, { paths }).findings.map((f) => [f.messageId, f.message])).toEqual([
      [
        'noCi',
        'No CI configuration found in the scanned tree (.github/workflows, .gitlab-ci.yml, Jenkinsfile, .circleci, azure-pipelines, ...)',
      ],
    ]);
    expect(run(ciPipeline, m, {}, { paths: ['.gitlab-ci.yml'] }).strength).toBe(
      'CI pipeline configured (GitLab CI: .gitlab-ci.yml)',
    );
    expect(run(testsPresent, m, {}, { paths }).findings.map((f) => f.messageId)).toEqual(['noTests']);
    expect(
      run(testsPresent, m, {}, { paths: ['src/cart/cart_test.go', 'src/cart/cart.go'] }).strength,
    ).toContain('1 test file');
    expect(
      run(architectureDecisionRecords, m, {}, { paths: ['doc/architecture/decisions/0001-record.md'] })
        .strength,
    ).toContain('1 architecture decision record');
    expect(run(infrastructureAsCode, m, {}, { paths: ['infra/main.tf'] }).strength).toBe(
      'Infrastructure described as code (Terraform: infra/main.tf)',
    );
    expect(run(architectureDecisionRecords, m, {}, { paths }).findings.map((f) => f.messageId)).toEqual([
      'noAdrs',
    ]);
    expect(
      run(infrastructureAsCode, m, {}, { paths: ['README.md'] }).findings.map((f) => f.messageId),
    ).toEqual(['noIac']);
    b.workload('orders', { kind: 'compose-service' });
    const [compose] = run(infrastructureAsCode, m, {}, { paths: ['docker-compose.yml'] }).findings;
    expect(compose?.messageId).toBe('composeOnly');
    expect(compose?.message).toContain('Only docker-compose');
  });

  it('health endpoints: HTTP/gRPC probes count, a TCP check does not; stores are left out', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.workload('a', {
      containers: [b.container('a', { readinessProbe: { type: 'http', path: '/health', source: b.at() } })],
    });
    b.workload('b', {
      containers: [b.container('b', { livenessProbe: { type: 'tcp', port: 80, source: b.at() } })],
    });
    b.workload('db');
    m.services.find((s) => s.id === 'db')!.role = 'datastore';
    expect(run(healthEndpoints, m).findings.map((f) => [f.messageId, f.message])).toEqual([
      [
        'noHealthEndpoint',
        '1 of 2 application services show no health endpoint (no HTTP/gRPC/exec probe, compose healthcheck, Dockerfile HEALTHCHECK, /health or /hc route, health-check code or health UI polling it): b',
      ],
    ]);
  });

  it('health endpoints: an /hc endpoint a health UI polls, or health-check code, counts', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.workload('ordering-api');
    b.workload('basket-api');
    b.workload('webstatus', {
      containers: [
        b.container('webstatus', {
          env: [
            { name: 'HealthChecksUI__HealthChecks__0__Uri', value: 'http://ordering-api/hc', source: b.at() },
          ],
        }),
      ],
    });
    expect(run(healthEndpoints, m).findings[0]?.message).toMatch(
      /show no health endpoint .*: basket-api, webstatus$/,
    );
    m.codeFacts.push(
      ...['basket-api', 'webstatus'].map((id) => ({
        id: `src/${id}/Program.cs:12:pattern:6`,
        kind: 'pattern' as const,
        language: 'csharp',
        value: 'MapHealthChecks',
        serviceId: id,
        source: { file: `src/${id}/Program.cs`, line: 12 },
      })),
    );
    expect(run(healthEndpoints, m)).toEqual({
      findings: [],
      strength: 'All 3 application services expose a health endpoint',
    });
  });

  it('observability: env, exporter images and prometheus annotations are evidence; scrape "false" is not', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.workload('rabbitmq', { annotations: { 'prometheus.io/scrape': 'false' } });
    expect(run(observability, m).findings.map((f) => [f.messageId, f.message])).toEqual([
      [
        'noTelemetry',
        'No metrics or tracing configuration found for the 1 workload in the scanned tree (no OTEL_*/tracing env, Prometheus annotations or metrics ports, collector images or telemetry config)',
      ],
    ]);
    b.workload('shipping', {
      containers: [
        b.container('shipping', {
          env: [{ name: 'ZIPKIN', value: 'zipkin.jaeger.svc.cluster.local', source: b.at() }],
        }),
      ],
    });
    expect(run(observability, m).strength).toBe('Metrics or tracing configured (env ZIPKIN on shipping)');
  });

  it('api specs: serving services without a contract, info when no spec exists anywhere', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.workload('carts');
    b.workload('front-end');
    m.services.find((s) => s.id === 'front-end')!.role = 'frontend';
    const [f] = run(apiSpecs, m).findings;
    expect(f?.severity).toBe('info');
    expect(f?.messageId).toBe('noSpecAnywhere');
    expect(f?.message).toContain(
      '1 of 1 services that listen on ports have no API specification in the scanned tree: carts',
    );
    m.apis.push({
      id: 'grpc:shop.Carts',
      kind: 'grpc',
      title: 'Carts',
      file: 'carts.proto',
      serviceId: 'carts',
      servers: [],
      securitySchemes: [],
      source: b.at('carts.proto'),
    });
    expect(run(apiSpecs, m).strength).toBe(
      'All 1 API-serving services keep a specification in the repository',
    );
    // with a contract elsewhere in the tree, a service without one is a finding of its own (low)
    b.workload('orders');
    expect(run(apiSpecs, m).findings.map((x) => [x.messageId, x.severity, x.message])).toEqual([
      [
        'noSpec',
        'low',
        '1 of 2 services that listen on ports have no API specification in the scanned tree: orders',
      ],
    ]);
  });
});
