/**
 * Recognise datastores, caches, brokers and search engines among the discovered services — from their
 * images first (`postgres:16`, `bitnami/redis`, `confluentinc/cp-kafka`), then, for services named like a
 * store (`catalogue-db`), from the environment they are configured with (`MYSQL_*`) and the ports they
 * listen on (3306, a port named `mongo`) — and from connection-string schemes.
 */
import { imageName } from './images.js';
import type { Datastore, DatastoreEngine, Deployable, Exposure, Service, ServiceRole } from './schema.js';

type Category = Datastore['category'];

const IMAGE_ENGINES: [RegExp, DatastoreEngine][] = [
  [
    /^(postgres|postgresql|postgis|timescaledb|timescaledb-ha|pgvector|postgresql-repmgr|spilo[\w-]*)$/,
    'postgres',
  ],
  [/^(mysql|mysql-server|percona|percona-server)$/, 'mysql'],
  [/^(mariadb|mariadb-galera)$/, 'mariadb'],
  [/^(mongo|mongodb|mongodb-community-server|mongodb-enterprise-server)$/, 'mongodb'],
  [/^(redis|redis-stack|redis-stack-server|redis-cluster|valkey|keydb|dragonfly)$/, 'redis'],
  [/^memcached$/, 'memcached'],
  [/^(cassandra|scylla)$/, 'cassandra'],
  [/^elasticsearch$/, 'elasticsearch'],
  [/^opensearch$/, 'opensearch'],
  [/^(kafka|cp-kafka|cp-server|redpanda)$/, 'kafka'],
  [/^rabbitmq$/, 'rabbitmq'],
  [/^(nats|nats-streaming)$/, 'nats'],
  [/^(pulsar|pulsar-all)$/, 'pulsar'],
  [/^(clickhouse|clickhouse-server)$/, 'clickhouse'],
  [/^minio$/, 'minio'],
  [/^etcd$/, 'etcd'],
  [/^(zookeeper|cp-zookeeper)$/, 'zookeeper'],
  [/^dynamodb-local$/, 'dynamodb'],
];

export const ENGINE_CATEGORY: Record<DatastoreEngine, Category> = {
  postgres: 'database',
  mysql: 'database',
  mariadb: 'database',
  mongodb: 'database',
  redis: 'cache',
  memcached: 'cache',
  cassandra: 'database',
  elasticsearch: 'search',
  opensearch: 'search',
  kafka: 'broker',
  rabbitmq: 'broker',
  nats: 'broker',
  pulsar: 'broker',
  sqlserver: 'database',
  oracle: 'database',
  sqlite: 'database',
  dynamodb: 'database',
  spanner: 'database',
  clickhouse: 'database',
  minio: 'object-store',
  etcd: 'coordination',
  zookeeper: 'coordination',
  unknown: 'database',
};

export const CATEGORY_ROLE: Record<Category, ServiceRole> = {
  database: 'datastore',
  cache: 'cache',
  broker: 'broker',
  search: 'search',
  'object-store': 'datastore',
  coordination: 'datastore',
};

const PORT_ENGINES: Record<number, DatastoreEngine> = {
  5432: 'postgres',
  3306: 'mysql',
  27017: 'mongodb',
  6379: 'redis',
  11211: 'memcached',
  9042: 'cassandra',
  9200: 'elasticsearch',
  5672: 'rabbitmq',
  9092: 'kafka',
  4222: 'nats',
  6650: 'pulsar',
  1433: 'sqlserver',
  1521: 'oracle',
  2379: 'etcd',
  2181: 'zookeeper',
};

const NAME_ENGINES: [RegExp, DatastoreEngine][] = [
  [/^(postgres|postgresql|pg)$/, 'postgres'],
  [/^mysql$/, 'mysql'],
  [/^mariadb$/, 'mariadb'],
  [/^(mongo|mongodb)$/, 'mongodb'],
  [/^redis$/, 'redis'],
  [/^memcached?$/, 'memcached'],
  [/^(amqp|rabbitmq)$/, 'rabbitmq'],
  [/^kafka$/, 'kafka'],
  [/^nats$/, 'nats'],
  [/^(elasticsearch|es)$/, 'elasticsearch'],
];

