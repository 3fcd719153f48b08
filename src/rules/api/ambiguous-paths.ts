import type { FindingDraft, Rule } from '../types.js';
import { draftAt, isObj, openapiDocs } from './openapi-shared.js';

const isTemplate = (segment: string) => segment.includes('{');

export const ambiguousPaths: Rule = {
  id: 'api/ambiguous-paths',
  area: 'api',
  severity: 'medium',
  title: 'No two paths match the same URL',
  rationale:
    '`/orders/{id}` and `/orders/{orderId}` are the same route written twice; `/{tenant}/orders` and `/users/{id}` both match ' +
    '`/users/orders` with neither more specific. Routers resolve such clashes by declaration order, so the contract ' +
    'no longer says which operation a request reaches.',
  references: [
    'OpenAPI 3.1 Paths Object: templated paths with the same hierarchy are identical and invalid (https://spec.openapis.org/oas/v3.1.0#paths-object)',
    'Spectral oas: path-params (equivalent paths)',
    'Redocly: no-identical-paths, no-ambiguous-paths',
  ],
  recommendation: 'Merge identical paths, and give ambiguous ones a literal segment that tells them apart.',
  fix: {
    description: 'Use one template name per position and distinguish routes by literal segments.',
    language: 'yaml',
    snippet: 'paths:\n  /orders/{orderId}: ...\n  /orders/{orderId}/items: ...',
  },
  examples: {
    fail: {
      description: 'The same route with two template names',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders/{id}:\n    get:\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses: {'200': {description: ok}}\n  /orders/{orderId}:\n    delete:\n      parameters: [{name: orderId, in: path, required: true, schema: {type: string}}]\n      responses: {'204': {description: gone}}\n",
      },
    },
    pass: {
      description: 'A literal segment beside a template is more specific, not ambiguous',
      files: {
        'openapi.yaml':
          "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders/{id}:\n    get:\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses: {'200': {description: ok}}\n  /orders/recent:\n    get:\n      responses: {'200': {description: ok}}\n",
      },
    },
  },
  check(_model, ctx) {
    const findings: FindingDraft[] = [];
    let checked = 0;
    for (const doc of openapiDocs(ctx)) {
      if (!isObj(doc.data.paths)) continue;
      const routes = Object.keys(doc.data.paths);
      checked += routes.length;
      const normalized = new Map<string, string>();
      for (const route of routes) {
        const key = route.replace(/\{[^}]*\}/g, '{}');
        const first = normalized.get(key);
        if (first !== undefined) {
          findings.push(
            draftAt(doc, ['paths', route], `Paths ${first} and ${route} (${doc.file}) are the same route`, {
              element: `${doc.file}#identical:${key}`,
            }),
          );
        } else normalized.set(key, route);
      }
      // ambiguity needs the same depth: compare only within groups of equal segment count
      const byDepth = new Map<number, string[][]>();
      for (const route of normalized.values()) {
        const segments = route.split('/');
        if (!segments.some(isTemplate)) continue;
        const group = byDepth.get(segments.length) ?? [];
        group.push(segments);
        byDepth.set(segments.length, group);
      }
      for (const group of byDepth.values()) {
        for (let i = 0; i < group.length; i++) {
          for (let j = i + 1; j < group.length; j++) {
            if (!ambiguous(group[i]!, group[j]!)) continue;
            const a = group[i]!.join('/');
            const b = group[j]!.join('/');
            findings.push(
              draftAt(
                doc,
                ['paths', b],
                `Paths ${a} and ${b} (${doc.file}) both match the same URLs; neither is more specific`,
                {
                  severity: 'low',
                  element: `${doc.file}#ambiguous:${a}|${b}`,
                },
              ),
            );
          }
        }
      }
    }
    return {
      findings,
      strength: checked && !findings.length ? `All ${checked} paths route unambiguously` : undefined,
    };
  },
};

/** Every position compatible, and each path is more specific than the other somewhere. */
function ambiguous(a: string[], b: string[]): boolean {
  let aSpecific = false;
  let bSpecific = false;
  for (let k = 0; k < a.length; k++) {
    const x = a[k]!;
    const y = b[k]!;
    const tx = isTemplate(x);
    const ty = isTemplate(y);
    if (!tx && !ty) {
      if (x !== y) return false;
    } else if (!tx && ty) aSpecific = true;
    else if (tx && !ty) bSpecific = true;
  }
  return aSpecific && bSpecific;
}
