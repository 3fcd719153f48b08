/**
 * Connection-pool arithmetic: every replica of every client service opens up to its pool size, and the sum
 * must fit in the database's max_connections (less the slots PostgreSQL reserves for superusers).
 */
import type { ConfigObject, Container, DatastoreEngine } from '../../model/schema.js';

/** Documented defaults. */
export const DEFAULT_MAX_CONNECTIONS: Partial<Record<DatastoreEngine, number>> = {
  postgres: 100, // PostgreSQL max_connections default
  mysql: 151, // MySQL max_connections default
  mariadb: 151, // MariaDB max_connections default
};
/** PostgreSQL superuser_reserved_connections default: application roles cannot use these. */
export const POSTGRES_RESERVED = 3;
export const POOL_DEFAULTS = {
  hikari: { size: 10, label: 'HikariCP default maximumPoolSize 10' },
  nodePostgres: { size: 10, label: 'node-postgres Pool default max 10' },
  sqlalchemy: { size: 15, label: 'SQLAlchemy default pool_size 5 + max_overflow 10' },
  assumed: { size: 10, label: 'assumed 10 (the HikariCP and node-postgres default)' },
} as const;

export interface PoolSize {
  size: number;
  /** Where the number came from: `DB_POOL_SIZE=30`, a URL parameter, or a documented default. */
  source: string;
  explicit: boolean;
}

export interface PoolClient {
  service: string;
  replicas: number;
  pool: PoolSize;
}

export interface PoolBudget {
  clients: Array<PoolClient & { connections: number }>;
  totalConnections: number;
  maxConnections: number;
  reserved: number;
  available: number;
  exceeded: boolean;
  /** The sum written out: `orders 4 × 30 + billing 1 × 20 = 140 > 97 (100 − 3 reserved)`. */
  shown: string;
}

export function poolBudget(clients: PoolClient[], maxConnections: number, reserved: number): PoolBudget {
  const rows = clients.map((c) => ({ ...c, connections: c.replicas * c.pool.size }));
  const totalConnections = rows.reduce((a, r) => a + r.connections, 0);
  const available = Math.max(0, maxConnections - reserved);
  const exceeded = totalConnections > available;
  const terms = rows.map((r) => `${r.service} ${r.replicas} × ${r.pool.size}`).join(' + ');
  const limit = reserved > 0 ? `${available} (${maxConnections} − ${reserved} reserved)` : `${available}`;
  return {
    clients: rows,
    totalConnections,
    maxConnections,
    reserved,
    available,
    exceeded,
    shown: `${terms} = ${totalConnections} ${exceeded ? '>' : '≤'} ${limit}`,
  };
}

const POOL_ENV =
  /^(?:[A-Z0-9]+_)*(?:POOL_SIZE|POOL_MAX|MAX_POOL_SIZE|POOL_MAX_SIZE|MAXIMUM_POOL_SIZE|POOL_MAXIMUM_SIZE|CONNECTION_LIMIT|MAX_POOL)$/;
const OVERFLOW_ENV = /^(?:[A-Z0-9]+_)*MAX_OVERFLOW$/;
const URL_POOL =
  /[?&](pool_size|poolSize|connection_limit|maxPoolSize|pool_max|max_pool_size|maximumPoolSize)=(\d+)/;
const PROPERTY_POOL =
  /(spring\.datasource\.hikari\.maximum-pool-size|maximumPoolSize|pool_size|pool\.max)\s*[=:]\s*(\d+)/;

