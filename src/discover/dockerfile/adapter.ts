/**
 * Dockerfile adapter (dockerfile-ast): build stages with their base images, and what the final image
 * runs as (USER), listens on (EXPOSE) and how it reports health (HEALTHCHECK). A final stage built FROM an
 * earlier stage inherits that stage's USER, EXPOSE and HEALTHCHECK, as Docker does.
 */
import type { Instruction } from 'dockerfile-ast';
import type { Diagnostic, DockerImageBuild, Source } from '../../model/schema.js';
import { lazyRequire } from '../lazy-require.js';
import type { Adapter, Fragment, SourceFile } from '../types.js';

const dockerfileAst = lazyRequire<typeof import('dockerfile-ast')>('dockerfile-ast');

export const dockerfileAdapter: Adapter = {
  kind: 'dockerfile',
  claims: (path) => isDockerfilePath(path),
  parse: parseDockerfile,
};

export function isDockerfilePath(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (base === 'dockerfile' || base.endsWith('.dockerfile')) return true;
  // Dockerfile.prod, Dockerfile.worker — but not dockerfile.ts (source) or Dockerfile.md (docs)
  return base.startsWith('dockerfile.') && !NOT_DOCKERFILE.test(base);
}

const NOT_DOCKERFILE =
  /\.([cm]?[jt]sx?|md|mdx|txt|rst|json|ya?ml|toml|py|go|rs|java|kt|rb|sh|html?|lock|bak|orig|swp)$/;

const KNOWN = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);

interface StageFacts {
  name?: string;
  image: string;
  user?: string;
  exposes: number[];
  healthcheck: boolean;
  healthcheckDisabled: boolean;
}

export function parseDockerfile(file: SourceFile): Fragment {
  const path = file.path;
  const diagnostics: Diagnostic[] = [];
  const at = (line: number): Source => ({ file: path, line: line + 1 });
  const dockerfile = dockerfileAst().DockerfileParser.parse(file.text);
  const instructions = dockerfile.getInstructions();
  const froms = dockerfile.getFROMs();
  if (froms.length === 0) {
    return {
      diagnostics: [
        {
          severity: 'error',
          file: path,
          line: instructions[0] ? instructions[0].getRange().start.line + 1 : 1,
          message: 'Dockerfile has no FROM instruction: not a buildable image',
          origin: 'dockerfile',
        },
      ],
    };
  }
  const stages: DockerImageBuild['stages'] = [];
  const facts: StageFacts[] = [];
  let current: StageFacts | undefined;
  for (const instruction of instructions) {
    const keyword = instruction.getKeyword().toUpperCase();
    const line = instruction.getRange().start.line;
    if (keyword === 'FROM') {
      const from = froms.find((f) => f.getRange().start.line === line) ?? froms[stages.length];
      const ref = splitImageReference(from?.getImage() ?? '');
      const image = ref.image;
      if (!image) {
        diagnostics.push(warn(path, line + 1, 'FROM without an image'));
      }
      const name = from?.getBuildStage() ?? undefined;
      const parent = facts.find((s) => s.name !== undefined && s.name === image);
      current = parent
        ? { ...parent, name, image, exposes: [...parent.exposes] }
        : { name, image, exposes: [], healthcheck: false, healthcheckDisabled: false };
      facts.push(current);
      stages.push({
        name,
        image,
        tag: ref.tag,
        digest: ref.digest,
        source: at(line),
      });
      continue;
    }
    if (!KNOWN.has(keyword)) {
      diagnostics.push(warn(path, line + 1, `unknown Dockerfile instruction ${instruction.getKeyword()}`));
      continue;
    }
    if (!current) continue; // ARG before the first FROM
    if (keyword === 'USER') current.user = argumentsOf(instruction)[0];
    else if (keyword === 'EXPOSE') current.exposes.push(...exposedPorts(instruction, path, diagnostics));
    else if (keyword === 'HEALTHCHECK') {
      const none = argumentsOf(instruction)[0]?.toUpperCase() === 'NONE';
      current.healthcheck = !none;
      current.healthcheckDisabled = none;
    }
  }
  const final = facts[facts.length - 1];
  const slash = path.lastIndexOf('/');
  const image: DockerImageBuild = {
    file: path,
    context: slash < 0 ? '.' : path.slice(0, slash),
    stages,
    user: final.user,
    exposes: [...new Set(final.exposes)].sort((a, b) => a - b),
    healthcheck: final.healthcheck,
    healthcheckDisabled: final.healthcheckDisabled || undefined,
    source: stages[stages.length - 1].source,
  };
  return { images: [image], diagnostics };
}

/** `registry:5000/team/app:1.2@sha256:…` → image `registry:5000/team/app`, tag `1.2`, digest `sha256:…`. */
export function splitImageReference(ref: string): { image: string; tag?: string; digest?: string } {
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const rest = at >= 0 ? ref.slice(0, at) : ref;
  const colon = rest.lastIndexOf(':');
  const tag = colon > rest.lastIndexOf('/') ? rest.slice(colon + 1) : undefined;
  return {
    image: tag !== undefined ? rest.slice(0, colon) : rest,
    tag: tag || undefined,
    digest: digest || undefined,
  };
}

function argumentsOf(instruction: Instruction): string[] {
  return instruction.getArguments().map((a) => a.getValue());
}

/** `8080`, `8080/tcp`, `8000-8002`; variables (`$PORT`) cannot be known statically and are skipped. */
function exposedPorts(instruction: Instruction, file: string, diagnostics: Diagnostic[]): number[] {
  const ports: number[] = [];
  for (const arg of argumentsOf(instruction)) {
    if (arg.includes('$')) continue;
    const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(arg);
    if (!m) {
      diagnostics.push(
        warn(file, instruction.getRange().start.line + 1, `EXPOSE ${arg} is not a port number`),
      );
      continue;
    }
    const start = Number(m[1]);
    const end = m[2] ? Number(m[2]) : start;
    for (let p = start; p <= end && p - start < 64; p++) ports.push(p);
  }
  return ports;
}

function warn(file: string, line: number, message: string): Diagnostic {
  return { severity: 'warning', file, line, message, origin: 'dockerfile' };
}
