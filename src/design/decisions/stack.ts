/** Technology stack: languages honouring stated preferences, the cloud and the infrastructure it implies. */
import { pinnedImage } from '../../knowledge/lifecycle.js';
import type { Requirements } from '../requirements.js';
import { type DecisionRow, decide } from './table.js';

export type Language = Requirements['preferences']['languages'][number];

export interface Runtime {
  language: Language;
  framework: string;
  /** Pinned base image for the service container. */
  baseImage: string;
}

export const RUNTIMES: Record<Language, Runtime> = {
  typescript: {
    language: 'typescript',
    framework: 'Node.js 24 LTS + Fastify',
    baseImage: pinnedImage('nodejs'),
  },
  go: {
    language: 'go',
    framework: 'Go 1.26 net/http + chi',
    baseImage: 'gcr.io/distroless/static-debian12:nonroot',
  },
  java: {
    language: 'java',
    framework: 'Java 25 LTS + Spring Boot',
    baseImage: pinnedImage('java'),
  },
  kotlin: {
    language: 'kotlin',
    framework: 'Kotlin + Ktor 3 (JVM 21 LTS)',
    baseImage: 'eclipse-temurin:21-jre',
  },
  python: {
    language: 'python',
    framework: 'Python 3.14 + FastAPI',
    baseImage: pinnedImage('python'),
  },
  csharp: {
    language: 'csharp',
    framework: '.NET 10 LTS + ASP.NET Core',
    baseImage: pinnedImage('dotnet'),
  },
  rust: { language: 'rust', framework: 'Rust + axum', baseImage: 'gcr.io/distroless/cc-debian12:nonroot' },
};

const FAST: Language[] = ['go', 'rust', 'java', 'kotlin', 'csharp'];

export interface LanguageFacts {
  deployable: string;
  preferred: Language[];
  /** Peak RPS or real-time connections make this a hot path. */
  hot: boolean;
}

export const LANGUAGE_TABLE: DecisionRow<LanguageFacts, (f: LanguageFacts) => Language>[] = [
  {
    id: 'stack/preferred-fast-for-hot-path',
    when: (f) => f.hot && f.preferred.some((l) => FAST.includes(l)),
    choose: (f) => f.preferred.find((l) => FAST.includes(l))!,
    because: (f) =>
      `${f.deployable} is a hot path; ${f.preferred.find((l) => FAST.includes(l))} is the first stated preference with a compiled, multi-threaded runtime`,
  },
  {
    id: 'stack/first-preference',
    when: (f) => f.preferred.length > 0,
    choose: (f) => f.preferred[0],
    because: (f) => `the team's first stated preference (${f.preferred[0]})`,
  },
  {
    id: 'stack/default-hot-path',
    when: (f) => f.hot,
    choose: () => 'go',
    because: () =>
      'no preference stated; a hot path benefits from Go’s low per-connection memory and latency',
  },
  {
    id: 'stack/default',
    when: () => true,
    choose: () => 'typescript',
    because: () =>
      'no preference stated; TypeScript shares one language with the front end and has the widest hiring pool',
  },
];

export function chooseLanguage(facts: LanguageFacts): { runtime: Runtime; rule: string; because: string } {
  const d = decide(LANGUAGE_TABLE, facts);
  return { runtime: RUNTIMES[d.choice(facts)], rule: d.rule, because: d.because };
}

export type Cloud = NonNullable<Requirements['preferences']['cloud']>;

interface CloudServices {
  kubernetes: string;
  postgres: string;
  kafka: string;
  rabbitmq: string;
  redis: string;
  secrets: string;
  edge: string;
  registry: string;
}

export const CLOUD_SERVICES: Record<Cloud, CloudServices> = {
  aws: {
    kubernetes: 'Amazon EKS',
    postgres: 'Amazon RDS / Aurora PostgreSQL',
    kafka: 'Amazon MSK',
    rabbitmq: 'Amazon MQ for RabbitMQ',
    redis: 'Amazon ElastiCache for Redis',
    secrets: 'AWS Secrets Manager via External Secrets Operator',
    edge: 'Application Load Balancer + AWS WAF',
    registry: 'Amazon ECR',
  },
  gcp: {
    kubernetes: 'Google Kubernetes Engine',
    postgres: 'Cloud SQL for PostgreSQL / AlloyDB',
    kafka: 'Managed Service for Apache Kafka',
    rabbitmq: 'RabbitMQ via the RabbitMQ Cluster Operator on GKE',
    redis: 'Memorystore for Redis',
    secrets: 'Secret Manager via External Secrets Operator',
    edge: 'Cloud Load Balancing + Cloud Armor',
    registry: 'Artifact Registry',
  },
  azure: {
    kubernetes: 'Azure Kubernetes Service',
    postgres: 'Azure Database for PostgreSQL Flexible Server',
    kafka: 'Azure Event Hubs (Kafka protocol)',
    rabbitmq: 'RabbitMQ via the RabbitMQ Cluster Operator on AKS',
    redis: 'Azure Cache for Redis',
    secrets: 'Azure Key Vault via External Secrets Operator',
    edge: 'Application Gateway + Azure WAF',
    registry: 'Azure Container Registry',
  },
  'on-prem': {
    kubernetes: 'Kubernetes (kubeadm or RKE2) on at least three nodes per zone',
    postgres: 'PostgreSQL with Patroni (or CloudNativePG) and streaming replication',
    kafka: 'Apache Kafka via the Strimzi operator (KRaft)',
    rabbitmq: 'RabbitMQ via the RabbitMQ Cluster Operator (quorum queues)',
    redis: 'Redis with Sentinel',
    secrets: 'HashiCorp Vault via External Secrets Operator',
    edge: 'HAProxy or NGINX ingress behind a hardware load balancer',
    registry: 'Harbor',
  },
};

export function chooseCloud(preferred: Cloud | undefined): { cloud: Cloud; because: string } {
  return preferred
    ? { cloud: preferred, because: `stated preference (${preferred})` }
    : {
        cloud: 'aws',
        because: 'no preference stated; AWS has the broadest managed-service coverage for this design',
      };
}
