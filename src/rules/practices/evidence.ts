/** Path patterns the practices rules look for in the scanned tree (`ctx.paths`). */

export const CI_PATTERNS: [RegExp, string][] = [
  [/^\.github\/workflows\/[^/]+\.ya?ml$/i, 'GitHub Actions'],
  [/(^|\/)\.gitlab-ci\.ya?ml$/i, 'GitLab CI'],
  [/(^|\/)Jenkinsfile(\.[^/]*)?$/, 'Jenkins'],
  [/^\.circleci\/config\.ya?ml$/i, 'CircleCI'],
  [/(^|\/)azure-pipelines(\.[^/]*)?\.ya?ml$/i, 'Azure Pipelines'],
  [/^\.travis\.ya?ml$/i, 'Travis CI'],
  [/^bitbucket-pipelines\.ya?ml$/i, 'Bitbucket Pipelines'],
  [/^\.buildkite\/[^/]+$/i, 'Buildkite'],
  [/^\.drone\.ya?ml$/i, 'Drone'],
  [/(^|\/)cloudbuild\.ya?ml$/i, 'Google Cloud Build'],
  [/^\.tekton\/[^/]+\.ya?ml$/i, 'Tekton'],
  [/^\.woodpecker(\.ya?ml|\/[^/]+)$/i, 'Woodpecker'],
];

export const TEST_PATTERNS: RegExp[] = [
  /(^|\/)(tests?|__tests__|specs?|e2e|integration[-_]?tests?|testing)\/.+\.[a-z0-9]+$/i,
  /(^|\/)[^/]+[._-](test|spec)\.[cm]?[jt]sx?$/i,
  /(^|\/)[^/]+_test\.(go|py|rb|exs?)$/i,
  /(^|\/)test_[^/]+\.py$/i,
  /(^|\/)[^/]+(Test|Tests|IT|Spec)\.(java|kt|cs|scala|groovy|swift)$/,
  /(^|\/)[^/]+_spec\.rb$/i,
];

export const IAC_PATTERNS: [RegExp, string][] = [
  [/\.tf$/i, 'Terraform'],
  [/(^|\/)Chart\.ya?ml$/, 'Helm chart'],
  [/(^|\/)kustomization\.ya?ml$/i, 'Kustomize'],
  [/(^|\/)Pulumi\.ya?ml$/, 'Pulumi'],
  [/(^|\/)cdk\.json$/, 'AWS CDK'],
  [/(^|\/)(skaffold|tilt)\.ya?ml$|(^|\/)Tiltfile$/i, 'Skaffold/Tilt'],
  [/(^|\/)(playbook|site)\.ya?ml$/i, 'Ansible'],
  [/(^|\/)[^/]*\.bicep$/i, 'Bicep'],
];

export const ADR_PATTERN =
  /(^|\/)(adrs?|decisions|architecture[-_ ]decisions?|decision[-_ ]records?)\/[^/]+\.(md|markdown|adoc|rst|txt)$|(^|\/)adr[-_]?\d+[^/]*\.(md|markdown|adoc|rst)$/i;

export const SPEC_PATTERN =
  /\.(proto|graphqls?|gql)$|(^|\/)[^/]*(openapi|swagger|asyncapi)[^/]*\.(ya?ml|json)$|(^|\/)(api[-_]?spec|api-docs)\/[^/]+\.(ya?ml|json)$/i;

/** Labels of the patterns that match some path, in pattern order. */
export function matchedLabels(
  paths: string[],
  patterns: [RegExp, string][],
): { label: string; path: string }[] {
  const out: { label: string; path: string }[] = [];
  for (const [re, label] of patterns) {
    const path = paths.find((p) => re.test(p));
    if (path) out.push({ label, path });
  }
  return out;
}

/**
 * Where a finding about the whole repository points (a practice that is absent has no place of its own): the
 * file that declares the system. In order: Plumbline's own config at the root, the shallowest Compose file,
 * the shallowest Kustomization, Helm chart or Skaffold/Tilt file, the shallowest Kubernetes manifest, then the
 * first artifact discovery read, else the root. Code scanning shows such a finding on that file, never on an
 * unrelated API spec that merely sorts first.
 */
export function rootLocation(
  paths: string[],
  artifacts: { file: string; kind?: string }[],
): { file: string; line: number } {
  const byDepth = (files: string[]) =>
    [...files].sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0))[0];
  const files = [...new Set([...paths, ...artifacts.map((a) => a.file)])];
  for (const re of SYSTEM_DECLARATIONS) {
    const hit = byDepth(files.filter((f) => re.test(f)));
    if (hit) return { file: hit, line: 1 };
  }
  const manifest = byDepth(artifacts.filter((a) => a.kind === 'kubernetes').map((a) => a.file));
  if (manifest) return { file: manifest, line: 1 };
  const first = artifacts.map((a) => a.file).sort()[0] ?? [...paths].sort()[0] ?? '.';
  return { file: first, line: 1 };
}

const SYSTEM_DECLARATIONS: RegExp[] = [
  /^plumbline\.ya?ml$/,
  /(^|\/)(docker-)?compose(\.[\w-]+)?\.ya?ml$/,
  /(^|\/)(kustomization\.ya?ml|Chart\.yaml|skaffold\.ya?ml|Tiltfile)$/,
];

function depth(file: string): number {
  return file.split('/').length;
}