/** Pool size of one service from its containers' environment, URLs and env-imported config, else the documented default. */
export function poolSizeOf(containers: Container[], configs: ConfigObject[], language?: string): PoolSize {
  const env = containers.flatMap((c) => c.env);
  const imported = containers.flatMap((c) =>
    c.envFrom.flatMap((ref) => configs.filter((cfg) => cfg.name === ref.name).flatMap((cfg) => cfg.entries)),
  );
  const pairs = [
    ...env.map((e) => ({ key: e.name, value: e.value })),
    ...imported.map((e) => ({ key: e.key, value: e.value })),
  ];
  let size: number | undefined;
  let source = '';
  for (const { key, value } of pairs) {
    const upper = key.toUpperCase().replace(/[.-]/g, '_');
    const n = Number(value);
    if (POOL_ENV.test(upper) && Number.isInteger(n) && n > 0) {
      size = n;
      source = `${key}=${value}`;
      break;
    }
    const url = value ? URL_POOL.exec(value) : null;
    if (url) {
      size = Number(url[2]);
      source = `${key} ${url[1]}=${url[2]}`;
      break;
    }
    const prop = value ? PROPERTY_POOL.exec(value) : null;
    if (prop) {
      size = Number(prop[2]);
      source = `${key}: ${prop[1]}=${prop[2]}`;
      break;
    }
  }
  if (size !== undefined) {
    const overflow = pairs.find(
      (p) => OVERFLOW_ENV.test(p.key.toUpperCase()) && Number.isInteger(Number(p.value)),
    );
    if (overflow) {
      size += Number(overflow.value);
      source += ` + ${overflow.key}=${overflow.value}`;
    }
    return { size, source, explicit: true };
  }
  const keys = pairs.map((p) => p.key.toUpperCase());
  const values = pairs.map((p) => p.value ?? '').join(' ');
  if (keys.some((k) => k.startsWith('SPRING_DATASOURCE')) || /jdbc:/.test(values) || language === 'java')
    return { ...POOL_DEFAULTS.hikari, source: POOL_DEFAULTS.hikari.label, explicit: false };
  if (
    keys.some((k) => k.startsWith('SQLALCHEMY')) ||
    /postgresql\+\w+:|mysql\+\w+:/.test(values) ||
    language === 'python'
  )
    return { ...POOL_DEFAULTS.sqlalchemy, source: POOL_DEFAULTS.sqlalchemy.label, explicit: false };
  if (language === 'javascript' || language === 'typescript')
    return { ...POOL_DEFAULTS.nodePostgres, source: POOL_DEFAULTS.nodePostgres.label, explicit: false };
  return { size: POOL_DEFAULTS.assumed.size, source: POOL_DEFAULTS.assumed.label, explicit: false };
}

const MAX_CONN_ARG = /max[_-]connections\s*=\s*(\d+)/i;
const MAX_CONN_ENV = /^(POSTGRESQL|POSTGRES|PG|MYSQL|MARIADB)_?MAX_CONNECTIONS$/;

/** max_connections from the database container's command/args, its env (bitnami style) or its config, else the default. */
export function maxConnectionsOf(
  containers: Container[],
  configs: ConfigObject[],
  engine: DatastoreEngine,
): { value: number; source: string } | undefined {
  for (const c of containers) {
    const words = [...(c.command ?? []), ...(c.args ?? [])];
    for (let i = 0; i < words.length; i++) {
      const m = MAX_CONN_ARG.exec(words[i] as string);
      if (m) return { value: Number(m[1]), source: `${words[i - 1] === '-c' ? '-c ' : ''}${words[i]}` };
      if (/^--max[_-]connections$/.test(words[i] as string) && /^\d+$/.test(words[i + 1] ?? ''))
        return { value: Number(words[i + 1]), source: `${words[i]} ${words[i + 1]}` };
    }
    for (const e of c.env) {
      if (MAX_CONN_ENV.test(e.name.toUpperCase()) && /^\d+$/.test(e.value ?? ''))
        return { value: Number(e.value), source: `${e.name}=${e.value}` };
    }
    for (const ref of c.envFrom) {
      for (const cfg of configs.filter((x) => x.name === ref.name)) {
        for (const entry of cfg.entries) {
          const m = MAX_CONN_ARG.exec(`${entry.key}=${entry.value ?? ''}`);
          if (m) return { value: Number(m[1]), source: `${cfg.name}: ${entry.key}` };
        }
      }
    }
  }
  const fallback = DEFAULT_MAX_CONNECTIONS[engine];
  return fallback === undefined
    ? undefined
    : { value: fallback, source: `${engine} default max_connections ${fallback}` };
}