const SCHEME_ENGINES: Record<string, DatastoreEngine> = {
  postgres: 'postgres',
  mysql: 'mysql',
  mariadb: 'mariadb',
  mongodb: 'mongodb',
  redis: 'redis',
  memcached: 'memcached',
  amqp: 'rabbitmq',
  kafka: 'kafka',
  nats: 'nats',
  sqlserver: 'sqlserver',
  oracle: 'oracle',
  cassandra: 'cassandra',
  clickhouse: 'clickhouse',
  pulsar: 'pulsar',
  sqlite: 'sqlite',
};

/** The engine that listens on a well-known port (5432 → postgres), when nothing better says which. */
export function engineOfPort(port: number | undefined): DatastoreEngine | undefined {
  return port === undefined ? undefined : PORT_ENGINES[port];
}

export function engineOfScheme(scheme: string | undefined): DatastoreEngine | undefined {
  return scheme ? SCHEME_ENGINES[scheme] : undefined;
}

/** Tool images that carry a store's name but are not the store (`redis-commander`, `rabbitmq-exporter`). */
export function engineOfImage(image: string): DatastoreEngine | undefined {
  const lower = image.toLowerCase();
  if (/(^|\/)mssql\//.test(lower)) return 'sqlserver';
  if (/cloud-spanner-emulator/.test(lower)) return 'spanner';
  if (/(^|\/)oracle\/database|container-registry\.oracle\.com\/database|gvenzl\/oracle/.test(lower))
    return 'oracle';
  const name = imageName(lower);
  for (const [re, engine] of IMAGE_ENGINES) if (re.test(name)) return engine;
  return undefined;
}

/** Admin consoles, observability and dev mail catchers: tools around the system, not part of it. */
const TOOL_IMAGE =
  /^(pgadmin4?|adminer|phpmyadmin|mongo-express|redis-commander|redisinsight|kafdrop|kafka-ui|akhq|prometheus|grafana|alertmanager|jaeger|all-in-one|zipkin|otel-collector|opentelemetry-collector(-contrib)?|mailhog|mailpit|maildev|portainer|dozzle|[\w-]+-exporter)$/;

export function isToolImage(image: string): boolean {
  return TOOL_IMAGE.test(imageName(image));
}

/** A service named like a store: `orders-db`, `user_db`, `session-redis`, `catalog-cache`, `mongo`. */
const STORE_NAME =
  /(^|[-_.])(db|database|mongo|mongodb|postgres|postgresql|pg|mysql|mariadb|redis|memcached|cache|kafka|rabbitmq|elasticsearch)([-_.]|\d*$)/;

export function looksLikeStoreName(id: string): boolean {
  return STORE_NAME.test(id);
}

export interface StoreFacts {
  engine: DatastoreEngine;
  category: Category;
}

/** What kind of store a service is, or undefined for an application. */
export function storeOf(
  service: Service,
  deployables: Deployable[],
  exposures: Exposure[],
  builtFrom: string[] = [],
): StoreFacts | undefined {
  const mains = deployables.flatMap((d) => d.containers.filter((c) => !c.init));
  const images = [...service.images, ...mains.map((c) => c.image ?? ''), ...builtFrom].filter(Boolean);
  for (const image of images) {
    const engine = engineOfImage(image);
    if (engine) return { engine, category: ENGINE_CATEGORY[engine] };
  }
  // A custom image configured as a server (POSTGRES_DB, MYSQL_ROOT_PASSWORD, …) that also listens on the
  // engine's port or mounts its data/init directory is that engine, whatever it is called.
  const server = engineOfEnv(mains.flatMap((c) => c.env.map((e) => e.name)));
  if (server) {
    const ports = new Set(mains.flatMap((c) => c.ports.map((p) => p.containerPort)));
    const mounts = mains.flatMap((c) => c.volumeMounts.map((m) => m.mountPath));
    const port = Object.entries(PORT_ENGINES).find(([, e]) => e === server)?.[0];
    if ((port && ports.has(Number(port))) || mounts.some((m) => DATA_DIRS.test(m)))
      return { engine: server, category: ENGINE_CATEGORY[server] };
  }
  if (!looksLikeStoreName(service.id)) return undefined;
  const engine =
    engineOfEnv(mains.flatMap((c) => c.env.map((e) => e.name))) ??
    engineOfPorts(
      mains.flatMap((c) => c.ports),
      exposures,
    ) ??
    engineOfName(service.id);
  if (engine) return { engine, category: ENGINE_CATEGORY[engine] };
  return { engine: 'unknown', category: /cache/.test(service.id) ? 'cache' : 'database' };
}

const DATA_DIRS =
  /^\/(var\/lib\/(postgresql|mysql|mongodb|rabbitmq|redis)|data\/db|docker-entrypoint-initdb\.d)(\/|$)/;

function engineOfEnv(names: string[]): DatastoreEngine | undefined {
  for (const name of names) {
    if (/^MARIADB_/.test(name)) return 'mariadb';
    if (/^MYSQL_/.test(name)) return 'mysql';
    if (/^(POSTGRES_|PGDATA$)/.test(name)) return 'postgres';
    if (/^MONGO_INITDB_/.test(name)) return 'mongodb';
    if (/^RABBITMQ_/.test(name)) return 'rabbitmq';
    if (/^KAFKA_/.test(name)) return 'kafka';
  }
  return undefined;
}

function engineOfPorts(
  ports: { containerPort: number; name?: string }[],
  exposures: Exposure[],
): DatastoreEngine | undefined {
  const names = [...ports.map((p) => p.name), ...exposures.flatMap((e) => e.ports.map((p) => p.name))];
  for (const name of names) {
    if (!name) continue;
    const bare = name.toLowerCase().replace(/^(tcp|tls)-/, '');
    for (const [re, engine] of NAME_ENGINES) if (re.test(bare)) return engine;
  }
  const numbers = [
    ...ports.map((p) => p.containerPort),
    ...exposures.flatMap((e) => e.ports.map((p) => p.port)),
  ];
  for (const n of numbers) if (PORT_ENGINES[n]) return PORT_ENGINES[n];
  return undefined;
}

/** The engine a client's setting names: `MONGO_HOST=…`, `spring.data.mongodb.uri`, `PGHOST`, `REDIS_ADDR`. */
export function engineOfClientKey(evidence: string): DatastoreEngine | undefined {
  const key = (evidence.split(/[=:\s]/)[0] ?? '').toLowerCase();
  if (/mongo/.test(key)) return 'mongodb';
  if (/postgres|^pg|psql/.test(key)) return 'postgres';
  if (/mariadb/.test(key)) return 'mariadb';
  if (/mysql/.test(key)) return 'mysql';
  if (/redis/.test(key)) return 'redis';
  if (/memcache/.test(key)) return 'memcached';
  if (/rabbit|amqp/.test(key)) return 'rabbitmq';
  if (/kafka/.test(key)) return 'kafka';
  if (/elastic/.test(key)) return 'elasticsearch';
  return undefined;
}

function engineOfName(id: string): DatastoreEngine | undefined {
  for (const part of id.split(/[-_.]/))
    for (const [re, engine] of NAME_ENGINES) if (re.test(part)) return engine;
  return undefined;
}

/** Protocol a client speaks to a store of this engine. */
export function engineProtocol(
  engine: DatastoreEngine,
): 'sql' | 'mongodb' | 'redis' | 'amqp' | 'kafka' | 'nats' | 'http' | 'tcp' {
  switch (engine) {
    case 'postgres':
    case 'mysql':
    case 'mariadb':
    case 'sqlserver':
    case 'oracle':
    case 'sqlite':
    case 'clickhouse':
    case 'spanner':
      return 'sql';
    case 'mongodb':
      return 'mongodb';
    case 'redis':
      return 'redis';
    case 'rabbitmq':
      return 'amqp';
    case 'kafka':
      return 'kafka';
    case 'nats':
      return 'nats';
    case 'elasticsearch':
    case 'opensearch':
    case 'minio':
    case 'dynamodb':
      return 'http';
    default:
      return 'tcp';
  }
}
