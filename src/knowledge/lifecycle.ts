/**
 * Support lifecycles of the runtimes and server images that designs pin and reviews check for end of life:
 * one dated table. `CHECKED` is the day the table was last compared with each vendor's support policy (the
 * `source` of each product); release lines past their `eol` on that day are unsupported. `pin` is the image
 * tag the design scaffolds use for the product: a supported line, never `latest`.
 */

export const LIFECYCLE_CHECKED = '2026-12-03';

export interface ReleaseLine {
  /** The version line as images and runtimes name it: `20`, `1.23`, `5.6`, `8.0`. */
  line: string;
  /** Last day of security fixes (YYYY-MM-DD). */
  eol: string;
}

export interface Product {
  id: string;
  name: string;
  source: string;
  /** Image repositories that carry this product (`library/` omitted); matched without the registry host. */
  images: string[];
  /** Newest line first. */
  lines: ReleaseLine[];
  /** Lines older than every listed one are unsupported (false when the vendor's older lines are not tracked here). */
  olderUnsupported: boolean;
  /** The image repositories themselves are deprecated: every tag is unsupported, with this reason. */
  deprecated?: string;
  /** Image the scaffolds pin, when Plumbline designs with this product. */
  pin?: string;
}

export const PRODUCTS: Product[] = [
  {
    id: 'nodejs',
    olderUnsupported: true,
    name: 'Node.js',
    source: 'https://github.com/nodejs/Release#release-schedule',
    images: ['node'],
    lines: [
      { line: '24', eol: '2028-04-30' },
      { line: '22', eol: '2027-04-30' },
      { line: '20', eol: '2026-04-30' },
      { line: '18', eol: '2025-04-30' },
      { line: '16', eol: '2023-09-11' },
    ],
    pin: 'node:24-alpine',
  },
  {
    id: 'go',
    olderUnsupported: true,
    name: 'Go',
    source: 'https://go.dev/doc/devel/release#policy (each release is supported until two newer ones exist)',
    images: ['golang'],
    lines: [
      { line: '1.27', eol: '2027-08-31' },
      { line: '1.26', eol: '2027-02-28' },
      { line: '1.25', eol: '2026-08-31' },
      { line: '1.24', eol: '2026-02-28' },
      { line: '1.23', eol: '2025-08-12' },
    ],
  },
  {
    id: 'java',
    olderUnsupported: true,
    name: 'Java (Eclipse Temurin)',
    source: 'https://adoptium.net/support/ (Temurin LTS support windows)',
    images: ['eclipse-temurin'],
    lines: [
      { line: '25', eol: '2031-09-30' },
      { line: '21', eol: '2029-12-31' },
      { line: '17', eol: '2027-10-31' },
      { line: '11', eol: '2027-10-31' },
      { line: '8', eol: '2026-11-30' },
    ],
    pin: 'eclipse-temurin:25-jre',
  },
  {
    id: 'java-legacy-images',
    olderUnsupported: true,
    name: 'Java (the deprecated Docker Hub `java` and `openjdk` images)',
    source: 'https://hub.docker.com/_/openjdk (deprecated; use eclipse-temurin or another maintained build)',
    images: ['java', 'openjdk'],
    lines: [],
    deprecated: 'the image repository is deprecated and receives no updates',
  },
  {
    id: 'dotnet-legacy-images',
    olderUnsupported: true,
    name: '.NET (the retired `microsoft/dotnet` and `microsoft/aspnetcore` Docker Hub images)',
    source:
      'https://github.com/dotnet/dotnet-docker/blob/main/documentation/faq.md (images moved to mcr.microsoft.com in 2018; the Docker Hub repositories are no longer updated)',
    images: ['microsoft/dotnet', 'microsoft/aspnetcore', 'microsoft/aspnetcore-build'],
    lines: [],
    deprecated: 'the image repository is retired and receives no updates',
  },
  {
    id: 'python',
    olderUnsupported: true,
    name: 'Python',
    source: 'https://devguide.python.org/versions/',
    images: ['python'],
    lines: [
      { line: '3.14', eol: '2030-10-31' },
      { line: '3.13', eol: '2029-10-31' },
      { line: '3.12', eol: '2028-10-31' },
      { line: '3.11', eol: '2027-10-31' },
      { line: '3.10', eol: '2026-10-31' },
      { line: '3.9', eol: '2025-10-31' },
    ],
    pin: 'python:3.14-slim',
  },
  {
    id: 'dotnet',
    olderUnsupported: true,
    name: '.NET',
    source: 'https://dotnet.microsoft.com/platform/support/policy/dotnet-core',
    images: ['dotnet/aspnet', 'dotnet/runtime', 'dotnet/sdk'],
    lines: [
      { line: '10.0', eol: '2028-11-14' },
      { line: '9.0', eol: '2026-11-10' },
      { line: '8.0', eol: '2026-11-10' },
      { line: '7.0', eol: '2024-05-14' },
      { line: '6.0', eol: '2024-11-12' },
    ],
    pin: 'mcr.microsoft.com/dotnet/aspnet:10.0-alpine',
  },
  {
    id: 'postgresql',
    olderUnsupported: true,
    name: 'PostgreSQL',
    source: 'https://www.postgresql.org/support/versioning/',
    images: ['postgres', 'bitnami/postgresql'],
    lines: [
      { line: '18', eol: '2030-11-14' },
      { line: '17', eol: '2029-11-08' },
      { line: '16', eol: '2028-11-09' },
      { line: '15', eol: '2027-11-11' },
      { line: '14', eol: '2026-11-12' },
      { line: '13', eol: '2025-11-13' },
    ],
    pin: 'postgres:18-alpine',
  },
  {
    id: 'mysql',
    olderUnsupported: true,
    name: 'MySQL',
    source: 'https://www.mysql.com/support/eol-notice.html',
    images: ['mysql', 'bitnami/mysql'],
    lines: [
      { line: '8.4', eol: '2032-04-30' },
      { line: '8.0', eol: '2026-04-30' },
      { line: '5.7', eol: '2023-10-31' },
      { line: '5.6', eol: '2021-02-28' },
    ],
  },
  {
    id: 'mongodb',
    olderUnsupported: true,
    name: 'MongoDB',
    source: 'https://www.mongodb.com/legal/support-policy/lifecycles',
    images: ['mongo', 'bitnami/mongodb'],
    lines: [
      { line: '8.0', eol: '2029-10-31' },
      { line: '7.0', eol: '2027-08-31' },
      { line: '6.0', eol: '2025-07-31' },
      { line: '5.0', eol: '2024-10-31' },
      { line: '4.4', eol: '2024-02-29' },
    ],
    pin: 'mongo:8.0',
  },
  {
    id: 'redis',
    olderUnsupported: false,
    name: 'Redis',
    source: 'https://redis.io/about/releases/ (the newest minor lines receive fixes)',
    images: ['redis', 'bitnami/redis'],
    lines: [
      { line: '8.2', eol: '2027-12-31' },
      { line: '7.4', eol: '2026-11-30' },
      { line: '7.2', eol: '2026-02-28' },
      { line: '6.2', eol: '2025-02-28' },
    ],
    pin: 'redis:8.2-alpine',
  },
  {
    id: 'kafka',
    olderUnsupported: false,
    name: 'Apache Kafka',
    source: 'https://kafka.apache.org/downloads (the latest three minor releases get fixes)',
    images: ['apache/kafka'],
    lines: [
      { line: '4.1', eol: '2027-09-30' },
      { line: '4.0', eol: '2027-03-31' },
      { line: '3.9', eol: '2026-09-30' },
    ],
    pin: 'apache/kafka:4.1.0',
  },
  {
    id: 'rabbitmq',
    olderUnsupported: true,
    name: 'RabbitMQ',
    source: 'https://www.rabbitmq.com/release-information',
    images: ['rabbitmq', 'bitnami/rabbitmq'],
    lines: [
      { line: '4.1', eol: '2027-04-30' },
      { line: '4.0', eol: '2026-04-30' },
      { line: '3.13', eol: '2025-04-30' },
    ],
    pin: 'rabbitmq:4.1-management-alpine',
  },
  {
    id: 'alpine',
    olderUnsupported: true,
    name: 'Alpine Linux',
    source: 'https://alpinelinux.org/releases/ (each stable branch gets security fixes for two years)',
    images: ['alpine'],
    lines: [
      { line: '3.23', eol: '2027-11-01' },
      { line: '3.22', eol: '2027-05-01' },
      { line: '3.21', eol: '2026-11-01' },
      { line: '3.20', eol: '2026-04-01' },
      { line: '3.19', eol: '2025-11-01' },
      { line: '3.18', eol: '2025-05-09' },
    ],
  },
  {
    id: 'ubuntu',
    olderUnsupported: true,
    name: 'Ubuntu (standard support)',
    source:
      'https://ubuntu.com/about/release-cycle (five years of standard security maintenance for LTS releases)',
    images: ['ubuntu'],
    lines: [
      { line: '24.04', eol: '2029-05-31' },
      { line: '22.04', eol: '2027-06-01' },
      { line: '20.04', eol: '2025-05-31' },
      { line: '18.04', eol: '2023-05-31' },
    ],
  },
  {
    id: 'opensearch',
    olderUnsupported: false,
    name: 'OpenSearch',
    source: 'https://opensearch.org/releases/ (the current major and the previous one are maintained)',
    images: ['opensearchproject/opensearch'],
    lines: [
      { line: '3', eol: '2028-12-31' },
      { line: '2', eol: '2026-12-31' },
      { line: '1', eol: '2025-05-06' },
    ],
    pin: 'opensearchproject/opensearch:3',
  },
];

