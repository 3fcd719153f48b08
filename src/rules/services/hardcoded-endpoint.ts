import type { Source } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';

/** An IPv4 literal not embedded in a longer dotted/word token and not the start of a CIDR range. */
const IPV4 = /(?<![\w.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\w.]|\/\d)/g;

/** Settings that legitimately hold addresses that are not service endpoints. */
const NON_ENDPOINT_NAME =
  /VERSION|CIDR|SUBNET|NETMASK|MASK|RANGE|ALLOW|DENY|TRUST|WHITELIST|BLACKLIST|BLOCKLIST|NAMESERVER|DNS|PROXIES|GATEWAY_IP|NO_PROXY/i;

/** Wildcard binds, loopback, broadcast and the cloud metadata address are not hard-coded peers. */
export function isEndpointIp(octets: number[]): boolean {
  if (octets.some((o) => o > 255)) return false;
  const [a, b] = octets as [number, number, number, number];
  if (octets.every((o) => o === 0)) return false;
  if (a === 127) return false;
  if (octets.every((o) => o === 255)) return false;
  if (a === 169 && b === 254) return false;
  return true;
}

export function endpointIps(value: string): string[] {
  const out: string[] = [];
  for (const m of value.matchAll(IPV4)) {
    const octets = m.slice(1, 5).map(Number);
    if (isEndpointIp(octets)) out.push(m[0]);
  }
  return out;
}

/** Never echo a password embedded in a connection URL. */
function redact(value: string): string {
  return value.replace(/(\/\/[^:/@\s]+):[^@\s]*@/g, '$1:***@');
}

interface Setting {
  owner: string;
  name: string;
  value: string;
  source: Source;
}

const { messages, say } = defineMessages({
  hardcodedIp:
    '{{owner}} sets {{setting}}={{value}}: a hard-coded IP address ({{ips}}) instead of a service name',
});

export const hardcodedEndpoint: Rule = {
  id: 'services/hardcoded-endpoint',
  area: 'services',
  severity: 'medium',
  title: 'A service is configured with an IP address instead of a service name',
  messages,
  rationale:
    'Pod and container IPs change on every reschedule, and even fixed addresses tie a deployment to one network layout: ' +
    'the configuration silently breaks on failover, in another environment, or when the target scales out, and it bypasses ' +
    'service discovery and load balancing. Newman and the Kubernetes documentation both point at DNS service names as the ' +
    'stable way for services to find each other. Wildcard binds (0.0.0.0), loopback and address ranges (CIDR, allow lists) are not reported.',
  references: [
    'Kubernetes documentation: DNS for Services and Pods (https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/)',
    'Newman, Building Microservices (2nd ed.), ch. 5: service discovery',
    'Taibi & Lenarduzzi, "On the Definition of Microservice Bad Smells", IEEE Software 35(3), 2018 (hard-coded endpoints)',
  ],
  recommendation:
    "Point the setting at the target's service name (Kubernetes Service DNS, compose service name); for a system outside " +
    'the cluster, use its DNS name or a Kubernetes ExternalName Service.',
  fix: {
    description: 'Use the service name; for an external system, give it a name with an ExternalName Service.',
    language: 'yaml',
    snippet:
      'env:\n  - name: PAYMENTS_URL\n    value: http://payments:8080        # was http://10.0.3.17:8080\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: legacy-ledger\nspec:\n  type: ExternalName\n  externalName: ledger.corp.example.com',
  },
  examples: {
    fail: {
      description: 'orders reaches payments by a fixed IP',
      files: {
        'docker-compose.yml':
          'services:\n  orders:\n    image: shop/orders:1.4.0\n    environment:\n      PAYMENTS_URL: http://10.0.3.17:8080\n  payments:\n    image: shop/payments:2.1.0\n',
      },
      findings: [
        {
          at: 'docker-compose.yml:5',
          messageId: 'hardcodedIp',
          message:
            'orders sets PAYMENTS_URL=http://10.0.3.17:8080: a hard-coded IP address (10.0.3.17) instead of a service name',
        },
      ],
    },
    pass: {
      description: 'orders uses the service name; the only IP is a wildcard bind',
      files: {
        'docker-compose.yml':
          'services:\n  orders:\n    image: shop/orders:1.4.0\n    environment:\n      PAYMENTS_URL: http://payments:8080\n      LISTEN_ADDR: 0.0.0.0:8080\n  payments:\n    image: shop/payments:2.1.0\n',
      },
    },
  },
  check(model) {
    const settings: Setting[] = [];
    for (const d of model.deployables) {
      for (const c of d.containers) {
        for (const e of c.env) {
          if (e.value !== undefined)
            settings.push({ owner: d.name, name: e.name, value: e.value, source: e.source });
        }
      }
    }
    for (const config of model.configs) {
      if (config.kind === 'Secret' || config.kind === 'compose-secret') continue;
      for (const entry of config.entries) {
        if (entry.value !== undefined)
          settings.push({
            owner: `${config.kind} ${config.name}`,
            name: entry.key,
            value: entry.value,
            source: entry.source,
          });
      }
    }
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const s of settings) {
      if (NON_ENDPOINT_NAME.test(s.name)) continue;
      checked++;
      const ips = endpointIps(s.value);
      if (ips.length === 0) continue;
      findings.push({
        ...say.hardcodedIp({ owner: s.owner, setting: s.name, value: redact(s.value), ips: ips.join(', ') }),
        locations: [s.source],
        element: `endpoint:${s.owner}:${s.name}`,
        data: { owner: s.owner, setting: s.name, value: redact(s.value), ips },
      });
    }
    return {
      findings,
      strength:
        checked > 0 && findings.length === 0
          ? `No hard-coded IP addresses among ${checked} environment and config settings`
          : undefined,
    };
  },
};
