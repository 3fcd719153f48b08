/**
 * Compose projects, as the compose specification merges them. Per folder:
 * - the base file (`compose.yaml`, `compose.yml`, `docker-compose.yaml`, `docker-compose.yml`) with the
 *   override file beside it (`[docker-]compose.override.y(a)ml`) layered on top is the default project;
 * - every other compose file there is a variant: layered on the base when it is an override fragment (it
 *   names base services without their own `image`/`build`, e.g. `docker-compose.logging.yml` adding a
 *   logging driver to every service), else a project of its own;
 * - `include:` pulls other files' services in, `extends:` merges a service over the one it names (same
 *   file or another), services with `profiles:` are left out (options of the project), and `${VAR}`,
 *   `${VAR:-default}`, `${VAR-default}` are substituted from the `.env` beside the file (unknown
 *   variables without a default stay as written).
 * Every merged value keeps the file and line it came from.
 */
import { posix } from 'node:path';
import type { Deployment, Diagnostic, Source } from '../../model/schema.js';
import { type PathSegment, parseYaml, type StructuredDocument } from '../parse/structured.js';
import { isObj, type Obj } from '../parse/values.js';
import type { Fragment, SourceFile } from '../types.js';
import { emptyComposeFragment, readComposeDocument } from './adapter.js';

export interface ComposeProjects {
  fragments: Fragment[];
  deployments: (Omit<Deployment, 'primary' | 'environment' | 'environmentFrom'> & {
    environment?: Deployment['environment'];
  })[];
}

const BASE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
const OVERRIDE = /^(docker-)?compose\.override\.ya?ml$/;

interface Parsed {
  file: SourceFile;
  document?: StructuredDocument;
  diagnostics: Diagnostic[];
}

/** Build every compose project of the given compose files. `envFiles` maps folder → `.env` text. */
export function buildComposeProjects(
  files: SourceFile[],
  envFiles: ReadonlyMap<string, string>,
): ComposeProjects {
  const out: ComposeProjects = { fragments: [], deployments: [] };
  const parsed = new Map<string, Parsed>();
  const byDir = new Map<string, string[]>();
  for (const file of files) {
    const dir = posix.dirname(file.path);
    const env = parseEnvFile(envFiles.get(dir) ?? '');
    const outcome = parseYaml(file.path, file.text, 'compose');
    const document = outcome.documents[0];
    if (document) document.data = interpolate(document.data, env);
    parsed.set(file.path, { file, document, diagnostics: outcome.diagnostics });
    byDir.set(dir, [...(byDir.get(dir) ?? []), file.path]);
  }
  for (const [dir, paths] of byDir) {
    const base = BASE_NAMES.map((n) => posix.join(dir, n)).find((p) => parsed.has(p));
    const override = paths.find((p) => OVERRIDE.test(posix.basename(p)));
    const included = new Set<string>();
    for (const p of paths) for (const inc of includesOf(parsed.get(p)!, dir)) included.add(inc);
    const project = (id: string, name: string, layers: string[], idFile: string) => {
      const docs = layers.map((p) => parsed.get(p)!);
      const fragment = emptyComposeFragment(docs.flatMap((d) => d.diagnostics));
      const withIncludes = docs.flatMap((d) => [
        ...includesOf(d, dir)
          .map((p) => parsed.get(p))
          .filter((x): x is Parsed => !!x),
        d,
      ]);
      const readable = withIncludes.filter((d) => d.document);
      const files = [...new Set(withIncludes.map((d) => d.file.path))];
      if (readable.length > 0) {
        let doc = readable[0]!.document!;
        for (const next of readable.slice(1)) doc = layerDocuments(doc, next.document!);
        doc = resolveExtends(doc, parsed, dir, fragment.diagnostics!);
        const profiled = profiledServices(doc);
        readComposeDocument(doc, idFile, fragment, id, new Set(profiled.map((p) => p.name)));
        out.deployments.push({
          id,
          kind: 'compose',
          name,
          root: idFile,
          files,
          options: profiled.map((p) => ({
            kind: 'compose-profile' as const,
            name: p.profiles.join(', '),
            provides: [`compose service ${p.name}`],
            source: p.source,
          })),
          source: { file: idFile, line: 1 },
        });
      }
      out.fragments.push(fragment);
    };
    const rest = paths.filter((p) => p !== base && p !== override && !included.has(p)).sort();
    if (base) project(`compose:${base}`, base, override ? [base, override] : [base], base);
    else if (override) rest.push(override);
    for (const p of rest) {
      if (base && isFragmentOf(parsed.get(p)!, parsed.get(base)!))
        project(`compose:${base}+${posix.basename(p)}`, `${base} + ${posix.basename(p)}`, [base, p], p);
      else project(`compose:${p}`, p, [p], p);
    }
  }
  return out;
}

