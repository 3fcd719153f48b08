/**
 * Application configuration: Spring `application*.yml|yaml|properties` and `bootstrap*` (profiles as variants,
 * also `spring.config.activate.on-profile` documents), .NET `appsettings*.json`, `.env` files and Node `config/`
 * JSON/YAML. Every leaf key whose value holds an address becomes an `address` code fact under its key
 * (`spring.datasource.url`, `ConnectionStrings.OrdersDb`, `ORDERS_URL`), timeout and retry settings become
 * `timeout` / `retry` facts, and topic/queue bindings become publish/consume facts. Placeholders such as
 * `${ORDER_HOST:order-service}` stay in the value; src/model/infer-code.ts resolves them against the env the
 * deployment gives the same service, else their default.
 */
import { endpointsIn, isAddressKey } from '../../model/infer-endpoints.js';
import type { CodeFact, Diagnostic } from '../../model/schema.js';
import { parseStructured, type StructuredDocument } from '../parse/structured.js';
import type { Adapter, Fragment, SourceFile } from '../types.js';

const SPRING = /(^|\/)(application|bootstrap)(-[\w.-]+)?\.(ya?ml|properties)$/i;
const DOTNET = /(^|\/)appsettings(\.[\w-]+)?\.json$/i;
const DOTENV = /(^|\/)(\.env(\.[\w-]+)?|[\w-]+\.env)$/i;
const NODE_CONFIG =
  /(^|\/)config\/(default|production|development|staging|test|local|custom-environment-variables)(-[\w-]+)?\.(json|ya?ml)$/i;

/** Spring resources and config-server repositories: `shared/account-service.yml`, `config-repo/orders.yml`. */
const SPRING_RESOURCES =
  /(^|\/)(src\/main\/resources|config-repo|config-server-repo)\/(.+\/)?[\w.-]+\.(ya?ml|properties)$/i;

export function isAppConfigPath(path: string): boolean {
  return (
    SPRING.test(path) ||
    DOTNET.test(path) ||
    DOTENV.test(path) ||
    NODE_CONFIG.test(path) ||
    SPRING_RESOURCES.test(path)
  );
}

export const appConfigAdapter: Adapter = {
  kind: 'source',
  claims: (path, head) =>
    isAppConfigPath(path) && !/(^|\/)(src\/test|test|tests)\//.test(path) && !isContractDocument(head),
  parse: parseAppConfig,
};

/**
 * An API description or Kubernetes manifest named or placed like app config (`application-events-asyncapi.yml`). A Spring
 * `swagger:` settings block is app config; `swagger: "2.0"` at the top is a Swagger document.
 */
function isContractDocument(head: string): boolean {
  return /^(asyncapi|openapi)\s*:\s*['"]?\d|^swagger\s*:\s*['"]?2|^\s*\{\s*"(asyncapi|openapi|swagger)"\s*:|^apiVersion\s*:/m.test(
    head,
  );
}

interface Entry {
  key: string;
  value: string;
  line: number;
  profile?: string;
}

export function parseAppConfig(file: SourceFile): Fragment {
  const diagnostics: Diagnostic[] = [];
  const fileProfile = profileOf(file.path);
  let entries: Entry[];
  if (/\.properties$/i.test(file.path) || DOTENV.test(file.path)) entries = keyValueLines(file.text);
  else {
    const parsed = parseStructured(file.path, file.text, 'app-config');
    diagnostics.push(...parsed.diagnostics.map((d) => ({ ...d, severity: 'warning' as const })));
    entries = parsed.documents.flatMap((doc) => leaves(doc));
  }
  const facts: CodeFact[] = [];
  const counter = new Map<string, number>();
  const language = 'config';
  const families = new Set<number>();
  for (const e of entries) {
    const profile = e.profile ?? fileProfile;
    const add = (kind: CodeFact['kind'], value: string, extra: Partial<CodeFact> = {}) => {
      const k = `${e.line}:${kind}`;
      const n = counter.get(k) ?? 0;
      counter.set(k, n + 1);
      facts.push({
        id: `${file.path}:${String(e.line).padStart(6, '0')}:${kind}:${n}`,
        kind,
        language,
        value,
        key: e.key,
        ...(profile ? { profile } : {}),
        ...extra,
        source: { file: file.path, line: e.line },
      });
    };
    const family = PATTERN_KEYS.findIndex((re) => re.test(e.key));
    if (family >= 0 && !families.has(family)) {
      families.add(family);
      add('pattern', (PATTERN_KEYS[family]!.exec(e.key)?.[0] ?? e.key).replace(/^\./, ''));
    }
    const last = e.key.slice(e.key.lastIndexOf('.') + 1);
    if (/timeout|deadline/i.test(last)) {
      add('timeout', e.value);
      continue;
    }
    if (/retry|retries|max-?attempts/i.test(e.key) && /^\s*[\w.-]+\s*$/.test(e.value)) {
      add('retry', e.value);
      continue;
    }
    const binding = /bindings\.([\w-]+)\.destination$/i.exec(e.key);
    if (binding) {
      const name = binding[1] as string;
      add(/(-in-|input|consumer|^in$)/i.test(name) ? 'consume' : 'publish', e.value, {
        client: 'spring-cloud-stream',
      });
      continue;
    }
    if (
      /(^|\.)(default-topic|topic|topics|queue|queues|exchange)$/i.test(e.key) &&
      !e.value.includes('://')
    ) {
      const consume = /consumer|listener|subscri/i.test(e.key);
      const broker = /kafka/i.test(e.key) ? 'kafka' : /rabbit|amqp/i.test(e.key) ? 'rabbitmq' : undefined;
      for (const topic of e.value
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean))
        add(consume ? 'consume' : 'publish', topic, broker ? { broker } : {});
      continue;
    }
    if (holdsAddress(e.key, e.value)) add('address', e.value);
  }
  return { codeFacts: facts, diagnostics };
}

