import { describe, expect, it } from 'vitest';
import { parseStructured } from '../../../src/discover/parse/structured.js';
import { capabilitiesNotDropped } from '../../../src/rules/security/capabilities-not-dropped.js';
import { containerRunsAsRoot } from '../../../src/rules/security/container-runs-as-root.js';
import { corsWildcard } from '../../../src/rules/security/cors-wildcard.js';
import { datastorePubliclyExposed } from '../../../src/rules/security/datastore-publicly-exposed.js';
import { hostNamespaces } from '../../../src/rules/security/host-namespaces.js';
import { missingAuditLogging } from '../../../src/rules/security/missing-audit-logging.js';
import { missingNetworkPolicy } from '../../../src/rules/security/missing-network-policy.js';
import { mutableImageTag } from '../../../src/rules/security/mutable-image-tag.js';
import { plaintextSecretRule } from '../../../src/rules/security/plaintext-secret.js';
import { plaintextSensitiveTraffic } from '../../../src/rules/security/plaintext-sensitive-traffic.js';
import { privilegeEscalationAllowed } from '../../../src/rules/security/privilege-escalation-allowed.js';
import { privilegedContainer } from '../../../src/rules/security/privileged-container.js';
import { publicApiWithoutAuth } from '../../../src/rules/security/public-api-without-auth.js';
import { writableRootFilesystem } from '../../../src/rules/security/writable-root-filesystem.js';
import { ModelBuilder, run } from '../../helpers/model-builders.js';

describe('security/container-runs-as-root', () => {
  it('accepts pod-level runAsNonRoot inherited by every container (Online Boutique style)', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.workload('cartservice', {
      podSecurityContext: { runAsNonRoot: true, runAsUser: 1000 },
      containers: [b.container('server'), b.container('init', { init: true })],
    });
    const out = run(containerRunsAsRoot, m);
    expect(out.findings).toEqual([]);
    expect(out.strength).toBe('All 2 containers run as a non-root user');
  });

  it('grades an explicit runAsUser: 0 and a root Dockerfile high, an unknown image medium', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.workload('a', { containers: [b.container('a', { securityContext: { runAsUser: 0 } })] });
    b.workload('b');
    b.workload('c');
    m.images.push({
      file: 'c/Dockerfile',
      context: 'c',
      serviceId: 'c',
      stages: [{ image: 'node', tag: '20.11', source: b.at('c/Dockerfile') }],
      exposes: [],
      healthcheck: false,
      source: b.at('c/Dockerfile'),
    });
    const byWorkload = Object.fromEntries(
      run(containerRunsAsRoot, m).findings.map((f) => [String(f.data?.workload), f]),
    );
    expect(byWorkload['Deployment/default/a']?.severity).toBe('high');
    expect(byWorkload['Deployment/default/b']?.severity).toBeUndefined(); // rule default: medium
    expect(byWorkload['Deployment/default/b']?.message).toContain('may run as root');
    expect(byWorkload['Deployment/default/c']?.severity).toBe('high');
    expect(byWorkload['Deployment/default/c']?.message).toContain('has no USER');
  });

  it('trusts a non-root USER in the image Dockerfile', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.workload('orders');
    m.images.push({
      file: 'orders/Dockerfile',
      context: 'orders',
      serviceId: 'orders',
      stages: [{ image: 'node', tag: '20.11', source: b.at('orders/Dockerfile') }],
      user: 'node',
      exposes: [8080],
      healthcheck: false,
      source: b.at('orders/Dockerfile'),
    });
    expect(run(containerRunsAsRoot, m).findings).toEqual([]);
  });

  it('judges the Kubernetes workload, not the compose dev setup, when both describe a service', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.workload('orders', { podSecurityContext: { runAsNonRoot: true } });
    b.workload('orders', { kind: 'compose-service' });
    expect(run(containerRunsAsRoot, m).findings).toEqual([]);
  });
});

