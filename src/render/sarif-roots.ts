/**
 * SARIF for a review of several repositories: one `originalUriBaseIds` entry per root, and every artifact
 * location relative to its own root (`uriBaseId: "<name>"`, `uri: "<path>"`) instead of `<name>:<path>`, which
 * a URI reader would take for a scheme.
 */
import type { Repository } from '../model/schema.js';

type Json = Record<string, unknown>;

export function baseIdsPerRoot(run: Json, repositories: Repository[] | undefined, rootBase: string): void {
  if (!repositories?.length) return;
  const names = repositories.map((r) => r.name).sort((a, b) => b.length - a.length);
  const encoded = names.map((n) => ({
    name: n,
    prefix: `${n.split('/').map(encodeURIComponent).join('/')}%3A`,
  }));
  const bases: Json = { ...(run.originalUriBaseIds as Json) };
  delete bases[rootBase];
  for (const r of repositories)
    bases[r.name] = {
      description: { text: `Repository ${r.name} (${r.root}${r.ref ? ` at ${r.ref}` : ''}).` },
    };
  run.originalUriBaseIds = bases;
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) visit(x);
    else if (v && typeof v === 'object') {
      const o = v as Json;
      if (typeof o.uri === 'string' && o.uriBaseId === rootBase) {
        const hit = encoded.find((e) => (o.uri as string).startsWith(e.prefix));
        if (hit) {
          o.uri = (o.uri as string).slice(hit.prefix.length);
          o.uriBaseId = hit.name;
        }
      }
      for (const x of Object.values(o)) visit(x);
    }
  };
  visit(run.results);
  visit(run.invocations);
}
