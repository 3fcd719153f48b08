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

/** Where a practice finding that is about absence points: the first artifact discovery read, or the root. */
export function rootLocation(paths: string[], artifacts: { file: string }[]): { file: string; line: number } {
  const first = artifacts.map((a) => a.file).sort()[0] ?? [...paths].sort()[0] ?? '.';
  return { file: first, line: 1 };
}
