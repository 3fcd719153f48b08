/**
 * Readers for docker-compose service fields that have several spellings: ports (short and long syntax),
 * environment (list and map), depends_on (list and map), volumes (short and long), user, command strings.
 */
import type { EnvVar, Port, Source } from '../../model/schema.js';
import type { PathSegment } from '../parse/structured.js';
import { bool, int, isObj, list, type Obj, str } from '../parse/values.js';

export type Locate = (...path: PathSegment[]) => Source;

/**
 * Short syntax: `"3000"`, `"8080:80"`, `"127.0.0.1:8080:80"`, `"[::1]:80:80"`, `"8000-8010:8000-8010/udp"`.
 * A range keeps its first port. Long syntax: `{target, published, host_ip, protocol}`.
 */
export function readPort(value: unknown, source: Source): Port | undefined {
  if (isObj(value)) {
    const containerPort = int(value.target);
    if (containerPort === undefined) return undefined;
    const hostPort = firstPort(str(value.published));
    const hostIp = str(value.host_ip);
    const protocol = str(value.protocol);
    const name = str(value.name);
    return {
      containerPort,
      ...(hostPort !== undefined ? { hostPort } : {}),
      ...(hostIp ? { hostIp } : {}),
      ...(name ? { name } : {}),
      ...(protocol ? { protocol } : {}),
      source,
    };
  }
  const text = str(value);
  if (text === undefined) return undefined;
  let rest = text.trim();
  let protocol: string | undefined;
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1);
    rest = rest.slice(0, slash);
  }
  let hostIp: string | undefined;
  const bracket = /^\[([^\]]+)\]:(.*)$/.exec(rest);
  if (bracket) {
    hostIp = bracket[1];
    rest = bracket[2] ?? '';
  }
  const parts = rest.split(':');
  if (!hostIp && parts.length === 3) hostIp = parts.shift();
  const containerPort = firstPort(parts[parts.length - 1]);
  if (containerPort === undefined) return undefined;
  const hostPort = parts.length === 2 ? firstPort(parts[0]) : undefined;
  return {
    containerPort,
    ...(hostPort !== undefined ? { hostPort } : {}),
    ...(hostIp ? { hostIp } : {}),
    ...(protocol ? { protocol } : {}),
    source,
  };
}

function firstPort(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const m = /^(\d{1,5})(?:-\d{1,5})?$/.exec(text.trim());
  return m ? Number(m[1]) : undefined;
}

/** `environment:` as a list (`KEY=value`, bare `KEY`) or a map (`KEY: value`, `KEY:` with no value). */
export function readEnvironment(value: unknown, locate: Locate): EnvVar[] {
  const out: EnvVar[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const text = str(item);
      if (!text) return;
      const eq = text.indexOf('=');
      const name = (eq < 0 ? text : text.slice(0, eq)).trim();
      if (!name) return;
      out.push({ name, ...(eq < 0 ? {} : { value: text.slice(eq + 1) }), source: locate(i) });
    });
  } else if (isObj(value)) {
    for (const name of Object.keys(value)) {
      const v = value[name] === null ? undefined : str(value[name]);
      out.push({ name, ...(v !== undefined ? { value: v } : {}), source: locate(name) });
    }
  }
  return out;
}

export interface DependsOnEntry {
  name: string;
  condition?: string;
  source: Source;
}

/** `depends_on: [db]` or `depends_on: {db: {condition: service_healthy}}`. */
export function readDependsOn(value: unknown, locate: Locate): DependsOnEntry[] {
  if (Array.isArray(value))
    return value.map((v, i) => ({ name: str(v) ?? '', source: locate(i) })).filter((d) => d.name !== '');
  if (!isObj(value)) return [];
  return Object.keys(value).map((name) => {
    const condition = str((value[name] as Obj | null)?.condition);
    return { name, ...(condition ? { condition } : {}), source: locate(name) };
  });
}

/** `links: ["db", "db:database"]` → the service and its alias. */
export function readLinks(value: unknown, locate: Locate): (DependsOnEntry & { alias?: string })[] {
  return list(value).flatMap((v, i) => {
    const text = str(v);
    if (!text) return [];
    const [name, alias] = text.split(':');
    return [{ name: name!.trim(), ...(alias ? { alias: alias.trim() } : {}), source: locate(i) }];
  });
}

export interface VolumeUse {
  /** Named volume, host path, or '' for an anonymous volume. */
  source: string;
  target: string;
  type: 'volume' | 'bind' | 'tmpfs';
  readOnly?: boolean;
}

/** Short `src:dst[:ro]` / `dst` and long `{type, source, target, read_only}` syntax. */
export function readVolume(value: unknown): VolumeUse | undefined {
  if (isObj(value)) {
    const target = str(value.target);
    if (!target) return undefined;
    const type = str(value.type);
    const source = str(value.source) ?? '';
    const readOnly = bool(value.read_only);
    return {
      source,
      target,
      type: type === 'bind' || type === 'tmpfs' ? type : isHostPath(source) ? 'bind' : 'volume',
      ...(readOnly !== undefined ? { readOnly } : {}),
    };
  }
  const text = str(value);
  if (!text) return undefined;
  const parts = text.split(':');
  if (parts.length === 1) return { source: '', target: parts[0]!, type: 'volume' };
  const [source, target, mode] = parts as [string, string, string | undefined];
  const readOnly = mode ? mode.split(',').includes('ro') : undefined;
  return {
    source,
    target,
    type: isHostPath(source) ? 'bind' : 'volume',
    ...(readOnly !== undefined ? { readOnly } : {}),
  };
}

function isHostPath(source: string): boolean {
  return /^[./~]|^\$\{?\w+\}?\/|^[A-Za-z]:[\\/]/.test(source);
}

/** Compose `user:` → runAsUser (numeric uid) and whether it is root. */
export function readUser(value: unknown): { runAsUser?: number; runAsNonRoot?: boolean } {
  const text = str(value)?.trim();
  if (!text) return {};
  const name = text.split(':')[0] ?? '';
  const uid = /^\d+$/.test(name) ? Number(name) : undefined;
  const root = name === 'root' || uid === 0;
  return { ...(uid !== undefined ? { runAsUser: uid } : {}), runAsNonRoot: !root };
}

/** `command: "npm start --port 80"` → words, honouring simple quotes; lists pass through. */
export function readWords(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map((v) => str(v) ?? '');
  const text = str(value);
  if (text === undefined) return undefined;
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) words.push(m[1] ?? m[2] ?? m[3] ?? '');
  return words;
}

/** Compose `deploy.resources.limits.cpus` is a number of CPUs ("0.5"); memory as written ("512M"). */
export function readComposeResources(value: unknown): { cpu?: string; memory?: string } | undefined {
  if (!isObj(value)) return undefined;
  const cpu = str(value.cpus);
  const memory = str(value.memory);
  if (cpu === undefined && memory === undefined) return undefined;
  return { ...(cpu !== undefined ? { cpu } : {}), ...(memory !== undefined ? { memory } : {}) };
}

/** Apply YAML merge keys (`<<: *defaults`), which the YAML 1.2 parser leaves as a plain `<<` key. */
export function applyMergeKeys(value: Obj): Obj {
  if (!('<<' in value)) return value;
  const bases = Array.isArray(value['<<']) ? value['<<'] : [value['<<']];
  const merged: Obj = {};
  for (const base of [...bases].reverse()) if (isObj(base)) Object.assign(merged, applyMergeKeys(base));
  for (const [k, v] of Object.entries(value)) if (k !== '<<') merged[k] = v;
  return merged;
}
