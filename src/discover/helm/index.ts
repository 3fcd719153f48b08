/**
 * A built-in Helm chart renderer (`helm template` without a helm binary): finds charts among repository
 * paths, merges values (values.yaml, a variant file, subchart scopes, globals), renders every template with the
 * Go template engine beside this file and parses the output into documents whose locations point at template
 * lines. Anything it cannot render becomes a diagnostic naming template and line; the rest still renders.
 * See docs/helm.md.
 */
import { posix } from 'node:path';
import type { Diagnostic } from '../../model/schema.js';
import { type PathSegment, parseYaml, type StructuredDocument } from '../parse/structured.js';
import { type Define, Exec, type ExecEnv, isMap, Out, STRUCT, type SwitchHit } from './exec.js';
import { FUNCS, toYaml } from './funcs.js';
import { parseTemplate, TemplateError, type TNode } from './template.js';

export interface HelmChart {
  dir: string;
  name: string;
  chartFile: string;
  /** values.yaml first, then values-*.yaml beside it. */
  valuesFiles: string[];
}

export interface HelmRenderInput {
  chart: HelmChart;
  /** Repo-relative path -> text: everything under the chart folder (templates, helpers, charts/). */
  files: ReadonlyMap<string, string>;
  /** An extra values file layered over values.yaml (a variant). */
  valuesFile?: string;
  releaseName?: string;
  namespace?: string;
}

export interface ValueSwitch {
  /** Values path, e.g. networkPolicies.create (prefixed with the subchart's name for subchart values). */
  path: string;
  value: unknown;
  file: string;
  line: number;
  /** Templates whose whole objects it switches off. */
  templates: string[];
}

export interface HelmRender {
  documents: StructuredDocument[];
  diagnostics: Diagnostic[];
  switches: ValueSwitch[];
  files: string[];
}

const ORIGIN = 'helm';
export const KUBE_VERSION = 'v1.30.0';
const HELM_VERSION = 'v3.16.0';

/** Group/versions a plain cluster serves (no CRDs, as under `helm template`). */
const API_VERSIONS = [
  'v1',
  'admissionregistration.k8s.io/v1',
  'apiextensions.k8s.io/v1',
  'apiregistration.k8s.io/v1',
  'apps/v1',
  'authentication.k8s.io/v1',
  'authorization.k8s.io/v1',
  'autoscaling/v1',
  'autoscaling/v2',
  'batch/v1',
  'certificates.k8s.io/v1',
  'coordination.k8s.io/v1',
  'discovery.k8s.io/v1',
  'events.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1',
  'networking.k8s.io/v1',
  'node.k8s.io/v1',
  'policy/v1',
  'rbac.authorization.k8s.io/v1',
  'scheduling.k8s.io/v1',
  'storage.k8s.io/v1',
];

const isChartFile = (p: string) => p === 'Chart.yaml' || p.endsWith('/Chart.yaml');
const join = (dir: string, rel: string) => (dir ? `${dir}/${rel}` : rel);

/** Chart folders among repo-relative paths: a Chart.yaml with templates beside it, not a subchart of another. */
export function findHelmCharts(paths: readonly string[]): HelmChart[] {
  const set = new Set(paths);
  const dirs = paths
    .filter(isChartFile)
    .map((p) => (p === 'Chart.yaml' ? '' : p.slice(0, -'/Chart.yaml'.length)));
  const chartDirs = new Set(dirs);
  const charts: HelmChart[] = [];
  for (const dir of [...new Set(dirs)].sort()) {
    const templatesPrefix = join(dir, 'templates/');
    if (!paths.some((p) => p.startsWith(templatesPrefix))) continue;
    // a subchart unpacked under another chart's charts/ renders with its parent
    const parts = dir.split('/');
    let nested = false;
    for (let i = parts.length - 2; i >= 0 && !nested; i--) {
      if (parts[i] === 'charts' && chartDirs.has(parts.slice(0, i).join('/'))) nested = true;
    }
    if (nested) continue;
    const beside = paths.filter((p) => posix.dirname(p) === (dir || '.') || (!dir && !p.includes('/')));
    const names = beside.map((p) => posix.basename(p));
    const base = ['values.yaml', 'values.yml'].find((n) => set.has(join(dir, n)));
    const variants = [...new Set(names)].filter((n) => /^values[-.].+\.ya?ml$/.test(n)).sort();
    charts.push({
      dir,
      name: dir ? posix.basename(dir) : '.',
      chartFile: join(dir, 'Chart.yaml'),
      valuesFiles: [...(base ? [join(dir, base)] : []), ...variants.map((n) => join(dir, n))],
    });
  }
  return charts;
}

