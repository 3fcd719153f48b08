/**
 * Deployments that a tool renders before anything is applied: Kustomize builds (every kustomization no
 * other one includes is a root) and Helm releases (a chart with its `values.yaml`, and once more with each
 * `values-*.yaml` beside it). Their output is read through the Kubernetes adapter, each object tagged with
 * its deployment; the files they read are not read again as plain manifests (Helm templates never are).
 * Options are kept: a Kustomize component no root enables (built once with it to say what it would add),
 * and a Helm value whose false/empty default keeps objects out (`networkPolicies.create: false`).
 */
import { posix } from 'node:path';
import { type DeploymentDraft, environmentOf, isTestEnvironment } from '../model/deployments.js';
import type { Deployment, Diagnostic } from '../model/schema.js';
import { findHelmCharts, renderHelmChart } from './helm/index.js';
import { readRenderedDocuments } from './kubernetes/adapter.js';
import { buildKustomization, findKustomizations } from './kustomize/index.js';
import type { StructuredDocument } from './parse/structured.js';
import type { Fragment, SourceFile } from './types.js';

export interface RenderedDeployments {
  fragments: Fragment[];
  deployments: DeploymentDraft[];
  /** Files a build or chart reads: not parsed again as plain manifests. */
  claimed: Set<string>;
}

const KUSTOMIZATION = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;

/** Render every Kustomize root and Helm chart among the files (`paths`: every path of the tree). */
export function renderDeployments(files: SourceFile[], paths: readonly string[]): RenderedDeployments {
  const out: RenderedDeployments = { fragments: [], deployments: [], claimed: new Set() };
  const hasKustomize = files.some((f) => KUSTOMIZATION.test(f.path));
  const charts = findHelmCharts(paths);
  if (!hasKustomize && charts.length === 0) return out;
  const texts = new Map(files.map((f) => [f.path, f.text]));
  if (hasKustomize) renderKustomize(texts, out);
  for (const chart of charts) renderChart(chart, texts, out);
  return out;
}

function objectNames(documents: StructuredDocument[]): string[] {
  const out: string[] = [];
  for (const d of documents) {
    const data = d.data as { kind?: unknown; metadata?: { name?: unknown } } | null;
    if (data && typeof data.kind === 'string' && typeof data.metadata?.name === 'string')
      out.push(`${data.kind} ${data.metadata.name}`);
  }
  return out;
}

function renderKustomize(texts: ReadonlyMap<string, string>, out: RenderedDeployments): void {
  let layout: ReturnType<typeof findKustomizations>;
  try {
    layout = findKustomizations(texts);
  } catch (err) {
    out.fragments.push({ diagnostics: [crash('.', 'kustomize', err)] });
    return;
  }
  // bases' and components' files belong to a build, used or not; a root's folder keeps the files its build
  // does not read as plain manifests (`kubectl apply -f` of the folder applies them)
  for (const dir of [...layout.included, ...layout.components.map((c) => c.dir)]) {
    const prefix = dir === '.' || dir === '' ? '' : `${dir}/`;
    for (const f of texts.keys())
      if (f.startsWith(prefix) && posix.dirname(f) === (prefix ? dir : '.')) out.claimed.add(f);
  }
  for (const root of layout.roots) out.claimed.add(kustomizationOf(texts, root));
  for (const files of layout.members.values()) for (const f of files) out.claimed.add(f);
  for (const root of layout.roots) {
    // a component this root does not enable is its option (tests enabling everything do not count);
    // options are built only for roots that are not test or local ones
    const unused = isTestEnvironment(environmentOf(root).environment)
      ? []
      : layout.components.filter((c) => !c.enabledBy.includes(root));
    const id = `kustomize:${root}`;
    let build: ReturnType<typeof buildKustomization>;
    try {
      build = buildKustomization(texts, root);
    } catch (err) {
      out.fragments.push({ diagnostics: [crash(root, 'kustomize', err)] });
      continue;
    }
    for (const f of build.files) out.claimed.add(f);
    const fragment = readRenderedDocuments(build.documents, id);
    fragment.diagnostics!.push(...build.diagnostics);
    out.fragments.push(fragment);
    const have = new Set(objectNames(build.documents));
    const options: Deployment['options'] = [];
    // options: only components beside this root's tree (a component of another app is not this root's option)
    const scope = root === '.' ? '' : root;
    for (const c of unused) {
      if (scope && !c.dir.startsWith(`${scope}/`) && !sharesParent(c.dir, root)) continue;
      let provides: string[] = [];
      try {
        const withIt = buildKustomization(texts, root, { components: [c.dir] });
        provides = objectNames(withIt.documents).filter((n) => !have.has(n));
        if (provides.length === 0) provides = ['changes to objects the build already has'];
      } catch {
        provides = [];
      }
      options.push({
        kind: 'kustomize-component',
        name: c.dir,
        provides: [...new Set(provides)].sort(),
        source: { file: kustomizationOf(texts, c.dir), line: 1 },
      });
    }
    out.deployments.push({
      id,
      kind: 'kustomize',
      name: root === '.' ? './' : `${root}/`,
      root,
      files: build.files,
      options,
      source: { file: kustomizationOf(texts, root), line: 1 },
    });
  }
}

