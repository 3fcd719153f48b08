/**
 * docker-compose for local development: pinned images, health checks with depends_on conditions, secrets
 * from files (never literal values), data stores on an internal network and never published on the host,
 * application ports bound to 127.0.0.1 only, containers non-root with read-only root filesystems.
 */
import type { DesignResult } from '../result.js';
import { auditTopic } from './audit.js';
import { type Backing, backingServices, healthCommand } from './backing.js';
import { imageOf } from './images.js';

type Obj = Record<string, unknown>;

export interface ComposeFiles {
  compose: Obj;
  /** env files (non-secret configuration), by relative path. */
  envFiles: Record<string, string>;
  /** Secret file names the developer creates locally (git-ignored). */
  secretFiles: string[];
}

const secretName = (b: Backing) => `${b.name.replace(/-/g, '_')}_password`;
const needsPassword = (b: Backing) => b.engine === 'postgres' || b.engine === 'mongodb';

export function composeFor(d: DesignResult): ComposeFiles {
  const backing = backingServices(d);
  const services: Obj = {};
  const envFiles: Record<string, string> = {};
  const secrets: Obj = {};
  const volumes: Obj = {};

  for (const b of backing) {
    const env = backingEnv(b);
    const service: Obj = {
      image: b.image,
      restart: 'unless-stopped',
      networks: ['data'],
      healthcheck: {
        test: healthCommand(b),
        interval: '10s',
        timeout: '5s',
        retries: 5,
        start_period: '20s',
      },
      security_opt: ['no-new-privileges:true'],
      // the images' own unprivileged users: their entrypoints run as them and own the data directories
      user: BACKING_USERS[b.engine],
    };
    if (env) {
      envFiles[`env/${b.name}.env`] = env;
      service.env_file = [`./env/${b.name}.env`];
    }
    if (needsPassword(b)) {
      secrets[secretName(b)] = { file: `./secrets/${secretName(b)}.txt` };
      service.secrets = [secretName(b)];
    }
    if (b.engine === 'redis')
      service.command = ['redis-server', '--appendonly', 'yes', '--appendfsync', 'everysec'];
    const dataPath = DATA_PATHS[b.engine];
    volumes[`${b.name}-data`] = {};
    service.volumes = [`${b.name}-data:${dataPath}`];
    services[b.name] = service;
  }

  d.deployables.forEach((dep, i) => {
    const mine = backing.filter((b) => b.usedBy.includes(dep.name));
    const env = [
      `PORT=${dep.port}`,
      'LOG_LEVEL=info',
      `OTEL_SERVICE_NAME=${dep.name}`,
      ...(auditTopic(d) ? [`AUDIT_TOPIC=${auditTopic(d)}`] : []),
      ...mine.map((b) => `${envPrefix(b)}_URL=${connectionUrl(b)}`),
      ...mine.filter(needsPassword).map((b) => `${envPrefix(b)}_PASSWORD_FILE=/run/secrets/${secretName(b)}`),
      ...dep.calls.map(
        (c) =>
          `${c.toUpperCase().replace(/-/g, '_')}_BASE_URL=http://${c}:${d.deployables.find((x) => x.name === c)!.port}`,
      ),
    ];
    envFiles[`env/${dep.name}.env`] = `${env.join('\n')}\n`;
    services[dep.name] = {
      image: imageOf(d, dep),
      restart: 'unless-stopped',
      env_file: [`./env/${dep.name}.env`],
      ...(mine.some(needsPassword) ? { secrets: mine.filter(needsPassword).map(secretName) } : {}),
      ports: [`127.0.0.1:${8080 + i}:${dep.port}`],
      networks: ['edge', 'data'],
      depends_on: Object.fromEntries(
        [
          ...mine.map((b) => [b.name, { condition: 'service_healthy' }] as const),
          ...dep.calls.map((c) => [c, { condition: 'service_healthy' }] as const),
        ].sort(([a], [b]) => a.localeCompare(b)),
      ),
      healthcheck: {
        test: ['CMD', 'wget', '-qO-', `http://127.0.0.1:${dep.port}/healthz/ready`],
        interval: '10s',
        timeout: '3s',
        retries: 5,
        start_period: '15s',
      },
      user: '10001:10001',
      read_only: true,
      tmpfs: ['/tmp'],
      cap_drop: ['ALL'],
      security_opt: ['no-new-privileges:true'],
      deploy: { resources: { limits: { cpus: '1.0', memory: '1g' } } },
    };
  });

  return {
    compose: {
      name: d.slug,
      services,
      networks: { edge: {}, data: { internal: true } },
      ...(Object.keys(volumes).length ? { volumes } : {}),
      ...(Object.keys(secrets).length ? { secrets } : {}),
    },
    envFiles,
    secretFiles: Object.keys(secrets).map((s) => `${s}.txt`),
  };
}

