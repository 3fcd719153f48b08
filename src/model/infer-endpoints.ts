/**
 * Find network addresses inside configuration values: URLs (`http://orders:8080/x`), connection strings
 * (`postgres://user:pass@orders-db:5432/orders`, `jdbc:mysql://db:3306/x`, `mongodb://a:27017,b:27017/x`),
 * `host:port` pairs and comma-separated host lists (`kafka-0:9092,kafka-1:9092`), `Host=db;Port=5432`
 * keyword strings, and — only when the key says it holds an address (`*_HOST`, `*_ADDR`, `-h`, …) — bare
 * host names. Templated hosts (`${VAR}`) are left out; callers substitute what they can first.
 */

export interface EndpointRef {
  /** Lower-cased host name or IP. */
  host: string;
  port?: number;
  /** Normalised scheme: `http`, `https`, `postgres`, `mysql`, `mongodb`, `redis`, `amqp`, `kafka`, ... */
  scheme?: string;
}

/** Keys (env names, config keys, flag names) whose value is an address. */
const ADDRESS_KEY =
  /(^|[_.-])(addr|address|addrs|url|urls|uri|host|hosts|hostname|endpoint|endpoints|server|servers|broker|brokers|bootstrap[_.-]?servers|dsn|upstream|backend|target|svc)$/i;

const SHORT_HOST_FLAGS = new Set(['h', 'H']);

export function isAddressKey(key: string | undefined): boolean {
  if (!key) return false;
  const k = key.replace(/^-+/, '');
  return (
    SHORT_HOST_FLAGS.has(k) || ADDRESS_KEY.test(k) || /^(mongo|redis|db|database|amqp|kafka|nats)$/i.test(k)
  );
}

const SCHEME_ALIASES: Record<string, string> = {
  postgresql: 'postgres',
  pg: 'postgres',
  'mongodb+srv': 'mongodb',
  rediss: 'redis',
  amqps: 'amqp',
  'kafka+ssl': 'kafka',
  tls: 'tcp',
  'nats+tls': 'nats',
  mssql: 'sqlserver',
  ws: 'http',
  wss: 'https',
  h2c: 'http',
};

function normaliseScheme(scheme: string): string {
  const s = scheme.toLowerCase();
  return SCHEME_ALIASES[s] ?? s;
}

const HOST = /^(?:[a-z0-9_](?:[a-z0-9_-]*[a-z0-9])?)(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9])?)*$/i;

function validHost(host: string): boolean {
  return host.length > 0 && host.length <= 253 && HOST.test(host) && !/^\d+$/.test(host);
}

function hostPort(text: string): { host: string; port?: number } | undefined {
  const t = text.trim();
  if (!t || /[${}()]/.test(t)) return undefined;
  const m = /^\[?([^\]]+?)\]?(?::(\d{1,5}))?$/.exec(t);
  if (!m) return undefined;
  const host = m[1]!.toLowerCase();
  if (!validHost(host) && !/^[\d.]+$/.test(host)) return undefined;
  return { host, ...(m[2] ? { port: Number(m[2]) } : {}) };
}