/** The pinned image of a product the scaffolds use. */
export function pinnedImage(id: string): string {
  const pin = PRODUCTS.find((p) => p.id === id)?.pin;
  if (!pin) throw new Error(`no pinned image for ${id}`);
  return pin;
}

export interface ImageLifecycle {
  product: Product;
  line?: ReleaseLine;
  /** True when the image's line is past its end of life on `on` (or older than every listed line). */
  endOfLife: boolean;
}

/**
 * The lifecycle of an image reference (`java:8-jre`, `mysql:5.6`, `mcr.microsoft.com/dotnet/aspnet:7.0`): its
 * product and release line, from the repository and the tag's leading version. Undefined when the product is
 * not in the table or the tag names no version (`latest`, a digest).
 */
export function imageLifecycle(image: string, on: string = LIFECYCLE_CHECKED): ImageLifecycle | undefined {
  const at = image.indexOf('@');
  const ref = at >= 0 ? image.slice(0, at) : image;
  const colon = ref.lastIndexOf(':');
  if (colon < 0 || ref.lastIndexOf('/') > colon) return undefined;
  const repo = ref
    .slice(0, colon)
    .replace(/^(docker\.io\/|mcr\.microsoft\.com\/|library\/)/, '')
    .replace(/^library\//, '');
  const tag = ref.slice(colon + 1);
  const product = PRODUCTS.find((p) => p.images.includes(repo));
  if (product?.deprecated) return { product, endOfLife: true };
  const version = /^v?(\d+(?:\.\d+)*)/.exec(tag)?.[1];
  if (!product || !version) return undefined;
  const line = product.lines.find((l) => version === l.line || version.startsWith(`${l.line}.`));
  const oldest = product.lines[product.lines.length - 1];
  if (!line) {
    const older =
      product.olderUnsupported && oldest !== undefined && compareVersions(version, oldest.line) < 0;
    return older ? { product, endOfLife: true } : undefined;
  }
  return { product, line, endOfLife: line.eol < on };
}

function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