interface ValueSource {
  file: string;
  doc: StructuredDocument;
  /** Where this file's root sits in the chart's values (a parent's `sub:` section). */
  prefix: string[];
}

interface Loaded {
  dir: string;
  meta: Record<string, unknown>;
  name: string;
  /** Helm's path for template names: chart name, then /charts/<sub> for subcharts. */
  tplPath: string;
  values: Record<string, unknown>;
  valueSources: ValueSource[];
  /** Switch paths are reported from the top chart's values: the subchart's key, then its own path. */
  switchPrefix: string[];
  subcharts: Loaded[];
  files: Map<string, string>;
}

type Diag = (
  file: string,
  line: number | undefined,
  message: string,
  severity?: Diagnostic['severity'],
) => void;

function readYaml(
  file: string,
  files: ReadonlyMap<string, string>,
  diag: Diag,
): { data: Record<string, unknown>; doc?: StructuredDocument } {
  const text = files.get(file);
  if (text === undefined) return { data: {} };
  const parsed = parseYaml(file, text, ORIGIN);
  for (const d of parsed.diagnostics) diag(d.file, d.line, d.message, 'error');
  const doc = parsed.documents[0];
  if (doc && !isMap(doc.data)) {
    diag(file, doc.startLine, 'expected a mapping at the top level');
    return { data: {} };
  }
  return { data: (doc?.data as Record<string, unknown>) ?? {}, doc };
}

/** Helm's coalesce: `over` wins, maps merge deeply, null in `over` deletes the key. */
function coalesce(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else if (isMap(v) && isMap(out[k])) out[k] = coalesce(out[k] as Record<string, unknown>, v);
    else out[k] = v;
  }
  return out;
}

