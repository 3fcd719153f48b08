/**
 * One configuration fact about many workloads of one deployment (no `allowPrivilegeEscalation: false` on
 * 4 of 5 Deployments) is one finding for that deployment: every place kept (locations, folded places and
 * their fingerprints, so baselines and suppressions of single places still work), the count in the message,
 * and the score unchanged (it counts places, not findings).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../../src/discover/index.js';
import type { FoldedPlace } from '../../src/review/folded.js';
import { review } from '../../src/review/index.js';

function discover(files: Record<string, string>) {
  return discoverFiles(
    Object.entries(files).map(([p, text]) => ({ path: p, text, bytes: Buffer.byteLength(text) })),
  );
}

/** A Deployment with three replicas, resources and probes: only its securityContext varies. */
function workload(name: string, hardened: boolean): string {
  const security = hardened
    ? `        securityContext:
          runAsNonRoot: true
          runAsUser: 10001
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
          capabilities: {drop: [ALL]}
`
    : '';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: ${name}
        image: shop/${name}:1.0.0
        ports: [{containerPort: 8080}]
        resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}
        readinessProbe: {httpGet: {path: /ready, port: 8080}}
        livenessProbe: {httpGet: {path: /health, port: 8080}}
${security}`;
}

const SOFT = ['cart', 'orders', 'pay', 'web'];
const files = (soft: string[]) => ({
  ...Object.fromEntries(soft.map((n) => [`k8s/${n}.yaml`, workload(n, false)])),
  'k8s/search.yaml': workload('search', true),
});

const escalation = <F extends { ruleId: string }>(findings: F[]): F[] =>
  findings.filter((f) => f.ruleId === 'security/privilege-escalation-allowed');

describe('folding one fact about many workloads of a deployment', () => {
  it('is one finding with the count, the workloads, every place and its fingerprint', () => {
    const report = review(discover(files(SOFT)));
    const [fold, ...rest] = escalation(report.findings);
    expect(rest).toEqual([]);
    expect(fold!.message).toMatch(
      /^Privilege escalation not disabled: 4 of 5 Deployments in k8s\/ \(cart, orders, pay, web\); e\.g\. Deployment shop\/cart container `cart` allows privilege escalation/,
    );
    expect(fold!.locations.map((l) => l.file)).toEqual(SOFT.map((n) => `k8s/${n}.yaml`));
    const folded = (fold!.data as { folded: FoldedPlace[] }).folded;
    expect(folded).toHaveLength(4);
    expect(new Set(folded.map((p) => p.fingerprint)).size).toBe(4);
    // the rendered text is the fold's: no message id of one member stays on it
    expect(fold).not.toHaveProperty('messageId');
    // the fix is said once, in one recommendation naming the four places
    const rec = report.recommendations.find((r) => r.ruleId === 'security/container-hardening')!;
    expect(rec.affected.map((p) => p.locations[0]!.file)).toEqual(SOFT.map((n) => `k8s/${n}.yaml`));
  });

  it('leaves the score as it was: the problem still has four places', () => {
    const report = review(discover(files(SOFT)));
    const hardening = report.assessment.deductions.find((d) => d.ruleId === 'security/container-hardening')!;
    expect(hardening.places).toBe(4);
  });

  it('keeps two workloads as two findings', () => {
    expect(escalation(review(discover(files(['cart', 'orders']))).findings)).toHaveLength(2);
  });

  it('is baselined when every place it stands for was, and a suppressed place drops out of it', () => {
    const d = discover(files(SOFT));
    const fold = escalation(review(d).findings)[0]!;
    const places = (fold.data as { folded: FoldedPlace[] }).folded.map((p) => p.fingerprint);
    const baselined = review(d, { rules: {}, baseline: { file: 'b.json', fingerprints: places } });
    expect(escalation(baselined.findings)[0]!.baselined).toBe(true);
    const partly = review(d, { rules: {}, baseline: { file: 'b.json', fingerprints: places.slice(1) } });
    expect(escalation(partly.findings)[0]!.baselined).toBeUndefined();

    const suppressed = review(d, {
      rules: {},
      suppressions: [
        {
          rule: 'security/privilege-escalation-allowed',
          file: 'k8s/web.yaml',
          reason: 'web needs setuid',
          source: { file: 'plumbline.yaml', line: 1 },
        },
      ],
    });
    const [rest] = escalation(suppressed.findings);
    expect(rest!.message).toMatch(
      /^Privilege escalation not disabled: 3 of 5 Deployments in k8s\/ \(cart, orders, pay\)/,
    );
    expect(suppressed.suppressed.map((s) => s.finding.locations[0]!.file)).toContain('k8s/web.yaml');
  });
});

describe('a systemic fold says application and backing services apart', () => {
  it('counts only application services as application services (examples/shop end-of-life images)', async () => {
    const { discoverDirectory } = await import('../../src/discover/index.js');
    const report = review(await discoverDirectory(path.resolve(__dirname, '../../examples/shop')));
    const eol = report.findings.filter((f) => f.ruleId === 'security/end-of-life-image');
    expect(eol).toHaveLength(1);
    // the cache and the broker run old Redis and RabbitMQ images: backing services, not application services
    expect(eol[0]!.message).toMatch(
      /^Systemic: 4 of 5 application services \(catalog, notifications, orders, payments\) and 2 of 3 backing services \(cache catalog-cache, broker rabbitmq\): e\.g\. notifications runs Node\.js past end of life/,
    );
    expect((eol[0]!.data as { folded: FoldedPlace[] }).folded).toHaveLength(6);
  });
});

describe('one rule saying the same sentence about several named objects', () => {
  it('is one finding naming them, every place kept', () => {
    const route = (name: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
spec:
  hosts: ['${name}.example.com']
  http:
  - route:
    - destination: {host: web}
`;
    const d = discover({
      'k8s/web.yaml': workload('web', true),
      'istio/web.yaml': route('web'),
      'istio/web-ingress.yaml': route('web-ingress'),
    });
    const timeouts = review(d).findings.filter((f) => f.ruleId === 'resilience/missing-timeouts');
    expect(timeouts).toHaveLength(1);
    expect(timeouts[0]!.message).toMatch(
      /^Declared mesh or client configuration without timeouts or circuit breaking, the same for 2: web, web-ingress; e\.g\. Istio VirtualService web-ingress routes to web with no timeout/,
    );
    expect((timeouts[0]!.data as { folded: FoldedPlace[] }).folded.map((p) => p.locations[0]!.file)).toEqual([
      'istio/web-ingress.yaml',
      'istio/web.yaml',
    ]);
  });
});