const BACKING_USERS: Record<Backing['engine'], string> = {
  postgres: 'postgres',
  mongodb: 'mongodb',
  redis: 'redis',
  opensearch: '1000:1000',
  kafka: '1000:1000',
  rabbitmq: 'rabbitmq',
};

const DATA_PATHS: Record<Backing['engine'], string> = {
  postgres: '/var/lib/postgresql/data',
  mongodb: '/data/db',
  redis: '/data',
  opensearch: '/usr/share/opensearch/data',
  kafka: '/var/lib/kafka/data',
  rabbitmq: '/var/lib/rabbitmq',
};

function backingEnv(b: Backing): string | undefined {
  switch (b.engine) {
    case 'postgres':
      return `POSTGRES_DB=${b.database}\nPOSTGRES_USER=app\nPOSTGRES_PASSWORD_FILE=/run/secrets/${secretName(b)}\n`;
    case 'mongodb':
      return `MONGO_INITDB_DATABASE=${b.database}\nMONGO_INITDB_ROOT_USERNAME=app\nMONGO_INITDB_ROOT_PASSWORD_FILE=/run/secrets/${secretName(b)}\n`;
    case 'opensearch':
      // local development only: a single node with the security plugin off, reachable only on the internal network
      return 'discovery.type=single-node\nDISABLE_SECURITY_PLUGIN=true\nOPENSEARCH_JAVA_OPTS=-Xms512m -Xmx512m\n';
    case 'kafka':
      return [
        'KAFKA_NODE_ID=1',
        'KAFKA_PROCESS_ROLES=broker,controller',
        'KAFKA_LISTENERS=PLAINTEXT://:9092,CONTROLLER://:9093',
        'KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://kafka:9092',
        'KAFKA_CONTROLLER_LISTENER_NAMES=CONTROLLER',
        'KAFKA_LISTENER_SECURITY_PROTOCOL_MAP=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
        'KAFKA_CONTROLLER_QUORUM_VOTERS=1@kafka:9093',
        'KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR=1',
        'KAFKA_AUTO_CREATE_TOPICS_ENABLE=false',
        '',
      ].join('\n');
    case 'rabbitmq':
      return 'RABBITMQ_NODENAME=rabbit@rabbitmq\n';
    case 'redis':
      return undefined;
  }
}

function envPrefix(b: Backing): string {
  const role = {
    postgres: 'DATABASE',
    mongodb: 'MONGO',
    redis: b.name.endsWith('-cache') ? 'CACHE' : 'REDIS',
    opensearch: 'SEARCH',
    kafka: 'KAFKA',
    rabbitmq: 'AMQP',
  }[b.engine];
  return role;
}

function connectionUrl(b: Backing): string {
  switch (b.engine) {
    case 'postgres':
      return `postgres://app@${b.name}:${b.port}/${b.database}`;
    case 'mongodb':
      return `mongodb://app@${b.name}:${b.port}/${b.database}?authSource=admin`;
    case 'redis':
      return `redis://${b.name}:${b.port}`;
    case 'opensearch':
      return `http://${b.name}:${b.port}`;
    case 'kafka':
      return `${b.name}:${b.port}`;
    case 'rabbitmq':
      return `amqp://${b.name}:${b.port}`;
  }
}