function valueAt(data: unknown, names: readonly string[]): { found: boolean; value: unknown } {
  let v = data;
  for (const n of names) {
    if (!isMap(v) || !Object.hasOwn(v, n)) return { found: false, value: undefined };
    v = v[n];
  }
  return { found: true, value: v };
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        re += '.*';
        i++;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') re += '(?:';
    else if (c === '}') re += ')';
    else if (c === ',' && re.includes('(?:')) re += '|';
    else if (c === '[') {
      const end = glob.indexOf(']', i);
      if (end === -1) re += '\\[';
      else {
        re += `[${glob.slice(i + 1, end).replace(/^!/, '^')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^$()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Helm's .Files: a map of chart-relative path to content, with its methods (not enumerable). */
function filesObject(entries: Map<string, string>, used: (rel: string) => void): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) o[k] = v;
  const methods: Record<string, (...a: unknown[]) => unknown> = {
    Get: (name) => {
      const text = entries.get(String(name));
      if (text !== undefined) used(String(name));
      return text ?? '';
    },
    GetBytes: (name) => methods.Get!(name),
    Lines: (name) => {
      const text = methods.Get!(name) as string;
      return text ? text.split('\n') : [];
    },
    Glob: (pattern) => {
      const re = globToRegExp(String(pattern));
      const picked = new Map([...entries].filter(([k]) => re.test(k)));
      for (const k of picked.keys()) used(k);
      return filesObject(picked, used);
    },
    AsConfig: () => {
      if (!entries.size) return '';
      const m: Record<string, string> = {};
      for (const [k, v] of entries) m[posix.basename(k)] = v;
      return toYaml(m);
    },
    AsSecrets: () => {
      if (!entries.size) return '';
      const m: Record<string, string> = {};
      for (const [k, v] of entries) m[posix.basename(k)] = Buffer.from(v).toString('base64');
      return toYaml(m);
    },
  };
  for (const [k, fn] of Object.entries(methods))
    Object.defineProperty(o, k, { value: fn, enumerable: false });
  return o;
}

const CHART_FIELDS: Record<string, unknown> = {
  Name: '',
  Home: '',
  Sources: [],
  Version: '',
  Description: '',
  Keywords: [],
  Maintainers: [],
  Icon: '',
  APIVersion: '',
  Condition: '',
  Tags: '',
  AppVersion: '',
  Deprecated: false,
  Annotations: {},
  KubeVersion: '',
  Dependencies: [],
  Type: '',
};

/** .Chart: Chart.yaml's fields under Go's capitalised names. */
function chartObject(meta: Record<string, unknown>): Record<string | symbol, unknown> {
  const o: Record<string | symbol, unknown> = { [STRUCT]: 'chart.Metadata', ...CHART_FIELDS };
  for (const [k, v] of Object.entries(meta)) {
    const key = k === 'apiVersion' ? 'APIVersion' : k.charAt(0).toUpperCase() + k.slice(1);
    if (key in CHART_FIELDS) o[key] = v === null ? CHART_FIELDS[key] : typeof v === 'number' ? String(v) : v;
  }
  return o;
}

function capabilities(): Record<string | symbol, unknown> {
  const [major, minor] = KUBE_VERSION.slice(1).split('.');
  const set = new Set(API_VERSIONS);
  return {
    [STRUCT]: 'chartutil.Capabilities',
    KubeVersion: {
      [STRUCT]: 'chartutil.KubeVersion',
      Version: KUBE_VERSION,
      Major: major,
      Minor: minor,
      GitVersion: KUBE_VERSION,
    },
    APIVersions: {
      [STRUCT]: 'chartutil.VersionSet',
      Has: (v: unknown) => {
        const s = String(v);
        if (set.has(s)) return true;
        // group/version/Kind: any kind of a served group/version
        const i = s.lastIndexOf('/');
        return i > 0 && set.has(s.slice(0, i)) && /^[A-Z]/.test(s.slice(i + 1));
      },
    },
    HelmVersion: {
      [STRUCT]: 'chartutil.BuildInfo',
      Version: HELM_VERSION,
      GitCommit: '',
      GitTreeState: '',
      GoVersion: '',
    },
  };
}

interface Dependency {
  name: string;
  alias?: string;
  condition?: string;
  repository?: string;
  index: number;
  file: string;
}

function dependencies(
  chartDir: string,
  meta: Record<string, unknown>,
  files: ReadonlyMap<string, string>,
  diag: Diag,
) {
  const out: { deps: Dependency[]; doc?: StructuredDocument } = { deps: [] };
  let list = meta.dependencies;
  let file = join(chartDir, 'Chart.yaml');
  const req = join(chartDir, 'requirements.yaml');
  if (!Array.isArray(list) && files.has(req)) {
    const r = readYaml(req, files, diag);
    list = r.data.dependencies;
    file = req;
    out.doc = r.doc;
  }
  if (!Array.isArray(list)) return out;
  list.forEach((d, index) => {
    if (!isMap(d) || typeof d.name !== 'string') return;
    out.deps.push({
      name: d.name,
      alias: typeof d.alias === 'string' ? d.alias : undefined,
      condition: typeof d.condition === 'string' ? d.condition : undefined,
      repository: typeof d.repository === 'string' ? d.repository : undefined,
      index,
      file,
    });
  });
  return out;
}

class Renderer {
  readonly diagnostics: Diagnostic[] = [];
  readonly used = new Set<string>();
  readonly defines = new Map<string, Define>();
  private readonly switches = new Map<string, ValueSwitch & { templateSet: Set<string> }>();
  private readonly inlineCache = new Map<string, TNode[]>();

  constructor(private readonly input: HelmRenderInput) {}

  diag: Diag = (file, line, message, severity = 'warning') => {
    const d: Diagnostic = { severity, file, message, origin: ORIGIN };
    if (line !== undefined) d.line = line;
    this.diagnostics.push(d);
  };

  /** Load a chart and its unpacked subcharts, with values scoped the way Helm scopes them. */
  load(dir: string, parent?: { chart: Loaded; key: string; alias?: string }): Loaded {
    const files = this.input.files;
    const chartFile = join(dir, 'Chart.yaml');
    const chartYaml = readYaml(chartFile, files, this.diag);
    this.used.add(chartFile);
    // an aliased dependency takes the alias as its name, as in Helm (.Chart.Name, template paths)
    const meta = parent?.alias ? { ...chartYaml.data, name: parent.alias } : chartYaml.data;
    const name = typeof meta.name === 'string' ? meta.name : posix.basename(dir) || 'chart';
    const own = readYaml(join(dir, 'values.yaml'), files, this.diag);
    if (own.doc) this.used.add(join(dir, 'values.yaml'));
    let values = own.data;
    let valueSources: ValueSource[] = own.doc
      ? [{ file: join(dir, 'values.yaml'), doc: own.doc, prefix: [] }]
      : [];
    let switchPrefix: string[] = [];
    if (!parent && this.input.valuesFile) {
      const variant = readYaml(this.input.valuesFile, files, this.diag);
      if (!files.has(this.input.valuesFile))
        this.diag(this.input.valuesFile, undefined, 'values file not found');
      else this.used.add(this.input.valuesFile);
      values = coalesce(values, variant.data);
      if (variant.doc)
        valueSources = [{ file: this.input.valuesFile, doc: variant.doc, prefix: [] }, ...valueSources];
    }
    if (parent) {
      const scoped = parent.chart.values[parent.key];
      if (isMap(scoped)) values = coalesce(values, scoped);
      const globals = parent.chart.values.global;
      if (isMap(globals))
        values = { ...values, global: coalesce(isMap(values.global) ? values.global : {}, globals) };
      valueSources = [
        ...parent.chart.valueSources.map((s) => ({ ...s, prefix: [...s.prefix, parent.key] })),
        ...valueSources,
      ];
      switchPrefix = [...parent.chart.switchPrefix, parent.key];
    }
    const prefix = dir ? `${dir}/` : '';
    const chartFiles = new Map<string, string>();
    for (const [p, text] of files) {
      if (!p.startsWith(prefix)) continue;
      const rel = p.slice(prefix.length);
      if (/^(templates|charts)\//.test(rel) || /^(Chart|values|requirements)\.yaml$|^Chart\.lock$/.test(rel))
        continue;
      chartFiles.set(rel, text);
    }
    const loaded: Loaded = {
      dir,
      meta,
      name,
      tplPath: parent ? `${parent.chart.tplPath}/charts/${name}` : name,
      values,
      valueSources,
      switchPrefix,
      subcharts: [],
      files: chartFiles,
    };
    this.loadSubcharts(loaded, chartYaml.doc);
    return loaded;
  }

  private loadSubcharts(chart: Loaded, chartDoc: StructuredDocument | undefined): void {
    const files = this.input.files;
    const chartsPrefix = join(chart.dir, 'charts/');
    const unpacked = new Map<string, string>(); // chart name -> dir
    const packed: string[] = [];
    for (const p of files.keys()) {
      if (!p.startsWith(chartsPrefix)) continue;
      const rest = p.slice(chartsPrefix.length);
      if (/^[^/]+\/Chart\.yaml$/.test(rest)) {
        const dir = p.slice(0, -'/Chart.yaml'.length);
        const meta = readYaml(p, files, () => {}).data;
        unpacked.set(typeof meta.name === 'string' ? meta.name : posix.basename(dir), dir);
      } else if (/^[^/]+\.tgz$/.test(rest)) packed.push(p);
    }
    for (const p of packed.sort())
      this.diag(
        p,
        undefined,
        `packed subchart ${posix.basename(p)} is not read; unpack it under charts/ to render it`,
      );
    const { deps, doc } = dependencies(chart.dir, chart.meta, files, this.diag);
    const declared = new Set<string>();
    for (const dep of deps) {
      declared.add(dep.name);
      const dir = unpacked.get(dep.name);
      const depDoc = dep.file.endsWith('requirements.yaml') ? doc : chartDoc;
      const line = depDoc?.locate(['dependencies', dep.index]).line;
      if (dep.file.endsWith('requirements.yaml')) this.used.add(dep.file);
      if (!dir) {
        this.diag(
          dep.file,
          line,
          `dependency "${dep.name}"${dep.repository ? ` (${dep.repository})` : ''} is not unpacked under charts/; ` +
            'it is not fetched and its templates are not rendered',
        );
        continue;
      }
      const key = dep.alias ?? dep.name;
      if (dep.condition) {
        const off = this.conditionOff(chart, dep.condition);
        if (off) {
          const sub = this.load(dir, { chart, key, alias: dep.alias });
          const templates = this.templatesOf(sub, true);
          this.addSwitch(chart, off.names, off.value, templates);
          continue;
        }
      }
      this.attach(chart, dir, key, dep.alias);
    }
    for (const [name, dir] of [...unpacked].sort((a, b) => a[0].localeCompare(b[0]))) {
      if (!declared.has(name)) this.attach(chart, dir, name);
    }
  }

  private attach(chart: Loaded, dir: string, key: string, alias?: string): void {
    const sub = this.load(dir, { chart, key, alias });
    chart.subcharts.push(sub);
    // the parent sees the subchart's coalesced values under its key, as Helm does
    chart.values = { ...chart.values, [key]: sub.values };
  }

  /** A dependency condition (`a.enabled,b.enabled`: the first path set decides) that turns the subchart off. */
  private conditionOff(chart: Loaded, condition: string): { names: string[]; value: unknown } | undefined {
    for (const path of condition.split(',').map((s) => s.trim())) {
      if (!path) continue;
      const names = path.split('.');
      const { found, value } = valueAt(chart.values, names);
      if (found && typeof value === 'boolean') return value ? undefined : { names, value };
    }
    return undefined;
  }

  private templatesOf(chart: Loaded, deep: boolean): string[] {
    const prefix = join(chart.dir, 'templates/');
    const own = [...this.input.files.keys()].filter((p) => p.startsWith(prefix)).sort();
    return deep ? [...own, ...chart.subcharts.flatMap((s) => this.templatesOf(s, true))] : own;
  }

  addSwitch(chart: Loaded, names: string[], value: unknown, templates: string[]): void {
    const path = [...chart.switchPrefix, ...names].join('.');
    let entry = this.switches.get(path);
    if (!entry) {
      const at = this.locateValue(chart, names);
      entry = { path, value, file: at.file, line: at.line, templates: [], templateSet: new Set() };
      this.switches.set(path, entry);
    }
    for (const t of templates) entry.templateSet.add(t);
  }

  private locateValue(chart: Loaded, names: string[]): { file: string; line: number } {
    for (const s of chart.valueSources) {
      const full: PathSegment[] = [...s.prefix, ...names];
      if (valueAt(s.doc.data, full as string[]).found) return { file: s.file, line: s.doc.locate(full).line };
    }
    const last = chart.valueSources[chart.valueSources.length - 1];
    if (last) return { file: last.file, line: last.doc.locate([...last.prefix, ...names]).line };
    return { file: join(chart.dir, 'Chart.yaml'), line: 1 };
  }

  switchList(): ValueSwitch[] {
    return [...this.switches.values()]
      .filter((s) => s.templateSet.size > 0)
      .map(({ templateSet, ...s }) => ({ ...s, templates: [...templateSet].sort() }))
      .sort((a, b) => a.path.localeCompare(b.path));
  }

  parseInline(name: string, text: string): TNode[] {
    const key = `${name}\0${text}`;
    let nodes = this.inlineCache.get(key);
    if (!nodes) {
      const parsed = parseTemplate(name, text);
      for (const [n, body] of parsed.defines) this.defines.set(n, { nodes: body, file: name });
      nodes = parsed.root;
      this.inlineCache.set(key, nodes);
    }
    return nodes;
  }
}

interface TemplateUnit {
  chart: Loaded;
  file: string;
  name: string;
  nodes: TNode[];
  render: boolean;
}

function allCharts(c: Loaded): Loaded[] {
  return [...c.subcharts.flatMap(allCharts), c];
}

/** Render a chart as `helm template` would, offline. Never throws on a bad template. */
export function renderHelmChart(input: HelmRenderInput): HelmRender {
  const r = new Renderer(input);
  const top = r.load(input.chart.dir);
  const documents: StructuredDocument[] = [];

  // Parse every template of every chart; subcharts first so the parent's defines win.
  const units: TemplateUnit[] = [];
  for (const chart of allCharts(top)) {
    const prefix = join(chart.dir, 'templates/');
    const paths = [...input.files.keys()].filter((p) => p.startsWith(prefix)).sort();
    for (const file of paths) {
      const rel = file.slice(prefix.length);
      const base = posix.basename(rel);
      if (base === 'NOTES.txt') continue; // shown after an install, never applied
      const render = !base.startsWith('_');
      if (!render && !/\.(tpl|ya?ml|txt)$/.test(base)) continue;
      r.used.add(file);
      let parsed: ReturnType<typeof parseTemplate>;
      try {
        parsed = parseTemplate(file, input.files.get(file)!);
      } catch (err) {
        const e = err as TemplateError;
        r.diag(file, e.line, `cannot parse template: ${e.message}; the template is skipped`);
        continue;
      }
      for (const [n, nodes] of parsed.defines) r.defines.set(n, { nodes, file });
      // every file is also a template named by its path: `include (print $.Template.BasePath "/cm.yaml") .`
      const name = `${chart.tplPath}/templates/${rel}`;
      r.defines.set(name, { nodes: parsed.root, file });
      if (!render) continue;
      const unknown = [...parsed.functions].filter(([fn]) => !(fn in FUNCS) && fn !== 'and' && fn !== 'or');
      if (unknown.length) {
        const [fn, line] = unknown.sort((a, b) => a[1] - b[1])[0]!;
        r.diag(file, line, `unsupported template function "${fn}"; the template is skipped`);
        continue;
      }
      units.push({ chart, file, name, nodes: parsed.root, render });
    }
  }

  const release = {
    [STRUCT]: 'release.Release',
    Name: input.releaseName ?? 'release-name',
    Namespace: input.namespace ?? 'default',
    Service: 'Helm',
    IsInstall: true,
    IsUpgrade: false,
    Revision: 1,
  };
  const caps = capabilities();
  const chartData = new Map<Loaded, { chart: unknown; files: unknown }>();
  for (const chart of allCharts(top)) {
    chartData.set(chart, {
      chart: chartObject(chart.meta),
      files: filesObject(chart.files, (rel) => r.used.add(join(chart.dir, rel))),
    });
  }

  let current: TemplateUnit | undefined;
  const env: ExecEnv = {
    defines: r.defines,
    funcs: FUNCS,
    parseInline: (name, text) => r.parseInline(name, text),
    onSwitch: (hits: SwitchHit[]) => {
      for (const h of hits) r.addSwitch(current!.chart, h.names, h.value, [current!.file]);
    },
  };
  for (const unit of units) {
    current = unit;
    const cd = chartData.get(unit.chart)!;
    const data: Record<string, unknown> = {
      // one values tree per chart for all its templates: a `set` on .Values is seen by later templates, as in Helm
      Values: unit.chart.values,
      Release: release,
      Chart: cd.chart,
      Capabilities: caps,
      Files: cd.files,
      Template: {
        [STRUCT]: 'chartutil.Template',
        Name: unit.name,
        BasePath: `${unit.chart.tplPath}/templates`,
      },
    };
    const out = new Out(true);
    const ex = new Exec(env, unit.file, unit.name);
    try {
      ex.run(unit.nodes, unit.file, data, out);
    } catch (err) {
      // a TemplateError names the failing line; anything else (a stack overflow in a runaway template) the file
      const e =
        err instanceof TemplateError ? err : new TemplateError((err as Error).message, unit.file, ex.line);
      const where = e.file === unit.file ? '' : ` (while rendering ${unit.file})`;
      r.diag(e.file, e.line, `cannot render template: ${e.message}${where}; the template is skipped`);
      continue;
    }
    documents.push(...toDocuments(unit.file, out, r.diag));
  }
  return { documents, diagnostics: r.diagnostics, switches: r.switchList(), files: [...r.used].sort() };
}

/** Parse rendered text into documents whose locations map back through the rendered lines to the template. */
function toDocuments(file: string, out: Out, diag: Diag): StructuredDocument[] {
  const text = out.toString();
  if (!text.trim()) return [];
  const back = (renderedLine: number): { file: string; line: number } => {
    for (let i = Math.min(renderedLine - 1, out.lineNo.length - 1); i >= 0; i--) {
      const n = out.lineNo[i];
      if (n !== undefined) return { file: out.lineFile[i]!, line: n };
    }
    return { file, line: 1 };
  };
  const parsed = parseYaml(file, text, ORIGIN);
  for (const d of parsed.diagnostics) {
    const at = back(d.line ?? 1);
    diag(
      at.file,
      at.line,
      `rendered output is not valid YAML: ${d.message.replace(/^invalid YAML: /, '')}`,
      'error',
    );
  }
  return parsed.documents.map((doc) => {
    const start = back(doc.startLine);
    return {
      file,
      data: doc.data,
      startLine: start.file === file ? start.line : 1,
      locate: (path) => back(doc.locate(path).line),
    };
  });
}
