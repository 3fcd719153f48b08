import { type ImageLifecycle, imageLifecycle, LIFECYCLE_CHECKED } from '../../knowledge/lifecycle.js';
import { compareSources } from '../../model/provenance.js';
import type { Source, SystemModel } from '../../model/schema.js';
import { defineMessages } from '../messages.js';
import { deployment } from '../shared/example-manifests.js';
import { containersOf, imageReference, isTemplated, workloadLabel } from '../shared/k8s.js';
import type { FindingDraft, Rule } from '../types.js';

const { messages, say } = defineMessages({
  runsPastEndOfLife: '{{owner}} runs {{products}} past end of life: {{images}}',
  buildsPastEndOfLife: '{{owner}} builds with {{products}} past end of life: {{images}}',
});

/** One end-of-life image reference and every place it is used. */
interface Use {
  image: string;
  life: ImageLifecycle;
  where: string[];
  sources: Source[];
  /** Only ever a build stage of a multi-stage Dockerfile (the toolchain, not what runs). */
  buildOnly: boolean;
}

function describe(use: Use): string {
  const { life } = use;
  const why = life.product.deprecated
    ? life.product.deprecated
    : life.line
      ? `${life.product.name} ${life.line.line}, end of life ${life.line.eol}`
      : olderThanTracked(use.image, life);
  return `\`${use.image}\` (${why}; ${use.where.join(', ')})`;
}

function olderThanTracked(image: string, life: ImageLifecycle): string {
  const version = /:v?(\d+(?:\.\d+)*)[^:/]*$/.exec(image.split('@')[0] ?? image)?.[1];
  const oldest = life.product.lines[life.product.lines.length - 1];
  return `${life.product.name}${version ? ` ${version}` : ''}, older than ${oldest ? `${oldest.line} (end of life ${oldest.eol})` : 'every supported line'}`;
}

/** Image references per service (or per Dockerfile when no service owns it), with their lifecycle. */
function endOfLifeUses(model: SystemModel): { uses: Map<string, Map<string, Use>>; checked: number } {
  const testServices = new Set(model.services.filter((s) => s.role === 'test').map((s) => s.id));
  const uses = new Map<string, Map<string, Use>>();
  let checked = 0;
  const add = (
    owner: string,
    image: string,
    life: ImageLifecycle,
    where: string,
    source: Source,
    build: boolean,
  ) => {
    const perOwner = uses.get(owner) ?? new Map<string, Use>();
    uses.set(owner, perOwner);
    const use = perOwner.get(image) ?? { image, life, where: [], sources: [], buildOnly: true };
    perOwner.set(image, use);
    if (!use.where.includes(where)) use.where.push(where);
    if (!use.sources.some((s) => s.file === source.file && s.line === source.line)) use.sources.push(source);
    use.buildOnly &&= build;
  };
  for (const { workload, container } of containersOf(model.deployables)) {
    if (testServices.has(workload.serviceId)) continue;
    const image = imageReference(container);
    if (!image || isTemplated(image)) continue;
    const life = imageLifecycle(image);
    if (!life) continue;
    checked++;
    if (life.endOfLife)
      add(workload.serviceId, image, life, workloadLabel(workload), container.source, false);
  }
  for (const build of model.images) {
    if (build.serviceId && testServices.has(build.serviceId)) continue;
    const stageNames = new Set<string>();
    build.stages.forEach((stage, i) => {
      const isStageRef = stageNames.has(stage.image.toLowerCase());
      if (stage.name) stageNames.add(stage.name.toLowerCase());
      if (isStageRef || isTemplated(stage.image) || (stage.tag && isTemplated(stage.tag))) return;
      const image = `${stage.image}${stage.tag ? `:${stage.tag}` : ''}`;
      const life = imageLifecycle(image);
      if (!life) return;
      checked++;
      const final = i === build.stages.length - 1;
      if (life.endOfLife)
        add(
          build.serviceId ?? `dockerfile:${build.file}`,
          image,
          life,
          `${build.file}${final ? '' : ` build stage${stage.name ? ` ${stage.name}` : ''}`}`,
          stage.source,
          !final,
        );
    });
  }
  return { uses, checked };
}