describe('security/capabilities-not-dropped', () => {
  const caps = (b: ModelBuilder, add: string[], drop: string[]) =>
    b.container('c', { securityContext: { capabilitiesAdd: add, capabilitiesDrop: drop } });

  it('accepts drop ALL (any case) with NET_BIND_SERVICE added back', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.workload('carts', { containers: [caps(b, ['NET_BIND_SERVICE'], ['all'])] });
    expect(run(capabilitiesNotDropped, m).findings).toEqual([]);
  });

  it('grades by what is added: baseline caps medium, beyond-baseline high, nothing dropped low', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.workload('db', { containers: [caps(b, ['CHOWN', 'SETUID'], ['all'])] });
    b.workload('net', { containers: [caps(b, ['NET_ADMIN'], [])] });
    b.workload('plain');
    const sev = Object.fromEntries(
      run(capabilitiesNotDropped, m).findings.map((f) => [String(f.data?.workload), f.severity]),
    );
    expect(sev).toEqual({
      'Deployment/default/db': 'medium',
      'Deployment/default/net': 'high',
      'Deployment/default/plain': 'low',
    });
  });
});

describe('container hardening flags', () => {
  it('reports privileged containers and runtime socket mounts', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.workload('agent', { containers: [b.container('agent', { securityContext: { privileged: true } })] });
    b.workload('queue-master', {
      kind: 'compose-service',
      volumes: [{ name: '/var/run/docker.sock', type: 'bind', claimOrSource: '/var/run/docker.sock' }],
    });
    const { findings } = run(privilegedContainer, m);
    expect(findings.map((f) => f.messageId)).toEqual(['privileged', 'runtimeSocket']);
    expect(findings.map((f) => f.message)).toEqual([
      "Deployment agent container `agent` runs privileged: it has every capability and the host's devices",
      'compose service queue-master (docker-compose.yml) mounts the container runtime socket (/var/run/docker.sock): anything in it can start privileged containers on the host',
    ]);
  });

  it('reports escalation, writable root and host namespaces only where they are not switched off', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.workload('good', {
      containers: [
        b.container('good', {
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
        }),
      ],
    });
    b.workload('bad', { hostNetwork: true });
    expect(run(privilegeEscalationAllowed, m).findings.map((f) => f.data?.workload)).toEqual([
      'Deployment/default/bad',
    ]);
    expect(run(writableRootFilesystem, m).findings.map((f) => f.data?.workload)).toEqual([
      'Deployment/default/bad',
    ]);
    expect(run(hostNamespaces, m).findings.map((f) => f.message)).toEqual([
      "Deployment bad shares the host's namespaces (hostNetwork: true)",
    ]);
  });

  it("host-namespaces: a platform node agent (node-exporter) sharing the host's namespaces is low, said so", () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.service('node-exporter', 'platform');
    b.workload('node-exporter', { hostNetwork: true, hostPID: true });
    b.workload('orders', { hostNetwork: true });
    const findings = run(hostNamespaces, m).findings;
    expect(findings.map((f) => [f.data?.workload, f.severity ?? 'high'])).toEqual([
      ['Deployment/default/node-exporter', 'low'],
      ['Deployment/default/orders', 'high'],
    ]);
    expect(findings.map((f) => f.messageId)).toEqual(['nodeAgentHostNamespaces', 'hostNamespaces']);
    expect(findings[0]!.message).toContain('expected of a platform node agent');
  });
});

