/**
 * plumbline.yaml `repositories:`: the roots one system is read from (docs/configuration.md). Each entry is a
 * local path, `path@ref` (a git ref of a local clone, read from its object store, never fetched), or
 * `{ path, ref, name }`; paths are relative to the config file's directory. Read only by the command line,
 * which runs on the user's own disk: a server or MCP client reviewing an untrusted tree never follows it.
 */
import path from 'node:path';
import { parse as parseYamlText } from 'yaml';
import * as z from 'zod';
import { parseRootSpec, type RootSpec } from '../discover/roots.js';
import { refProblem } from '../safety/git.js';
import { readRegularText } from '../safety/paths.js';
import { CONFIG_FILE_NAMES } from './config-load.js';

const entry = z.union([
  z.string().min(1),
  z.strictObject({
    path: z.string().min(1),
    ref: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
  }),
]);

export interface RepositoriesList {
  /** The config file read. */
  file: string;
  /** `system:` of the same file, when set. */
  system?: string;
  roots: RootSpec[];
}

/**
 * The `repositories:` list of `configFile`, else of plumbline.yaml / plumbline.yml in `dir`; undefined when
 * there is no such file or it has no list. Throws with the file and key on a malformed list.
 */
export async function readRepositoriesList(
  dir: string,
  configFile?: string,
): Promise<RepositoriesList | undefined> {
  const candidates = configFile ? [configFile] : CONFIG_FILE_NAMES.map((n) => path.join(dir, n));
  for (const file of candidates) {
    let text: string;
    try {
      text = await readRegularText(file, configFile ? {} : { root: dir });
    } catch {
      continue;
    }
    let data: Record<string, unknown> | null | undefined;
    try {
      data = parseYamlText(text) as Record<string, unknown> | null | undefined;
    } catch {
      return undefined; // the review config reports the YAML error with its line
    }
    if (!data || typeof data !== 'object' || !('repositories' in data)) return undefined;
    const parsed = z.array(entry).min(1).safeParse(data.repositories);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `${file}: repositories${issue?.path.length ? `[${issue.path.join('].')}` : ''}: ${issue?.message ?? 'invalid'} (a list of paths, path@ref, or { path, ref, name })`,
      );
    }
    const base = path.dirname(path.resolve(file));
    const roots = parsed.data.map((e): RootSpec => {
      const spec: RootSpec =
        typeof e === 'string'
          ? parseRootSpec(path.resolve(base, e))
          : {
              dir: path.resolve(base, e.path),
              ...(e.ref ? { ref: e.ref } : {}),
              ...(e.name ? { name: e.name } : {}),
            };
      const problem = spec.ref !== undefined ? refProblem(spec.ref) : undefined;
      if (problem) throw new Error(`${file}: repositories: git ref ${JSON.stringify(spec.ref)} ${problem}`);
      return spec;
    });
    const system = typeof data.system === 'string' && data.system ? data.system : undefined;
    return { file, roots, ...(system ? { system } : {}) };
  }
  return undefined;
}
