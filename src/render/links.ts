/**
 * Where Plumbline's documentation lives, for links in SARIF and HTML output. One place to change it.
 *
 * Links must resolve for whoever reads the report, so they are built from the package itself: the `repository`
 * of package.json when it names a GitHub or GitLab project (the docs at this version's tag), else the files of
 * the published package (`docs/` ships in it) on unpkg, at this exact version.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Area } from '../rules/types.js';

interface PackageInfo {
  name: string;
  version: string;
  repository?: string | { url?: string; directory?: string };
}

function packageInfo(): PackageInfo {
  // src/render/, dist/render/ and the bundle in dist/bundle/ all sit two folders below the package root
  for (const up of ['../../package.json']) {
    const file = new URL(up, import.meta.url);
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as Partial<PackageInfo>;
    if (pkg.name && pkg.version) return pkg as PackageInfo;
  }
  return { name: 'plumbline-arch', version: '0.0.0' };
}

/** `https://host/owner/repo` for a GitHub or GitLab repository field (any of npm's spellings), else undefined. */
export function repositoryWebUrl(repository: PackageInfo['repository']): string | undefined {
  const raw = typeof repository === 'string' ? repository : repository?.url;
  if (!raw) return undefined;
  const short = /^(github|gitlab):([\w.-]+\/[\w.-]+)$/.exec(raw) ?? /^()([\w.-]+\/[\w.-]+)$/.exec(raw);
  if (short) return `https://${short[1] || 'github'}.com/${short[2]!.replace(/\.git$/, '')}`;
  const url =
    /^(?:git\+)?(?:(?:https?|ssh|git):\/\/)?(?:git@)?(github\.com|gitlab\.com)[/:]([\w.-]+\/[\w.-]+?)(?:\.git)?\/?$/.exec(
      raw,
    );
  return url ? `https://${url[1]}/${url[2]}` : undefined;
}

const PKG = packageInfo();
const REPO = repositoryWebUrl(PKG.repository);
const REPO_DIR =
  typeof PKG.repository === 'object' && PKG.repository.directory ? `${PKG.repository.directory}/` : '';

/** The project's home: its repository, else its npm page. */
export const PLUMBLINE_HOME = REPO ?? `https://www.npmjs.com/package/${PKG.name}`;

/** A file shipped in the package (`docs/…`) as a URL that resolves: the repository at this version, or unpkg. */
export function docsFileUri(relative: string): string {
  return REPO
    ? `${REPO}/blob/v${PKG.version}/${REPO_DIR}${relative}`
    : `https://unpkg.com/${PKG.name}@${PKG.version}/${relative}`;
}

/** The heading anchor of a rule in docs/rules/<area>.md (same scheme as src/rules/docs.ts). */
export function ruleAnchor(ruleId: string): string {
  return ruleId.toLowerCase().replace(/[^a-z0-9 -]/g, '');
}

/** The rule's section in docs/rules/<area>.md. */
export function ruleDocsUri(ruleId: string, area: Area): string {
  return `${docsFileUri(`docs/rules/${area}.md`)}#${ruleAnchor(ruleId)}`;
}