/**
 * Config keys that show an architecture pattern, one family each (the first key of a family in a file becomes
 * a `pattern` fact): circuit breakers and retry policies, health-check UIs, dead letters, outboxes, idempotent
 * consumers, and YARP reverse-proxy routes.
 */
const PATTERN_KEYS: RegExp[] = [
  /(^|\.)(resilience4j|hystrix|polly)(\.|$)|circuit-?breaker/i,
  /HealthChecks-?UI/i,
  /dead-?letter|(^|[.-])dlq([.-]|$)/i,
  /outbox/i,
  /idempoten/i,
  /^ReverseProxy\.(Routes|Clusters)/,
];

/** `application-docker.yml` → docker; `appsettings.Production.json` → Production; `.env.prod` → prod. */
function profileOf(path: string): string | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const spring = /^(?:application|bootstrap)-([\w.-]+)\.(?:ya?ml|properties)$/i.exec(base);
  if (spring) return spring[1];
  const dotnet = /^appsettings\.([\w-]+)\.json$/i.exec(base);
  if (dotnet) return dotnet[1];
  const env = /^\.env\.([\w-]+)$/i.exec(base);
  if (env) return env[1];
  const node = /^(production|development|staging|test|local)(-[\w-]+)?\.(json|ya?ml)$/i.exec(base);
  return node ? node[1] : undefined;
}

function holdsAddress(key: string, value: string): boolean {
  if (value.length > 2048) return false;
  const resolved = value.replace(/\$\{[\w.-]+:([^}]*)\}/g, '$1');
  if (/:\/\//.test(resolved) || /^jdbc:/.test(resolved)) return true;
  const last =
    key
      .replace(/\[\d+\]$/, '')
      .split('.')
      .pop() ?? key;
  if (/connectionstring/i.test(key)) return endpointsIn(resolved, 'host').length > 0;
  // `spring.data.mongodb.database: payments` names a database, not a host
  if (
    key.includes('.') &&
    /^(database|db|name|username|user|password|schema|group-id|client-id)$/i.test(last)
  )
    return false;
  if (isAddressKey(last) || /(^|\.)(host|port|addresses|nodes|bootstrap-servers|brokers|uri|url)$/i.test(key))
    return endpointsIn(resolved, last).length > 0 || /\$\{/.test(value);
  return /^[a-z][\w.-]*:\d{2,5}$/i.test(resolved);
}

/** `key=value` / `key: value` lines of .properties and .env files, with `#` / `!` comments. */
function keyValueLines(text: string): Entry[] {
  const out: Entry[] = [];
  const lines = text.split(/\r?\n/);
  let profile: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    let line = (lines[i] as string).trim();
    if (line.startsWith('#---') || line === '---') profile = undefined;
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    line = line.replace(/^export\s+/, '');
    const m = /^([^=:\s]+)\s*[=:]\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1] as string;
    const value = (m[2] as string).replace(/^(['"])(.*)\1$/, '$2').trim();
    if (key === 'spring.config.activate.on-profile' || key === 'spring.profiles') profile = value;
    out.push({ key, value, line: i + 1, ...(profile ? { profile } : {}) });
  }
  return out;
}

/** Scalar leaves of a YAML/JSON document as dotted keys, with the line each is written on. */
function leaves(doc: StructuredDocument): Entry[] {
  const out: Entry[] = [];
  const data = doc.data;
  const profile = profileInDocument(data);
  const walk = (value: unknown, path: (string | number)[], depth: number) => {
    if (depth > 24) return;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) walk(value[i], [...path, i], depth + 1);
      return;
    }
    if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(v, [...path, k], depth + 1);
      return;
    }
    if (value === null || value === undefined || path.length === 0) return;
    const key = path
      .map((p) => (typeof p === 'number' ? `[${p}]` : p))
      .join('.')
      .replace(/\.\[/g, '[');
    out.push({ key, value: String(value), line: doc.locate(path).line, ...(profile ? { profile } : {}) });
  };
  walk(data, [], 0);
  return out;
}

function profileInDocument(data: unknown): string | undefined {
  const spring = (data as { spring?: Record<string, unknown> } | null)?.spring;
  if (!spring || typeof spring !== 'object') return undefined;
  const activate = (spring.config as { activate?: { 'on-profile'?: unknown } } | undefined)?.activate;
  const p = activate?.['on-profile'] ?? spring.profiles;
  return typeof p === 'string' ? p : undefined;
}
