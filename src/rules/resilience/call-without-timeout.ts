import { defineMessages } from '../messages.js';
import { at, codeExample, type ServiceCall, serviceCalls } from '../shared/code.js';
import type { FindingDraft, Rule } from '../types.js';

/**
 * Clients whose default is to wait forever (no read/response timeout or deadline unless one is set):
 * Spring RestTemplate (SimpleClientHttpRequestFactory: 0 = infinite), WebClient (no response timeout),
 * JAX-RS, Go net/http's DefaultClient (Timeout 0), gRPC in Go/Java/Python (no deadline), Python requests,
 * fetch, axios (timeout 0), got and superagent. Feign (60 s), .NET HttpClient (100 s), httpx (5 s),
 * aiohttp (5 min) and ky (10 s) have finite defaults and are not reported.
 */
const INFINITE_DEFAULT = new Set([
  'RestTemplate',
  'WebClient',
  'JAX-RS',
  'net/http',
  'grpc-go',
  'grpc-java',
  'grpcio',
  'requests',
  'fetch',
  'axios',
  'got',
  'superagent',
]);

const NO_TIMEOUT = `import requests

PRICING_URL = "http://pricing:8080/api/prices"


def quote(cart):
    return requests.post(PRICING_URL, json=cart).json()
`;

const WITH_TIMEOUT = `import requests

PRICING_URL = "http://pricing:8080/api/prices"


def quote(cart):
    return requests.post(PRICING_URL, json=cart, timeout=2).json()
`;

const { messages, say } = defineMessages({
  noTimeout: '{{from}} calls {{to}} with {{client}}, whose default is no timeout, and sets none ({{sites}})',
});

export const callWithoutTimeout: Rule = {
  id: 'resilience/call-without-timeout',
  area: 'resilience',
  severity: 'medium',
  title: 'Service call with a client that waits forever by default',
  messages,
  rationale:
    'Many HTTP and gRPC clients wait indefinitely unless told otherwise: RestTemplate, Go net/http, Python requests, ' +
    "fetch, axios and gRPC stubs without a deadline. One hung dependency then holds the caller's threads or connections " +
    "until they run out, and the outage spreads upstream. Nygard's first stability pattern is a timeout on every " +
    'integration point; Plumbline credits a timeout set in the call, on the client in the same file, or in the ' +
    "service's application config.",
  references: [
    'Nygard, Release It! (2nd ed.), ch. 5: Timeouts',
    'Google SRE book, ch. 22: Addressing Cascading Failures (deadlines and deadline propagation)',
    'gRPC documentation: Deadlines (https://grpc.io/docs/guides/deadlines/)',
    'requests documentation: Timeouts ("Nearly all production code should use this parameter")',
  ],
  recommendation:
    "Give every remote call a timeout shorter than the caller's own deadline: a connect and read timeout on the client, a deadline on each gRPC call, or a client-wide default in config.",
  fix: {
    description: 'Pass a timeout on the call, or build the client with connect/read timeouts once.',
    language: 'python',
    snippet: WITH_TIMEOUT,
  },
  examples: {
    fail: {
      description: 'checkout calls pricing with requests and no timeout',
      files: codeExample(['checkout', 'pricing'], { 'checkout/app/pricing_client.py': NO_TIMEOUT }),
      findings: [
        {
          at: 'checkout/app/pricing_client.py:7',
          messageId: 'noTimeout',
          message:
            'checkout calls pricing with requests, whose default is no timeout, and sets none (checkout/app/pricing_client.py:7)',
        },
      ],
    },
    pass: {
      description: 'checkout passes timeout=2',
      files: codeExample(['checkout', 'pricing'], { 'checkout/app/pricing_client.py': WITH_TIMEOUT }),
    },
  },
  check(model) {
    const findings: FindingDraft[] = [];
    const groups = new Map<string, ServiceCall[]>();
    let judged = 0;
    for (const call of serviceCalls(model)) {
      if (!INFINITE_DEFAULT.has(call.fact.client ?? '')) continue;
      judged++;
      if (call.fact.timeout) continue;
      const key = `${call.from}>${call.to}>${call.fact.client}`;
      groups.set(key, [...(groups.get(key) ?? []), call]);
    }
    for (const [key, calls] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const first = calls[0] as ServiceCall;
      findings.push({
        ...say.noTimeout({
          from: first.from,
          to: first.to,
          client: first.fact.client ?? '',
          sites: calls.map((c) => at(c.fact)).join(', '),
        }),
        locations: calls.map((c) => c.fact.source),
        element: `timeout:${key}`,
        data: { from: first.from, to: first.to, client: first.fact.client ?? null, calls: calls.length },
      });
    }
    return {
      findings,
      strength:
        judged > 0 && findings.length === 0
          ? `All ${judged} call sites using clients without a default timeout set one`
          : undefined,
    };
  },
};