describe('security/mutable-image-tag', () => {
  it('reports latest and untagged images, not versions, digests or build placeholders', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.workload('a', { containers: [b.container('a', { image: 'mongo' })] });
    b.workload('b', { containers: [b.container('b', { image: 'shop/b:latest' })] });
    b.workload('c', { containers: [b.container('c', { image: 'redis:alpine' })] });
    b.workload('d', { containers: [b.container('d', { image: 'busybox:1.38.0@sha256:abc' })] });
    b.workload('frontend', { containers: [b.container('server', { image: 'frontend' })] });
    b.workload('e', { containers: [b.container('e', { image: 'busybox@sha256:abc' })] });
    // adapters keep the tag apart from the name
    b.workload('f', { containers: [b.container('f', { image: 'redis', imageTag: 'alpine' })] });
    b.workload('g', { containers: [b.container('g', { image: 'kbudde/rabbitmq-exporter' })] });
    const images = run(mutableImageTag, m).findings.map((f) => f.data?.image);
    expect(images).toEqual(['mongo', 'shop/b:latest', 'kbudde/rabbitmq-exporter']);
  });

  it('checks Dockerfile base images but not references to earlier stages', () => {
    const b = new ModelBuilder();
    const m = b.model;
    m.images.push({
      file: 'Dockerfile',
      context: '.',
      stages: [
        { name: 'build', image: 'golang', source: b.at('Dockerfile') },
        { image: 'build', source: b.at('Dockerfile') },
      ],
      exposes: [],
      healthcheck: false,
      source: b.at('Dockerfile'),
    });
    expect(run(mutableImageTag, m).findings.map((f) => [f.messageId, f.message])).toEqual([
      ['baseNoTag', 'Dockerfile Dockerfile: base image `golang` has no tag (Docker pulls `latest`)'],
    ]);
  });
});

describe('security/plaintext-secret', () => {
  const env = (b: ModelBuilder, name: string, value: string) => ({ name, value, source: b.at() });

  it('reports literal credentials and passwords in connection strings without printing them', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.workload('catalogue-db', {
      containers: [
        b.container('db', {
          env: [
            env(b, 'MYSQL_ROOT_PASSWORD', 'fake_password'),
            env(b, 'DATABASE_URL', 'postgres://app:hunter2hunter2@db:5432/app'),
            env(b, 'MYSQL_ALLOW_EMPTY_PASSWORD', 'true'),
            env(b, 'API_TOKEN', '$' + '{API_TOKEN}'), // a compose interpolation, not a value
            env(b, 'DB_PASSWORD_FILE', '/run/secrets/db'),
            env(b, 'JAVA_OPTS', '-Xmx128m'),
          ],
        }),
      ],
    });
    const findings = run(plaintextSecretRule, m).findings;
    expect(findings.map((f) => f.data?.variable)).toEqual(['MYSQL_ROOT_PASSWORD', 'DATABASE_URL']);
    expect(findings.map((f) => f.messageId)).toEqual(['literalCredential', 'connectionStringPassword']);
    for (const f of findings) {
      // the message arguments reach JSON and SARIF output too: they must not carry the value either
      for (const text of [f.message, JSON.stringify(f.args)]) {
        expect(text).not.toContain('fake_password');
        expect(text).not.toContain('hunter2');
      }
    }
    expect(findings[1]?.message).toContain('postgres://app:****@db:5432/app');
  });

  it('reports secret-named ConfigMap keys and literal Secret manifests (medium)', () => {
    const b = new ModelBuilder();
    const m = b.model;
    m.configs.push(
      {
        id: 'ConfigMap/default/app',
        kind: 'ConfigMap',
        name: 'app',
        entries: [
          { key: 'STRIPE_API_KEY', value: 'sk_live_abc123', source: b.at() },
          { key: 'LOG_LEVEL', value: 'debug', source: b.at() },
        ],
        source: b.at(),
      },
      {
        id: 'Secret/default/db',
        kind: 'Secret',
        name: 'db',
        entries: [{ key: 'url', value: 'mysql://root@db', source: b.at() }],
        source: b.at(),
      },
    );
    const findings = run(plaintextSecretRule, m).findings;
    expect(findings.map((f) => [f.data?.key, f.severity])).toEqual([
      ['STRIPE_API_KEY', 'high'],
      ['url', 'medium'],
    ]);
    expect(findings.map((f) => f.message).join(' ')).not.toContain('sk_live');
  });
});

