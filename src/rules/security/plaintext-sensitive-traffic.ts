import type { Dependency, SystemModel } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule, RuleContext } from '../types.js';

/** Data classes whose transport must be encrypted (GDPR Art. 32, HIPAA §164.312(e), PCI-DSS req. 4). */
const SENSITIVE =
  /^(pii|personal|phi|health|medical|payment|payments|pci|card|cardholder|financial|credentials?)$/i;

/** Evidence that a service mesh encrypts pod-to-pod traffic (Istio, Linkerd, Consul Connect). */
export function meshEvidence(model: SystemModel, ctx: Pick<RuleContext, 'paths'>): string | undefined {
  for (const d of model.deployables) {
    const keys = [...Object.keys(d.annotations), ...Object.keys(d.podLabels), ...Object.keys(d.labels)];
    const hit = keys.find((k) => /istio|linkerd|consul\.hashicorp\.com\/connect/i.test(k));
    if (hit) return `${hit} on ${d.name} (${d.source.file})`;
  }
  const path = ctx.paths.find((p) => /(^|\/)[^/]*(istio|linkerd|peerauthentication)[^/]*$/i.test(p));
  return path ? path : undefined;
}

function plaintextUrl(dep: Dependency): string | undefined {
  const m = /\bhttp:\/\/[^\s"',]+/i.exec(dep.evidence);
  if (m && !/^http:\/\/(localhost|127\.0\.0\.1)([:/]|$)/i.test(m[0])) return m[0];
  if (/sslmode=disable|ssl=false|tls=false|useSSL=false/i.test(dep.evidence))
    return dep.evidence.replace(/:\/\/([^:@/\s]+):[^@/\s]+@/, '://$1:****@');
  return undefined;
}

const { messages, say } = defineMessages({
  plaintextConnection:
    '{{from}} → {{to}} carries {{dataClasses}} data over a plaintext connection ({{evidence}})',
});

export const plaintextSensitiveTraffic: Rule = {
  id: 'security/plaintext-sensitive-traffic',
  area: 'security',
  severity: 'high',
  title: 'Sensitive data sent over plaintext internal connections',
  messages,
  sources: ['threagile:unencrypted-communication'],
  rationale:
    'Services declared to handle personal, health or payment data must encrypt it in transit — GDPR Art. 32, the HIPAA ' +
    'Security Rule (§164.312(e)) and PCI-DSS requirement 4 say so, and zero-trust guidance (NIST SP 800-207) no longer ' +
    'treats the cluster network as trusted. A call over `http://` or a database URL with TLS disabled carries that data ' +
    'readable by anything on the path. The rule is conservative: it reports only explicit plaintext evidence, and nothing ' +
    'at all when a service mesh (which adds mTLS transparently) is in evidence.',
  references: [
    'NIST SP 800-207, Zero Trust Architecture, tenet 2: all communication is secured regardless of network location',
    'PCI-DSS v4.0, requirement 4; HIPAA Security Rule 45 CFR §164.312(e)(1); GDPR Art. 32',
    'NSA/CISA Kubernetes Hardening Guide v1.2, "Network separation and hardening" (encrypt traffic, service mesh mTLS)',
  ],
  recommendation:
    'Encrypt these connections: mTLS through a service mesh (Istio/Linkerd, `PeerAuthentication` STRICT), or TLS in the ' +
    'client (`https://`, `sslmode=verify-full`).',
  fix: {
    description: 'Require mTLS for the namespace (Istio), or switch the client to TLS.',
    language: 'yaml',
    snippet:
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: shop\nspec:\n  mtls:\n    mode: STRICT\n# or, without a mesh\n# PAYMENTS_URL: https://payments:8443',
  },
  examples: {
    fail: {
      description: 'checkout sends card data to payments over http://',
      files: {
        'docker-compose.yml':
          'services:\n  checkout:\n    image: shop/checkout:1.0.0\n    environment:\n      PAYMENTS_URL: http://payments:8080\n  payments:\n    image: shop/payments:1.0.0\n',
        'plumbline.yaml': 'system: shop\ndataClasses:\n  payments: [payment]\n',
      },
      findings: [
        {
          at: 'docker-compose.yml:5',
          messageId: 'plaintextConnection',
          message:
            'checkout → payments carries payment data over a plaintext connection (http://payments:8080)',
        },
      ],
    },
    pass: {
      description: 'checkout reaches payments over https://',
      files: {
        'docker-compose.yml':
          'services:\n  checkout:\n    image: shop/checkout:1.0.0\n    environment:\n      PAYMENTS_URL: https://payments:8443\n  payments:\n    image: shop/payments:1.0.0\n',
        'plumbline.yaml': 'system: shop\ndataClasses:\n  payments: [payment]\n',
      },
    },
  },
  check(model, ctx) {
    const sensitive = new Map<string, string[]>();
    for (const s of model.services) {
      const classes = s.dataClasses.filter((c) => SENSITIVE.test(c));
      if (classes.length > 0) sensitive.set(s.id, classes);
    }
    if (sensitive.size === 0) return { findings: [] };
    const mesh = meshEvidence(model, ctx);
    if (mesh)
      return {
        findings: [],
        strength: `Traffic of services handling sensitive data runs through a service mesh (${mesh})`,
      };
    const findings: FindingDraft[] = [];
    let considered = 0;
    for (const dep of model.dependencies) {
      if (dep.kind === 'startup') continue;
      const classes = sensitive.get(dep.to) ?? sensitive.get(dep.from);
      if (!classes) continue;
      considered++;
      const plain = plaintextUrl(dep);
      if (!plain) continue;
      findings.push({
        ...say.plaintextConnection({
          from: dep.from,
          to: dep.to,
          dataClasses: classes.join('/'),
          evidence: plain,
        }),
        locations: [dep.source],
        element: `dependency:${dep.from}>${dep.to}#plaintext`,
        data: { from: dep.from, to: dep.to, dataClasses: classes },
      });
    }
    return {
      findings,
      strength:
        considered > 0 && findings.length === 0
          ? `None of the ${considered} connections of services handling sensitive data shows plaintext transport`
          : undefined,
    };
  },
};
