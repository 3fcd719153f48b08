import type { Source, SystemModel } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';

/** A client timeout a service sets on its outbound calls, in milliseconds; `target` when it names the callee. */
interface Timeout {
  ms: number;
  target?: string;
  text: string;
  source: Source;
}

/** Settings that time out something other than a call to another service. */
const NOT_A_CALL =
  /db|database|sql|jdbc|mongo|redis|cache|session|idle|keep-?alive|lock|shutdown|startup|health|probe|token|jwt|cookie|lease|poll|heartbeat|ttl|grace|drain|liveness|readiness|server[-_.]?(read|write|idle)/i;

const UNIT_MS: Record<string, number> = {
  ms: 1,
  millis: 1,
  s: 1000,
  sec: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  minutes: 60_000,
};

/** Milliseconds from a timeout as written in config, env or code; undefined when it cannot be read. */
export function timeoutMs(value: string, key = '', language = 'config'): number | undefined {
  const v = value.trim();
  let m = /^(\d+(?:\.\d+)?)\s*(ms|millis|s|sec|seconds|m|min|minutes)$/i.exec(v);
  if (m) return Number(m[1]) * (UNIT_MS[(m[2] as string).toLowerCase()] ?? 1);
  m = /^PT(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/i.exec(v);
  if (m && (m[1] || m[2])) return Number(m[1] ?? 0) * 60_000 + Number(m[2] ?? 0) * 1000;
  m = /(\d+(?:\.\d+)?)\s*\*\s*time\.(Millisecond|Second|Minute)/.exec(v);
  if (m) return Number(m[1]) * ({ Millisecond: 1, Second: 1000, Minute: 60_000 }[m[2] as string] ?? 1);
  m = /(?:From|of)(Milliseconds|Millis|Seconds|Minutes)\(\s*(\d+(?:\.\d+)?)\s*\)/.exec(v);
  if (m)
    return (
      Number(m[2]) * ({ Milliseconds: 1, Millis: 1, Seconds: 1000, Minutes: 60_000 }[m[1] as string] ?? 1)
    );
  m = /^(?:[\w.]*\s*[:=]\s*)?(\d+(?:\.\d+)?)\s*,?$/.exec(v);
  if (!m) return undefined;
  const n = Number(m[1]);
  const hint = `${key} ${v}`;
  if (/millis|(^|[^a-z])ms([^a-z]|$)|InMilliseconds|Ms$/i.test(hint)) return n;
  if (/seconds|secs?([^a-z]|$)|Sec$/i.test(hint)) return n * 1000;
  // a bare number: Python clients take seconds, JavaScript and Java clients and most config keys milliseconds
  if (language === 'python') return n * 1000;
  return n >= 100 ? n : n * 1000;
}

function format(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** Outbound call timeouts per service: app config and code facts, and `*_TIMEOUT` variables of its containers. */
function timeoutsByService(model: SystemModel): { timeouts: Map<string, Timeout[]>; deadlines: Set<string> } {
  const ids = model.services.map((s) => s.id);
  const targetIn = (name: string) =>
    ids.find((id) => new RegExp(`(^|[^a-z])${id.replace(/[-_]/g, '[-_]?')}([^a-z]|$)`, 'i').test(name));
  const timeouts = new Map<string, Timeout[]>();
  const deadlines = new Set<string>();
  const add = (service: string, t: Timeout) => timeouts.set(service, [...(timeouts.get(service) ?? []), t]);
  for (const f of model.codeFacts) {
    if (f.kind !== 'timeout' || !f.serviceId) continue;
    const name = `${f.key ?? ''} ${f.value}`;
    if (/deadline|WithTimeout|grpc-timeout/i.test(name)) deadlines.add(f.serviceId);
    if (NOT_A_CALL.test(name)) continue;
    const ms = timeoutMs(f.value, f.key, f.language);
    if (ms === undefined || ms <= 0) continue;
    // the callee named by the fact, its key, or the client file it sits in (`client/catalog.go`)
    const base = f.source.file.slice(f.source.file.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
    const named =
      f.targetId ?? targetIn(f.key ?? '') ?? (f.language !== 'config' ? targetIn(base) : undefined);
    const target = named === f.serviceId ? undefined : named;
    add(f.serviceId, {
      ms,
      ...(target ? { target } : {}),
      text: f.key ? `${f.key}=${f.value}` : f.value,
      source: f.source,
    });
  }
  for (const w of model.deployables)
    for (const c of w.containers) {
      if (c.init) continue;
      for (const e of c.env) {
        if (e.value === undefined || !/timeout|deadline/i.test(e.name)) continue;
        if (/deadline/i.test(e.name)) deadlines.add(w.serviceId);
        if (NOT_A_CALL.test(e.name)) continue;
        const ms = timeoutMs(e.value, e.name, 'config');
        if (ms === undefined || ms <= 0) continue;
        const target = targetIn(e.name);
        const list = timeouts.get(w.serviceId) ?? [];
        if (list.some((t) => t.text === `${e.name}=${e.value}`)) continue; // the same variable in another deployment copy
        add(w.serviceId, {
          ms,
          ...(target && target !== w.serviceId ? { target } : {}),
          text: `${e.name}=${e.value}`,
          source: e.source,
        });
      }
    }
  return { timeouts, deadlines };
}

/** The timeouts that apply to calls from `from` to `to`: the ones naming `to`, else the untargeted ones. */
function hopTimeouts(timeouts: Map<string, Timeout[]>, from: string, to: string): Timeout[] {
  const all = timeouts.get(from) ?? [];
  const named = all.filter((t) => t.target === to);
  return named.length > 0 ? named : all.filter((t) => t.target === undefined);
}

const COMPOSE = (t: string) => `services:
  gateway:
    image: shop/gateway:1.0.0
    environment:
      ORDERS_URL: http://orders:8080
      UPSTREAM_TIMEOUT: ${t === 'pass' ? '3s' : '10s'}
  orders:
    image: shop/orders:1.0.0
    environment:
      PAYMENTS_URL: http://payments:8080
      HTTP_CLIENT_TIMEOUT: ${t === 'pass' ? '2s' : '10s'}
  payments:
    image: shop/payments:1.0.0
    environment:
      BANK_URL: https://api.bank.example.com
      HTTP_CLIENT_TIMEOUT: ${t === 'pass' ? '1500ms' : '10s'}
`;

const { messages, say } = defineMessages({
  innerTimeoutLonger:
    'Timeouts do not shrink along {{caller}} → {{callee}} → {{downstream}}: {{caller}} waits {{outer}} for {{callee}} ({{outerSettings}}), and {{callee}} waits {{inner}} ({{innerSettings}}), with no deadline propagated: when {{slow}} is slow, {{caller}} gives up while {{callee}} still waits',
  sameTimeoutEveryHop:
    'Timeouts do not shrink along {{caller}} → {{callee}} → {{downstream}}: {{caller}} waits {{outer}} for {{callee}} ({{outerSettings}}), and {{callee}} waits {{inner}} ({{innerSettings}}), the same budget on every hop, with no deadline propagated: when {{slow}} is slow, {{caller}} gives up while {{callee}} still waits',
});

export const timeoutBudget: Rule = {
  id: 'resilience/timeout-budget',
  area: 'resilience',
  severity: 'medium',
  title: 'Timeouts do not shrink along a call chain (no deadline budget)',
  messages,
  rationale:
    'When a service waits as long for its callee as its own caller waits for it (10 s on every hop), the caller ' +
    'gives up first: the inner hops keep working, holding threads and connections, on requests nobody waits for, ' +
    'and a retry at the top starts a second copy of the whole chain while the first still runs. Timeouts must ' +
    "shrink inward (each hop a budget below its caller's, minus its own work), or the remaining deadline must " +
    'travel with the request (gRPC deadlines, a deadline header) so every hop stops when the caller has.',
  references: [
    'gRPC: Deadlines, "deadline propagation" (https://grpc.io/docs/guides/deadlines/)',
    'Google SRE Book, ch. 22: Addressing Cascading Failures, "Latency and Deadlines" and "Deadline propagation" (https://sre.google/sre-book/addressing-cascading-failures/)',
    "AWS Builders' Library: Timeouts, retries, and backoff with jitter (https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/)",
    'Nygard, Release It! 2nd ed., ch. 5: Stability patterns, "Timeouts"',
  ],
  recommendation:
    "Give each hop a timeout below its caller's (caller budget minus its own work and one retry), or propagate the remaining deadline with the request (gRPC deadlines via the incoming context, or a deadline header each service honours) so inner hops stop when the caller stops.",
  fix: {
    description:
      'Shrink the budget inward: the gateway waits 3 s, orders 2 s, payments 1.5 s for their callees.',
    language: 'yaml',
    snippet: COMPOSE('pass'),
  },
  examples: {
    fail: {
      description: 'gateway → orders → payments with a 10 s client timeout on every hop',
      files: { 'docker-compose.yml': COMPOSE('fail') },
      findings: [
        {
          at: 'docker-compose.yml:6',
          messageId: 'sameTimeoutEveryHop',
          message:
            'Timeouts do not shrink along gateway → orders → payments: gateway waits 10 s for orders (UPSTREAM_TIMEOUT=10s), and orders waits 10 s for payments (HTTP_CLIENT_TIMEOUT=10s), the same budget on every hop, with no deadline propagated: when payments is slow, gateway gives up while orders still waits',
          also: ['docker-compose.yml:11'],
        },
      ],
    },
    pass: {
      description: 'the same chain with budgets of 3 s, 2 s and 1.5 s',
      files: { 'docker-compose.yml': COMPOSE('pass') },
    },
  },
  check(model) {
    const { timeouts, deadlines } = timeoutsByService(model);
    const sync = new Map<string, Set<string>>();
    for (const d of model.dependencies) {
      if (d.kind !== 'sync' || d.from === d.to) continue;
      sync.set(d.from, new Set([...(sync.get(d.from) ?? []), d.to]));
    }
    const findings: FindingDraft[] = [];
    let hops = 0;
    for (const a of [...sync.keys()].sort()) {
      for (const b of [...(sync.get(a) ?? [])].sort()) {
        const ab = hopTimeouts(timeouts, a, b);
        if (ab.length === 0 || deadlines.has(b)) continue;
        const outer = Math.max(...ab.map((t) => t.ms));
        const inner: { c: string; ms: number; t: Timeout[] }[] = [];
        for (const c of [...(sync.get(b) ?? [])].sort()) {
          if (c === a) continue;
          const bc = hopTimeouts(timeouts, b, c);
          if (bc.length === 0) continue;
          hops++;
          const ms = Math.min(...bc.map((t) => t.ms));
          if (ms >= outer) inner.push({ c, ms, t: bc });
        }
        if (inner.length === 0) continue;
        const cs = inner.map((i) => i.c);
        const uniform = inner.every((i) => i.ms === outer);
        findings.push({
          ...(uniform ? say.sameTimeoutEveryHop : say.innerTimeoutLonger)({
            caller: a,
            callee: b,
            downstream: cs.join('/'),
            outer: format(outer),
            outerSettings: ab.map((t) => t.text).join(', '),
            inner: inner.map((i) => `${format(i.ms)} for ${i.c}`).join(', '),
            innerSettings: [...new Set(inner.flatMap((i) => i.t.map((t) => t.text)))].join(', '),
            slow: cs.join(' or '),
          }),
          locations: [...ab.map((t) => t.source), ...inner.flatMap((i) => i.t.map((t) => t.source))],
          element: `timeout-budget:${a}>${b}`,
          data: {
            chain: [a, b],
            callees: cs,
            outerMs: outer,
            innerMs: Object.fromEntries(inner.map((i) => [i.c, i.ms])),
          },
        });
      }
    }
    return {
      findings,
      strength:
        hops > 0 && findings.length === 0
          ? `Client timeouts shrink inward on all ${hops} two-hop call chains where both hops set one`
          : undefined,
    };
  },
};