describe('security/datastore-publicly-exposed', () => {
  it('reports stores behind public Services and host ports, not loopback binds or public apps', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.service('redis', 'cache');
    b.service('frontend', 'frontend');
    b.exposure('redis-lb', ['redis'], { type: 'LoadBalancer', public: true, ports: [{ port: 6379 }] });
    b.exposure('frontend-external', ['frontend'], { type: 'LoadBalancer', public: true });
    b.workload('pg', {
      kind: 'compose-service',
      containers: [
        b.container('pg', {
          ports: [
            { containerPort: 5432, hostPort: 5432, source: b.at('docker-compose.yml') },
            { containerPort: 5433, hostPort: 5433, hostIp: '127.0.0.1', source: b.at('docker-compose.yml') },
          ],
        }),
      ],
    });
    b.datastore('pg');
    const findings = run(datastorePubliclyExposed, m).findings;
    expect(findings.map((f) => [f.message, f.severity])).toEqual([
      ['cache redis is exposed outside the cluster by LoadBalancer Service redis-lb (port 6379)', undefined],
      [
        'postgres database pg publishes 5432→5432 on the host (compose service pg (docker-compose.yml))',
        'medium',
      ],
    ]);
  });
});

describe('security/missing-network-policy', () => {
  it('reports a cluster without any policy once', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.workload('a');
    b.workload('b');
    const out = run(missingNetworkPolicy, m);
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]?.message).toContain('No NetworkPolicy in the system: 2 Kubernetes workloads');
  });

  it('reports uncovered workloads and policies whose selector matches nothing (Sock Shop cart-access)', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.workload('carts', { namespace: 'sock-shop', podLabels: { name: 'carts' } });
    b.workload('orders', { namespace: 'sock-shop', podLabels: { name: 'orders' } });
    const policy = (name: string, podSelector: Record<string, string>) => ({
      id: `NetworkPolicy/sock-shop/${name}`,
      name,
      namespace: 'sock-shop',
      podSelector,
      policyTypes: [] as ('Ingress' | 'Egress')[],
      ingressRules: 1,
      egressRules: 0,
      serviceIds: [],
      source: b.at('policies.yaml'),
    });
    m.networkPolicies.push(
      policy('cart-access', { name: 'cart' }),
      policy('orders-access', { name: 'orders' }),
    );
    const { findings } = run(missingNetworkPolicy, m);
    expect(findings.map((f) => f.messageId)).toEqual(['notIsolated', 'selectsNothingTypo']);
    expect(findings.map((f) => f.message)).toEqual([
      'Deployment sock-shop/carts is selected by no ingress NetworkPolicy: any pod in the cluster can reach it',
      'NetworkPolicy sock-shop/cart-access selects name=cart, which matches none of the 2 workloads in its namespace: it protects nothing (did you mean name=carts?)',
    ]);
    m.networkPolicies.push({
      ...policy('carts-db-access', { name: 'orders' }),
      peers: [
        { direction: 'ingress', podSelector: { name: 'cart' }, source: b.at('policies.yaml') },
        { direction: 'ingress', podSelector: { name: 'cortex' }, source: b.at('policies.yaml') },
      ],
    });
    expect(run(missingNetworkPolicy, m).findings.map((f) => f.message)).toContain(
      'NetworkPolicy sock-shop/carts-db-access admits ingress from name=cart, which matches no workload in its namespace (did you mean name=carts?): the intended callers are blocked wherever the policy is enforced',
    );
    m.networkPolicies.pop();
    m.networkPolicies.push(policy('all', {}));
    expect(run(missingNetworkPolicy, m).findings.map((f) => f.element)).toEqual([
      'NetworkPolicy/sock-shop/cart-access#selects-nothing',
    ]);
  });
});

describe('security/plaintext-sensitive-traffic', () => {
  it('reports http:// edges of services with declared sensitive data unless a mesh is in evidence', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.service('checkout');
    b.service('payments').dataClasses = ['payment'];
    b.dependency('checkout', 'payments');
    b.dependency('checkout', 'payments', { evidence: 'PAYMENTS_URL=https://payments:8443' });
    const out = run(plaintextSensitiveTraffic, m);
    expect(out.findings.map((f) => [f.messageId, f.message])).toEqual([
      [
        'plaintextConnection',
        'checkout → payments carries payment data over a plaintext connection (http://payments:8080)',
      ],
    ]);
    b.workload('payments', { annotations: { 'linkerd.io/inject': 'enabled' } });
    const meshed = run(plaintextSensitiveTraffic, m);
    expect(meshed.findings).toEqual([]);
    expect(meshed.strength).toContain('linkerd.io/inject');
  });

  it('does not apply without declared data classes', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.dependency('a', 'b');
    expect(run(plaintextSensitiveTraffic, m)).toEqual({ findings: [] });
  });
});