function servicesOf(p: Parsed | undefined): Obj {
  const data = p?.document?.data;
  return isObj(data) && isObj(data.services) ? data.services : {};
}

/** An override fragment: some service it names has neither `image` nor `build` but exists in the base. */
function isFragmentOf(file: Parsed, base: Parsed): boolean {
  const own = servicesOf(file);
  const inBase = servicesOf(base);
  return Object.entries(own).some(
    ([name, svc]) => isObj(svc) && !('image' in svc) && !('build' in svc) && name in inBase,
  );
}

function includesOf(p: Parsed, dir: string): string[] {
  const data = p.document?.data;
  if (!isObj(data) || !Array.isArray(data.include)) return [];
  const out: string[] = [];
  for (const item of data.include) {
    const paths = typeof item === 'string' ? [item] : isObj(item) ? [item.path].flat() : [];
    for (const path of paths)
      if (typeof path === 'string' && !/^[a-z]+:\/\//.test(path))
        out.push(posix.normalize(posix.join(dir, path)));
  }
  return out;
}

/** Sequences the overlay replaces instead of extending. */
const REPLACED = new Set(['command', 'entrypoint', 'test', 'profiles']);

interface Origin {
  doc: StructuredDocument;
  path: PathSegment[];
}

/**
 * Merged value of `overlay` over `base`, as compose merges files: mappings merge key by key, most
 * sequences are concatenated (`command`/`entrypoint` are replaced), scalars are replaced. `origins` records
 * where each merged container's children came from, so `locate` answers with the right file and line.
 */
function mergeValue(
  a: unknown,
  b: unknown,
  oa: Origin,
  ob: Origin,
  key: PathSegment | undefined,
  origins: WeakMap<object, Map<PathSegment, Origin>>,
): { value: unknown; origin: Origin } {
  if (isObj(a) && isObj(b)) {
    const value: Obj = {};
    const map = new Map<PathSegment, Origin>();
    for (const k of Object.keys(a)) {
      value[k] = a[k];
      map.set(k, { doc: oa.doc, path: [...oa.path, k] });
    }
    for (const k of Object.keys(b)) {
      const kb: Origin = { doc: ob.doc, path: [...ob.path, k] };
      if (k in a) {
        const merged = mergeValue(a[k], b[k], map.get(k)!, kb, k, origins);
        value[k] = merged.value;
        map.set(k, merged.origin);
      } else {
        value[k] = b[k];
        map.set(k, kb);
      }
    }
    origins.set(value, map);
    return { value, origin: oa };
  }
  if (Array.isArray(a) && Array.isArray(b) && !(typeof key === 'string' && REPLACED.has(key))) {
    const value = [...a];
    const map = new Map<PathSegment, Origin>();
    a.forEach((_, i) => {
      map.set(i, { doc: oa.doc, path: [...oa.path, i] });
    });
    b.forEach((item, i) => {
      if (typeof item !== 'object' && a.includes(item)) return;
      map.set(value.length, { doc: ob.doc, path: [...ob.path, i] });
      value.push(item);
    });
    origins.set(value, map);
    return { value, origin: oa };
  }
  return { value: b, origin: ob };
}

function locator(
  root: Origin,
  data: unknown,
  origins: WeakMap<object, Map<PathSegment, Origin>>,
): StructuredDocument['locate'] {
  return (path) => {
    let cur: unknown = data;
    let origin = root;
    for (const seg of path) {
      const map = cur !== null && typeof cur === 'object' ? origins.get(cur) : undefined;
      origin = map?.get(seg) ?? { doc: origin.doc, path: [...origin.path, seg] };
      cur = cur !== null && typeof cur === 'object' ? (cur as Record<PathSegment, unknown>)[seg] : undefined;
    }
    const at = origin.doc.locate(origin.path);
    return { file: at.file, line: at.line };
  };
}

/** A document that reads as `overlay` merged over `base`, with every location in its own file. */
export function layerDocuments(base: StructuredDocument, overlay: StructuredDocument): StructuredDocument {
  const origins = new WeakMap<object, Map<PathSegment, Origin>>();
  const merged = mergeValue(
    base.data,
    overlay.data,
    { doc: base, path: [] },
    { doc: overlay, path: [] },
    undefined,
    origins,
  );
  return {
    file: base.file,
    data: merged.value,
    startLine: base.startLine,
    locate: locator({ doc: base, path: [] }, merged.value, origins),
  };
}

/** `extends: {service, file?}` (or `extends: name`): the service merged over the one it extends. */
function resolveExtends(
  doc: StructuredDocument,
  parsed: ReadonlyMap<string, Parsed>,
  dir: string,
  diagnostics: Diagnostic[],
): StructuredDocument {
  const data = doc.data;
  if (!isObj(data) || !isObj(data.services)) return doc;
  const services = data.services;
  const extending = Object.keys(services).filter((n) => isObj(services[n]) && services[n].extends);
  if (extending.length === 0) return doc;
  const origins = new WeakMap<object, Map<PathSegment, Origin>>();
  const newServices: Obj = { ...services };
  const serviceOrigins = new Map<PathSegment, Origin>();
  for (const name of extending) {
    const own = services[name] as Obj;
    const ext = own.extends;
    const target = typeof ext === 'string' ? ext : isObj(ext) ? ext.service : undefined;
    const fileRef = isObj(ext) && typeof ext.file === 'string' ? ext.file : undefined;
    const from = fileRef ? parsed.get(posix.normalize(posix.join(dir, fileRef)))?.document : doc;
    const fromServices = from && isObj(from.data) && isObj(from.data.services) ? from.data.services : {};
    if (typeof target !== 'string' || !from || !isObj(fromServices[target])) {
      const at = doc.locate(['services', name, 'extends']);
      diagnostics.push({
        severity: 'warning',
        file: at.file,
        line: at.line,
        message: `compose service \`${name}\` extends \`${String(target)}\`${fileRef ? ` in ${fileRef}` : ''}, which is not there: read without it`,
        origin: 'compose',
      });
      continue;
    }
    const { extends: _drop, ...rest } = own;
    const merged = mergeValue(
      fromServices[target],
      rest,
      { doc: from, path: ['services', target] },
      { doc, path: ['services', name] },
      name,
      origins,
    );
    newServices[name] = merged.value;
    serviceOrigins.set(name, { doc, path: ['services', name] });
  }
  const newData: Obj = { ...data, services: newServices };
  const rootOrigins = new Map<PathSegment, Origin>([['services', { doc, path: ['services'] }]]);
  origins.set(newData, rootOrigins);
  // children of the rebuilt services map: extended ones are merged, the rest read through the old locate
  for (const name of Object.keys(newServices))
    if (!serviceOrigins.has(name)) serviceOrigins.set(name, { doc, path: ['services', name] });
  origins.set(newServices, serviceOrigins);
  return { ...doc, data: newData, locate: locator({ doc, path: [] }, newData, origins) };
}

function profiledServices(doc: StructuredDocument): { name: string; profiles: string[]; source: Source }[] {
  const data = doc.data;
  if (!isObj(data) || !isObj(data.services)) return [];
  const out: { name: string; profiles: string[]; source: Source }[] = [];
  for (const [name, svc] of Object.entries(data.services)) {
    if (!isObj(svc) || !Array.isArray(svc.profiles) || svc.profiles.length === 0) continue;
    const at = doc.locate(['services', name, 'profiles']);
    out.push({ name, profiles: svc.profiles.map(String), source: { file: at.file, line: at.line } });
  }
  return out;
}

/** `.env` lines: `KEY=value`, `export KEY=value`, quotes stripped, `#` comments. */
export function parseEnvFile(text: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2]!;
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    env.set(m[1]!, value);
  }
  return env;
}

const VARIABLE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Compose interpolation over every string of the document. Unknown variables without a default stay literal. */
export function interpolate(value: unknown, env: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') {
    if (!value.includes('$')) return value;
    return value.replace(VARIABLE, (whole, braced?: string, op?: string, arg?: string, bare?: string) => {
      if (whole === '$$') return whole;
      const name = braced ?? bare!;
      const set = env.get(name);
      if (!op) return set ?? whole;
      const empty = op.startsWith(':');
      const present = set !== undefined && (!empty || set !== '');
      if (op.endsWith('-')) return present ? set! : (arg ?? '');
      if (op.endsWith('+')) return present ? (arg ?? '') : '';
      return present ? set! : whole; // `?`: required, keep it visible when missing
    });
  }
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const r = interpolate(v, env);
      if (r !== v) changed = true;
      return r;
    });
    return changed ? out : value;
  }
  if (isObj(value)) {
    let changed = false;
    const out: Obj = {};
    for (const [k, v] of Object.entries(value)) {
      const r = interpolate(v, env);
      if (r !== v) changed = true;
      out[k] = r;
    }
    return changed ? out : value;
  }
  return value;
}
