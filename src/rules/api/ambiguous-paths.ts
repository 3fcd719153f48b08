import { HTTP_METHODS } from '../../discover/openapi/adapter.js';
import { defineMessages } from '../messages.js';
import type { FindingDraft, Rule } from '../types.js';
import { draftAt, isObj, type OasDoc, openapiDocs } from './lib/openapi-shared.js';

const { messages, say } = defineMessages({
  sameRoute: 'Paths {{first}} and {{route}} ({{file}}) are the same route',
  ambiguous:
    'Paths {{first}} and {{route}} ({{file}}) both match the same URLs for the same method; neither is more specific',
});

const isTemplate = (segment: string) => segment.includes('{');

export const ambiguousPaths: Rule = {
  id: 'api/ambiguous-paths',
  area: 'api',
  severity: 'medium',
  title: 'No two paths match the same URL',
  messages,
  rationale:
    '`/orders/{id}` and `/orders/{orderId}` are the same route written twice; `/{tenant}/orders` and `/users/{id}` both match ' +
    '`/users/orders` with neither more specific. Routers resolve such clashes by declaration order, so the contract ' +
    'no longer says which operation a request reaches.',
  references: [
    'OpenAPI 3.1 Paths Object: templated paths with the same hierarchy are identical and invalid (https://spec.openapis.org/oas/v3.1.0#paths-object)',
    'Spectral oas: path-params (equivalent paths)',
    'Redocly: no-identical-paths, no-ambiguous-paths',
  ],
  sources: ['spectral:path-params', 'redocly:no-ambiguous-paths', 'redocly:no-identical-paths'],
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
      findings: [
        {
          at: 'openapi.yaml:8:3',
          messageId: 'sameRoute',
          message: 'Paths /orders/{id} and /orders/{orderId} (openapi.yaml) are the same route',
        },
      ],
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
            draftAt(doc, ['paths', route], say.sameRoute({ first, route, file: doc.file }), {
              element: `${doc.file}#identical:${key}`,
            }),
          );
        } else normalized.set(key, route);
      }
      // ambiguity needs the same depth: compare only within groups of equal segment count
      const numeric = numericTemplates(doc);
      const byDepth = new Map<number, Route[]>();
      for (const route of normalized.values()) {
        const segments = route.split('/');
        const templated = segments.map(isTemplate);
        if (!templated.includes(true)) continue;
        const group = byDepth.get(segments.length) ?? [];
        group.push({ route, segments, templated, methods: methodMask(doc, route) });
        byDepth.set(segments.length, group);
      }
      for (const group of byDepth.values()) {
        for (let i = 0; i < group.length; i++) {
          for (let j = i + 1; j < group.length; j++) {
            const a = group[i]!;
            const b = group[j]!;
            // routes only compete for a request they can both serve: a method they both declare
            const unread = a.methods === -1 || b.methods === -1;
            if ((!unread && (a.methods & b.methods) === 0) || !ambiguous(a, b, numeric)) continue;
            findings.push(
              draftAt(
                doc,
                ['paths', b.route],
                say.ambiguous({ first: a.route, route: b.route, file: doc.file }),
                {
                  severity: 'low',
                  element: `${doc.file}#ambiguous:${a.route}|${b.route}`,
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

interface Route {
  route: string;
  segments: string[];
  /** Per segment: is it a `{template}`. */
  templated: boolean[];
  /** One bit per HTTP method the path item declares; -1 when it cannot be read (assume it competes). */
  methods: number;
}

function methodMask(doc: OasDoc, route: string): number {
  const item = doc.facts.pointers.deref((doc.data.paths as Record<string, unknown>)[route]);
  if (!isObj(item)) return -1;
  let mask = 0;
  for (let m = 0; m < HTTP_METHODS.length; m++) if (item[HTTP_METHODS[m]!] !== undefined) mask |= 1 << m;
  return mask;
}

/**
 * Every position compatible, and each path is more specific than the other somewhere. A template whose
 * parameter is an integer cannot match a non-numeric literal (`/issues/{issue_number}/x` vs `/issues/comments/x`).
 */
function ambiguous(a: Route, b: Route, numeric: Map<string, Set<string>>): boolean {
  let aSpecific = false;
  let bSpecific = false;
  for (let k = 0; k < a.segments.length; k++) {
    const x = a.segments[k]!;
    const y = b.segments[k]!;
    const tx = a.templated[k]!;
    const ty = b.templated[k]!;
    if (!tx && !ty) {
      if (x !== y) return false;
    } else if (!tx && ty) {
      if (!matches(x, y, numeric.get(b.route))) return false;
      aSpecific = true;
    } else if (tx && !ty) {
      if (!matches(y, x, numeric.get(a.route))) return false;
      bSpecific = true;
    }
  }
  return aSpecific && bSpecific;
}

function matches(literal: string, template: string, numeric: Set<string> | undefined): boolean {
  const name = template.replace(/[{}]/g, '');
  return !(numeric?.has(name) && !/^\d+$/.test(literal));
}

/** Per path: the template names whose path parameter is declared as integer or number. */
function numericTemplates(doc: OasDoc): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const op of doc.operations) {
    for (const p of op.parameters) {
      if (p.value.in !== 'path') continue;
      const schema = doc.facts.pointers.deref(p.value.schema ?? p.value);
      if (!isObj(schema) || (schema.type !== 'integer' && schema.type !== 'number')) continue;
      const set = out.get(op.route) ?? new Set<string>();
      set.add(String(p.value.name));
      out.set(op.route, set);
    }
  }
  return out;
}