describe('security/public-api-without-auth', () => {
  function api(b: ModelBuilder, servers: string[], schemes: { name: string; type: string }[] = []) {
    b.model.apis.push({
      id: 'openapi:api.yaml',
      kind: 'openapi',
      title: 'Orders',
      file: 'api.yaml',
      serviceId: 'orders',
      servers,
      securitySchemes: schemes,
      source: b.at('api.yaml'),
    });
    b.model.operations.push({
      id: 'openapi:api.yaml#POST /orders',
      apiId: 'openapi:api.yaml',
      method: 'POST',
      path: '/orders',
      tags: [],
      parameters: [],
      responses: [{ status: '201', contentTypes: [] }],
      source: b.at('api.yaml'),
    });
  }

  it('reports a public API with state-changing operations and no security scheme', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.service('orders');
    api(b, []);
    b.exposure('orders-lb', ['orders'], { type: 'LoadBalancer', public: true });
    expect(run(publicApiWithoutAuth, m).findings[0]?.message).toBe(
      'OpenAPI API "Orders" (api.yaml) is publicly reachable (LoadBalancer orders-lb) and declares no authentication for any of its 1 state-changing operation (e.g. POST /orders)',
    );
  });

  it('leaves internal APIs and APIs with a scheme alone', () => {
    const internal = new ModelBuilder();
    api(internal, ['http://orders:8080', 'http://orders.shop.svc.cluster.local']);
    expect(run(publicApiWithoutAuth, internal.model).findings).toEqual([]);
    const secured = new ModelBuilder();
    api(secured, ['https://api.shop.com'], [{ name: 'bearer', type: 'http' }]);
    expect(run(publicApiWithoutAuth, secured.model).findings).toEqual([]);
  });
});

describe('security/cors-wildcard', () => {
  it('reports wildcard CORS in env and in documented OpenAPI response headers', () => {
    const b = new ModelBuilder();
    const m = b.model;
    b.workload('api', {
      containers: [
        b.container('api', {
          env: [{ name: 'CORS_ALLOWED_ORIGINS', value: 'https://a.com, *', source: b.at() }],
        }),
      ],
    });
    const text =
      "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n          headers:\n            Access-Control-Allow-Origin:\n              schema:\n                type: string\n                example: '*'\n";
    const doc = parseStructured('api.yaml', text, 'openapi').documents[0];
    if (!doc) throw new Error('parse failed');
    const findings = run(
      corsWildcard,
      m,
      {},
      { documents: [{ kind: 'openapi', apiId: 'openapi:api.yaml', document: doc }] },
    ).findings;
    expect(findings.map((f) => f.message)).toEqual([
      'Deployment api container `api` sets CORS_ALLOWED_ORIGINS=https://a.com, *: browsers let any web site read its responses',
      'api.yaml: GET /x → 200 documents Access-Control-Allow-Origin: *',
    ]);
    expect(findings[1]?.locations[0]?.line).toBe(10); // the Access-Control-Allow-Origin key
  });
});

describe('security/missing-audit-logging', () => {
  it('applies only to audit-requiring regimes and accepts any audit evidence', () => {
    const b = new ModelBuilder();
    const m = b.model;
    m.declared.compliance = ['SOC2'];
    expect(run(missingAuditLogging, m)).toEqual({ findings: [] });
    m.declared.compliance = ['PCI-DSS', 'GDPR'];
    expect(run(missingAuditLogging, m).findings[0]?.message).toMatch(
      /^PCI-DSS, GDPR are declared, but nothing/,
    );
    expect(run(missingAuditLogging, m, {}, { paths: ['services/audit-log/main.go'] }).strength).toContain(
      'file services/audit-log/main.go',
    );
  });
});