export const endOfLifeImage: Rule = {
  id: 'security/end-of-life-image',
  area: 'security',
  severity: 'high',
  title: 'Base image or runtime past its end of life',
  messages,
  rationale:
    'A runtime, database or base image past its end of life receives no security fixes: every vulnerability found ' +
    'after that day stays open, scanners flag the image for ever, and upgrading later means jumping several ' +
    'major versions at once (MongoDB 3.4 to 8.0 passes through four feature-compatibility upgrades). Images of ' +
    'deprecated repositories (the Docker Hub `java` and `openjdk` images) are not rebuilt at all. Plumbline reads ' +
    `the product and release line from the image reference and compares it with a dated lifecycle table (checked ${LIFECYCLE_CHECKED}; ` +
    'each product names the vendor page it comes from).',
  references: [
    'OWASP Top 10 2021, A06: Vulnerable and Outdated Components (https://owasp.org/Top10/A06_2021-Vulnerable_and_Outdated_Components/)',
    'NIST SP 800-190, Application Container Security Guide, 4.1.1 Image vulnerabilities (https://doi.org/10.6028/NIST.SP.800-190)',
    'CIS Docker Benchmark, 4.3/4.7: use trusted, updated base images',
    'endoflife.date, a community index of product lifecycles (https://endoflife.date)',
    'Plumbline lifecycle table: src/knowledge/lifecycle.ts (each product lists its vendor source)',
  ],
  recommendation:
    'Move the image to a supported release line (and a maintained image repository where the old one is deprecated), test the upgrade path the vendor documents, and pin the new version so the next end of life is visible in review.',
  fix: {
    description: 'Build on a supported, maintained base image and run a supported server version.',
    language: 'dockerfile',
    snippet:
      '# was: FROM java:8-jre  (deprecated image, Java 8)\nFROM eclipse-temurin:21-jre\nCOPY target/app.jar /app/app.jar\nUSER 10001\nENTRYPOINT ["java", "-jar", "/app/app.jar"]',
  },
  examples: {
    fail: {
      description: 'orders-db runs MongoDB 3.4 and the orders image is built on the deprecated java:8-jre',
      files: {
        'k8s/orders-db.yaml': deployment({ name: 'orders-db', image: 'mongo:3.4', port: 27017 }),
        'orders/Dockerfile':
          'FROM java:8-jre\nCOPY app.jar /app.jar\nUSER 1000\nCMD ["java", "-jar", "/app.jar"]\n',
      },
      findings: [
        {
          at: 'k8s/orders-db.yaml:15',
          messageId: 'runsPastEndOfLife',
          message:
            'orders-db runs MongoDB past end of life: `mongo:3.4` (MongoDB 3.4, older than 4.4 (end of life 2024-02-29); Deployment orders-db)',
        },
        {
          at: 'orders/Dockerfile:1',
          messageId: 'runsPastEndOfLife',
          message:
            'Dockerfile orders/Dockerfile runs Java (the deprecated Docker Hub `java` and `openjdk` images) past end of life: `java:8-jre` (the image repository is deprecated and receives no updates; orders/Dockerfile)',
        },
      ],
    },
    pass: {
      description: 'supported MongoDB and a maintained Java 21 runtime image',
      files: {
        'k8s/orders-db.yaml': deployment({ name: 'orders-db', image: 'mongo:8.0', port: 27017 }),
        'orders/Dockerfile':
          'FROM eclipse-temurin:21-jre\nCOPY app.jar /app.jar\nUSER 1000\nCMD ["java", "-jar", "/app.jar"]\n',
      },
    },
  },
  check(model) {
    const { uses, checked } = endOfLifeUses(model);
    const findings: FindingDraft[] = [];
    for (const [owner, perImage] of [...uses].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const list = [...perImage.values()].sort((a, b) => (a.image < b.image ? -1 : 1));
      const products = [...new Set(list.map((u) => u.life.product.name))];
      const label = owner.startsWith('dockerfile:') ? `Dockerfile ${owner.slice(11)}` : owner;
      const buildOnly = list.every((u) => u.buildOnly);
      const args = { owner: label, products: products.join(' and '), images: list.map(describe).join('; ') };
      findings.push({
        ...(buildOnly ? say.buildsPastEndOfLife(args) : say.runsPastEndOfLife(args)),
        locations: list.flatMap((u) => u.sources).sort(compareSources),
        element: `eol:${owner}`,
        ...(buildOnly ? { severity: 'medium' as const } : {}),
        data: {
          owner,
          checked: LIFECYCLE_CHECKED,
          images: list.map((u) => ({
            image: u.image,
            product: u.life.product.id,
            line: u.life.line?.line ?? null,
            eol: u.life.line?.eol ?? null,
            deprecated: u.life.product.deprecated ?? null,
            buildOnly: u.buildOnly,
          })),
        },
      });
    }
    return {
      findings,
      strength:
        checked > 0 && findings.length === 0
          ? `All ${checked} versioned images of known runtimes and servers are on supported release lines (lifecycle table checked ${LIFECYCLE_CHECKED})`
          : undefined,
    };
  },
};