/** Every address in `value`. `key` is the name the value was found under, if any. */
export function endpointsIn(value: string, key?: string): EndpointRef[] {
  const text = value.trim();
  if (!text || text.length > 4096) return [];
  const out: EndpointRef[] = [];
  const seen = new Set<string>();
  const push = (ref: EndpointRef) => {
    const k = `${ref.scheme ?? ''}|${ref.host}|${ref.port ?? ''}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push(ref);
  };

  // URLs and connection strings, anywhere in the text (also inside shell commands and JVM options).
  const url = /\b(?:jdbc:)?([a-z][a-z0-9+.-]*):\/\/([^\s/?#"'`;]+)/gi;
  for (let m = url.exec(text); m; m = url.exec(text)) {
    const scheme = normaliseScheme(m[1]!);
    const authority = m[2]!.slice(m[2]!.lastIndexOf('@') + 1);
    for (const part of authority.split(',')) {
      const hp = hostPort(part);
      if (hp) push({ ...hp, scheme });
    }
  }
  // jdbc:sqlserver://host:1433;databaseName=x is covered above; `jdbc:oracle:thin:@host:1521:SID` is not a URL.
  const oracle = /jdbc:oracle:thin:@(?:\/\/)?([a-z0-9_.-]+):(\d{1,5})/i.exec(text);
  if (oracle) push({ host: oracle[1]!.toLowerCase(), port: Number(oracle[2]), scheme: 'oracle' });
  if (out.length > 0) return out;

  // `Host=orders-db;Port=5432;...` (ADO.NET) and `host=orders-db port=5432 dbname=x` (libpq).
  const keyword = /(?:^|[;\s])(?:host|server|hostname|data source|address)\s*=\s*([^;\s,]+)/i.exec(text);
  if (keyword) {
    const port = /(?:^|[;\s])port\s*=\s*(\d{1,5})/i.exec(text);
    const hp = hostPort(keyword[1]!.replace(/^tcp:/i, ''));
    if (hp) push({ host: hp.host, port: hp.port ?? (port ? Number(port[1]) : undefined) });
    return out.filter((r) => r.port !== undefined || r.host).map(dropUndefinedPort);
  }

  // host:port tokens and comma/space-separated lists of them.
  const tokens = text.split(/[\s,;]+/).filter(Boolean);
  for (const token of tokens) {
    if (!/:\d{1,5}$/.test(token)) continue;
    const hp = hostPort(token);
    if (hp) push(hp);
  }
  if (out.length > 0) return out;

  // Bare host names, only where the key says the value is an address.
  if (isAddressKey(key) && tokens.length > 0 && tokens.length <= 16) {
    for (const token of tokens) {
      const hp = hostPort(token);
      if (hp && /[a-z]/.test(hp.host) && !RESERVED_WORDS.has(hp.host)) push(hp);
    }
  }
  return out;
}

const RESERVED_WORDS = new Set([
  'true',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'null',
  'none',
  'disabled',
  'enabled',
]);

function dropUndefinedPort(ref: EndpointRef): EndpointRef {
  return ref.port === undefined ? { host: ref.host, ...(ref.scheme ? { scheme: ref.scheme } : {}) } : ref;
}

/** Hosts that never name another service: loopback, wildcard and link-local metadata addresses. */
export function isLocalHost(host: string): boolean {
  return /^(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|::1?|169\.254\.\d+\.\d+|host\.docker\.internal)$/.test(
    host,
  );
}

/**
 * Flag/value pairs from a command line: `--db-host=orders-db`, `-h edge-router`, `--url http://x`.
 * Tokens that are not flags are returned with no key, so URLs in them are still found.
 */
export function commandPairs(words: string[]): { key?: string; value: string; text: string }[] {
  const out: { key?: string; value: string; text: string }[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    // JVM system properties: -Dspring.data.mongodb.uri=mongodb://orders-db:27017/data
    const prop = /^-D([\w.-]+)=(.*)$/s.exec(word);
    if (prop) {
      out.push({ key: prop[1]!, value: prop[2]!, text: word });
      continue;
    }
    const eq = /^(-{1,2}[A-Za-z][\w.-]*)=(.*)$/s.exec(word);
    if (eq) {
      out.push({ key: eq[1]!.replace(/^-+/, ''), value: eq[2]!, text: word });
      continue;
    }
    const next = words[i + 1];
    if (/^-{1,2}[A-Za-z][\w.-]*$/.test(word) && next !== undefined && !next.startsWith('-')) {
      out.push({ key: word.replace(/^-+/, ''), value: next, text: `${word} ${next}` });
      i++;
      continue;
    }
    out.push({ value: word, text: word });
  }
  return out;
}