function sharesParent(a: string, b: string): boolean {
  const pa = posix.dirname(a);
  const pb = posix.dirname(b);
  return pa === pb || a.startsWith(`${pb}/`);
}

function kustomizationOf(texts: ReadonlyMap<string, string>, dir: string): string {
  for (const name of ['kustomization.yaml', 'kustomization.yml', 'Kustomization']) {
    const p = dir === '.' || dir === '' ? name : `${dir}/${name}`;
    if (texts.has(p)) return p;
  }
  return dir;
}

function renderChart(
  chart: ReturnType<typeof findHelmCharts>[number],
  texts: ReadonlyMap<string, string>,
  out: RenderedDeployments,
): void {
  const prefix = chart.dir ? `${chart.dir}/` : '';
  const files = new Map<string, string>();
  for (const [p, t] of texts) if (p.startsWith(prefix)) files.set(p, t);
  for (const p of files.keys()) out.claimed.add(p);
  const variants: (string | undefined)[] = [undefined, ...chart.valuesFiles.slice(1)];
  for (const valuesFile of variants) {
    const id = valuesFile
      ? `helm:${chart.dir || '.'}@${posix.basename(valuesFile)}`
      : `helm:${chart.dir || '.'}`;
    let render: ReturnType<typeof renderHelmChart>;
    try {
      render = renderHelmChart({ chart, files, ...(valuesFile ? { valuesFile } : {}) });
    } catch (err) {
      out.fragments.push({ diagnostics: [crash(chart.chartFile, 'helm', err)] });
      continue;
    }
    const fragment = readRenderedDocuments(render.documents, id);
    fragment.diagnostics!.push(...render.diagnostics);
    out.fragments.push(fragment);
    const name = chart.dir ? `${chart.dir}/` : './';
    out.deployments.push({
      id,
      kind: 'helm',
      name: valuesFile ? `${name} with ${posix.basename(valuesFile)}` : name,
      root: valuesFile ?? chart.dir ?? '.',
      files: [
        ...new Set([
          ...render.files,
          chart.chartFile,
          ...(chart.valuesFiles[0] ? [chart.valuesFiles[0]] : []),
          ...(valuesFile ? [valuesFile] : []),
        ]),
      ],
      options: render.switches.map((s) => ({
        kind: 'helm-value' as const,
        name: `${s.path}: ${JSON.stringify(s.value)}`,
        provides:
          s.templates.length <= 2
            ? s.templates.map((t) => `objects of ${t}`)
            : [`objects in ${s.templates.length} templates`],
        source: { file: s.file, line: s.line },
      })),
      source: { file: chart.chartFile, line: 1 },
    });
  }
}

function crash(file: string, origin: string, err: unknown): Diagnostic {
  return {
    severity: 'error',
    file,
    message: `could not be rendered by the ${origin} support: ${(err as Error)?.message ?? String(err)}`,
    origin,
  };
}
